import Foundation
import GateboardCore

/// The incident and monitor fields of `details` (monitor: `monitor`, `level`, `value`, `sampleAt`, `trigger`): `incident` and `severity` (numbers), `serious` (general,
/// widespread, death), `ackDue`, `resolveDue`, `reportDue`, `openedAt` (timestamps; `openedAt` names the incident a later act is on), `halt` (true when
/// opening the incident halted the use case), `rootCause`, `correctiveAction`. Each is written
/// only when set, so no line written before incidents existed changes.
extension AuditEventCodec {
    static func encodeIncidentDetails(_ d: EventDetails, _ f: inout [(String, (inout JSONWriter) -> Void)]) {
        if let n = d.incident { f.append(("incident", { $0.int(n) })) }
        if let n = d.severity { f.append(("severity", { $0.int(n) })) }
        if let s = d.serious { f.append(("serious", { $0.string(s.rawValue) })) }
        for (k, v) in [("ackDue", d.ackDue), ("resolveDue", d.resolveDue), ("reportDue", d.reportDue), ("openedAt", d.openedAt)] {
            if let v { f.append((k, { $0.string(Timestamp.format(v)) })) }
        }
        if let h = d.halt { f.append(("halt", { $0.bool(h) })) }
        if let s = d.rootCause { f.append(("rootCause", { $0.string(s) })) }
        if let s = d.correctiveAction { f.append(("correctiveAction", { $0.string(s) })) }
        if let s = d.monitor { f.append(("monitor", { $0.string(s) })) }
        if let l = d.level { f.append(("level", { $0.string(l.rawValue) })) }
        if let v = d.value { f.append(("value", { $0.out.append(contentsOf: MonitorNumber.text(v).utf8) })) }
        if let t = d.sampleAt { f.append(("sampleAt", { $0.string(Timestamp.format(t)) })) }
        if let t = d.trigger { f.append(("trigger", { $0.string(t.rawValue) })) }
    }

    /// Reads one incident field into `d`; false when `key` is not one.
    static func decodeIncidentDetail(_ key: String, _ value: JSONValue, _ d: inout EventDetails) throws(DecodeError) -> Bool {
        func text() throws(DecodeError) -> String {
            guard let s = value.string else { throw DecodeError(message: "details.\(key) is not text") }
            return s
        }
        func number() throws(DecodeError) -> Int {
            guard let n = value.int, n >= 1, n <= 1_000_000 else { throw DecodeError(message: "details.\(key) is not a positive whole number") }
            return n
        }
        func time() throws(DecodeError) -> Date {
            guard let t = Timestamp.parse(try text()) else { throw DecodeError(message: "details.\(key) is not a timestamp") }
            return t
        }
        switch key {
        case "incident": d.incident = try number()
        case "severity": d.severity = try number()
        case "serious":
            guard let k = SeriousKind(rawValue: try text()) else { throw DecodeError(message: "details.serious is not general, widespread or death") }
            d.serious = k
        case "ackDue": d.ackDue = try time()
        case "resolveDue": d.resolveDue = try time()
        case "reportDue": d.reportDue = try time()
        case "openedAt": d.openedAt = try time()
        case "halt":
            guard case .bool(let b) = value else { throw DecodeError(message: "details.halt is not true or false") }
            d.halt = b
        case "rootCause": d.rootCause = try text()
        case "correctiveAction": d.correctiveAction = try text()
        case "monitor": d.monitor = try text()
        case "level":
            guard let l = MonitorLevel(rawValue: try text()) else { throw DecodeError(message: "details.level is not ok, warn, breach or silent") }
            d.level = l
        case "value":
            switch value {
            case .int(let i): d.value = Double(i)
            case .double(let v) where v.isFinite: d.value = v
            default: throw DecodeError(message: "details.value is not a finite number")
            }
        case "sampleAt": d.sampleAt = try time()
        case "trigger":
            guard let t = BreachTrigger(rawValue: try text()) else { throw DecodeError(message: "details.trigger is not incident, review, retrain or halt-request") }
            d.trigger = t
        default: return false
        }
        return true
    }
}
