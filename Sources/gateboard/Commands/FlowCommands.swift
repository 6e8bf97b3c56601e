import ArgumentParser
import GateboardCore

struct AdvanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance", abstract: "Move to the next stage when the gate passes; otherwise exit 1 listing every blocker.")
    @OptionGroup var target: ActionTarget
    @Option var comment: String?

    func run() throws { try target.perform(.advance(comment: comment)) }
}

struct ReturnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return", abstract: "Send work back to an earlier stage.")
    @OptionGroup var target: ActionTarget
    @Option(help: ArgumentHelp("The stage to return to.", valueName: "stage")) var to: String
    @Option(help: "Why (required).") var comment: String

    func validate() throws { _ = try ArgumentValues.nonEmpty(comment, "--comment") }
    func run() throws { try target.perform(.returnTo(stage: to, comment: comment)) }
}

struct WaiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waive", abstract: "Waive a control until a date, with a justification (waiver role only).")
    @OptionGroup var target: ActionTarget
    @Argument(help: ArgumentHelp("The control id.", valueName: "control")) var control: String
    @Option(help: "The justification (required).") var reason: String
    @Option(help: ArgumentHelp("The last day the waiver counts (YYYY-MM-DD).", valueName: "date"),
            transform: ArgumentValues.day) var until: Day

    func validate() throws { _ = try ArgumentValues.nonEmpty(reason, "--reason") }
    func run() throws { try target.perform(.waive(control: control, reason: reason, until: until)) }
}

struct HaltCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "halt", abstract: "Stop-ship: halt a use case (its stop-ship authority or the policy's role).")
    @OptionGroup var target: ActionTarget
    @Option(help: "Why (required).") var reason: String

    func validate() throws { _ = try ArgumentValues.nonEmpty(reason, "--reason") }
    func run() throws { try target.perform(.halt(reason: reason)) }
}

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Lift a halt.")
    @OptionGroup var target: ActionTarget
    @Option(help: "Why it is safe again (required).") var reason: String

    func validate() throws { _ = try ArgumentValues.nonEmpty(reason, "--reason") }
    func run() throws { try target.perform(.resume(reason: reason)) }
}

struct ChangeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "change",
        abstract: "Record a live change (model, prompt, policy, data); sends the use case back through review.")
    @OptionGroup var target: ActionTarget
    @Option(help: ArgumentHelp("model, prompt, policy or data.", valueName: "kind"),
            transform: ArgumentValues.changeKind) var kind: ChangeKind
    @Option(help: "What changed (required).") var summary: String

    func validate() throws { _ = try ArgumentValues.nonEmpty(summary, "--summary") }
    func run() throws { try target.perform(.change(kind: kind, summary: summary)) }
}

struct ParkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "park", abstract: "Park a use case with a date to review it.")
    @OptionGroup var target: ActionTarget
    @Option(help: "Why (required).") var reason: String
    @Option(help: ArgumentHelp("When to look at it again (YYYY-MM-DD).", valueName: "date"),
            transform: ArgumentValues.day) var review: Day

    func validate() throws { _ = try ArgumentValues.nonEmpty(reason, "--reason") }
    func run() throws { try target.perform(.park(reason: reason, review: review)) }
}

struct UnparkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpark", abstract: "Take a use case off the shelf.")
    @OptionGroup var target: ActionTarget
    @Option var reason: String?

    func run() throws { try target.perform(.unpark(reason: reason)) }
}

struct RetireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire", abstract: "Retire a use case (terminal).")
    @OptionGroup var target: ActionTarget
    @Option(help: "Why (required).") var reason: String

    func validate() throws { _ = try ArgumentValues.nonEmpty(reason, "--reason") }
    func run() throws { try target.perform(.retire(reason: reason)) }
}

struct CommentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comment", abstract: "Add a comment to a use case's history.")
    @OptionGroup var target: ActionTarget
    @Argument(help: ArgumentHelp("The comment.", valueName: "text")) var text: String

    func validate() throws { _ = try ArgumentValues.nonEmpty(text, "the comment") }
    func run() throws { try target.perform(.comment(text: text)) }
}

struct EscalateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalate", abstract: "Escalate a use case to a person, with a reason.")
    @OptionGroup var target: ActionTarget
    @Option(help: ArgumentHelp("The person to escalate to.", valueName: "person")) var to: String
    @Option(help: "Why (required).") var reason: String

    func validate() throws { _ = try ArgumentValues.nonEmpty(reason, "--reason") }
    func run() throws { try target.perform(.escalate(to: to, reason: reason)) }
}

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Record the periodic production review as done.")
    @OptionGroup var target: ActionTarget
    @Option var comment: String?

    func run() throws { try target.perform(.review(comment: comment)) }
}
