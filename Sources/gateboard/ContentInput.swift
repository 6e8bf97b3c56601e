import Foundation
import GateboardCore
import GateboardStore

/// The content ids an action records with its references (`ContentBinding`): for each
/// artifact an edit sets, the companion `<name>#blob` entry — the file's git object id when
/// the reference is local, "" (removed) when it is external or the artifact is removed.
/// A reference that cannot be recorded (it leaves the repository, is a link, a FIFO…)
/// refuses the action before anything is written.
enum ContentInput {
    static func binding(_ action: Action, board: URL) throws -> Action {
        guard case let .edit(title, problem, metric, tier, artifacts) = action, !artifacts.isEmpty else { return action }
        let refs = LocalReferences(board: board.path)
        var out = artifacts
        for (name, ref) in artifacts where !name.contains("#") {
            out[ContentBinding.key(name)] = try id(of: ref.trimmingCharacters(in: .whitespacesAndNewlines), refs, what: "artifact \(name)") ?? ""
        }
        return .edit(title: title, problem: problem, metric: metric, tier: tier, artifacts: out)
    }

    /// An approval or rejection is bound to the recorded content, and an advance is judged on
    /// approvals bound to it: while a local artifact's content differs from it, each would
    /// stand on content nobody has reviewed, so it is refused until `refresh` records what is
    /// on disk (and the approvals are renewed).
    static func refuseDecisionOnDrift(_ action: Action, id: String?, store: BoardStore) throws {
        switch action {
        case .approve, .reject, .advance: break
        default: return
        }
        guard let id, let uc = try? store.recordedUseCase(id) else { return }
        let problems = ContentRead.observe(uc, board: store.root).1.compactMap(\.problem)
        guard !problems.isEmpty else { return }
        throw Refusal(.invalidInput, "cannot \(action.verb) \(uc.id) on content that changed since it was recorded: "
            + problems.joined(separator: "; ") + ". Record what is on disk with `gateboard refresh \(uc.id)` first")
    }

    /// The recorded form of a reference's content id (nil: external).
    static func id(of ref: String, _ refs: LocalReferences, what: String) throws -> String? {
        if ref.isEmpty { return nil }
        do {
            switch try refs.resolve(ref) {
            case .external: return nil
            case let .local(_, id, isTree): return isTree ? "tree:" + id : id
            }
        } catch {
            throw Refusal(.invalidInput, "the reference of \(what), \(TerminalSafe.escape(error.path)), \(TerminalSafe.escape(error.reason)); nothing was recorded")
        }
    }
}

/// Read commands compare recorded content with the disk (`ContentBinding`): the use case as
/// observed (approvals on other content void) and each artifact's check.
enum ContentRead {
    static func observe(_ uc: UseCase, board: URL, observer: ContentObserver? = nil) -> (UseCase, [ContentCheck]) {
        guard uc.artifacts.keys.contains(where: ContentBinding.isKey) else {
            return (uc, uc.contentChecks(current: [:]))
        }
        let o = observer ?? ContentObserver(board: board)
        let current = o.current(for: uc)
        if observer == nil { o.cache.save() }
        return (uc.observing(current), uc.contentChecks(current: current))
    }
}

extension ContentRead {
    /// Every use case as observed (only those with recorded content are looked at).
    static func observeAll(_ useCases: [UseCase], board: URL) -> [UseCase] {
        guard useCases.contains(where: { $0.artifacts.keys.contains(where: ContentBinding.isKey) }) else { return useCases }
        let observer = ContentObserver(board: board)
        defer { observer.cache.save() }
        return useCases.map { observe($0, board: board, observer: observer).0 }
    }
}
