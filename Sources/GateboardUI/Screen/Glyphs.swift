/// The characters that draw frames, marks and indicators: Unicode where the locale is UTF-8,
/// plain ASCII otherwise.
public struct Glyphs: Sendable, Equatable {
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String
    public var ellipsis: String
    public var moreAbove, moreBelow: String
    public var blocked, ready, halted, stalled, stalling, parked, missing, waived, void: String
    public var bullet, arrow: String
    /// A triage entry marked with space (acted on together).
    public var marked: String = "●"
    /// Local board actions not yet on the git remote (header).
    public var unsynced: String = "⇡"

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        ellipsis: "…", moreAbove: "▲", moreBelow: "▼",
        blocked: "✗", ready: "✓", halted: "■", stalled: "‼", stalling: "!", parked: "‖", missing: "✗",
        waived: "~", void: "⊘", bullet: "·", arrow: "→")

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        ellipsis: "~", moreAbove: "^", moreBelow: "v",
        blocked: "x", ready: "+", halted: "#", stalled: "!!", stalling: "!", parked: "=", missing: "x",
        waived: "~", void: "0", bullet: "-", arrow: "->", marked: "*", unsynced: "^")

    /// UTF-8 when `LC_ALL`, else `LC_CTYPE`, else `LANG` names a UTF-8 codeset.
    public static func forLocale(_ environment: [String: String]) -> Glyphs {
        let value = [environment["LC_ALL"], environment["LC_CTYPE"], environment["LANG"]]
            .compactMap { $0 }.first { !$0.isEmpty } ?? ""
        let v = value.lowercased()
        return v.contains("utf-8") || v.contains("utf8") ? .unicode : .ascii
    }
}

extension Glyphs {
    /// The drift mark (content changed since it was recorded).
    public var drift: String { self == Glyphs.ascii ? "~" : "Δ" }
}
