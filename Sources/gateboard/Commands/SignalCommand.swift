import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

/// `gateboard signal UC-0001 precision 0.81 [--at T] [--source S]` and `signal --file samples.jsonl`.
struct SignalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signal",
        abstract: "Send monitoring samples; only a change of a monitor's level is recorded (ok, warn, breach, silent).",
        discussion: """
            A samples file holds one JSON object a line: {"useCase": "UC-0001", "monitor": "precision", "value": 0.81, "at": "2026-11-26T08:00:00Z", "source": "nightly-eval"} (source optional). \
            Samples are taken in the order of their times; one use case's samples are taken all or none. \
            Senders: the use case's operations owner or technical owner, or a person with `function: service`.
            """)
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String?
    @Argument(help: ArgumentHelp("The monitor's name.", valueName: "monitor")) var monitor: String?
    @Argument(help: ArgumentHelp("The value (a finite number).", valueName: "value")) var value: String?
    @Option(help: ArgumentHelp("When the value was measured (default: now).", valueName: "time")) var at: String?
    @Option(help: ArgumentHelp("Where it came from (a job, a dashboard).", valueName: "text")) var source: String?
    @Option(help: ArgumentHelp("Read samples from this JSON Lines file instead.", valueName: "path")) var file: String?

    func validate() throws {
        if file != nil {
            if id != nil || monitor != nil || value != nil || at != nil || source != nil {
                throw ValidationError("--file takes no use case, monitor, value, --at or --source: each line gives its own")
            }
            return
        }
        guard id != nil, monitor != nil, let value else {
            throw ValidationError("give a use case, a monitor and a value (gateboard signal UC-0001 precision 0.81), or --file samples.jsonl")
        }
        _ = try Self.number(value)
        if let at { _ = try Self.time(at) }
        if let source, source.unicodeScalars.count > FieldLimits.reference {
            throw ValidationError("--source is longer than \(FieldLimits.reference) characters")
        }
    }

    static func number(_ text: String) throws -> Double {
        guard let v = Double(text.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("'\(TerminalSafe.escape(text))' is not a number")
        }
        guard v.isFinite else { throw ValidationError("'\(TerminalSafe.escape(text))' is not a finite number") }
        return v
    }

    static func time(_ text: String) throws -> Date {
        guard let d = Timestamp.parse(text) else {
            throw ValidationError("--at '\(TerminalSafe.escape(text))' is not a time like 2026-11-26T09:00:00Z")
        }
        return d
    }

    func run() throws {
        var refused = false
        try Guarded.run(json: options.json) {
            let open = try OpenPolicy(options.boardOption)
            guard let actor = try open.invocation.actor(explicit: options.actor, policy: open.policy) else {
                throw CLIFailure.refused(open.invocation.readOnlyRefusal())
            }
            let outcomes: [SignalOutcome]
            let display: String
            if let file {
                display = file
                do {
                    let scan = try SampleFile.scan(path: file, display: file)
                    outcomes = try open.store.recordSignals(from: scan, actor: actor, osUser: open.invocation.osUser, now: open.now)
                } catch let p as SampleFile.Problems {
                    throw CLIFailure(exitCode: 2, code: "invalid_input", message: p.description + "\nnothing was taken")
                }
            } else {
                display = "command line"
                let sample = Sample(useCase: id!.uppercased(), monitor: monitor!, value: try Self.number(value!),
                                    at: try at.map(Self.time) ?? open.now, source: source, line: 0)
                outcomes = try open.store.recordSignals([sample], actor: actor, osUser: open.invocation.osUser, now: open.now)
            }
            refused = outcomes.contains { $0.problem != nil }
            if options.json {
                JSONOutput.print(SignalResultJSON(ok: !refused, useCases: outcomes.map(SignalResultJSON.UseCaseJSON.init)))
            } else {
                let w = BoardWords(policy: open.policy)
                for o in outcomes {
                    if let p = o.problem {
                        let place = p.line > 0 ? "\(display):\(p.line): " : ""
                        Stderr.write("\(w.e(o.useCase)): refused, nothing taken — \(place)\(w.e(p.message))")
                        continue
                    }
                    var line = "\(w.e(o.useCase)): \(BoardWords.plural(o.samples, "sample")) taken"
                    line += o.events.isEmpty ? ", no change of level" : ": " + o.events.map { w.e(MonitorWords.phrase($0)) }.joined(separator: "; ")
                    print(line)
                    for n in o.notes { print("  " + w.e(n)) }
                }
            }
        }
        if refused { throw ExitCodeError(1) }
    }
}

/// `signal --json`: `{ok, useCases: [{id, samples, transitions: [{seq, monitor, level, value?,
/// sampleAt, trigger?, incident?}], notes, error?: {line, code, message}}]}`; `ok` is false
/// (and the exit 1) when any use case's samples were refused.
struct SignalResultJSON: Encodable {
    struct Transition: Encodable {
        var seq: Int
        var monitor: String
        var level: String
        var value: Double?
        var sampleAt: String
        var trigger: String?
        var incident: String?
    }
    struct Problem: Encodable {
        var line: Int
        var code: String
        var message: String
    }
    struct UseCaseJSON: Encodable {
        var id: String
        var samples: Int
        var transitions: [Transition]
        var notes: [String]
        var error: Problem?

        init(_ o: SignalOutcome) {
            id = o.useCase
            samples = o.samples
            transitions = o.events.map { e in
                Transition(seq: e.seq, monitor: e.details.monitor ?? "", level: e.details.level?.rawValue ?? "", value: e.details.value,
                           sampleAt: e.details.sampleAt.map(Timestamp.format) ?? "", trigger: e.details.trigger?.rawValue,
                           incident: e.details.trigger == .incident ? e.details.incident.map { IncidentRef.text(e.useCase, $0) } : nil)
            }
            notes = o.notes
            error = o.problem.map { Problem(line: $0.line, code: $0.code.rawValue, message: $0.message) }
        }
    }
    var ok: Bool
    var useCases: [UseCaseJSON]
}
