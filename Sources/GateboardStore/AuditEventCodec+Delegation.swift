import Foundation
import GateboardCore

/// The delegation fields of `details`: `for` (the delegator a decision was made for),
/// `delegation` (the id of the `delegate` event it was made under) and `start` (a delegation's
/// first day). Each is written only when set, so no line written before delegation changes.
extension AuditEventCodec {
    static func encodeDelegationDetails(_ d: EventDetails, _ f: inout [(String, (inout JSONWriter) -> Void)]) {
        if let p = d.onBehalfOf { f.append(("for", { $0.string(p) })) }
        if let id = d.delegation { f.append(("delegation", { $0.string(id) })) }
        if let day = d.start { f.append(("start", { $0.string(day.description) })) }
    }

    /// Reads one delegation field into `d`; false when `key` is not one.
    static func decodeDelegationDetail(_ key: String, _ value: JSONValue, _ d: inout EventDetails) throws(DecodeError) -> Bool {
        func text() throws(DecodeError) -> String {
            guard let s = value.string else { throw DecodeError(message: "details.\(key) is not text") }
            return s
        }
        switch key {
        case "for": d.onBehalfOf = try text()
        case "delegation": d.delegation = try text()
        case "start":
            guard let day = Day(try text()) else { throw DecodeError(message: "details.start is not a date") }
            d.start = day
        default: return false
        }
        return true
    }
}
