import Foundation
import GateboardCore

/// An incident in JSON (`incident list --json`, `show --json`): `{id, useCase, number, severity,
/// summary, state: open|acknowledged|resolved, owner, openedBy, openedAt, ackDue, resolveDue,
/// overdue, serious?, reportDue?, reportedAt?, reportRef?, ackedBy?, ackedAt?, resolvedBy?,
/// resolvedAt?, rootCause?, correctiveAction?, change?, reviewedBy?, reviewedAt?, reviewNote?,
/// halted, notes: [{by, at, text}]}`.
package struct IncidentJSON: Encodable {
    package struct Note: Encodable { var by: String; var at: String; var text: String }
    package var id: String
    package var useCase: String
    package var number: Int
    package var severity: Int
    package var summary: String
    package var state: String
    package var owner: String
    package var openedBy: String
    package var openedAt: String
    package var ackDue: String
    package var resolveDue: String
    package var overdue: Bool
    package var serious: String?
    package var reportDue: String?
    package var reportedAt: String?
    package var reportRef: String?
    package var ackedBy: String?
    package var ackedAt: String?
    package var resolvedBy: String?
    package var resolvedAt: String?
    package var rootCause: String?
    package var correctiveAction: String?
    package var change: String?
    package var reviewedBy: String?
    package var reviewedAt: String?
    package var reviewNote: String?
    package var halted: Bool
    package var notes: [Note]

    package init(_ i: Incident, useCase: UseCaseID, now: Date) {
        let ts = Timestamp.format
        id = i.id(on: useCase); self.useCase = useCase; number = i.number; severity = i.severity; summary = i.summary
        state = !i.isOpen ? "resolved" : i.isAcked ? "acknowledged" : "open"
        owner = i.owner; openedBy = i.openedBy; openedAt = ts(i.openedAt); ackDue = ts(i.ackDue); resolveDue = ts(i.resolveDue)
        overdue = i.ackOverdue(at: now) || i.resolveOverdue(at: now)
        serious = i.serious?.rawValue; reportDue = i.reportDue.map(ts); reportedAt = i.reportedAt.map(ts); reportRef = i.reportRef
        ackedBy = i.ackedBy; ackedAt = i.ackedAt.map(ts); resolvedBy = i.resolvedBy; resolvedAt = i.resolvedAt.map(ts)
        rootCause = i.rootCause; correctiveAction = i.correctiveAction; change = i.change?.rawValue
        reviewedBy = i.reviewedBy; reviewedAt = i.reviewedAt.map(ts); reviewNote = i.reviewNote
        halted = i.halted
        notes = i.notes.map { Note(by: $0.by, at: ts($0.at), text: $0.text) }
    }
}
