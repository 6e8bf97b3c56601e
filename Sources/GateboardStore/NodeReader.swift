import Foundation
import GateboardCore
import Yams

/// Walks composed YAML nodes for one file, collecting every problem with its position
/// instead of stopping at the first.
final class NodeReader {
    let display: String
    private(set) var diagnostics: [Diagnostic] = []

    /// In file order (stable for problems at the same place).
    var sortedDiagnostics: [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let ka = (a.element.line ?? 0, a.element.column ?? 0), kb = (b.element.line ?? 0, b.element.column ?? 0)
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }

    /// The source, kept only when it escapes a BOM: Foundation drops a scalar's leading
    /// U+FEFF when Yams decodes it, so we restore it from the source text.
    private let bomSource: [Substring]?

    init(display: String, source: String? = nil) {
        self.display = display
        if let source, source.range(of: "\\uFEFF", options: .caseInsensitive) != nil || source.range(of: "\\U0000FEFF", options: .caseInsensitive) != nil {
            bomSource = source.split(separator: "\n", omittingEmptySubsequences: false)
        } else {
            bomSource = nil
        }
    }

    /// A scalar's text, exactly as written.
    func text(_ s: Node.Scalar) -> String {
        guard let lines = bomSource, s.style == .doubleQuoted, let mark = s.mark, mark.line - 1 < lines.count else { return s.string }
        let line = lines[mark.line - 1].unicodeScalars
        guard let start = line.index(line.startIndex, offsetBy: mark.column - 1, limitedBy: line.endIndex) else { return s.string }
        let rest = String(String.UnicodeScalarView(line[start...].prefix(11))).lowercased()
        if rest.hasPrefix("\"\\ufeff") || rest.hasPrefix("\"\\u0000feff") { return "\u{FEFF}" + s.string }
        return s.string
    }

    func problem(_ node: Node?, _ message: String) {
        diagnostics.append(Diagnostic(path: display, line: node?.mark?.line, column: node?.mark?.column, message: message))
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let s):
            s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string) ? "nothing (null)" : "\"\(TerminalSafe.escape(s.string))\""
        case .alias: "an alias"
        }
    }

    // MARK: - Mappings

    /// The pairs of a mapping with string keys, checking keys against `known` (with a "did
    /// you mean") and that every key in `required` is present. nil when not a mapping.
    func mapping(_ node: Node, _ what: String, known: [String], required: [String] = []) -> Fields? {
        guard case .mapping(let m) = node else {
            problem(node, "\(what): expected a mapping, found \(Self.describe(node))")
            return nil
        }
        var fields = Fields(node: node)
        var seen: [String: Node] = [:]
        for (k, v) in m {
            guard case .scalar(let key) = k else {
                problem(k, "\(what): keys must be plain words, found \(Self.describe(k))")
                continue
            }
            guard duplicateKey(key.string, k, &seen, what) else { continue }
            if !known.contains(key.string) {
                var message = "\(what): unknown key '\(TerminalSafe.escape(key.string))'"
                if let near = Suggestion.nearest(key.string, in: known) { message += " (did you mean '\(near)'?)" }
                problem(k, message)
                continue
            }
            fields.pairs.append((key.string, k, v))
        }
        for r in required where fields[r] == nil {
            problem(node, "\(what): missing required key '\(r)'")
        }
        return fields
    }

    /// A mapping whose keys are data (ids), not a schema: `{low: 21, high: 14}`.
    func keyed(_ node: Node, _ what: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let m) = node else {
            problem(node, "\(what): expected a mapping, found \(Self.describe(node))")
            return nil
        }
        var out: [(String, Node, Node)] = []
        var seen: [String: Node] = [:]
        for (k, v) in m {
            guard case .scalar(let key) = k, !Self.isNull(k) else {
                problem(k, "\(what): expected a name as key, found \(Self.describe(k))")
                continue
            }
            guard duplicateKey(text(key), k, &seen, what) else { continue }
            out.append((text(key), k, v))
        }
        return out
    }

    /// Keys are compared by their text alone: libyaml tells `roles` from `!x roles` or
    /// `!!str 5` from `5` by their tags, and a later duplicate must never hide behind one.
    /// false (with a diagnostic at the second key) when `key` was seen before.
    private func duplicateKey(_ key: String, _ node: Node, _ seen: inout [String: Node], _ what: String) -> Bool {
        if let first = seen[key] {
            let at = first.mark.map { " (first at line \($0.line))" } ?? ""
            problem(node, "\(what): duplicate key '\(TerminalSafe.escape(key))'\(at)")
            return false
        }
        seen[key] = node
        return true
    }

    func list(_ node: Node, _ what: String) -> [Node]? {
        if case .sequence(let s) = node { return Array(s) }
        problem(node, "\(what): expected a list, found \(Self.describe(node))")
        return nil
    }

    // MARK: - Scalars

    static func isNull(_ node: Node) -> Bool {
        if case .scalar(let s) = node, s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) { return true }
        return false
    }

    func string(_ node: Node, _ what: String, allowEmpty: Bool = true) -> String? {
        guard case .scalar(let s) = node, !Self.isNull(node) else {
            problem(node, "\(what): expected text, found \(Self.describe(node))")
            return nil
        }
        if !allowEmpty && s.string.isEmpty {
            problem(node, "\(what): must not be empty")
            return nil
        }
        return text(s)
    }

    func optionalString(_ node: Node?, _ what: String) -> String? {
        guard let node, !Self.isNull(node) else { return nil }
        return string(node, what)
    }

    func int(_ node: Node, _ what: String, min: Int? = nil) -> Int? {
        guard case .scalar(let s) = node, s.style == .plain, let v = Int(s.string) else {
            problem(node, "\(what): expected a whole number, found \(Self.describe(node))")
            return nil
        }
        if let min, v < min {
            problem(node, "\(what): must be at least \(min), found \(v)")
            return nil
        }
        return v
    }

    /// A whole number within `range`: anything else (a fraction, text, a number too large for
    /// any integer) is a diagnostic naming the field and the range.
    func int(_ node: Node, _ what: String, range: ClosedRange<Int>) -> Int? {
        let expected = "a whole number from \(range.lowerBound) to \(range.upperBound)"
        guard case .scalar(let s) = node, s.style == .plain, let v = Int(s.string) else {
            problem(node, "\(what): expected \(expected), found \(Self.describe(node))")
            return nil
        }
        guard range.contains(v) else {
            problem(node, "\(what): must be \(expected), found \(v)")
            return nil
        }
        return v
    }

    func double(_ node: Node, _ what: String) -> Double? {
        guard case .scalar(let s) = node, s.style == .plain, let v = Double(s.string), v.isFinite else {
            problem(node, "\(what): expected a number, found \(Self.describe(node))")
            return nil
        }
        return v
    }

    func bool(_ node: Node, _ what: String) -> Bool? {
        if case .scalar(let s) = node, s.style == .plain {
            switch s.string {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        problem(node, "\(what): expected true or false, found \(Self.describe(node))")
        return nil
    }

    func strings(_ node: Node, _ what: String) -> [(String, Node)]? {
        guard let items = list(node, what) else { return nil }
        return items.compactMap { item in string(item, "\(what) item", allowEmpty: false).map { ($0, item) } }
    }

    func date(_ node: Node, _ what: String) -> Date? {
        guard let text = string(node, what) else { return nil }
        guard let d = FastTimestamp.parse(text) else {
            problem(node, "\(what): expected a timestamp like 2026-11-26T15:04:05Z, found \"\(TerminalSafe.escape(text))\"")
            return nil
        }
        return d
    }

    func day(_ node: Node, _ what: String) -> Day? {
        guard let text = string(node, what) else { return nil }
        guard let d = Day(text) else {
            problem(node, "\(what): expected a date like 2026-12-31, found \"\(TerminalSafe.escape(text))\"")
            return nil
        }
        return d
    }

    /// Flags every id seen twice in a list, at the second occurrence.
    func checkUnique(_ items: [(String, Node)], _ what: String) {
        var seen: [String: Node] = [:]
        for (id, node) in items {
            if let first = seen[id] {
                let at = first.mark.map { " (first at line \($0.line))" } ?? ""
                problem(node, "duplicate \(what) '\(TerminalSafe.escape(id))'\(at)")
            } else {
                seen[id] = node
            }
        }
    }
}

/// The recognised keys of one mapping, in file order.
struct Fields {
    var node: Node
    var pairs: [(key: String, keyNode: Node, value: Node)] = []
    subscript(key: String) -> Node? { pairs.first { $0.key == key }?.value }
    func keyNode(_ key: String) -> Node? { pairs.first { $0.key == key }?.keyNode }
}

/// "Did you mean": the closest known word by edit distance, when it is close enough.
enum Suggestion {
    static func nearest(_ word: String, in candidates: [String]) -> String? {
        let w = Array(word.lowercased())
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, Array(c.lowercased()))
            if d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        guard let (candidate, d) = best else { return nil }
        return d <= max(2, candidate.count / 3) ? candidate : nil
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
