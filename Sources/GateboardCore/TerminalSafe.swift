/// Text from the board (titles, comments, names, references) is data, never terminal
/// commands. `escape` makes it safe to print or draw: every control character, escape
/// sequence introducer, bidirectional override and invisible character becomes visible.
/// JSON output and files keep the original text exactly (escaped as JSON or YAML escapes).
/// The one list of what is escaped, for the CLI, the TUI, JSON output and the board's files.
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

    /// Whether `u` is written escaped wherever board text is shown: plain output, the TUI
    /// and JSON output (as `\uXXXX` there). The one list, in three parts:
    /// - everything `escapedInFiles` escapes (controls, bidi, zero-width, noncharacters…);
    /// - every Default_Ignorable_Code_Point (Unicode 15): characters that draw as nothing,
    ///   such as U+00AD, U+115F/U+1160 and U+3164 (Hangul fillers), U+180B–180F, U+2065,
    ///   the variation selectors U+FE00–FE0F and U+E0100–E01EF, U+FFA0, U+1BCA0–1BCA3,
    ///   U+1D173–1D17A and the tag block;
    /// - U+2800 (a braille pattern that draws as a blank), and every character the
    ///   terminal's `wcwidth` does not print (-1: unassigned code points included), so what
    ///   reaches a terminal is only what `DisplayWidth` can measure.
    /// A variation selector after an emoji is escaped too: `wcwidth` counts it as nothing, so
    /// a terminal that honoured it (two columns for "❤️") would misalign every column after.
    public static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v >= 0x20 && v < 0x7F { return false }
        if escapedInFiles(u) || defaultIgnorable(v) || v == 0x2800 { return true }
        return DisplayWidth.wcwidth(u) < 0
    }

    /// Whether `u` is escaped in the board's files (use case YAML, audit lines). C0, DEL and
    /// C1 controls, U+00AD, U+061C, U+180E, zero-width and bidi controls (U+200B–200F,
    /// U+202A–202E, U+2060–2064, U+2066–206F), line and paragraph separators, U+FEFF,
    /// interlinear annotations, noncharacters and tag characters (U+E0000–E007F).
    /// This part is frozen: a use case file's bytes are hashed into its log (`state`), and
    /// `verify` re-emits every state to compare, so escaping more in files would make old
    /// boards fail. Everything else `needsEscape` adds is for display only.
    public static func escapedInFiles(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return true }
        switch v {
        case 0x00AD, 0x061C, 0x180E, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064, 0x2066...0x206F,
             0xFEFF, 0xFFF9...0xFFFB, 0xFFFE, 0xFFFF:
            return true
        default:
            return (v & 0xFFFE) == 0xFFFE || (0xFDD0...0xFDEF).contains(v) || (0xE0000...0xE007F).contains(v)
        }
    }

    /// Default_Ignorable_Code_Point, from Unicode 15.0's DerivedCoreProperties.txt.
    static func defaultIgnorable(_ v: UInt32) -> Bool {
        switch v {
        case 0x00AD, 0x034F, 0x061C, 0x115F...0x1160, 0x17B4...0x17B5, 0x180B...0x180F, 0x200B...0x200F,
             0x202A...0x202E, 0x2060...0x206F, 0x3164, 0xFE00...0xFE0F, 0xFEFF, 0xFFA0, 0xFFF0...0xFFF8,
             0x1BCA0...0x1BCA3, 0x1D173...0x1D17A, 0xE0000...0xE0FFF:
            return true
        default:
            return false
        }
    }

    private static func hex(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}
