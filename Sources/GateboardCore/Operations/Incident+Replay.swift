import Foundation

extension UseCase {
    /// An incident opened by `e` (`incident_open`, or a monitor's breach with `trigger: incident`).
    static func openIncident(_ e: AuditEvent, summary: String, in uc: inout UseCase) throws(ReplayError) {
        let d = e.details
        func need<T>(_ value: T?, _ name: String) throws(ReplayError) -> T {
            guard let value else { throw ReplayError(seq: e.seq, message: "\(e.action.rawValue) needs \(name)") }
            return value
        }
        let number = uc.incidents.count + 1
        let i = Incident(number: number, severity: try need(d.severity, "severity"), summary: summary,
                         openedBy: e.actor, openedAt: e.at, owner: d.person ?? e.actor,
                         ackDue: try need(d.ackDue, "ackDue"), resolveDue: try need(d.resolveDue, "resolveDue"),
                         serious: d.serious, reportDue: d.reportDue, halted: d.halt == true)
        if d.serious != nil { _ = try need(d.reportDue, "reportDue") }
        if d.halt == true {
            uc.halted = Halt(by: e.actor, at: e.at, reason: d.reason ?? "incident \(i.id(on: uc.id)): \(i.summary)", incident: number)
        }
        uc.incidents.append(i)
    }

    /// `incident_*` events → state. Incidents are numbered in the order opened (the event's
    /// `incident` field is the same number, for readers of the log); later events name theirs
    /// by number and by `openedAt`, which decides when a merge renumbered them.
    static func applyIncident(_ e: AuditEvent, to uc: inout UseCase) throws(ReplayError) {
        let d = e.details
        func need<T>(_ value: T?, _ name: String) throws(ReplayError) -> T {
            guard let value else { throw ReplayError(seq: e.seq, message: "\(e.action.rawValue) needs \(name)") }
            return value
        }
        if e.action == .incidentOpen {
            try openIncident(e, summary: try need(d.summary, "summary"), in: &uc)
            return
        }
        let number = try need(d.incident, "incident")
        var k = number - 1
        // After a merge, another clone's incident may hold the number this act's clone saw:
        // the incident opened at `openedAt` is the one meant, when exactly one was.
        if let at = d.openedAt, !(uc.incidents.indices.contains(k) && uc.incidents[k].openedAt == at) {
            let opened = uc.incidents.indices.filter { uc.incidents[$0].openedAt == at }
            if opened.count == 1 { k = opened[0] }
        }
        guard uc.incidents.indices.contains(k) else {
            throw ReplayError(seq: e.seq, message: "\(e.action.rawValue) names incident #I\(number), which was never opened")
        }
        switch e.action {
        case .incidentAck:
            uc.incidents[k].ackedBy = e.actor
            uc.incidents[k].ackedAt = e.at
            if let n = d.note { uc.incidents[k].notes.append(IncidentNote(by: e.actor, at: e.at, text: n)) }
        case .incidentNote:
            uc.incidents[k].notes.append(IncidentNote(by: e.actor, at: e.at, text: try need(d.note, "note")))
        case .incidentAssign:
            uc.incidents[k].owner = try need(d.person, "person")
        case .incidentResolve:
            uc.incidents[k].resolvedBy = e.actor
            uc.incidents[k].resolvedAt = e.at
            uc.incidents[k].rootCause = try need(d.rootCause, "rootCause")
            uc.incidents[k].correctiveAction = try need(d.correctiveAction, "correctiveAction")
            uc.incidents[k].change = d.kind
            // The corrective action routed the use case as a live change does.
            if let to = d.to { uc.enter(stage: to, at: e.at, by: e.actor) }
        case .incidentReport:
            uc.incidents[k].reportedBy = e.actor
            uc.incidents[k].reportedAt = e.at
            uc.incidents[k].reportRef = try need(d.ref, "ref")
        case .incidentReview:
            uc.incidents[k].reviewedBy = e.actor
            uc.incidents[k].reviewedAt = e.at
            uc.incidents[k].reviewNote = d.note
        default:
            break
        }
    }
}
