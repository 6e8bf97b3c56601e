import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

/// Risk screening's answers on the command line: `--answers FILE` (YAML or JSON, question id →
/// answer) and repeated `--answer id=value`; on a terminal with neither, the questions are
/// asked one by one.
struct ScreeningAnswerOptions: ParsableArguments {
    @Option(name: .customLong("answers"), help: ArgumentHelp(
        "Screening answers: a YAML or JSON file mapping question id to yes/no, a choice id, or a list of choice ids.",
        valueName: "file"))
    var answersFile: String?

    @Option(name: .customLong("answer"), help: ArgumentHelp(
        "One screening answer (repeat): yes/no, a choice id, or choice ids joined by commas.", valueName: "id=value"))
    var answer: [String] = []

    static let fileLimit = 1 << 20

    var given: Bool { answersFile != nil || !answer.isEmpty }

    /// The answers given (checked: every question, known ids, values among the choices), or
    /// asked when stdin is a terminal and none were given; nil when none (nothing asked).
    func collect(_ screening: Screening, ask: Bool) throws -> ScreeningAnswers? {
        var input: [String: ScreeningInput] = [:]
        if let path = answersFile {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIFailure.usage("--answers: cannot read \(TerminalSafe.escape(path))")
            }
            guard data.count <= Self.fileLimit, let text = String(data: data, encoding: .utf8) else {
                throw CLIFailure.usage("--answers: \(TerminalSafe.escape(path)) is not UTF-8 text of at most 1 MiB")
            }
            switch ScreeningAnswersFile.parse(text: text, display: path, screening: screening) {
            case .success(let a): input = a
            case .failure(let invalid):
                throw CLIFailure(exitCode: 1, code: Refusal.Code.invalidInput.rawValue,
                                 message: "the screening answers in \(path) are not valid; nothing was written",
                                 diagnostics: invalid.diagnostics)
            }
        }
        for a in answer {
            guard let eq = a.firstIndex(of: "="), eq != a.startIndex else {
                throw CLIFailure.usage("--answer: expected id=value, found \"\(TerminalSafe.escape(a))\"")
            }
            let id = String(a[..<eq])
            guard input[id] == nil else {
                throw CLIFailure.usage("--answer: question \(TerminalSafe.escape(id)) is answered twice")
            }
            input[id] = .text(String(a[a.index(after: eq)...]))
        }
        if input.isEmpty {
            guard ask, !screening.isEmpty, isatty(STDIN_FILENO) == 1 else { return nil }
            input = try ScreeningPrompt.ask(screening)
        }
        return try screening.validate(input)
    }
}

/// The questions asked on a terminal (prompts on stderr, so stdout stays the command's result).
enum ScreeningPrompt {
    static func ask(_ screening: Screening) throws -> [String: ScreeningInput] {
        var out: [String: ScreeningInput] = [:]
        Stderr.write("Risk screening (\(screening.questions.count) questions)")
        for q in screening.questions {
            while true {
                var lines = ["", TerminalSafe.escape(q.text)]
                switch q.kind {
                case .yesno: lines.append("  answer yes or no (y or n)")
                case .choice, .multi:
                    for (i, c) in q.choices.enumerated() { lines.append("  \(i + 1)) \(TerminalSafe.escape(c.text)) [\(c.id)]") }
                    lines.append(q.kind == .multi ? "  numbers or ids, separated by commas (empty for none)" : "  a number or an id")
                }
                Stderr.write(lines.joined(separator: "\n"))
                FileHandle.standardError.write(Data("> ".utf8))
                guard let line = readLine() else {
                    throw CLIFailure.usage("screening: input ended before every question was answered; nothing was written")
                }
                let items = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    .map { item in Int(item).flatMap { n in n >= 1 && n <= q.choices.count ? q.choices[n - 1].id : nil } ?? item }
                var value: ScreeningInput = q.kind == .multi ? .list(items) : .text(items.first ?? "")
                if q.kind == .yesno, case .text(let t) = value, ["y", "n"].contains(t.lowercased()) {
                    value = .text(t.lowercased() == "y" ? "yes" : "no")
                }
                do throws(Refusal) {
                    _ = try screening.answer(q.id, value)
                    out[q.id] = value
                    break
                } catch {
                    Stderr.write("  " + error.message)
                }
            }
        }
        return out
    }
}

struct ScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Answer the risk screening again for a use case; shows the proposed tier and its reasons.",
        discussion: "A proposal above the current tier blocks the use case's gate (and shows in triage as tier_below_screening) until the tier is raised or a risk reviewer accepts it with `gateboard tier-override`.")
    @OptionGroup var target: ActionTarget
    @OptionGroup var screening: ScreeningAnswerOptions

    func run() throws {
        try Guarded.run(json: target.options.json) {
            let open = try OpenPolicy(target.options.boardOption)
            guard !open.policy.screening.isEmpty else {
                throw CLIFailure.refused(Refusal(.invalidInput, "the policy declares no screening questions (screening: in gateboard.yaml)"))
            }
            guard let answers = try screening.collect(open.policy.screening, ask: true) else {
                throw CLIFailure.usage("give the answers with --answers FILE or --answer id=value (or run on a terminal to be asked)")
            }
            try target.perform(.screen(answers: answers))
        }
    }
}

struct TierOverrideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tier-override",
        abstract: "Accept a use case's tier below its screening's proposal (a risk reviewer, with a reason).")
    @OptionGroup var target: ActionTarget
    @Option(help: "Why the lower tier is right.") var reason: String

    func validate() throws { _ = try ArgumentValues.nonEmpty(reason, "--reason") }
    func run() throws { try target.perform(.tierOverride(reason: reason)) }
}
