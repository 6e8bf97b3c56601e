import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

/// `gateboard refresh UC-0002 [ARTIFACT…]`: records the current content ids of local artifacts
/// as an audited event (an `edit` of their `#blob` entries). Approvals bound to the old content
/// are then void and must be renewed. On a production use case the refresh is a live change:
/// a `change` of the artifact's kind is recorded first (model, prompt, policy, data route as
/// `change --kind` does; any other artifact routes as a model change).
struct RefreshCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Record the current content of local artifacts; approvals bound to the old content must be renewed.")
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String
    @Argument(help: ArgumentHelp("Artifact names (default: every local artifact whose content changed).", valueName: "artifact"))
    var artifacts: [String] = []

    func run() throws {
        var changes: [String: String] = [:]
        var words: [String] = []
        var production = false
        var kinds: [ChangeKind] = []
        var routing: [ChangeKind: Int] = [:]
        try Guarded.run(json: options.json) {
            let open = try OpenBoard(options.boardOption)
            let uc = try open.useCase(id)
            production = uc.stage == open.policy.productionStage
            for (kind, stage) in open.policy.changeRouting {
                routing[kind] = open.policy.stages.firstIndex { $0.id == stage } ?? Int.max
            }
            let names = ContentBinding.names(uc.artifacts)
            for name in artifacts where !names.contains(name) {
                throw CLIFailure.usage("\(uc.id) has no artifact \(name); its artifacts: \(names.joined(separator: ", "))")
            }
            let refs = LocalReferences(board: open.store.root.path)
            for name in artifacts.isEmpty ? names : artifacts {
                let key = ContentBinding.key(name)
                let now = try ContentInput.id(of: uc.artifacts[name]!, refs, what: "artifact \(name)")
                guard now != uc.artifacts[key] else { continue }
                changes[key] = now ?? ""
                let path = ContentBinding.path(of: uc.artifacts[name]!)
                words.append("\(path) (\(now == nil ? ContentBinding.short(uc.artifacts[key]) + " → external" : ContentBinding.transition(uc.artifacts[key], now)))")
                kinds.append(ChangeKind(rawValue: name) ?? .model)
            }
            if changes.isEmpty {
                throw CLIFailure.refused(Refusal(.nothingToDo, "nothing to refresh: the recorded content of \(uc.id) is what is on disk"))
            }
        }
        if production {
            // The kind that routes furthest back decides where the use case goes.
            let kind = kinds.min { (routing[$0] ?? Int.max, Self.depth($0)) < (routing[$1] ?? Int.max, Self.depth($1)) }!
            try ActionRunner.perform(.change(kind: kind, summary: "content refreshed: " + words.joined(separator: ", ")),
                                     on: id, options: options)
        }
        try ActionRunner.perform(.edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: changes), on: id, options: options)
    }

    /// Ties between kinds the policy routes alike: smaller first (the default routing's order).
    static func depth(_ kind: ChangeKind) -> Int {
        switch kind {
        case .data: 0
        case .model, .policy: 1
        case .prompt: 2
        }
    }
}
