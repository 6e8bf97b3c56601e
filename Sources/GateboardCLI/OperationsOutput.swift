import Foundation
import GateboardCore

/// `report --json`: `operations: {incidents, open, months: [{month, opened, resolved}],
/// bySeverity: [{severity, incidents, hoursToAck: {count, median, p90}, hoursToResolve}],
/// breaches: [{id, title, breaches, inBreach}]}`.
package struct OperationsJSON: Encodable {
    package struct Month: Encodable { var month: String; var opened: Int; var resolved: Int }
    package struct Hours: Encodable {
        var count: Int
        var median: Double?
        var p90: Int?
        init(_ d: DayDistribution) { count = d.count; median = d.median; p90 = d.p90 }
    }
    package struct Severity: Encodable { var severity: Int; var incidents: Int; var hoursToAck: Hours; var hoursToResolve: Hours }
    package struct Breaches: Encodable { var id: String; var title: String; var breaches: Int; var inBreach: [String] }
    package var incidents: Int
    package var open: Int
    package var months: [Month]
    package var bySeverity: [Severity]
    package var breaches: [Breaches]

    package init(_ r: OperationsReport) {
        incidents = r.incidents
        open = r.open
        months = r.months.map { Month(month: $0.month, opened: $0.opened, resolved: $0.resolved) }
        bySeverity = r.bySeverity.map { Severity(severity: $0.severity, incidents: $0.incidents, hoursToAck: Hours($0.hoursToAck), hoursToResolve: Hours($0.hoursToResolve)) }
        breaches = r.breaches.map { Breaches(id: $0.id, title: $0.title, breaches: $0.breaches, inBreach: $0.inBreach) }
    }
}

/// The report's "Production operations" section (left out when there were no incidents and no breaches).
package enum OperationsText {
    package static func lines(_ r: OperationsReport, words w: BoardWords, markdown: Bool) -> [String] {
        guard r.incidents > 0 || !r.breaches.isEmpty else { return [] }
        let h = markdown ? "## " : ""
        let bullet = markdown ? "- " : "  "
        func dist(_ d: DayDistribution) -> String {
            guard let m = d.median, let p = d.p90 else { return "-" }
            return "median \(m == m.rounded() ? String(Int(m)) : String(m))h, p90 \(p)h (\(d.count))"
        }
        var out = ["", h + "Production operations", ""]
        out.append(bullet + "Incidents: \(r.incidents), open \(r.open)")
        for m in r.months { out.append(bullet + "\(m.month): \(m.opened) opened, \(m.resolved) resolved") }
        for s in r.bySeverity {
            out.append(bullet + "Severity \(s.severity) (\(s.incidents)): to acknowledge \(dist(s.hoursToAck)); to resolve \(dist(s.hoursToResolve))")
        }
        for b in r.breaches {
            out.append(bullet + "\(w.e(b.id)) \(w.e(b.title)): \(BoardWords.plural(b.breaches, "breach"))"
                       + (b.inBreach.isEmpty ? "" : ", in breach now: \(b.inBreach.joined(separator: ", "))"))
        }
        return out
    }
}
