import Foundation
import GateboardCore

/// The inventory fields of `details` (`edit`): `fields` — an object of field id → text or list
/// of texts (an empty one clears the field) — and `template`, the template applied. Each is
/// written only when set, so no line written before fields existed changes.
extension AuditEventCodec {
    static func encodeFieldDetails(_ d: EventDetails, _ f: inout [(String, (inout JSONWriter) -> Void)]) {
        if let m = d.fields {
            f.append(("fields", { w in
                w.object(m.keys.sorted().map { k in
                    (k, { (w: inout JSONWriter) in
                        switch m[k]! {
                        case let .text(t): w.string(t)
                        case let .list(items): w.stringArray(items)
                        }
                    })
                })
            }))
        }
        if let t = d.template { f.append(("template", { $0.string(t) })) }
    }

    /// Reads one field detail into `d`; false when `key` is not one.
    static func decodeFieldDetail(_ key: String, _ value: JSONValue, _ d: inout EventDetails) throws(DecodeError) -> Bool {
        switch key {
        case "fields":
            guard case .object(let pairs) = value else { throw DecodeError(message: "details.fields is not an object") }
            var m: [String: FieldValue] = [:]
            for (k, v) in pairs {
                switch v {
                case .string(let s): m[k] = .text(s)
                case .array(let items):
                    var out: [String] = []
                    for item in items {
                        guard let s = item.string else { throw DecodeError(message: "details.fields.\(k) holds a non-text item") }
                        out.append(s)
                    }
                    m[k] = .list(out)
                default: throw DecodeError(message: "details.fields.\(k) is not text or a list of texts")
                }
            }
            d.fields = m
        case "template":
            guard let s = value.string else { throw DecodeError(message: "details.template is not text") }
            d.template = s
        default: return false
        }
        return true
    }
}
