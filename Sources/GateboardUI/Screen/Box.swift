/// A rectangle on the screen.
public struct Rect: Equatable, Sendable {
    public var x, y, width, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }
    /// The area inside a one-cell frame.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: max(0, width - 2), height: max(0, height - 2)) }
}

extension ScreenBuffer {
    /// Draws a frame around `rect` with an optional title in the top edge.
    public mutating func box(_ rect: Rect, glyphs: Glyphs, style: Style = .border, title: String? = nil,
                             titleStyle: Style = .paneTitle) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let h = glyphs.horizontal, v = glyphs.vertical
        put(glyphs.topLeft, x: rect.x, y: rect.y, style: style)
        fill(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1, style: style, with: h)
        put(glyphs.topRight, x: rect.maxX - 1, y: rect.y, style: style)
        for yy in (rect.y + 1)..<(rect.maxY - 1) {
            put(v, x: rect.x, y: yy, style: style)
            put(v, x: rect.maxX - 1, y: yy, style: style)
        }
        put(glyphs.bottomLeft, x: rect.x, y: rect.maxY - 1, style: style)
        fill(x: rect.x + 1, y: rect.maxY - 1, width: rect.width - 2, height: 1, style: style, with: h)
        put(glyphs.bottomRight, x: rect.maxX - 1, y: rect.maxY - 1, style: style)
        if let title, rect.width > 6 {
            let t = " " + TextFit.truncate(title, to: rect.width - 6, ellipsis: glyphs.ellipsis) + " "
            put(t, x: rect.x + 2, y: rect.y, style: titleStyle)
        }
    }
}
