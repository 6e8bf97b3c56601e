import Foundation
import GateboardCore

/// A monitor as the policy declares it (`policy --json`): `{name, direction: above|below, warn,
/// breach, staleAfterDays, onBreach, severity, tiers, useCases}`.
package struct MonitorRuleJSON: Encodable {
    package var name: String
    package var direction: String
    package var warn: Double
    package var breach: Double
    package var staleAfterDays: Int
    package var onBreach: String
    /// `onBreach: incident`: the incident's severity.
    package var severity: Int?
    package var tiers: [String]
    package var useCases: [String]

    package init(_ m: MonitorRule) {
        name = m.name; direction = m.direction.rawValue; warn = m.warn; breach = m.breach
        staleAfterDays = m.staleAfterDays; onBreach = m.onBreach.rawValue
        severity = m.onBreach == .incident ? m.severity : nil
        tiers = m.tiers; useCases = m.useCases
    }
}

/// A monitor on one use case (`show --json`): the rule's fields plus `level` (ok, warn,
/// breach, silent — silent when its newest sample is older than staleAfterDays), `value`,
/// `at` and `source` of the latest sample kept, `since` (the recorded transition), `breaches`,
/// and `pending` (a breach's review, retrain or halt-request not yet acted on).
package struct UseCaseMonitorJSON: Encodable {
    package var name: String
    package var direction: String
    package var warn: Double
    package var breach: Double
    package var staleAfterDays: Int
    package var onBreach: String
    package var level: String
    package var value: Double?
    package var at: String?
    package var source: String?
    package var since: String?
    package var breaches: Int
    package var pending: String?

    package init(_ m: MonitorRule, uc: UseCase, latest: LatestSample?, now: Date) {
        let s = uc.monitors[m.name]
        name = m.name; direction = m.direction.rawValue; warn = m.warn; breach = m.breach
        staleAfterDays = m.staleAfterDays; onBreach = m.onBreach.rawValue
        level = SignalDecider.level(m, on: uc, latest: latest, now: now).rawValue
        value = latest?.value ?? s?.value
        at = (latest?.at ?? s?.since).map(Timestamp.format)
        source = latest?.source
        since = s.map { Timestamp.format($0.since) }
        breaches = s?.breaches ?? 0
        pending = s?.pending?.rawValue
    }
}

/// `policy --json`: the incident rules.
package struct IncidentRulesJSON: Encodable {
    package var ackHours: [String: Int]
    package var resolveHours: [String: Int]
    package var reportDays: [String: Int]
    package var haltOnSeverity1: Bool
    package init(_ r: IncidentRules) {
        ackHours = Dictionary(uniqueKeysWithValues: r.ackHours.map { (String($0.key), $0.value) })
        resolveHours = Dictionary(uniqueKeysWithValues: r.resolveHours.map { (String($0.key), $0.value) })
        reportDays = Dictionary(uniqueKeysWithValues: r.reportDays.map { ($0.key.rawValue, $0.value) })
        haltOnSeverity1 = r.haltOnSeverity1
    }
}

/// `show`: the monitors of a use case in production, one line each.
package enum MonitorText {
    package static func lines(_ uc: UseCase, policy: Policy, latest: [String: LatestSample], now: Date, words w: BoardWords) -> [String] {
        let rules = policy.monitors(for: uc)
        guard !rules.isEmpty, uc.stage == policy.productionStage else { return [] }
        var out = ["", "Monitors"]
        for m in rules {
            let j = UseCaseMonitorJSON(m, uc: uc, latest: latest[m.name], now: now)
            var line = "  \(w.e(m.name)): \(j.level.uppercased() == "OK" ? "ok" : j.level.uppercased())"
            if let v = j.value, let at = j.at { line += ", last \(MonitorNumber.text(v)) at \(at)" } else { line += ", no sample yet" }
            line += " (\(m.direction.rawValue): warn \(MonitorNumber.text(m.warn)), breach \(MonitorNumber.text(m.breach)); silent after \(m.staleAfterDays)d; on breach \(m.onBreach.rawValue))"
            if let p = j.pending { line += " — \(p) pending" }
            out.append(line)
        }
        return out
    }
}
