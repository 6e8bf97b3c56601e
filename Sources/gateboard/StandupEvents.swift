import Foundation
import GateboardCore
import GateboardStore

/// The audit events a stand-up report needs, without reading every log whole: each log's tail
/// back to `since` (read backwards from the end), and the whole history only of the use cases
/// that changed since then, whose state at `since` is replayed to tell "newly blocked". An
/// unchanged use case's state at `since` is its state now (`Standup.report`).
enum StandupEvents {
    static func read(_ store: BoardStore, useCases: [UseCase], since: Date) throws -> [AuditEvent] {
        var events: [AuditEvent] = []
        for uc in useCases {
            let tail = try store.events(for: uc.id, since: since)
            guard let first = tail.first else { continue }
            // Created after `since`: the tail is the whole history.
            events += first.action == .create ? tail : try store.events(for: uc.id)
        }
        return events
    }
}
