import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Everything about one use case: owners, gate and blockers, approvals, waivers, path to production.")

    @OptionGroup var boardOption: BoardOption
    @Argument(help: ArgumentHelp("The use case id, e.g. UC-0007.", valueName: "id"))
    var id: String
    @OptionGroup var output: JSONFlag

    func run() throws {
        try Guarded.run(json: output.json) {
            let open = try OpenBoard(boardOption)
            _ = try open.useCase(id)
            // What the audit log records, the file checked against it (as `check` does): the
            // detail an auditor reads is never a hand-edited file's.
            let uc = try open.store.recordedUseCase(id)
            let facts = UseCaseFacts(uc, policy: open.policy, now: open.now, history: try open.roleHistory(uc))
            let latest = open.store.latestSamples(facts.useCase.id)
            if output.json {
                var json = UseCaseJSON(facts)
                let rules = open.policy.monitors(for: facts.useCase)
                if !rules.isEmpty { json.monitors = rules.map { UseCaseMonitorJSON($0, uc: facts.useCase, latest: latest[$0.name], now: facts.now) } }
                JSONOutput.print(json)
            } else {
                let recent = (try? open.store.recentEvents(for: facts.useCase.id, count: 8)) ?? []
                print(UseCaseText(facts: facts, policy: open.policy, recent: recent, latest: latest).render())
            }
        }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Does the gate for leaving the current stage pass? Exit 0 yes, 1 blocked (for CI).")

    @OptionGroup var boardOption: BoardOption
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id"))
    var id: String
    @OptionGroup var output: JSONFlag

    func run() throws {
        try Guarded.run(json: output.json) {
            let open = try OpenBoard(boardOption)
            _ = try open.useCase(id)
            // The gate is judged on what the audit log records, the file checked against it:
            // a use case file edited by hand never passes a pipeline's gate.
            let recorded = try open.store.recordedUseCase(id)
            let facts = UseCaseFacts(recorded, policy: open.policy, now: open.now, history: try open.roleHistory(recorded))
            if output.json {
                JSONOutput.print(UseCaseJSON(facts))
            } else {
                let text = UseCaseText(facts: facts, policy: open.policy)
                print("\(TerminalSafe.escape(facts.useCase.id))  \(TerminalSafe.escape(facts.useCase.title))")
                print(text.gateLines().joined(separator: "\n"))
            }
            if !facts.gate.passed { throw ExitCodeError(1) }
        }
    }
}
