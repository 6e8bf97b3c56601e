import Foundation
import GateboardCore
import Yams

extension PolicyRanges {
    /// `incidents.ackHours` per severity: at most a year.
    public static let incidentAckHours = 1...8760
    /// `incidents.resolveHours` per severity: at most ten years.
    public static let incidentResolveHours = 1...87600
    /// `incidents.reportDays` per serious kind: at most a year.
    public static let incidentReportDays = 1...365
}

extension PolicyParser {
    /// `incidents: {haltOnSeverity1, ackHours: {1: H, …}, resolveHours: {…}, reportDays: {general, widespread, death}}`;
    /// what is left out keeps its default.
    static func parseIncidents(_ r: NodeReader, _ node: Node) -> IncidentRules {
        var rules = IncidentRules()
        guard let f = r.mapping(node, "incidents", known: ["haltOnSeverity1", "ackHours", "resolveHours", "reportDays"]) else { return rules }
        if let n = f["haltOnSeverity1"], let b = r.bool(n, "incidents.haltOnSeverity1") { rules.haltOnSeverity1 = b }
        func perSeverity(_ key: String, _ range: ClosedRange<Int>, _ into: inout [Int: Int]) {
            guard let n = f[key], let pairs = r.keyed(n, "incidents.\(key)") else { return }
            for (k, keyNode, value) in pairs {
                guard let sev = Int(k), IncidentRules.severities.contains(sev) else {
                    r.problem(keyNode, "incidents.\(key): '\(TerminalSafe.escape(k))' is not a severity (1, 2, 3 or 4)")
                    continue
                }
                if let v = r.int(value, "incidents.\(key).\(sev)", range: range) { into[sev] = v }
            }
        }
        perSeverity("ackHours", PolicyRanges.incidentAckHours, &rules.ackHours)
        perSeverity("resolveHours", PolicyRanges.incidentResolveHours, &rules.resolveHours)
        if let n = f["reportDays"], let pairs = r.keyed(n, "incidents.reportDays") {
            for (k, keyNode, value) in pairs {
                guard let kind = SeriousKind(rawValue: k) else {
                    r.problem(keyNode, "incidents.reportDays: '\(TerminalSafe.escape(k))' is not general, widespread or death")
                    continue
                }
                if let v = r.int(value, "incidents.reportDays.\(k)", range: PolicyRanges.incidentReportDays) { rules.reportDays[kind] = v }
            }
        }
        for s in IncidentRules.severities where (rules.resolveHours[s] ?? 0) < (rules.ackHours[s] ?? 0) {
            r.problem(f["resolveHours"] ?? f["ackHours"], "incidents: severity \(s) must be resolved no sooner than acknowledged (resolveHours ≥ ackHours)")
        }
        return rules
    }
}

extension PolicyRanges {
    /// A monitor's `staleAfterDays`: at most a year.
    public static let monitorStaleDays = 1...365
}

extension PolicyParser {
    static let monitorKeys = ["name", "tiers", "useCases", "direction", "warn", "breach", "staleAfterDays", "onBreach", "severity"]

    /// `monitors: [{name, tiers: [...] | useCases: [...], direction: above|below, warn, breach,
    /// staleAfterDays, onBreach: incident|review|retrain|halt-request, severity?}]`.
    static func parseMonitors(_ r: NodeReader, _ node: Node, _ refs: inout References) -> [MonitorRule] {
        guard let items = r.list(node, "monitors") else { return [] }
        var out: [MonitorRule] = []
        var seen = Set<String>()
        for item in items {
            guard let f = r.mapping(item, "monitor", known: monitorKeys,
                                    required: ["name", "direction", "warn", "breach", "staleAfterDays", "onBreach"]),
                  let nameNode = f["name"], let name = r.string(nameNode, "monitors.name", allowEmpty: false) else { continue }
            if !PolicyRanges.isValidID(name) {
                r.problem(nameNode, "monitors.name: '\(TerminalSafe.escape(name))' must be \(PolicyRanges.idRule)")
            }
            let ctx = "monitors.\(name)"
            var tiers: [TierID] = []
            if let n = f["tiers"] {
                for (t, tn) in r.strings(n, "\(ctx).tiers") ?? [] { tiers.append(t); refs.tier(t, tn, "\(ctx).tiers") }
            }
            var useCases: [UseCaseID] = []
            if let n = f["useCases"] {
                for (u, un) in r.strings(n, "\(ctx).useCases") ?? [] {
                    if UseCaseParser.isValidID(u) { useCases.append(u) } else { r.problem(un, "\(ctx).useCases: '\(TerminalSafe.escape(u))' is not a use case id (like UC-0007)") }
                }
            }
            if tiers.isEmpty && useCases.isEmpty {
                r.problem(nameNode, "\(ctx): say which use cases carry it (tiers: [...] or useCases: [...])")
            }
            for scope in tiers.map({ "tier " + $0 }) + useCases {
                if !seen.insert(name + "\u{0}" + scope).inserted { r.problem(nameNode, "\(ctx): declared twice for \(scope)") }
            }
            var direction = MonitorDirection.above
            if let n = f["direction"], let t = r.string(n, "\(ctx).direction") {
                if let d = MonitorDirection(rawValue: t) { direction = d } else { r.problem(n, "\(ctx).direction: expected above or below") }
            }
            var trigger = BreachTrigger.review
            if let n = f["onBreach"], let t = r.string(n, "\(ctx).onBreach") {
                if let b = BreachTrigger(rawValue: t) { trigger = b } else { r.problem(n, "\(ctx).onBreach: expected incident, review, retrain or halt-request") }
            }
            let warn = f["warn"].flatMap { r.double($0, "\(ctx).warn") } ?? 0
            let breach = f["breach"].flatMap { r.double($0, "\(ctx).breach") } ?? 0
            if direction == .above && breach < warn || direction == .below && breach > warn {
                r.problem(f["breach"], "\(ctx): with direction \(direction.rawValue) the breach threshold must be \(direction == .above ? "at or above" : "at or below") warn (\(MonitorNumber.text(warn)))")
            }
            let stale = f["staleAfterDays"].flatMap { r.int($0, "\(ctx).staleAfterDays", range: PolicyRanges.monitorStaleDays) } ?? 7
            let severity = f["severity"].flatMap { r.int($0, "\(ctx).severity", range: IncidentRules.severities) } ?? 2
            out.append(MonitorRule(name: name, tiers: tiers, useCases: useCases, direction: direction, warn: warn, breach: breach,
                                   staleAfterDays: stale, onBreach: trigger, severity: severity))
        }
        return out
    }
}
