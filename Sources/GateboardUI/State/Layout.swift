/// Where everything goes for a terminal size. Shared by the views (to draw) and the reducer
/// (to keep the selection visible and to hit-test mouse clicks).
public struct Layout: Equatable, Sendable {
    public static let minWidth = 60
    public static let minHeight = 16
    /// Below this many columns the board becomes one list grouped by stage.
    public static let wideWidth = 100
    /// Rows per card on the wide board: the title on two lines, then the id and the marks.
    public static let cardHeight = 3

    public enum Mode: Equatable, Sendable { case tooSmall, narrow, wide }

    public var mode: Mode
    public var width: Int
    public var height: Int
    /// The board (wide) or the grouped list (narrow).
    public var main: Rect
    /// Wide: one framed column per stage.
    public var columns: [Rect]
    /// Wide: Owners, Gate, Activity side by side. Narrow: one rect, the focused pane.
    public var panes: [Rect]
    /// Between the header and the status line.
    public var body: Rect

    /// `prefer` (the `L` key) chooses the board or the list whatever the width; nil: by width.
    public init(width: Int, height: Int, stageCount: Int, prefer: Mode? = nil) {
        self.width = width
        self.height = height
        body = Rect(x: 0, y: 2, width: width, height: max(0, height - 3))
        columns = []
        panes = []
        if width < Layout.minWidth || height < Layout.minHeight {
            mode = .tooSmall
            main = Rect(x: 0, y: 0, width: width, height: height)
            return
        }
        if prefer == .narrow || (width < Layout.wideWidth && prefer != .wide) {
            mode = .narrow
            let paneHeight = max(7, body.height / 2)
            main = Rect(x: 0, y: body.y, width: width, height: body.height - paneHeight)
            panes = [Rect(x: 0, y: main.maxY, width: width, height: paneHeight)]
            return
        }
        mode = .wide
        let paneHeight = max(8, body.height * 2 / 5)
        main = Rect(x: 0, y: body.y, width: width, height: body.height - paneHeight)
        let n = max(1, stageCount)
        var x = 0
        for i in 0..<n {
            let w = (width - x) / (n - i)
            columns.append(Rect(x: x, y: main.y, width: w, height: main.height))
            x += w
        }
        let ownersW = width * 3 / 10
        let gateW = (width - ownersW) / 2 + 4
        let py = main.maxY
        panes = [Rect(x: 0, y: py, width: ownersW, height: paneHeight),
                 Rect(x: ownersW, y: py, width: gateW, height: paneHeight),
                 Rect(x: ownersW + gateW, y: py, width: width - ownersW - gateW, height: paneHeight)]
    }

    /// Cards that fit in a wide column.
    public var cardsPerColumn: Int {
        guard let c = columns.first else { return 0 }
        return max(1, (c.height - 2) / Layout.cardHeight)
    }

    /// Rows of the narrow list (inside its frame).
    public var listRows: Int { max(1, main.height - 2) }
}
