import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List use cases: stage, tier, days in stage, blockers and owners.")

    @OptionGroup var boardOption: BoardOption

    @Option(help: ArgumentHelp("Only use cases in this stage (id).", valueName: "stage"))
    var stage: String?

    @Option(help: ArgumentHelp("Only use cases where this person holds any role.", valueName: "person"))
    var owner: String?

    @Flag(help: "Only use cases past their stage's SLA.")
    var stalled = false

    @Flag(help: "Include retired use cases.")
    var all = false

    @OptionGroup var output: JSONFlag

    func run() throws {
        try Guarded.run(json: output.json) {
            let open = try OpenBoard(boardOption)
            let policy = open.policy
            if let stage, policy.stage(stage) == nil {
                throw CLIFailure.usage("no stage \(stage); stages: \(policy.stages.map(\.id).joined(separator: ", "))")
            }
            if let owner, policy.person(owner) == nil {
                throw CLIFailure.usage("no person \(owner); people: \(policy.people.map(\.id).joined(separator: ", "))")
            }
            let rows = open.board.useCases
                .filter { uc in
                    if let stage { return uc.stage == stage }
                    return all || policy.stage(uc.stage)?.terminal != true
                }
                .filter { uc in owner.map { o in uc.owners.values.contains(o) } ?? true }
                .concurrentMap { ListRow($0, policy: policy, now: open.now) }
                .filter { !stalled || $0.clock.stalled }
            if output.json {
                let json = rows.map { f in
                    ListRowJSON(id: f.useCase.id, title: f.useCase.title, stage: f.useCase.stage, tier: f.useCase.tier,
                                daysInStage: f.clock.daysInStage, slaDays: f.clock.slaDays, stalled: f.clock.stalled,
                                stalling: f.clock.stalling, blockers: f.gate.blockers.count, owners: f.useCase.owners,
                                halted: f.useCase.halted != nil, parked: f.useCase.parked != nil)
                }
                ListJSONWriter.print(json)
                FastExit.afterOutput()
            }
            guard !rows.isEmpty else {
                print(open.board.useCases.isEmpty
                      ? "no use cases yet (`gateboard new --title ... --tier ...` creates one)"
                      : "no use cases match")
                return
            }
            print(Self.table(rows, policy: policy))
            FastExit.afterOutput()
        }
    }

    static func table(_ rows: [ListRow], policy: Policy) -> String {
        let words = BoardWords(policy: policy)
        var t = TextTable(["ID", "STAGE", "TIER", "IN STAGE", "BLOCKERS", "STAGE OWNER", "FLAGS", "TITLE"], rightAligned: [3, 4])
        for f in rows {
            let uc = f.useCase
            var flags: [String] = []
            if uc.halted != nil { flags.append("HALTED") }
            if uc.parked != nil { flags.append("parked") }
            if f.clock.stalled { flags.append("STALLED") } else if f.clock.stalling { flags.append("stalling") }
            if f.gate.passed && uc.halted == nil && f.gate.to != nil { flags.append("ready") }
            let ownerRole = policy.stage(uc.stage)?.ownerRole
            let owner = ownerRole.flatMap { uc.owners[$0] }.map(words.person)
                ?? ownerRole.map { "(no \(words.role($0).lowercased()))" } ?? "-"
            t.add([words.e(uc.id), words.e(uc.stage), words.e(uc.tier), BoardWords.clockCell(f.clock),
                   "\(f.gate.blockers.count)", owner, flags.joined(separator: " "),
                   DisplayWidth.truncate(words.e(uc.title), to: 60)])
        }
        return t.render()
    }
}

/// What one row of `list` shows: the gate and the stage clock, and nothing more (approval
/// standings and the path to production are `show`'s, and cost as much again per use case).
struct ListRow {
    var useCase: UseCase
    var gate: GateEvaluation
    var clock: StageClock

    init(_ uc: UseCase, policy: Policy, now: Date) {
        useCase = uc
        gate = GateEngine.evaluate(uc, policy: policy, now: now)
        clock = GateEngine.clock(uc, policy: policy, now: now)
    }
}
