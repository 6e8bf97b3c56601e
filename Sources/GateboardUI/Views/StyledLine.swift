/// A line of text made of differently styled pieces.
public struct StyledLine: Equatable, Sendable {
    public var segments: [(text: String, style: Style)]

    public init(_ segments: [(String, Style)] = []) {
        self.segments = segments.map { (text: $0.0, style: $0.1) }
    }

    public init(_ text: String, _ style: Style = .normal) {
        self.init([(text, style)])
    }

    public static func == (a: StyledLine, b: StyledLine) -> Bool {
        a.segments.map(\.text) == b.segments.map(\.text) && a.segments.map(\.style) == b.segments.map(\.style)
    }

    public mutating func append(_ text: String, _ style: Style = .normal) {
        segments.append((text: text, style: style))
    }

    public var width: Int { segments.reduce(0) { $0 + DisplayWidth.of($1.text) } }
}

extension ScreenBuffer {
    /// Draws a styled line in at most `width` columns; a line that does not fit ends with an
    /// ellipsis, never wraps.
    public mutating func draw(_ line: StyledLine, x: Int, y: Int, width: Int, ellipsis: String) {
        guard width > 0 else { return }
        var cx = x
        if line.width <= width {
            for seg in line.segments { cx += put(seg.text, x: cx, y: y, style: seg.style, maxWidth: width - (cx - x)) }
            return
        }
        let ew = DisplayWidth.of(ellipsis)
        let budget = max(0, width - ew)
        for seg in line.segments {
            let room = budget - (cx - x)
            if DisplayWidth.of(seg.text) <= room {
                cx += put(seg.text, x: cx, y: y, style: seg.style, maxWidth: room)
                continue
            }
            cx += put(TextFit.truncate(seg.text, to: room, ellipsis: ""), x: cx, y: y, style: seg.style, maxWidth: room)
            put(ellipsis, x: cx, y: y, style: seg.style, maxWidth: width - (cx - x))
            return
        }
    }

    /// Draws lines into a frame's inner area from `scroll`, with ▲/▼ marks in the frame when
    /// there is more above or below. Returns the scroll actually used (clamped).
    @discardableResult
    public mutating func drawScrolled(_ lines: [StyledLine], in frame: Rect, scroll: Int, glyphs: Glyphs) -> Int {
        let inner = frame.inner
        let rows = inner.height
        let maxScroll = max(0, lines.count - rows)
        let s = min(max(0, scroll), maxScroll)
        for (i, line) in lines.dropFirst(s).prefix(rows).enumerated() {
            draw(line, x: inner.x + 1, y: inner.y + i, width: max(0, inner.width - 2), ellipsis: glyphs.ellipsis)
        }
        if s > 0 { put(" \(glyphs.moreAbove)\(s) ", x: frame.maxX - 8, y: frame.y, style: .dim) }
        let below = lines.count - s - rows
        if below > 0 { put(" \(glyphs.moreBelow)\(below) ", x: frame.maxX - 8, y: frame.maxY - 1, style: .dim) }
        return s
    }
}
