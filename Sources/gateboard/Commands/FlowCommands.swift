import ArgumentParser
import GateboardCore

struct AdvanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance", abstract: "Move to the next stage when the gate passes; otherwise exit 1 listing every blocker.")
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String
    @Option var comment: String?

    func run() throws { try ActionRunner.perform(.advance(comment: comment), on: id, options: options) }
}

struct ReturnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return", abstract: "Send work back to an earlier stage.")
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String
    @Option(help: ArgumentHelp("The stage to return to.", valueName: "stage")) var to: String
    @Option(help: "Why (required).") var comment: String

    func validate() throws { _ = try ArgumentValues.nonEmpty(comment, "--comment") }
    func run() throws { try ActionRunner.perform(.returnTo(stage: to, comment: comment), on: id, options: options) }
}

struct WaiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waive", abstract: "Waive a control until a date, with a justification (waiver role only).")
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String
    @Argument(help: ArgumentHelp("The control id.", valueName: "control")) var control: String
    @Option(help: "The justification (required).") var reason: String
    @Option(help: ArgumentHelp("The last day the waiver counts (YYYY-MM-DD).", valueName: "date"),
            transform: ArgumentValues.day) var until: Day

    func validate() throws { _ = try ArgumentValues.nonEmpty(reason, "--reason") }
    func run() throws { try ActionRunner.perform(.waive(control: control, reason: reason, until: until), on: id, options: options) }
}

struct HaltCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "halt", abstract: "Stop-ship: halt a use case (its stop-ship authority or the policy's role).")
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String
    @Option(help: "Why (required).") var reason: String

    func validate() throws { _ = try ArgumentValues.nonEmpty(reason, "--reason") }
    func run() throws { try ActionRunner.perform(.halt(reason: reason), on: id, options: options) }
}

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Lift a halt.")
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String
    @Option(help: "Why it is safe again (required).") var reason: String

    func validate() throws { _ = try ArgumentValues.nonEmpty(reason, "--reason") }
    func run() throws { try ActionRunner.perform(.resume(reason: reason), on: id, options: options) }
}

struct ChangeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "change",
        abstract: "Record a live change (model, prompt, policy, data); sends the use case back through review.")
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String
    @Option(help: ArgumentHelp("model, prompt, policy or data.", valueName: "kind"),
            transform: ArgumentValues.changeKind) var kind: ChangeKind
    @Option(help: "What changed (required).") var summary: String

    func validate() throws { _ = try ArgumentValues.nonEmpty(summary, "--summary") }
    func run() throws { try ActionRunner.perform(.change(kind: kind, summary: summary), on: id, options: options) }
}

struct ParkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "park", abstract: "Park a use case with a date to review it.")
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String
    @Option(help: "Why (required).") var reason: String
    @Option(help: ArgumentHelp("When to look at it again (YYYY-MM-DD).", valueName: "date"),
            transform: ArgumentValues.day) var review: Day

    func validate() throws { _ = try ArgumentValues.nonEmpty(reason, "--reason") }
    func run() throws { try ActionRunner.perform(.park(reason: reason, review: review), on: id, options: options) }
}

struct UnparkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpark", abstract: "Take a use case off the shelf.")
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String
    @Option var reason: String?

    func run() throws { try ActionRunner.perform(.unpark(reason: reason), on: id, options: options) }
}

struct RetireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire", abstract: "Retire a use case (terminal).")
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String
    @Option(help: "Why (required).") var reason: String

    func validate() throws { _ = try ArgumentValues.nonEmpty(reason, "--reason") }
    func run() throws { try ActionRunner.perform(.retire(reason: reason), on: id, options: options) }
}

struct CommentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comment", abstract: "Add a comment to a use case's history.")
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String
    @Argument(help: ArgumentHelp("The comment.", valueName: "text")) var text: String

    func validate() throws { _ = try ArgumentValues.nonEmpty(text, "the comment") }
    func run() throws { try ActionRunner.perform(.comment(text: text), on: id, options: options) }
}

struct EscalateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalate", abstract: "Escalate a use case to a person, with a reason.")
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String
    @Option(help: ArgumentHelp("The person to escalate to.", valueName: "person")) var to: String
    @Option(help: "Why (required).") var reason: String

    func validate() throws { _ = try ArgumentValues.nonEmpty(reason, "--reason") }
    func run() throws { try ActionRunner.perform(.escalate(to: to, reason: reason), on: id, options: options) }
}

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Record the periodic production review as done.")
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String
    @Option var comment: String?

    func run() throws { try ActionRunner.perform(.review(comment: comment), on: id, options: options) }
}
