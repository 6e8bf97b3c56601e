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
    /// `+` / `_` (lazygit's screen modes): the board as high as its cards need with the spare
    /// height to the panes, half the screen, or all of it.
    public enum ScreenMode: Int, Equatable, Sendable, CaseIterable { case normal, half, full }
    /// Columns of a stage with no card on the wide board (a strip; the cards get the width).
    public static let stripWidth = 5

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

    /// Wide: the columns of stages with no card, drawn as strips.
    public var strips: Set<Int> = []

    /// `prefer` (the `L` key) chooses the board or the list whatever the width; nil: by width.
    /// `cardCounts` (cards per stage, when known) lets the board take only the height its
    /// cards need and empty stages collapse into strips; `screen` is the `+` / `_` mode.
    public init(width: Int, height: Int, stageCount: Int, prefer: Mode? = nil, cardCounts: [Int] = [],
                screen: ScreenMode = .normal) {
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
            // The list's rows: a heading per stage and a row per use case.
            let needed = cardCounts.isEmpty ? body.height : cardCounts.reduce(cardCounts.count, +) + 2
            let paneHeight = Layout.paneHeight(body: body.height, least: max(7, body.height / 2), boardNeeds: needed,
                                               boardMin: 5, screen: screen)
            main = Rect(x: 0, y: body.y, width: width, height: body.height - paneHeight)
            panes = paneHeight == 0 ? [] : [Rect(x: 0, y: main.maxY, width: width, height: paneHeight)]
            return
        }
        mode = .wide
        let needed = cardCounts.isEmpty ? body.height : max(2, cardCounts.max() ?? 0) * Layout.cardHeight + 2
        let paneHeight = Layout.paneHeight(body: body.height, least: max(8, body.height * 2 / 5), boardNeeds: needed,
                                           boardMin: Layout.cardHeight + 2, screen: screen)
        main = Rect(x: 0, y: body.y, width: width, height: body.height - paneHeight)
        let n = max(1, stageCount)
        // Stages with no card collapse into strips when some have cards: the cards get the width.
        if cardCounts.count == n, cardCounts.contains(0), cardCounts.contains(where: { $0 > 0 }) {
            strips = Set(cardCounts.indices.filter { cardCounts[$0] == 0 })
        }
        var x = 0
        var wide = n - strips.count
        for i in 0..<n {
            let w = strips.contains(i) ? Layout.stripWidth
                : (width - x - Layout.stripWidth * strips.filter { $0 > i }.count) / max(1, wide)
            if !strips.contains(i) { wide -= 1 }
            columns.append(Rect(x: x, y: main.y, width: w, height: main.height))
            x += w
        }
        if paneHeight == 0 { return }
        let ownersW = width * 3 / 10
        let gateW = (width - ownersW) / 2 + 4
        let py = main.maxY
        panes = [Rect(x: 0, y: py, width: ownersW, height: paneHeight),
                 Rect(x: ownersW, y: py, width: gateW, height: paneHeight),
                 Rect(x: ownersW + gateW, y: py, width: width - ownersW - gateW, height: paneHeight)]
    }

    /// The panes' height: normal, at least `least` and whatever the board does not need;
    /// half, half the body; full, none (the board takes it all).
    static func paneHeight(body: Int, least: Int, boardNeeds: Int, boardMin: Int, screen: ScreenMode) -> Int {
        switch screen {
        case .full: return 0
        case .half: return body / 2
        case .normal: return max(0, min(body - boardMin, max(least, body - boardNeeds)))
        }
    }

    /// Cards that fit in a wide column.
    public var cardsPerColumn: Int {
        guard let c = columns.first else { return 0 }
        return max(1, (c.height - 2) / Layout.cardHeight)
    }

    /// Rows of the narrow list (inside its frame).
    public var listRows: Int { max(1, main.height - 2) }
}
