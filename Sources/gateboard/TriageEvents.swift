import Foundation
import GateboardCore
import GateboardStore

/// The audit events triage needs, without reading every log whole: only the start of the logs
/// of use cases at or past the build stage, up to their first entry into it
/// (`Triage.needsHistory`, `Triage.endsNeededHistory`); the other logs not at all.
enum TriageEvents {
    static func read(_ store: BoardStore, useCases: [UseCase], policy: Policy) throws -> [AuditEvent] {
        var events: [AuditEvent] = []
        for uc in useCases where Triage.needsHistory(uc, policy: policy) {
            events += try store.events(for: uc.id) { Triage.endsNeededHistory($0, policy: policy) }
        }
        return events
    }
}
