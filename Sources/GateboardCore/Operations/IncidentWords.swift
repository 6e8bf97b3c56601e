import Foundation

/// Incident events in words, for the log, the stand-up and commit messages.
public enum IncidentWords {
    public static func isIncident(_ a: EventAction) -> Bool {
        switch a {
        case .incidentOpen, .incidentAck, .incidentNote, .incidentAssign, .incidentResolve, .incidentReport, .incidentReview: true
        default: false
        }
    }

    /// "opened incident UC-0003#I1 (severity 2, serious: general)", "resolved incident UC-0003#I1", …
    /// `person` renders a person id.
    public static func phrase(_ e: AuditEvent, person: (PersonID) -> String) -> String {
        let d = e.details
        let ref = IncidentRef.text(e.useCase, d.incident ?? 0)
        switch e.action {
        case .incidentOpen:
            var s = "opened incident \(ref) (severity \(d.severity ?? 0)"
            if let k = d.serious { s += ", serious: \(k.rawValue)" }
            s += ")"
            if d.halt == true { s += " and HALTED it" }
            if let p = d.person, p != e.actor { s += ", owner \(person(p))" }
            return s
        case .incidentAck: return "acknowledged incident \(ref)"
        case .incidentNote: return "noted on incident \(ref)"
        case .incidentAssign: return "gave incident \(ref) to \(person(d.person ?? "?"))"
        case .incidentResolve:
            var s = "resolved incident \(ref)"
            if let k = d.kind, let to = d.to { s += " with a \(k.rawValue) change, back to \(to)" }
            return s
        case .incidentReport: return "reported incident \(ref) to the authority (\(d.ref ?? ""))"
        case .incidentReview: return "recorded the post-incident review of \(ref)"
        default: return e.action.rawValue
        }
    }

    /// The free text recorded with an incident event.
    public static func text(_ e: AuditEvent) -> String? {
        let d = e.details
        switch e.action {
        case .incidentOpen: return d.summary
        case .incidentResolve: return [d.rootCause, d.correctiveAction].compactMap { $0 }.joined(separator: " — ")
        default: return d.note
        }
    }
}

/// Monitor transitions in words.
public enum MonitorWords {
    /// "precision breached (0.78), retrain requested", "latency back to ok (640)", "drift went silent".
    public static func phrase(_ e: AuditEvent) -> String {
        let d = e.details
        let name = d.monitor ?? "?"
        let value = d.value.map { " (\(MonitorNumber.text($0)))" } ?? ""
        var s: String
        switch d.level {
        case .breach?: s = "monitor \(name) breached\(value)"
        case .warn?: s = "monitor \(name) at warn\(value)"
        case .ok?: s = "monitor \(name) ok\(value)"
        case .silent?: s = "monitor \(name) went silent"
        case nil: s = "monitor \(name)"
        }
        switch d.trigger {
        case .incident?: s += ", incident \(IncidentRef.text(e.useCase, d.incident ?? 0)) opened"
        case .review?: s += ", periodic review due now"
        case .retrain?: s += ", retraining requested"
        case .haltRequest?: s += ", halt requested"
        case nil: break
        }
        return s
    }
}
