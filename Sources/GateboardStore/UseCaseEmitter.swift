import Foundation
import GateboardCore

/// The canonical text of a use case file: fixed key order (`schema` first, the `audit`
/// anchor last), sorted map keys, empty collections and absent optionals left out, and any
/// text that is not a plain word double-quoted with escapes, so every string — control
/// characters, bidi overrides, leading spaces, "true", "007" — reads back byte for byte.
public enum UseCaseEmitter {
    /// The whole file: `body(uc) + anchor(uc.audit)`.
    public static func text(_ uc: UseCase) -> String { body(uc) + anchor(uc.audit) }

    /// Everything but the anchor; its SHA-256 is the `state` of the event that produced it.
    public static func body(_ uc: UseCase) -> String {
        // `verify` and every action emit one body per state-changing event of a log: each piece
        // is appended in place (no temporary strings from `+`, no array per list item).
        var o = ""
        o.reserveCapacity(1024)
        func indent(_ n: Int) {
            if n > 0 { o += n < indents.count ? indents[n] : String(repeating: " ", count: n) }
        }
        func line(_ n: Int, _ key: String, _ value: String) {
            indent(n); o += YAMLScalar.key(key); o += ": "; o += value; o += "\n"
        }
        func map(_ n: Int, _ key: String, _ dict: [String: String]) {
            guard !dict.isEmpty else { return }
            indent(n); o += YAMLScalar.key(key); o += ":\n"
            for k in dict.keys.sorted() { line(n + 2, k, YAMLScalar.text(dict[k]!)) }
        }
        // A list item: `- ` before its first present field, `  ` before the others.
        var first = true
        func field(_ n: Int, _ key: String, _ value: String?) {
            guard let value else { return }
            indent(n); o += first ? "- " : "  "; o += YAMLScalar.key(key); o += ": "; o += value; o += "\n"
            first = false
        }
        let t = YAMLScalar.text, ts = { (d: Date) in YAMLScalar.text(Timestamp.format(d)) }
        line(0, "schema", String(uc.schema))
        line(0, "id", t(uc.id))
        line(0, "title", t(uc.title))
        line(0, "problem", t(uc.problem))
        line(0, "metric", t(uc.metric))
        line(0, "tier", t(uc.tier))
        line(0, "stage", t(uc.stage))
        line(0, "stageEnteredAt", ts(uc.stageEnteredAt))
        if let s = uc.submittedBy { line(0, "submittedBy", t(s)) }
        line(0, "createdAt", ts(uc.createdAt))
        line(0, "createdBy", t(uc.createdBy))
        map(0, "owners", uc.owners)
        map(0, "artifacts", uc.artifacts)
        if let tpl = uc.template { line(0, "template", t(tpl)) }
        if !uc.fields.isEmpty {
            // Inventory fields: text as a scalar, a list as its items.
            o += "fields:\n"
            for k in uc.fields.keys.sorted() {
                switch uc.fields[k]! {
                case let .text(v): line(2, k, t(v))
                case let .list(items):
                    indent(2); o += YAMLScalar.key(k); o += ":\n"
                    for item in items { o += "    - "; o += t(item); o += "\n" }
                }
            }
        }
        let controls = uc.controls.filter { !$0.value.evidence.isEmpty || !$0.value.attestations.isEmpty }
        if !controls.isEmpty {
            o += "controls:\n"
            for c in controls.keys.sorted() {
                let state = controls[c]!
                o += "  " + YAMLScalar.key(c) + ":\n"
                if !state.evidence.isEmpty {
                    o += "    evidence:\n"
                    for e in state.evidence {
                        first = true
                        field(6, "ref", t(e.ref)); field(6, "note", e.note.map(t)); field(6, "by", t(e.by)); field(6, "at", ts(e.at))
                        field(6, "hash", e.hash.map(t))
                    }
                }
                if !state.attestations.isEmpty {
                    o += "    attestations:\n"
                    for a in state.attestations {
                        first = true
                        field(6, "by", t(a.by)); field(6, "at", ts(a.at)); field(6, "note", a.note.map(t))
                        field(6, "for", a.onBehalfOf.map(t)); field(6, "delegation", a.delegation.map(t))
                    }
                }
            }
        }
        if !uc.approvals.isEmpty {
            o += "approvals:\n"
            for a in uc.approvals {
                first = true
                field(2, "person", t(a.person)); field(2, "role", t(a.role)); field(2, "at", ts(a.at))
                field(2, "for", a.onBehalfOf.map(t)); field(2, "delegation", a.delegation.map(t))
                field(2, "comment", a.comment.map(t)); field(2, "digest", t(a.digest))
                map(4, "basis", a.basis)
            }
        }
        if !uc.rejections.isEmpty {
            o += "rejections:\n"
            for a in uc.rejections {
                first = true
                field(2, "person", t(a.person)); field(2, "role", t(a.role)); field(2, "at", ts(a.at))
                field(2, "for", a.onBehalfOf.map(t)); field(2, "delegation", a.delegation.map(t))
                field(2, "comment", t(a.comment)); field(2, "digest", t(a.digest))
            }
        }
        if !uc.waivers.isEmpty {
            o += "waivers:\n"
            for w in uc.waivers {
                first = true
                field(2, "control", t(w.control)); field(2, "by", t(w.by)); field(2, "reason", t(w.reason))
                field(2, "at", ts(w.at)); field(2, "until", t(w.until.description))
            }
        }
        if let h = uc.halted {
            o += "halted:\n"
            line(2, "by", t(h.by)); line(2, "at", ts(h.at)); line(2, "reason", t(h.reason))
            if let n = h.incident { line(2, "incident", String(n)) }
        }
        if let p = uc.parked {
            o += "parked:\n"
            line(2, "by", t(p.by)); line(2, "at", ts(p.at)); line(2, "reason", t(p.reason)); line(2, "review", t(p.review.description))
        }
        if !uc.escalations.isEmpty {
            o += "escalations:\n"
            for e in uc.escalations {
                first = true
                field(2, "to", t(e.to)); field(2, "by", t(e.by)); field(2, "at", ts(e.at)); field(2, "reason", t(e.reason))
            }
        }
        if let r = uc.lastReviewAt { line(0, "lastReviewAt", ts(r)) }
        if !uc.incidents.isEmpty { o += incidentsYAML(uc.incidents) }
        if !uc.monitors.isEmpty { o += monitorsYAML(uc.monitors) }
        if !uc.screening.isEmpty || uc.tierOverride != nil { o += screeningYAML(uc) }
        return o
    }

    private static let indents = (0...8).map { String(repeating: " ", count: $0) }

    /// The anchor block, always the last lines of the file.
    public static func anchor(_ a: AuditAnchor) -> String {
        "audit:\n  seq: \(a.seq)\n  head: \(a.head.isEmpty ? "\"\"" : a.head)\n  bytes: \(a.bytes)\n"
    }

    /// The anchor from its exact canonical text (as `anchor(_:)` writes it), else nil.
    static func parseAnchor(_ text: ArraySlice<UInt8>) -> AuditAnchor? {
        let s = String(decoding: text, as: UTF8.self)
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 5, lines[0] == "audit:", lines[4].isEmpty,
              lines[1].hasPrefix("  seq: "), lines[2].hasPrefix("  head: "), lines[3].hasPrefix("  bytes: "),
              let seq = Int(lines[1].dropFirst(7)), let bytes = Int(lines[3].dropFirst(9)) else { return nil }
        let head = String(lines[2].dropFirst(8))
        let anchor = AuditAnchor(seq: seq, head: head == "\"\"" ? "" : head, bytes: bytes)
        return text.elementsEqual(Self.anchor(anchor).utf8) ? anchor : nil
    }

    /// Splits a file's bytes into body and anchor text at the last line that starts `audit:`.
    static func split(_ bytes: [UInt8]) -> (body: ArraySlice<UInt8>, anchor: ArraySlice<UInt8>)? {
        let marker = Array("audit:".utf8)
        var i = bytes.count - marker.count
        while i >= 0 {
            if (i == 0 || bytes[i - 1] == 0x0A) && bytes[i..<(i + marker.count)].elementsEqual(marker) {
                return (bytes[..<i], bytes[i...])
            }
            i -= 1
        }
        return nil
    }
}

/// YAML scalars as the emitter writes them.
enum YAMLScalar {
    /// A plain scalar when it is a simple word that no YAML reader could take for anything
    /// else; a timestamp or date (our own formats) plain too; everything else double-quoted.
    static func text(_ s: String) -> String {
        isPlainSafe(s) ? s : quoted(s)
    }

    static func key(_ s: String) -> String { text(s) }

    static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf"]

    static func isPlainSafe(_ s: String) -> Bool {
        guard let first = s.utf8.first, s.utf8.count <= 200 else { return false }
        let isLetter = (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A)
        if !isLetter {
            // Our timestamps and days read back as text in our parser.
            var s = s
            switch s.utf8.count {
            case 20: return s.withUTF8 { Timestamp.canonical($0) } != nil
            case 10: return Day(s) != nil
            default: return false
            }
        }
        for b in s.utf8 {
            let ok = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x5F || b == 0x2D || b == 0x2E || b == 0x2F || b == 0x40 || b == 0x2B
            if !ok { return false }
        }
        // The reserved words are at most five letters and start with f, i, n, o, t or y (either
        // case): other words need no lower-cased copy and no set look-up.
        guard s.utf8.count <= 5 else { return true }
        switch first | 0x20 {
        case 0x66, 0x69, 0x6E, 0x6F, 0x74, 0x79: return !reserved.contains(s.lowercased())
        default: return true
        }
    }

    /// A double-quoted scalar: `"` and `\` escaped, and every control, format, separator or
    /// non-character written as an escape so the text is visible and survives exactly.
    static func quoted(_ s: String) -> String {
        // Printable ASCII without a quote or backslash (most text) needs no escape: one copy.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) { return "\"" + s + "\"" }
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{1B}": out += "\\e"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{00}": out += "\\0"
            default:
                if TerminalSafe.escapedInFiles(u) {
                    out += u.value <= 0xFFFF ? String(format: "\\u%04X", u.value) : String(format: "\\U%08X", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
