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
            // Signed decisions: marked by the load, counted as `check` counts them.
            let recordedUC = try open.useCase(id)
            let (uc, content) = ContentRead.observe(recordedUC, board: open.store.root)
            let facts = UseCaseFacts(uc, policy: open.policy, now: open.now, history: try open.roleHistory(recordedUC))
            let latest = open.store.latestSamples(facts.useCase.id)
            if output.json {
                var json = UseCaseJSON(facts).withContent(content)
                let rules = open.policy.monitors(for: facts.useCase)
                if !rules.isEmpty { json.monitors = rules.map { UseCaseMonitorJSON($0, uc: facts.useCase, latest: latest[$0.name], now: facts.now) } }
                if !open.policy.screening.isEmpty { json.screening = UseCaseScreeningJSON(facts.useCase, policy: open.policy) }
                JSONOutput.print(json)
            } else {
                let recent = (try? open.store.recentEvents(for: facts.useCase.id, count: 8)) ?? []
                var text = UseCaseText(facts: facts, policy: open.policy, recent: recent, latest: latest)
                text.content = content
                print(text.render())
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
            // Local artifacts are judged on what is on disk: content changed since it was
            // recorded voids the approvals given on it, and fails the check naming the file.
            let (observed, content) = ContentRead.observe(recorded, board: open.store.root)
            let facts = UseCaseFacts(observed, policy: open.policy, now: open.now, history: try open.roleHistory(recorded))
            if output.json {
                JSONOutput.print(UseCaseJSON(facts).withContent(content))
            } else {
                let text = UseCaseText(facts: facts, policy: open.policy)
                print("\(TerminalSafe.escape(facts.useCase.id))  \(TerminalSafe.escape(facts.useCase.title))")
                print(text.gateLines().joined(separator: "\n"))
                for problem in content.compactMap(\.problem) { print("  ✗ \(TerminalSafe.escape(problem))") }
            }
            if !facts.gate.passed || content.contains(where: { $0.problem != nil }) { throw ExitCodeError(1) }
        }
    }
}
