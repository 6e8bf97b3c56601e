/// One terminal cell. A wide character occupies two cells: the first holds the grapheme,
/// the second is a continuation (`grapheme == ""`) that is never drawn on its own.
public struct Cell: Equatable, Sendable {
    public var grapheme: String
    public var style: Style

    public init(_ grapheme: String = " ", style: Style = .normal) {
        self.grapheme = grapheme
        self.style = style
    }

    public static let blank = Cell()
    public static func continuation(_ style: Style) -> Cell { Cell("", style: style) }

    public var isContinuation: Bool { grapheme.isEmpty }
}
