import Foundation
import GateboardCore

/// JSON on stdout: pretty-printed, keys sorted, so output is stable for scripts and diffs.
/// Board text goes out exactly as stored (JSON escaping makes it safe).
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let text = String(decoding: try encoder.encode(value), as: UTF8.self)
            // Foundation on Linux prints empty collections as "[\n\n  ]"; JSON strings never hold a
            // raw newline, so collapsing those is safe.
            return text.replacingOccurrences(of: #"\[\n\n *\]"#, with: "[]", options: .regularExpression)
                .replacingOccurrences(of: #"\{\n\n *\}"#, with: "{}", options: .regularExpression)
        } catch {
            // Every value printed is a plain struct of strings and numbers: unreachable.
            return "{\"ok\": false, \"code\": \"io\", \"message\": \"cannot encode JSON: \(error)\"}"
        }
    }

    static func print<T: Encodable>(_ value: T) {
        Swift.print(encode(value))
    }
}

struct BlockerJSON: Encodable, Equatable {
    var kind: String
    var message: String
    var role: String?
    var control: String?
    var field: String?
    var person: String?

    init(_ b: Blocker) {
        kind = b.kind.rawValue
        message = b.message
        role = b.role
        control = b.control
        field = b.field
        person = b.person
    }
}

struct FailureJSON: Encodable {
    var ok: Bool
    var code: String
    var message: String
    var blockers: [BlockerJSON]
    var diagnostics: [DiagnosticJSON]?
}

struct DiagnosticJSON: Encodable {
    var path: String
    var line: Int?
    var column: Int?
    var message: String
}

import GateboardStore

extension DiagnosticJSON {
    init(_ d: Diagnostic) {
        self.init(path: d.path, line: d.line, column: d.column, message: d.message)
    }
}
