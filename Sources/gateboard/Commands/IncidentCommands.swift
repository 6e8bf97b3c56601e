import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

/// `gateboard incident open|ack|note|assign|resolve|report|review|list`.
struct IncidentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident",
        abstract: "Production incidents: open, acknowledge, note, reassign, resolve, report (Art. 73), review, list.",
        subcommands: [IncidentOpenCommand.self, IncidentAckCommand.self, IncidentNoteCommand.self, IncidentAssignCommand.self,
                      IncidentResolveCommand.self, IncidentReportCommand.self, IncidentReviewCommand.self, IncidentListCommand.self])

    /// `UC-0001#I2` → ("UC-0001", 2), or a usage error.
    static func parse(_ text: String) throws -> (UseCaseID, Int) {
        guard let r = IncidentRef.parse(text) else {
            throw ValidationError("'\(TerminalSafe.escape(text))' is not an incident id: write it as UC-0001#I1 (the use case, #I, the number)")
        }
        return r
    }

    static func perform(_ a: IncidentAction, on id: String, options: ActionOptions) throws {
        try ActionRunner.perform(.incident(a), on: id, options: options)
    }
}

struct IncidentOpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Open an incident on a live use case; prints its id (UC-0001#I1).",
        discussion: "Owned by the use case's operations owner unless --owner says otherwise. The policy's `incidents:` sets the times to acknowledge and resolve per severity and the report deadlines of serious incidents (EU AI Act Art. 73: 15 days; 2 for widespread or critical-infrastructure cases; 10 for a death).")
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String
    @Option(help: ArgumentHelp("1 (most severe) to 4.", valueName: "1|2|3|4")) var severity: Int
    @Option(help: "What happened (required).") var summary: String
    @Flag(help: "A serious incident (Art. 73): it carries a reporting deadline.") var serious = false
    @Option(name: .customLong("serious-kind"), help: ArgumentHelp("What makes it serious (implies --serious).", valueName: "general|widespread|death"))
    var seriousKind: String?
    @Flag(help: "Halt the use case too (the stop-ship authority only).") var halt = false
    @Option(help: ArgumentHelp("Who owns it (default: the operations owner).", valueName: "person")) var owner: String?

    func validate() throws {
        _ = try ArgumentValues.nonEmpty(summary, "--summary")
        guard IncidentRules.severities.contains(severity) else { throw ValidationError("--severity must be 1, 2, 3 or 4 (1 is the most severe), not \(severity)") }
        if let k = seriousKind, SeriousKind(rawValue: k) == nil {
            throw ValidationError("--serious-kind must be general, widespread or death, not '\(TerminalSafe.escape(k))'")
        }
    }

    func run() throws {
        let kind = seriousKind.flatMap(SeriousKind.init(rawValue:)) ?? (serious ? .general : nil)
        try IncidentCommand.perform(.open(severity: severity, summary: summary, serious: kind, halt: halt, owner: owner), on: id, options: options)
    }
}

/// The incident a subcommand acts on (`UC-0001#I1`, checked as it is parsed) with the action
/// options: one place for what every incident verb after `open` shares.
struct IncidentTarget: ParsableArguments {
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The incident id.", valueName: "UC-0001#I1")) var incident: String

    func validate() throws { _ = try IncidentCommand.parse(incident) }

    /// Records the action `make` builds from the incident's number, on its use case.
    func perform(_ make: (Int) -> IncidentAction) throws {
        let (id, n) = try IncidentCommand.parse(incident)
        try IncidentCommand.perform(make(n), on: id, options: options)
    }
}

struct IncidentAckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge an incident (its owner, the operations owner or the stop-ship authority).")
    @OptionGroup var target: IncidentTarget
    @Option(help: "A note.") var note: String?
    func run() throws { try target.perform { .ack(number: $0, note: note) } }
}

struct IncidentNoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a note to an incident's timeline.")
    @OptionGroup var target: IncidentTarget
    @Argument(help: ArgumentHelp("The note.", valueName: "text")) var text: String
    func validate() throws { _ = try ArgumentValues.nonEmpty(text, "the note") }
    func run() throws { try target.perform { .note(number: $0, text: text) } }
}

struct IncidentAssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Give an open incident to another owner.")
    @OptionGroup var target: IncidentTarget
    @Argument(help: ArgumentHelp("The new owner's id.", valueName: "person")) var person: String
    func run() throws { try target.perform { .assign(number: $0, person: person) } }
}

struct IncidentResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Resolve an incident with its root cause and corrective action.",
        discussion: "--change routes the use case as `gateboard change` does (the policy's changeRouting).")
    @OptionGroup var target: IncidentTarget
    @Option(name: .customLong("root-cause"), help: "The root cause (required).") var rootCause: String
    @Option(help: "The corrective action (required).") var action: String
    @Option(help: ArgumentHelp("A live change the corrective action makes.", valueName: "model|prompt|policy|data")) var change: String?
    func validate() throws {
        _ = try ArgumentValues.nonEmpty(rootCause, "--root-cause")
        _ = try ArgumentValues.nonEmpty(action, "--action")
        if let change, ChangeKind(rawValue: change) == nil {
            throw ValidationError("--change must be model, prompt, policy or data, not '\(TerminalSafe.escape(change))'")
        }
    }
    func run() throws {
        try target.perform { .resolve(number: $0, rootCause: rootCause, action: action, change: change.flatMap(ChangeKind.init(rawValue:))) }
    }
}

struct IncidentReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Record that a serious incident was reported to the authority.")
    @OptionGroup var target: IncidentTarget
    @Option(help: "The report's reference (required).") var ref: String
    func validate() throws { _ = try ArgumentValues.nonEmpty(ref, "--ref") }
    func run() throws { try target.perform { .report(number: $0, ref: ref) } }
}

struct IncidentReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Attest the post-incident review of a resolved incident (not by who resolved it).")
    @OptionGroup var target: IncidentTarget
    @Option(help: "What the review found (required).") var note: String
    func validate() throws { _ = try ArgumentValues.nonEmpty(note, "--note") }
    func run() throws { try target.perform { .review(number: $0, note: note) } }
}

struct IncidentListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List incidents across the board, newest first.")
    @OptionGroup var boardOption: BoardOption
    @Flag(help: "Only incidents not resolved yet.") var open = false
    @OptionGroup var output: JSONFlag

    func run() throws {
        try Guarded.run(json: output.json) {
            let invocation = try Invocation.current()
            let board = try invocation.store(boardOption.board).load()
            let now = invocation.now
            var rows: [(UseCase, Incident)] = []
            for uc in board.useCases { for i in uc.incidents where !open || i.isOpen { rows.append((uc, i)) } }
            rows.sort { ($0.1.openedAt, $0.0.id, $0.1.number) > ($1.1.openedAt, $1.0.id, $1.1.number) }
            if output.json {
                JSONOutput.print(rows.map { IncidentJSON($0.1, useCase: $0.0.id, now: now) })
                return
            }
            guard !rows.isEmpty else { print(open ? "no open incidents" : "no incidents"); return }
            let w = BoardWords(policy: board.policy)
            var t = TextTable(["INCIDENT", "SEV", "STATE", "OWNER", "DUE", "SUMMARY"], rightAligned: [1])
            for (uc, i) in rows {
                let f = IncidentJSON(i, useCase: uc.id, now: now)
                var due = "-"
                if i.isOpen { due = (i.isAcked ? "resolve by " : "ack by ") + Timestamp.format(i.isAcked ? i.resolveDue : i.ackDue) }
                if f.overdue { due += " OVERDUE" }
                if let r = i.reportDue, i.reportedAt == nil { due += "; report by " + Timestamp.format(r) }
                t.add([w.e(f.id), String(i.severity), f.state, w.person(i.owner), due, w.e(i.summary)])
            }
            print(t.render())
        }
    }
}

