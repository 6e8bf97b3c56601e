import Foundation

/// The report's production operations: incidents opened per month, the time to acknowledge
/// and to resolve by severity (in hours: median and p90 as `DayDistribution` computes them,
/// over incidents acknowledged / resolved), open incidents, and breaches per use case (from
/// the recorded transitions into breach).
public struct OperationsReport: Equatable, Sendable {
    public struct Month: Equatable, Sendable {
        public var month: String
        public var opened: Int
        public var resolved: Int
    }
    public struct BySeverity: Equatable, Sendable {
        public var severity: Int
        public var incidents: Int
        public var hoursToAck: DayDistribution
        public var hoursToResolve: DayDistribution
    }
    public struct Breaches: Equatable, Sendable {
        public var id: UseCaseID
        public var title: String
        public var breaches: Int
        /// Monitors in breach now.
        public var inBreach: [String]
    }

    public var incidents: Int
    public var open: Int
    public var months: [Month]
    public var bySeverity: [BySeverity]
    /// Use cases with at least one breach, most first.
    public var breaches: [Breaches]

    public static func compute(_ useCases: [UseCase]) -> OperationsReport {
        var months: [String: Month] = [:]
        var all: [Incident] = []
        for uc in useCases {
            for i in uc.incidents {
                all.append(i)
                let m = PortfolioReport.monthKey(i.openedAt)
                months[m, default: Month(month: m, opened: 0, resolved: 0)].opened += 1
                if let r = i.resolvedAt {
                    let rm = PortfolioReport.monthKey(r)
                    months[rm, default: Month(month: rm, opened: 0, resolved: 0)].resolved += 1
                }
            }
        }
        func hours(_ from: Date, _ to: Date?) -> Int? { to.map { max(0, Int(($0.timeIntervalSince(from) / 3600).rounded())) } }
        let bySeverity = IncidentRules.severities.compactMap { sev -> BySeverity? in
            let these = all.filter { $0.severity == sev }
            guard !these.isEmpty else { return nil }
            return BySeverity(severity: sev, incidents: these.count,
                              hoursToAck: DayDistribution(these.compactMap { hours($0.openedAt, $0.ackedAt) }),
                              hoursToResolve: DayDistribution(these.compactMap { hours($0.openedAt, $0.resolvedAt) }))
        }
        let breaches = useCases.compactMap { uc -> Breaches? in
            let n = uc.monitors.values.reduce(0) { $0 + $1.breaches }
            guard n > 0 else { return nil }
            return Breaches(id: uc.id, title: uc.title, breaches: n,
                            inBreach: uc.monitors.filter { $0.value.level == .breach }.keys.sorted())
        }.sorted { ($0.breaches, $1.id) > ($1.breaches, $0.id) }
        return OperationsReport(incidents: all.count, open: all.filter(\.isOpen).count,
                                months: months.values.sorted { $0.month < $1.month }, bySeverity: bySeverity, breaches: breaches)
    }
}
