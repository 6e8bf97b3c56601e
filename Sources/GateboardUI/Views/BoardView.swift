/// The wide board: one framed column per active stage, only visible cards drawn.
enum BoardView {
    static func draw(_ state: AppState, layout: Layout, into buf: inout ScreenBuffer) {
        let g = state.glyphs
        let per = layout.cardsPerColumn
        let titles = columnTitles(state, layout: layout)
        for (c, rect) in layout.columns.enumerated() where state.columns.indices.contains(c) {
            let stage = state.index.stages[c]
            let col = state.columns[c]
            let isSel = c == state.selectedColumn
            if layout.strips.contains(c) {
                drawStrip(stage.id, count: col.count, rect: rect, selected: isSel && state.focus == .board, glyphs: g, into: &buf)
                continue
            }
            buf.box(rect, glyphs: g, style: isSel && state.focus == .board ? .focusBorder : .border,
                    title: titles[c], titleStyle: .columnTitle)
            let inner = rect.inner
            let scroll = state.scrolls[c]
            if col.isEmpty {
                buf.put(state.filter.isEmpty ? "(empty)" : "(no match)", x: inner.x + 1, y: inner.y, style: .dim)
                continue
            }
            for (i, ucIndex) in col.dropFirst(scroll).prefix(per).enumerated() {
                let uc = state.board.useCases[ucIndex]
                let row = scroll + i
                CardView.drawCard(uc, into: &buf, x: inner.x, y: inner.y + i * Layout.cardHeight, width: inner.width,
                                  selected: isSel && row == state.selectedRows[c], focused: state.focus == .board, state: state)
            }
            if scroll > 0 { buf.put("\(g.moreAbove)\(scroll)", x: rect.maxX - 2 - DisplayWidth.of("\(g.moreAbove)\(scroll)"), y: rect.y, style: .bold) }
            let below = col.count - scroll - per
            if below > 0 {
                let t = "\(g.moreBelow)\(below)"
                buf.put(t, x: rect.maxX - 2 - DisplayWidth.of(t), y: rect.maxY - 1, style: .bold)
            }
        }
    }
}

extension BoardView {
    /// The columns' titles, one form for all so they read alike at every width: every stage's
    /// name when each fits its frame, else every id, else every id cut to fit.
    static func columnTitles(_ state: AppState, layout: Layout) -> [String] {
        let framed = layout.columns.indices.filter { !layout.strips.contains($0) && state.columns.indices.contains($0) }
        func fits(_ text: (Int) -> String) -> Bool {
            framed.allSatisfy { DisplayWidth.of(text($0)) <= layout.columns[$0].width - 6 }
        }
        let count = { (c: Int) in "\(state.columns.indices.contains(c) ? state.columns[c].count : 0)" }
        let name = { (c: Int) in "\(state.index.stages[c].name) \(count(c))" }
        let id = { (c: Int) in "\(state.index.stages[c].id) \(count(c))" }
        if fits(name) { return layout.columns.indices.map(name) }
        if fits(id) { return layout.columns.indices.map(id) }
        return layout.columns.indices.map { c in
            let room = layout.columns[c].width - 6
            return TextFit.truncate(state.index.stages[c].id, to: room - 1 - count(c).count, ellipsis: state.glyphs.ellipsis) + " " + count(c)
        }
    }

    /// A stage with no card: a narrow strip, its id down the middle and its count (0) below.
    static func drawStrip(_ id: StageID, count: Int, rect: Rect, selected: Bool, glyphs g: Glyphs, into buf: inout ScreenBuffer) {
        buf.box(rect, glyphs: g, style: selected ? .focusBorder : .border)
        let inner = rect.inner
        let letters = Array(id).prefix(max(0, inner.height - 2))
        for (i, ch) in letters.enumerated() {
            buf.put(String(ch), x: inner.x + inner.width / 2, y: inner.y + i, style: .columnTitle)
        }
        if inner.height > letters.count + 1 {
            buf.put("\(count)", x: inner.x + inner.width / 2, y: inner.y + letters.count + 1, style: .dim)
        }
    }
}

/// The narrow board: one list grouped by stage, a header row per stage.
enum ListView {
    static func draw(_ state: AppState, layout: Layout, into buf: inout ScreenBuffer) {
        let g = state.glyphs
        let rect = layout.main
        buf.box(rect, glyphs: g, style: state.focus == .board ? .focusBorder : .border,
                title: "Board \(state.columns.reduce(0) { $0 + $1.count })", titleStyle: .columnTitle)
        let inner = rect.inner
        var row = 0           // row in the whole list
        let first = state.listScroll
        let last = first + inner.height
        for (c, col) in state.columns.enumerated() {
            if row >= last { break }
            if row >= first {
                let stage = state.index.stages[c]
                buf.draw(StyledLine([("\(stage.name) ", .columnTitle), ("\(col.count)", .dim)]),
                         x: inner.x + 1, y: inner.y + row - first, width: inner.width - 2, ellipsis: g.ellipsis)
            }
            row += 1
            // Skip the cards above the scroll position without touching them.
            let skip = max(0, min(col.count, first - row))
            row += skip
            for r in skip..<col.count {
                if row >= last { break }
                let uc = state.board.useCases[col[r]]
                CardView.drawRow(uc, into: &buf, x: inner.x + 1, y: inner.y + row - first, width: inner.width - 2,
                                 selected: c == state.selectedColumn && r == state.selectedRows[c],
                                 focused: state.focus == .board, state: state)
                row += 1
            }
        }
        if first > 0 { buf.put("\(g.moreAbove)\(first)", x: rect.maxX - 8, y: rect.y, style: .bold) }
        let total = state.listRowCount
        if total > last { buf.put("\(g.moreBelow)\(total - last)", x: rect.maxX - 8, y: rect.maxY - 1, style: .bold) }
    }
}
