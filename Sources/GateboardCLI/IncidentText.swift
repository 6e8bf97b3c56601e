import Foundation
import GateboardCore

/// `show`: the incidents of a use case, each with its timeline.
package enum IncidentText {
    package static func lines(_ uc: UseCase, now: Date, words w: BoardWords) -> [String] {
        guard !uc.incidents.isEmpty else { return [] }
        var out = ["", "Incidents"]
        let ts = { (d: Date) in BoardWords.day(d) + " " + String(Timestamp.format(d).dropFirst(11).prefix(5)) }
        for i in uc.incidents.reversed() {
            var head = "  \(w.e(i.id(on: uc.id))) severity \(i.severity)"
            if let k = i.serious { head += ", SERIOUS (\(k.rawValue))" }
            head += i.isOpen ? (i.isAcked ? ", acknowledged" : ", OPEN") : ", resolved"
            head += ", owner \(w.person(i.owner)): \(w.e(i.summary))"
            out.append(head)
            if i.isOpen {
                var due = i.isAcked ? "resolve by \(ts(i.resolveDue))" : "acknowledge by \(ts(i.ackDue))"
                if i.ackOverdue(at: now) || i.resolveOverdue(at: now) { due += " — OVERDUE" }
                out.append("    " + due)
            }
            if let r = i.reportDue {
                out.append("    " + (i.reportedAt.map { "reported \(ts($0)): \(w.e(i.reportRef ?? ""))" }
                                     ?? "report to the authority by \(ts(r))" + (now > r ? " — OVERDUE" : "")))
            }
            var timeline: [(Date, String)] = [(i.openedAt, "opened by \(w.person(i.openedBy))" + (i.halted ? ", halting it" : ""))]
            if let a = i.ackedAt { timeline.append((a, "acknowledged by \(w.person(i.ackedBy ?? "?"))")) }
            for n in i.notes { timeline.append((n.at, "\(w.person(n.by)): \(w.e(n.text))")) }
            if let r = i.resolvedAt {
                timeline.append((r, "resolved by \(w.person(i.resolvedBy ?? "?")): root cause \(w.e(i.rootCause ?? "")); action \(w.e(i.correctiveAction ?? ""))"
                                 + (i.change.map { " (\($0.rawValue) change)" } ?? "")))
            }
            if let r = i.reviewedAt { timeline.append((r, "post-incident review by \(w.person(i.reviewedBy ?? "?")): \(w.e(i.reviewNote ?? ""))")) }
            for (at, text) in timeline.sorted(by: { $0.0 < $1.0 }) { out.append("    \(ts(at))  \(text)") }
        }
        return out
    }
}
