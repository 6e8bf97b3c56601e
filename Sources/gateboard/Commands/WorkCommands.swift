import ArgumentParser
import GateboardCore

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Create a use case in the first stage; prints its id.")
    @OptionGroup var options: ActionOptions
    @Option(help: "A short title.") var title: String
    @Option(help: ArgumentHelp("The risk tier (see `gateboard policy`).", valueName: "tier")) var tier: String
    @Option(help: "The problem statement.") var problem: String = ""
    @Option(help: "The operational success metric.") var metric: String = ""
    @OptionGroup var screening: ScreeningAnswerOptions
    @OptionGroup var templateOptions: TemplateOptions

    func validate() throws {
        _ = try ArgumentValues.nonEmpty(title, "--title")
        _ = try ArgumentValues.fields(templateOptions.field)
    }

    func run() throws {
        // Risk screening: the answers given, or the questions asked on a terminal.
        var answers: ScreeningAnswers = [:]
        try Guarded.run(json: options.json) {
            answers = try screening.collect(try OpenPolicy(options.boardOption).policy.screening, ask: true) ?? [:]
        }
        try ActionRunner.perform(.create(title: title, tier: tier, problem: problem, metric: metric, answers: answers),
                                 on: nil, options: options, followUps: templateOptions.followUps)
    }
}

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change fields; a change to an artifact or the tier voids approvals bound to the old digest.",
        discussion: "Artifacts (spec, model, prompt, policy, data) are material: `--artifact prompt=prompts/kyc.md@v5`. `--artifact NAME=` removes one.")
    @OptionGroup var target: ActionTarget
    @Option var title: String?
    @Option var problem: String?
    @Option var metric: String?
    @Option var tier: String?
    @Option(help: ArgumentHelp("An artifact reference; repeat for several.", valueName: "name=ref"))
    var artifact: [String] = []
    @Option(help: ArgumentHelp("An inventory field (see `gateboard policy`); repeat for several. A list field takes a,b or the option repeated; a date YYYY-MM-DD; a choice its id; NAME= clears it.", valueName: "name=value"))
    var field: [String] = []
    @Option(help: ArgumentHelp("Record a template of the policy on the use case: presets its fields where none is set (its default owners only apply to `new --template`).", valueName: "name"))
    var template: String?

    func validate() throws {
        if title == nil, problem == nil, metric == nil, tier == nil, artifact.isEmpty, field.isEmpty, template == nil {
            throw ValidationError("nothing to change: give --title, --problem, --metric, --tier, --artifact NAME=REF, --field NAME=VALUE or --template NAME")
        }
        _ = try ArgumentValues.fields(field)
        if !field.isEmpty || template != nil, title != nil || problem != nil || metric != nil || tier != nil || !artifact.isEmpty {
            throw ValidationError("--field and --template are recorded as their own edit: give them without --title, --problem, --metric, --tier and --artifact")
        }
        if let title { _ = try ArgumentValues.nonEmpty(title, "--title") }
        for a in artifact { _ = try ArgumentValues.artifact(a) }
    }

    func run() throws {
        if !field.isEmpty || template != nil {
            return try target.perform(.setFields(assignments: try ArgumentValues.fields(field), template: template))
        }
        var artifacts: [String: String] = [:]
        for a in artifact {
            let (name, ref) = try ArgumentValues.artifact(a)
            artifacts[name] = ref
        }
        try target.perform(.edit(title: title, problem: problem, metric: metric, tier: tier, artifacts: artifacts))
    }
}

struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign", abstract: "Name the person who holds a role on a use case.")
    @OptionGroup var target: ActionTarget
    @Argument(help: ArgumentHelp("The role, e.g. business_owner.", valueName: "role")) var role: String
    @Argument(help: ArgumentHelp("The person's id.", valueName: "person")) var person: String

    func run() throws { try target.perform(.assign(role: role, person: person)) }
}

struct UnassignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unassign", abstract: "Clear a role on a use case.")
    @OptionGroup var target: ActionTarget
    @Argument(help: ArgumentHelp("The role.", valueName: "role")) var role: String

    func run() throws { try target.perform(.unassign(role: role)) }
}

struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence", abstract: "Record evidence (a path or URL) for a control.")
    @OptionGroup var target: ActionTarget
    @Argument(help: ArgumentHelp("The control id.", valueName: "control")) var control: String
    @Option(help: ArgumentHelp("Where the evidence is: a path, URL or commit.", valueName: "ref")) var ref: String
    @Option var note: String?

    func validate() throws { _ = try ArgumentValues.nonEmpty(ref, "--ref") }
    func run() throws { try target.perform(.evidence(control: control, ref: ref, note: note)) }
}

struct AttestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest", abstract: "Attest to a control.")
    @OptionGroup var target: ActionTarget
    @Argument(help: ArgumentHelp("The control id.", valueName: "control")) var control: String
    @Option var note: String?

    func run() throws { try target.perform(.attest(control: control, note: note)) }
}

struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve the gate of the current stage (bound to the current material digest).")
    @OptionGroup var target: ActionTarget
    @Option var comment: String?

    func run() throws { try target.perform(.approve(comment: comment)) }
}

struct RejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject the gate of the current stage; it blocks until the work changes or you withdraw.")
    @OptionGroup var target: ActionTarget
    @Option(help: "Why (required).") var comment: String

    func validate() throws { _ = try ArgumentValues.nonEmpty(comment, "--comment") }
    func run() throws { try target.perform(.reject(comment: comment)) }
}

struct WithdrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw", abstract: "Withdraw your own standing rejection.")
    @OptionGroup var target: ActionTarget
    @Option var comment: String?

    func run() throws { try target.perform(.withdraw(comment: comment)) }
}
