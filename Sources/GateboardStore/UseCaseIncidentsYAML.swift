import Foundation
import GateboardCore
import Yams

/// The `incidents:` block of a use case file (written only when there are incidents, so files
/// of use cases without any are byte for byte as before): one record per incident in the order
/// opened, fields in a fixed order, absent ones left out, notes as a nested list.
extension UseCaseEmitter {
    static let incidentKeys = ["number", "severity", "summary", "openedBy", "openedAt", "owner", "ackDue", "resolveDue",
                               "serious", "reportDue", "halted", "ackedBy", "ackedAt", "resolvedBy", "resolvedAt",
                               "rootCause", "correctiveAction", "change", "reportedBy", "reportedAt", "reportRef",
                               "reviewedBy", "reviewedAt", "reviewNote", "notes"]

    static func incidentsYAML(_ incidents: [Incident]) -> String {
        let t = YAMLScalar.text, ts = { (d: Date) in YAMLScalar.text(Timestamp.format(d)) }
        var o = "incidents:\n"
        for i in incidents {
            let fields: [(String, String?)] = [
                ("number", String(i.number)), ("severity", String(i.severity)), ("summary", t(i.summary)),
                ("openedBy", t(i.openedBy)), ("openedAt", ts(i.openedAt)), ("owner", t(i.owner)),
                ("ackDue", ts(i.ackDue)), ("resolveDue", ts(i.resolveDue)), ("serious", i.serious.map { t($0.rawValue) }),
                ("reportDue", i.reportDue.map(ts)), ("halted", i.halted ? "true" : nil),
                ("ackedBy", i.ackedBy.map(t)), ("ackedAt", i.ackedAt.map(ts)),
                ("resolvedBy", i.resolvedBy.map(t)), ("resolvedAt", i.resolvedAt.map(ts)),
                ("rootCause", i.rootCause.map(t)), ("correctiveAction", i.correctiveAction.map(t)),
                ("change", i.change.map { t($0.rawValue) }),
                ("reportedBy", i.reportedBy.map(t)), ("reportedAt", i.reportedAt.map(ts)), ("reportRef", i.reportRef.map(t)),
                ("reviewedBy", i.reviewedBy.map(t)), ("reviewedAt", i.reviewedAt.map(ts)), ("reviewNote", i.reviewNote.map(t)),
            ]
            var first = true
            for (k, v) in fields {
                guard let v else { continue }
                o += (first ? "  - " : "    ") + k + ": " + v + "\n"
                first = false
            }
            if !i.notes.isEmpty {
                o += "    notes:\n"
                for n in i.notes {
                    o += "      - by: " + t(n.by) + "\n        at: " + ts(n.at) + "\n        text: " + t(n.text) + "\n"
                }
            }
        }
        return o
    }
}

extension UseCaseParser {
    static func incidents(_ r: NodeReader, _ check: PolicyRefs, _ node: Node) -> [Incident] {
        let required = ["number", "severity", "summary", "openedBy", "openedAt", "owner", "ackDue", "resolveDue"]
        var out: [Incident] = []
        for f in records(r, node, "incident", UseCaseEmitter.incidentKeys, required, { $0 }) {
            func date(_ k: String) -> Date? { f[k].flatMap { r.date($0, "incidents.\(k)") } }
            func text(_ k: String) -> String? { f[k].flatMap { r.string($0, "incidents.\(k)") } }
            func person(_ k: String) -> PersonID? { f[k] == nil ? nil : check.personField(f, k) }
            let number = r.int(f["number"]!, "incidents.number", min: 1) ?? 0
            if number != out.count + 1 {
                r.problem(f["number"], "incidents.number: expected \(out.count + 1) (incidents are numbered in the order opened), found \(number)")
            }
            var i = Incident(number: number, severity: r.int(f["severity"]!, "incidents.severity", range: IncidentRules.severities) ?? 1,
                             summary: text("summary") ?? "", openedBy: person("openedBy") ?? "", openedAt: date("openedAt") ?? .distantPast,
                             owner: person("owner") ?? "", ackDue: date("ackDue") ?? .distantPast, resolveDue: date("resolveDue") ?? .distantPast)
            if let n = f["serious"], let s = r.string(n, "incidents.serious") {
                if let k = SeriousKind(rawValue: s) { i.serious = k } else { r.problem(n, "incidents.serious: expected general, widespread or death") }
            }
            i.reportDue = date("reportDue")
            if let n = f["halted"] { i.halted = r.bool(n, "incidents.halted") ?? false }
            i.ackedBy = person("ackedBy"); i.ackedAt = date("ackedAt")
            i.resolvedBy = person("resolvedBy"); i.resolvedAt = date("resolvedAt")
            i.rootCause = text("rootCause"); i.correctiveAction = text("correctiveAction")
            if let n = f["change"], let s = r.string(n, "incidents.change") {
                if let k = ChangeKind(rawValue: s) { i.change = k } else { r.problem(n, "incidents.change: expected model, prompt, policy or data") }
            }
            i.reportedBy = person("reportedBy"); i.reportedAt = date("reportedAt"); i.reportRef = text("reportRef")
            i.reviewedBy = person("reviewedBy"); i.reviewedAt = date("reviewedAt"); i.reviewNote = text("reviewNote")
            if let n = f["notes"] {
                i.notes = records(r, n, "incident note", ["by", "at", "text"], ["by", "at", "text"]) { a in
                    IncidentNote(by: check.personField(a, "by"), at: r.date(a["at"]!, "at") ?? .distantPast, text: r.string(a["text"]!, "text") ?? "")
                }
            }
            out.append(i)
        }
        return out
    }
}

/// The `monitors:` block: each monitor's recorded level (written only when a transition was
/// recorded, so files of use cases without any are as before).
extension UseCaseEmitter {
    static let monitorKeys = ["level", "since", "value", "breaches", "pending", "pendingSince"]

    static func monitorsYAML(_ monitors: [String: MonitorStatus]) -> String {
        let ts = { (d: Date) in YAMLScalar.text(Timestamp.format(d)) }
        var o = "monitors:\n"
        for name in monitors.keys.sorted() {
            let s = monitors[name]!
            o += "  " + YAMLScalar.key(name) + ":\n"
            o += "    level: " + s.level.rawValue + "\n"
            o += "    since: " + ts(s.since) + "\n"
            if let v = s.value { o += "    value: " + MonitorNumber.text(v) + "\n" }
            if s.breaches > 0 { o += "    breaches: \(s.breaches)\n" }
            if let p = s.pending { o += "    pending: " + p.rawValue + "\n" }
            if let p = s.pendingSince { o += "    pendingSince: " + ts(p) + "\n" }
        }
        return o
    }
}

extension UseCaseParser {
    static func monitors(_ r: NodeReader, _ node: Node) -> [String: MonitorStatus] {
        var out: [String: MonitorStatus] = [:]
        for (name, _, value) in r.keyed(node, "monitors") ?? [] {
            guard let f = r.mapping(value, "monitors.\(name)", known: UseCaseEmitter.monitorKeys, required: ["level", "since"]),
                  let levelNode = f["level"], let sinceNode = f["since"] else { continue }
            var level = MonitorLevel.ok
            if let t = r.string(levelNode, "monitors.\(name).level") {
                if let l = MonitorLevel(rawValue: t) { level = l } else { r.problem(levelNode, "monitors.\(name).level: expected ok, warn, breach or silent") }
            }
            var s = MonitorStatus(level: level, since: r.date(sinceNode, "monitors.\(name).since") ?? .distantPast,
                                  value: f["value"].flatMap { r.double($0, "monitors.\(name).value") })
            s.breaches = f["breaches"].flatMap { r.int($0, "monitors.\(name).breaches", min: 0) } ?? 0
            if let n = f["pending"], let t = r.string(n, "monitors.\(name).pending") {
                if let p = BreachTrigger(rawValue: t) { s.pending = p } else { r.problem(n, "monitors.\(name).pending: expected incident, review, retrain or halt-request") }
            }
            s.pendingSince = f["pendingSince"].flatMap { r.date($0, "monitors.\(name).pendingSince") }
            out[name] = s
        }
        return out
    }
}

/// Monitor states in the binary cache.
extension UseCaseBinary {
    static func writeMonitors(_ monitors: [String: MonitorStatus], _ w: inout BinaryWriter) {
        w.list(monitors.keys.sorted()) { w, name in
            let s = monitors[name]!
            w.string(name); w.string(s.level.rawValue); w.date(s.since)
            w.optional(s.value) { $0.u64($1.bitPattern) }
            w.int(s.breaches); w.optional(s.pending) { $0.string($1.rawValue) }; w.optional(s.pendingSince) { $0.date($1) }
        }
    }

    static func readMonitors(_ r: inout BinaryReader) throws(BinaryFormatError) -> [String: MonitorStatus] {
        let items = try r.list { (r: inout BinaryReader) throws(BinaryFormatError) -> (String, MonitorStatus) in
            let name = try r.string()
            guard let level = MonitorLevel(rawValue: try r.string()) else { throw BinaryFormatError() }
            var s = MonitorStatus(level: level, since: try r.date(),
                                  value: try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in Double(bitPattern: try r.u64()) })
            s.breaches = try r.int()
            s.pending = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() }.flatMap(BreachTrigger.init(rawValue:))
            s.pendingSince = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.date() }
            return (name, s)
        }
        return Dictionary(items, uniquingKeysWith: { a, _ in a })
    }
}
