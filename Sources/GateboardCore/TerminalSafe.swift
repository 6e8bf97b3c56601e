/// Text from the board (titles, comments, names, references) is data, never terminal
/// commands. `escape` makes it safe to print or draw: every control character, escape
/// sequence introducer, bidirectional override and invisible character becomes visible.
/// JSON output and files keep the original text exactly.
public enum TerminalSafe {
    public static func escape(_ text: String) -> String {
        // Fast path: plain printable text is returned as is.
        if !text.unicodeScalars.contains(where: needsEscape) { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            guard needsEscape(u) else { out.append(u); continue }
            let visible: String
            switch u.value {
            case 0x1B: visible = "^["
            case 0x0A: visible = "\\n"
            case 0x0D: visible = "\\r"
            case 0x09: visible = "\\t"
            case 0x00..<0x20: visible = "^" + String(UnicodeScalar(u.value + 0x40)!)
            case 0x7F: visible = "^?"
            default: visible = "<U+" + hex(u.value) + ">"
            }
            out.append(contentsOf: visible.unicodeScalars)
        }
        return String(out)
    }

    /// Like `escape`, but keeps newlines (for multi-line text such as a problem statement).
    public static func escapeKeepingNewlines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "\n")
    }

    public static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x00..<0x20, 0x7F, 0x80..<0xA0: return true           // C0, DEL, C1 (CSI 0x9B, OSC 0x9D…)
        case 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2069: return true // zero-width, bidi, separators
        case 0xFEFF, 0xFFF9...0xFFFB: return true                  // BOM / ZWNBSP, interlinear annotations
        case 0xE0000...0xE007F: return true                        // tag characters
        default: return false
        }
    }

    private static func hex(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}
