import GateboardCore

/// A use case as a card on the board (two lines) or a row of the narrow list (one line).
enum CardView {
    /// Marks after the badge: days in stage, blocked count / ready, stalled, halted, parked, drift.
    /// The marks, compact (glyphs without words) when the full ones do not fit `width`: a mark
    /// is never cut, the title gives way instead.
    static func marks(_ uc: UseCase, state: AppState, fitting width: Int) -> StyledLine {
        let full = marks(uc, state: state)
        if full.width <= width { return full }
        let compact = marks(uc, state: state, compact: true)
        return compact.width <= width ? compact : marks(uc, state: state, compact: true, days: false)
    }

    /// `days: false` leaves out the days in stage (information, not a mark) when even the
    /// compact marks do not fit.
    static func marks(_ uc: UseCase, state: AppState, compact: Bool = false, days: Bool = true) -> StyledLine {
        let g = state.glyphs
        let entry = state.gate(uc)
        var line = StyledLine([(UseCaseText.tierBadge(uc.tier), UseCaseText.tierStyle(uc.tier, state.policy)),
                               (days ? " \(entry.clock.daysInStage)d" : "", .normal)])
        if uc.halted != nil { line.append(" \(g.halted)" + (compact ? "" : "HALT"), .halted) }
        let e = entry.evaluation
        func word(_ w: String) -> String { compact ? "" : w }
        if e.passed { line.append(" \(g.ready)" + word("ready"), .ok) }
        else if !e.blockers.isEmpty { line.append(" \(g.blocked)\(e.blockers.count)", .danger) }
        if entry.clock.stalled { line.append(" \(g.stalled)" + word("stalled"), .warn) }
        else if entry.clock.stalling { line.append(" \(g.stalling)" + word("stalling"), .waived) }
        if uc.parked != nil { line.append(" \(g.parked)" + word("parked"), .dim) }
        // Local content (an artifact or evidence) changed since it was recorded.
        if state.board.drifted(uc.id) { line.append(" \(g.drift)" + word("drift"), .danger) }
        for (text, style) in OperationsView.cardMarks(uc, state: state) { line.append(text, style) }
        return line
    }

    static func drawCard(_ uc: UseCase, into buf: inout ScreenBuffer, x: Int, y: Int, width: Int,
                         selected: Bool, focused: Bool, state: AppState) {
        let g = state.glyphs
        if selected {
            buf.fill(x: x, y: y, width: width, height: Layout.cardHeight, style: .normal)
        }
        // The title gets two whole lines (a 20-column card shows 30+ characters of it); the
        // id and the marks, never cut, share the third.
        let (first, second) = titleLines(TerminalSafe.escape(uc.title), width: width, ellipsis: g.ellipsis)
        buf.put(first, x: x, y: y)
        buf.put(second, x: x, y: y + 1)
        let idWidth = DisplayWidth.of(uc.id) + 1
        buf.put(uc.id, x: x, y: y + 2, style: .bold)
        buf.draw(marks(uc, state: state, fitting: width - idWidth), x: x + idWidth, y: y + 2, width: width - idWidth,
                 ellipsis: g.ellipsis)
        if selected {
            let st: Style = focused ? .selected : .selectedDim
            for row in 0..<Layout.cardHeight { buf.restyle(x: x, y: y + row, width: width, style: st) }
        }
    }

    /// The title over two lines of `width` columns: broken at a space when one is near the
    /// end of the first line, else wherever the line is full; the second cut with an ellipsis.
    static func titleLines(_ title: String, width: Int, ellipsis: String) -> (String, String) {
        guard DisplayWidth.of(title) > width else { return (title, "") }
        var first = TextFit.truncate(title, to: width, ellipsis: "")
        var rest = String(title.dropFirst(first.count))
        if !rest.hasPrefix(" "), let space = first.lastIndex(of: " "),
           DisplayWidth.of(String(first[..<space])) >= width * 2 / 3 {
            rest = String(first[first.index(after: space)...]) + rest
            first = String(first[..<space])
        }
        return (first, TextFit.truncate(String(rest.drop { $0 == " " }), to: width, ellipsis: ellipsis))
    }

    static func drawRow(_ uc: UseCase, into buf: inout ScreenBuffer, x: Int, y: Int, width: Int,
                        selected: Bool, focused: Bool, state: AppState) {
        // The marks first, whole; the title takes what is left.
        let m = marks(uc, state: state, fitting: max(0, width - 12))
        let mw = min(m.width, width)
        let titleWidth = max(0, width - mw - 1)
        buf.draw(StyledLine([(uc.id + " ", .bold), (TerminalSafe.escape(uc.title), .normal)]),
                 x: x, y: y, width: titleWidth, ellipsis: state.glyphs.ellipsis)
        buf.draw(m, x: x + width - mw, y: y, width: mw, ellipsis: state.glyphs.ellipsis)
        if selected { buf.restyle(x: x, y: y, width: width, style: focused ? .selected : .selectedDim) }
    }
}
