import Foundation
import GateboardCore

/// One audit event as a line of text: when, who, what.
package enum EventText {
    /// `showOSUser`: flag events whose OS user is not the actor's login (acting as someone
    /// else, or a script), as `log` does.
    package static func line(_ e: AuditEvent, words w: BoardWords, showUseCase: Bool, showOSUser: Bool = true) -> String {
        var s = Timestamp.format(e.at)
        if showUseCase { s += "  " + w.e(e.useCase) }
        s += "  #\(e.seq)  \(w.person(e.actor))"
        if showOSUser, w.policy.person(e.actor)?.login != e.osUser {
            s += " [OS user \(w.e(e.osUser))]"
        }
        // A time set by the caller (GATEBOARD_NOW, for tests and demos) is said as such.
        if showOSUser, let real = e.realAt {
            s += " [time set by GATEBOARD_NOW; real clock \(Timestamp.format(real))]"
        }
        s += "  " + summary(e, words: w)
        return s
    }

    package static func summary(_ e: AuditEvent, words w: BoardWords) -> String {
        let d = e.details
        func quoted(_ t: String?) -> String { t.map { $0.isEmpty ? "" : ": \"\(w.e($0))\"" } ?? "" }
        switch e.action {
        case .create: return "created \"\(w.e(d.title ?? ""))\" (\(w.e(d.tier ?? "")))"
        case .edit:
            var parts: [String] = []
            if d.title != nil { parts.append("title") }
            if d.problem != nil { parts.append("problem") }
            if d.metric != nil { parts.append("metric") }
            if let t = d.tier { parts.append("tier → \(w.e(t))") }
            for (k, v) in (d.artifacts ?? [:]).sorted(by: { $0.key < $1.key }) {
                parts.append(v.isEmpty ? "removed \(w.e(k))" : "\(w.e(k)) → \(w.e(v))")
            }
            if let t = d.template { parts.append("template → \(w.e(t))") }
            for (k, v) in (d.fields ?? [:]).sorted(by: { $0.key < $1.key }) {
                parts.append(v.isEmpty ? "cleared field \(w.e(k))" : "field \(w.e(k)) → \(w.e(TextFit.truncate(v.display, to: 60)))")
            }
            return "edited " + parts.joined(separator: ", ")
        case .assign: return "assigned \(w.role(d.role ?? "").lowercased()): \(w.person(d.person ?? ""))"
        case .unassign: return "unassigned \(w.role(d.role ?? "").lowercased())"
        case .evidence: return "evidence for \(w.e(d.control ?? "")): \(w.e(d.ref ?? ""))" + quoted(d.note)
        case .attest: return "attested \(w.e(d.control ?? ""))" + onBehalf(d, w) + quoted(d.note)
        case .approve: return "approved" + (d.role.map { " as \(w.role($0).lowercased())" } ?? "") + onBehalf(d, w) + quoted(d.comment)
        case .reject: return "rejected" + (d.role.map { " as \(w.role($0).lowercased())" } ?? "") + onBehalf(d, w) + quoted(d.comment)
        case .withdraw: return "withdrew their rejection" + quoted(d.comment)
        case .advance: return "advanced \(w.e(d.from ?? "?")) → \(w.e(d.to ?? "?"))" + quoted(d.comment)
        case .return: return "returned \(w.e(d.from ?? "?")) → \(w.e(d.to ?? "?"))" + quoted(d.comment)
        case .waive: return "waived \(w.e(d.control ?? "")) until \(d.until?.description ?? "?")" + quoted(d.reason)
        case .halt: return "HALTED" + quoted(d.reason)
        case .resume: return "resumed" + quoted(d.reason)
        case .change:
            return "\(d.kind?.rawValue ?? "") change, back to \(w.e(d.to ?? "?"))" + quoted(d.summary)
        case .park: return "parked, review \(d.review?.description ?? "?")" + quoted(d.reason)
        case .unpark: return "unparked" + quoted(d.reason)
        case .retire: return "retired" + quoted(d.reason)
        case .comment: return "commented" + quoted(d.comment ?? d.note)
        case .escalate: return "escalated to \(w.person(d.person ?? ""))" + quoted(d.reason)
        case .review: return "production review done" + quoted(d.comment)
        case .conflict: return "sync conflict resolved" + quoted(d.reason ?? d.note ?? d.comment)
        case .standup: return "stand-up held"
        case .incidentOpen, .incidentAck, .incidentNote, .incidentAssign, .incidentResolve, .incidentReport, .incidentReview:
            return w.e(IncidentWords.phrase(e, person: w.person)) + quoted(IncidentWords.text(e))
        case .monitor: return w.e(MonitorWords.phrase(e)) + (e.details.sampleAt.map { " at \(Timestamp.format($0))" } ?? "")
        case .signing: return "signing switched on: decisions from here on are signed" + quoted(d.summary)
        case .screen:
            return "screened: " + (d.answers ?? [:]).sorted { $0.key < $1.key }.map { "\(w.e($0.key)) \(w.e($0.value))" }.joined(separator: ", ")
        case .tierOverride:
            return "tier override: \(w.e(d.tier ?? "?")) accepted below the proposed \(w.e(d.proposed ?? "?"))" + quoted(d.reason)
        case .delegate:
            return "delegated \(w.role(d.role ?? "").lowercased()) to \(w.person(d.person ?? "")) from \(d.start?.description ?? "?") until \(d.until?.description ?? "?")"
        case .delegateCancel:
            let n = d.events?.count ?? 0
            return "cancelled \(n == 1 ? "a delegation" : "\(n) delegations")" + (d.person.map { " to \(w.person($0))" } ?? "")
        }
    }

    /// " for Omar Haddad (delegation from 2026-12-20)" on a decision made under a delegation.
    static func onBehalf(_ d: EventDetails, _ w: BoardWords) -> String {
        guard let p = d.onBehalfOf else { return "" }
        return " for " + w.person(p) + (d.delegation.flatMap { w.policy.delegations.delegation($0) }.map { " (delegation from \($0.start))" } ?? "")
    }
}
