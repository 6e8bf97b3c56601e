import Foundation
import GateboardCore

/// Read commands compare recorded content with the disk (`ContentBinding`): the use case as
/// observed (approvals on other content void) and each artifact's check.
package enum ContentRead {
    /// Local evidence is observed too: each item's `current` is set (`EvidenceContent`).
    package static func observe(_ uc: UseCase, board: URL, observer: ContentObserver? = nil) -> (UseCase, [ContentCheck]) {
        let artifacts = uc.artifacts.keys.contains(where: ContentBinding.isKey)
        guard artifacts || uc.hasEvidenceContent else {
            return (uc, uc.contentChecks(current: [:]))
        }
        let o = observer ?? ContentObserver(board: board)
        let current = artifacts ? o.current(for: uc) : [:]
        var observed = uc.observing(current)
        if uc.hasEvidenceContent { observed = observed.observingEvidence { o.current(ref: $0, recorded: $1) } }
        if observer == nil { o.cache.save() }
        return (observed, uc.contentChecks(current: current))
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
        var out = board
        out.content = [:]
        out.useCases = board.useCases.map { uc in
            let (observed, checks) = observe(uc, board: root, observer: observer)
            if checks.contains(where: { $0.problem != nil }) || observed.evidenceItems.contains(where: { !$0.evidence.resolves }) {
                out.content[uc.id] = checks
            }
            return observed
        }
        return out
    }
}
