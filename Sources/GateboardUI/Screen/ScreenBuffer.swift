/// A width × height grid of cells that views draw into. Width-aware: a wide character takes
/// two cells, and overwriting half of one blanks the other half. Drawing outside the grid is
/// clipped. `text` gives the screen as lines, for snapshot tests.
public struct ScreenBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Writes one cell's text (a character and its zero-width marks) of display width `w`
    /// (1 or 2) at (x, y). Returns false when it does not fit before `limit`.
    private mutating func place(_ grapheme: String, width w: Int, x: Int, y: Int, style: Style, limit: Int) -> Bool {
        guard x + w <= limit else { return false }
        if x < 0 { return true }
        clearHalf(x: x, y: y)
        if w == 2 { clearHalf(x: x + 1, y: y) }
        cells[y * width + x] = Cell(grapheme, style: style)
        if w == 2 { cells[y * width + x + 1] = .continuation(style) }
        return true
    }

    /// Before overwriting (x, y): if it is one half of a wide character, blank the other half.
    private mutating func clearHalf(x: Int, y: Int) {
        let i = y * width + x
        if cells[i].isContinuation, x > 0 {
            cells[i - 1] = Cell(" ", style: cells[i - 1].style)
        } else if x + 1 < width, cells[i + 1].isContinuation {
            cells[i + 1] = Cell(" ", style: cells[i + 1].style)
        }
    }

    /// Draws `text` from (x, y), at most `maxWidth` columns (default: to the right edge), each
    /// character as wide as `DisplayWidth` (the terminal's `wcwidth`) says. Control characters
    /// must already be escaped (`TerminalSafe.escape`); any left are drawn as `?`. Returns the
    /// number of columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, maxWidth.map { x + max(0, $0) } ?? width)
        var cx = x
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            for b in text.utf8 {
                guard place(String(UnicodeScalar(b)), width: 1, x: cx, y: y, style: style, limit: limit) else { break }
                cx += 1
            }
            return max(0, cx - x)
        }
        // Cells as ncurses holds them: one spacing character (wcwidth 1 or 2) and up to four
        // zero-width ones after it. A zero-width character with nothing before it is dropped;
        // one the terminal would not print is drawn as `?`.
        var cell = String.UnicodeScalarView()
        var cellWidth = 0
        var marks = 0
        for u in text.unicodeScalars {
            let w = u.value == 0 ? -1 : DisplayWidth.wcwidth(u) // NUL: not printed either
            if w == 0 {
                if !cell.isEmpty && marks < 4 { cell.append(u); marks += 1 }
                continue
            }
            if !cell.isEmpty {
                guard place(String(cell), width: cellWidth, x: cx, y: y, style: style, limit: limit) else { return max(0, cx - x) }
                cx += cellWidth
            }
            cell = w < 0 ? "?".unicodeScalars : String.UnicodeScalarView([u])
            cellWidth = max(1, w)
            marks = 0
        }
        if !cell.isEmpty, place(String(cell), width: cellWidth, x: cx, y: y, style: style, limit: limit) { cx += cellWidth }
        return max(0, cx - x)
    }

    /// Fills a rectangle with `grapheme` (one column wide) in `style`.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: Style = .normal, with grapheme: String = " ") {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(width, x + w), y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        for yy in y0..<y1 {
            if x0 > 0 { clearHalf(x: x0, y: yy) }
            if x1 < width { clearHalf(x: x1, y: yy) }
            for xx in x0..<x1 { cells[yy * width + xx] = Cell(grapheme, style: style) }
        }
    }

    /// Restyles a rectangle, keeping the text (used for the selection highlight).
    public mutating func restyle(x: Int, y: Int, width w: Int, style: Style) {
        guard y >= 0, y < height else { return }
        for xx in max(0, x)..<min(width, x + w) { cells[y * width + xx].style = style }
    }

    /// One row as text (continuation cells skipped), trailing spaces removed.
    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width {
            let c = cells[y * width + x]
            if !c.isContinuation { s += c.grapheme }
        }
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }

    /// The whole screen as lines joined by newlines.
    public var text: String {
        (0..<height).map(line).joined(separator: "\n")
    }
}
