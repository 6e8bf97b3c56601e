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

    @Option(help: ArgumentHelp("Only use cases whose inventory field has this value (a list field: holds it); repeat to require each.", valueName: "name=value"))
    var field: [String] = []

    @OptionGroup var output: JSONFlag

    func run() throws {
        try Guarded.run(json: output.json) {
            let invocation = try Invocation.current()
            let store = try invocation.store(boardOption.board)
            // Rows, not use cases: an unchanged use case whose gate summary still holds is
            // never decoded (see BoardStore.loadRows). Local content is compared with the disk,
            // from the stamps the cache keeps (see ContentSeen), on another thread while the rows
            // are turned into output here (see loadRowsObservingAside); nothing is printed before
            // that comparison is in.
            let (policy, all, pending) = try store.loadRowsObservingAside(now: invocation.now)
            defer { _ = pending.wait() }   // the cache is saved before any exit
            if let stage, policy.stage(stage) == nil {
                throw CLIFailure.usage("no stage \(stage); stages: \(policy.stages.map(\.id).joined(separator: ", "))")
            }
            if let owner, policy.person(owner) == nil {
                throw CLIFailure.usage("no person \(owner); people: \(policy.people.map(\.id).joined(separator: ", "))")
            }
            let matching = try FieldFilter.matching(try ArgumentValues.fields(field), store: store, policy: policy)
            let shown = all
                .filter { row in matching?.contains(row.id) ?? true }
                .filter { row in
                    if let stage { return row.stage == stage }
                    return self.all || policy.stage(row.stage)?.terminal != true
                }
                .filter { row in owner.map { o in row.owners.contains { $0.person == o } } ?? true }
                .map { ListRow($0, policy: policy, now: invocation.now) }
                .filter { !stalled || $0.clock.stalled }
            // The table as it reads when nothing drifted (usually so), made while the content is
            // compared; made again below when something did.
            let plain = output.json || shown.isEmpty ? nil : Self.table(shown, policy: policy)
            let drift = pending.wait()
            let rows = drift.isEmpty ? shown : shown.map { (r: ListRow) -> ListRow in
                var r = r
                let d = drift[r.row.id]
                r.drift = d != nil
                // Drift voids approvals (and, with evidenceMustResolve, evidence): the gate as
                // the cache summed it up is re-judged on the use case as found on disk.
                if let d, let uc = try? store.useCase(r.row.id) {
                    let observed = ContentRead.observe(uc) { d.current(ref: $0, recorded: $1) }.0
                    r.gate = GateSummary(observed, policy: policy, policyDigest: r.gate.policyDigest, now: invocation.now)
                }
                return r
            }
            if output.json {
                ListJSONWriter.print(rows.map(ListRowJSON.init))
                FastExit.afterOutput()
            }
            guard !rows.isEmpty else {
                print(all.isEmpty
                      ? "no use cases yet (`gateboard new --title ... --tier ...` creates one)"
                      : "no use cases match")
                return
            }
            print(drift.isEmpty ? plain ?? Self.table(rows, policy: policy) : Self.table(rows, policy: policy))
            FastExit.afterOutput()
        }
    }

    static func table(_ rows: [ListRow], policy: Policy) -> String {
        let words = BoardWords(policy: policy)
        var t = TextTable(["ID", "STAGE", "TIER", "IN STAGE", "BLOCKERS", "STAGE OWNER", "FLAGS", "TITLE"], rightAligned: [3, 4])
        for f in rows {
            let r = f.row
            var flags: [String] = []
            if r.halted { flags.append("HALTED") }
            if r.parked { flags.append("parked") }
            if f.clock.stalled { flags.append("STALLED") } else if f.clock.stalling { flags.append("stalling") }
            if f.drift { flags.append("DRIFT") }
            if !f.gate.notCounted.isEmpty { flags.append("UNSIGNED") }
            if f.gate.passed && !r.halted && f.gate.to != nil && !f.drift { flags.append("ready") }
            let ownerRole = policy.stage(r.stage)?.ownerRole
            let owner = ownerRole.flatMap { r.owner($0) }.map(words.person)
                ?? ownerRole.map { "(no \(words.role($0).lowercased()))" } ?? "-"
            t.add([words.e(r.id), words.e(r.stage), words.e(r.tier), BoardWords.clockCell(f.clock),
                   "\(f.gate.blockers)", owner, flags.joined(separator: " "),
                   TextFit.truncate(words.e(r.title), to: 60)])
        }
        return t.render()
    }
}
