import Foundation
import GateboardCore

/// Writes JSON text: keys in the order given (callers sort them), no escaped slashes,
/// control and invisible characters escaped so a line is safe to `cat`.
struct JSONWriter {
    var out: [UInt8] = []

    init() { out.reserveCapacity(512) }

    mutating func string(_ s: String) { JSONString.write(s, to: &out, escaping: TerminalSafe.escapedInFiles) }

    mutating func bool(_ b: Bool) { out.append(contentsOf: (b ? "true" : "false").utf8) }

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
