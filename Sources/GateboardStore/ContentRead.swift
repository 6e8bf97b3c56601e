import Foundation
import GateboardCore

/// Read commands compare recorded content with the disk (`ContentBinding`): the use case as
/// observed (approvals on other content void) and each artifact's check.
package enum ContentRead {
    /// Local evidence is observed too: each item's `current` is set (`EvidenceContent`).
    package static func observe(_ uc: UseCase, board: URL, observer: ContentObserver? = nil) -> (UseCase, [ContentCheck]) {
        guard uc.artifacts.keys.contains(where: ContentBinding.isKey) || uc.hasEvidenceContent else {
            return (uc, uc.contentChecks(current: [:]))
        }
        let o = observer ?? ContentObserver(board: board)
        defer { if observer == nil { o.cache.save() } }
        return observe(uc) { o.current(ref: $0, recorded: $1) }
    }

    /// The use case as observed through `current` (reference, recorded id → the id on disk now).
    package static func observe(_ uc: UseCase, current: (String, String) -> String) -> (UseCase, [ContentCheck]) {
        let artifacts = uc.artifacts.keys.contains(where: ContentBinding.isKey)
        let now = artifacts ? ContentObserver.current(for: uc, current) : [:]
        var observed = uc.observing(now)
        if uc.hasEvidenceContent { observed = observed.observingEvidence(current) }
        return (observed, uc.contentChecks(current: now))
    }
}

extension ContentRead {
    /// The board as found on disk, for every reader of the whole board (the inbox, the TUI):
    /// each use case observed (only those with recorded content are looked at), and
    /// `Board.content` holding the checks of those whose content drifted.
    package static func observedBoard(_ board: Board, root: URL) -> Board {
        guard board.useCases.contains(where: { $0.artifacts.keys.contains(where: ContentBinding.isKey) || $0.hasEvidenceContent })
        else { return board }
        let observer = ContentObserver(board: root)
        defer { observer.cache.save() }
        return observed(board, only: nil) { uc in observe(uc, board: root, observer: observer) }
    }

    /// The board loaded and observed in one pass (`BoardStore.loadObserved`): only the use
    /// cases whose content drifted are touched; the others are as recorded, which is what an
    /// observation that found every file unchanged gives.
    package static func observedBoard(store: BoardStore) throws -> Board {
        let (board, settle) = try observedBoardAside(store: store)
        return settle() ?? board
    }

    /// The board as recorded at once, its content compared with the disk beside the caller
    /// (`BoardStore.loadObservingAside`): `settle()` waits for that and gives the board as
    /// observed, or nil when nothing drifted (the board as recorded is then the observed one).
    /// The TUI builds its first screen from the board as recorded meanwhile, and again only
    /// when something drifted; nothing is drawn before `settle()`.
    package static func observedBoardAside(store: BoardStore) throws -> (board: Board, settle: () -> Board?) {
        let (board, pending) = try store.loadObservingAside()
        return (board, {
            let drift = pending.wait()
            guard !drift.isEmpty else { return nil }
            return observed(board, only: Set(drift.keys)) { uc in
                observe(uc) { drift[uc.id]!.current(ref: $0, recorded: $1) }
            }
        })
    }

    /// `board` with `observe` applied to its use cases (those in `only`, when given), and the
    /// checks of those whose content does not resolve kept in `Board.content`.
    static func observed(_ board: Board, only: Set<UseCaseID>?, _ observe: (UseCase) -> (UseCase, [ContentCheck])) -> Board {
        var out = board
        out.content = [:]
        for i in out.useCases.indices where only?.contains(out.useCases[i].id) ?? true {
            let (observed, checks) = observe(out.useCases[i])
            if checks.contains(where: { $0.problem != nil }) || observed.evidenceItems.contains(where: { !$0.evidence.resolves }) {
                out.content[observed.id] = checks
            }
            out.useCases[i] = observed
        }
        return out
    }
}
