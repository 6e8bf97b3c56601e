import Foundation
import GateboardCore

/// JSON on stdout: pretty-printed, keys sorted, so output is stable for scripts and diffs.
/// Board text goes out exactly as stored (JSON escaping makes it safe).
package enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return escapingInvisibles(String(decoding: collapsingEmpty(try encoder.encode(value)), as: UTF8.self))
        } catch {
            // Every value printed is a plain struct of strings and numbers: unreachable.
            return "{\"ok\": false, \"code\": \"io\", \"message\": \"cannot encode JSON: \(error)\"}"
        }
    }

    /// JSONEncoder escapes C0 controls only. DEL, C1 controls (U+009B acts as CSI on some
    /// terminals), bidi overrides and zero-width characters would reach a terminal raw, so
    /// they are written as `\uXXXX` too: the decoded text is unchanged. They can only occur
    /// inside strings, so escaping them everywhere is safe.
    static func escapingInvisibles(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { $0.value >= 0x7F && TerminalSafe.needsEscape($0) }) else { return json }
        var out: [UInt8] = []
        out.reserveCapacity(json.utf8.count + 64)
        for u in json.unicodeScalars {
            if u.value >= 0x7F, TerminalSafe.needsEscape(u) {
                JSONString.writeUnicodeEscape(u, to: &out)
            } else {
                UTF8.encode(u) { out.append($0) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Foundation on Linux prints empty collections as "[\n\n  ]"; JSON strings never hold a
    /// raw newline, so collapsing those to "[]" and "{}" is safe. One pass over the bytes (two
    /// regular-expression replacements over a 10,000-row list took longer than encoding it).
    static func collapsingEmpty(_ data: Data) -> [UInt8] {
        let b = [UInt8](data)
        var out = [UInt8]()
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "[") || c == UInt8(ascii: "{"), i + 2 < b.count, b[i + 1] == 0x0A, b[i + 2] == 0x0A {
                var j = i + 3
                while j < b.count, b[j] == 0x20 { j += 1 }
                if j < b.count, b[j] == (c == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")) {
                    out.append(c)
                    out.append(b[j])
                    i = j + 1
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return out
    }

    package static func print<T: Encodable>(_ value: T) {
        Swift.print(encode(value))
    }
}

package struct BlockerJSON: Encodable, Equatable {
    var kind: String
    var message: String
    var role: String?
    var control: String?
    var field: String?
    var person: String?

    package init(_ b: Blocker) {
        kind = b.kind.rawValue
        message = b.message
        role = b.role
        control = b.control
        field = b.field
        person = b.person
    }
}

package struct FailureJSON: Encodable {
    var ok: Bool
    var code: String
    var message: String
    var blockers: [BlockerJSON]
    var diagnostics: [DiagnosticJSON]?

    package init(ok: Bool, code: String, message: String, blockers: [BlockerJSON], diagnostics: [DiagnosticJSON]? = nil) {
        self.ok = ok
        self.code = code
        self.message = message
        self.blockers = blockers
        self.diagnostics = diagnostics
    }
}

package struct DiagnosticJSON: Encodable {
    var path: String
    var line: Int?
    var column: Int?
    var message: String
}

import GateboardStore

extension DiagnosticJSON {
    package init(_ d: Diagnostic) {
        self.init(path: d.path, line: d.line, column: d.column, message: d.message)
    }
}
