/// Names, references and ids that an action records must be plain text: no control
/// characters (C0, DEL, C1), no line or paragraph separators, no invisible or bidirectional
/// formatting characters, no noncharacters. Such a character can make one reference pose as
/// two (a line break inside an artifact reference once forged the material digest), hide part
/// of a name, or reorder what a reviewer reads. Free text (comments, reasons, notes, the
/// problem statement) may hold line breaks and is escaped on output instead.
public enum PlainText {
    /// The first character of `text` that a name, reference or id may not contain.
    public static func firstForbidden(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isForbidden)
    }

    /// Exactly the characters `TerminalSafe` escapes on output (`needsEscape`): one list for
    /// what may not be shown raw and what a name may not hold. It already takes in everything
    /// the board's files escape (soft hyphen, U+061C, U+180E, U+206A–206F, the noncharacters),
    /// which this check once listed again on its own. No deliberate difference.
    public static func isForbidden(_ u: Unicode.Scalar) -> Bool {
        TerminalSafe.needsEscape(u)
    }

    /// "a line break (U+000A)", "an escape (U+001B)", "U+202E".
    public static func describe(_ u: Unicode.Scalar) -> String {
        let code = "U+" + String(repeating: "0", count: max(0, 4 - String(u.value, radix: 16).count))
            + String(u.value, radix: 16, uppercase: true)
        switch u.value {
        case 0x0A, 0x0D, 0x2028, 0x2029: return "a line break (\(code))"
        case 0x09: return "a tab (\(code))"
        case 0x1B: return "an escape (\(code))"
        case 0x00..<0x20, 0x7F, 0x80..<0xA0: return "a control character (\(code))"
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return "a bidirectional control (\(code))"
        default: return "an invisible or non-character (\(code))"
        }
    }

    /// Refuses `text` when it holds a forbidden character, naming the field ("the reference
    /// of artifact model").
    static func require(_ text: String, field: String) throws(Refusal) {
        guard let u = firstForbidden(in: text) else { return }
        throw Refusal(.invalidInput, "\(field) contains \(describe(u)): names, references and ids may not contain "
            + "control, invisible or bidirectional characters")
    }
}
