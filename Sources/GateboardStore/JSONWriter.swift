import Foundation
import GateboardCore

/// Writes JSON text: keys in the order given (callers sort them), no escaped slashes,
/// control and invisible characters escaped so a line is safe to `cat`.
struct JSONWriter {
    var out: [UInt8] = []

    init() { out.reserveCapacity(512) }

    mutating func raw(_ s: StaticString) { out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)) }

    mutating func string(_ s: String) {
        out.append(0x22)
        for u in s.unicodeScalars {
            switch u {
            case "\"": raw("\\\"")
            case "\\": raw("\\\\")
            case "\n": raw("\\n")
            case "\r": raw("\\r")
            case "\t": raw("\\t")
            case "\u{08}": raw("\\b")
            case "\u{0C}": raw("\\f")
            default:
                if TerminalSafe.escapedInFiles(u) {
                    if u.value > 0xFFFF {
                        let v = u.value - 0x10000
                        hexEscape(0xD800 + (v >> 10)); hexEscape(0xDC00 + (v & 0x3FF))
                    } else {
                        hexEscape(u.value)
                    }
                } else {
                    out.append(contentsOf: String(u).utf8)
                }
            }
        }
        out.append(0x22)
    }

    private mutating func hexEscape(_ v: UInt32) {
        let digits = Array("0123456789abcdef".utf8)
        out.append(contentsOf: [0x5C, 0x75, digits[Int(v >> 12 & 0xF)], digits[Int(v >> 8 & 0xF)], digits[Int(v >> 4 & 0xF)], digits[Int(v & 0xF)]])
    }

    mutating func int(_ v: Int) { out.append(contentsOf: String(v).utf8) }

    mutating func object(_ fields: [(String, (inout JSONWriter) -> Void)]) {
        out.append(0x7B)
        for (n, (key, write)) in fields.sorted(by: { $0.0 < $1.0 }).enumerated() {
            if n > 0 { out.append(0x2C) }
            string(key)
            out.append(0x3A)
            write(&self)
        }
        out.append(0x7D)
    }

    mutating func stringMap(_ m: [String: String]) {
        object(m.keys.sorted().map { k in (k, { (w: inout JSONWriter) in w.string(m[k]!) }) })
    }

    mutating func stringArray(_ a: [String]) {
        out.append(0x5B)
        for (n, s) in a.enumerated() {
            if n > 0 { out.append(0x2C) }
            string(s)
        }
        out.append(0x5D)
    }
}
