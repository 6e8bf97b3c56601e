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
        // Evidence: a local reference records its content id as it is added (same rule and
        // same refusals as an artifact's).
        if case let .evidence(control, ref, note, _) = action {
            let hash = try id(of: ref.trimmingCharacters(in: .whitespacesAndNewlines), LocalReferences(board: board.path),
                              what: "evidence for \(control)")
            return .evidence(control: control, ref: ref, note: note, hash: hash)
        }
        guard case let .edit(title, problem, metric, tier, artifacts) = action, !artifacts.isEmpty else { return action }
        let refs = LocalReferences(board: board.path)
        var out = artifacts
        for (name, ref) in artifacts where !name.contains("#") {
            out[ContentBinding.key(name)] = try id(of: ref.trimmingCharacters(in: .whitespacesAndNewlines), refs, what: "artifact \(name)") ?? ""
        }
        return .edit(title: title, problem: problem, metric: metric, tier: tier, artifacts: out)
    }

    /// What the CLI and the TUI both do before the store decides: the content ids bound in,
    /// and a decision on drifted content refused.
    static func decided(_ action: Action, on id: String?, store: BoardStore, policy: Policy, now: Date) throws -> Action {
        let action = try binding(action, board: store.root)
        try refuseDecisionOnDrift(action, id: id, store: store, policy: policy, now: now)
        return action
    }

    /// An approval or rejection is bound to the recorded content, and an advance is judged on
    /// approvals bound to it: while a local artifact's content differs from it, each would
    /// stand on content nobody has reviewed, so it is refused until `refresh` records what is
    /// on disk (and the approvals are renewed).
    ///
    /// With `evidenceMustResolve`, an advance is judged on the evidence as it is on disk: a
    /// gate that passes on what was recorded but not on what is there now is refused, naming
    /// the evidence (the store decides on the recorded use case alone).
    static func refuseDecisionOnDrift(_ action: Action, id: String?, store: BoardStore, policy: Policy, now: Date) throws {
        switch action {
        case .approve, .reject, .advance: break
        default: return
        }
        guard let id, let uc = try? store.recordedUseCase(id) else { return }
        let (observed, checks) = ContentRead.observe(uc, board: store.root)
        let problems = checks.compactMap(\.problem)
        if !problems.isEmpty {
            throw Refusal(.invalidInput, "cannot \(action.verb) \(uc.id) on content that changed since it was recorded: "
                + problems.joined(separator: "; ") + ". Record what is on disk with `gateboard refresh \(uc.id)` first")
        }
        guard case .advance = action, policy.evidenceMustResolve,
              observed.evidenceItems.contains(where: { !$0.evidence.resolves }) else { return }
        // What the disk adds to the gate the store would judge on the recorded use case.
        let recorded = Set(GateEngine.evaluate(uc, policy: policy, now: now).blockers.map(\.message))
        let unresolved = GateEngine.evaluate(observed, policy: policy, now: now).blockers.filter { !recorded.contains($0.message) }
        guard !unresolved.isEmpty else { return }
        throw Refusal(.gateBlocked, "cannot advance \(uc.id): " + unresolved.map(\.message).joined(separator: "; ")
            + ". Add the evidence again (`gateboard evidence`) once it holds what was reviewed", blockers: unresolved)
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
