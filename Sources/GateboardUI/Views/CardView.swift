import GateboardCore

/// A use case as a card on the board (two lines) or a row of the narrow list (one line).
enum CardView {
    /// Marks after the badge: days in stage, blocked count / ready, stalled, halted, parked.
    static func marks(_ uc: UseCase, state: AppState) -> StyledLine {
        let g = state.glyphs
        let entry = state.gate(uc)
        var line = StyledLine([(UseCaseText.tierBadge(uc.tier), .badge), (" \(entry.clock.daysInStage)d", .normal)])
        if uc.halted != nil { line.append(" \(g.halted)HALT", .halted) }
        let e = entry.evaluation
        if e.passed { line.append(" \(g.ready)ready", .ok) }
        else if !e.blockers.isEmpty { line.append(" \(g.blocked)\(e.blockers.count)", .danger) }
        if entry.clock.stalled { line.append(" \(g.stalled)stalled", .warn) }
        else if entry.clock.stalling { line.append(" \(g.stalling)stalling", .waived) }
        if uc.parked != nil { line.append(" \(g.parked)parked", .dim) }
        for (text, style) in OperationsView.cardMarks(uc, state: state) { line.append(text, style) }
        return line
    }

    static func drawCard(_ uc: UseCase, into buf: inout ScreenBuffer, x: Int, y: Int, width: Int,
                         selected: Bool, focused: Bool, state: AppState) {
        let g = state.glyphs
        let title = StyledLine([(uc.id + " ", .bold), (TerminalSafe.escape(uc.title), .normal)])
        if selected {
            buf.fill(x: x, y: y, width: width, height: Layout.cardHeight, style: .normal)
        }
        buf.draw(title, x: x, y: y, width: width, ellipsis: g.ellipsis)
        buf.draw(marks(uc, state: state), x: x + 1, y: y + 1, width: width - 1, ellipsis: g.ellipsis)
        if selected {
            let st: Style = focused ? .selected : .selectedDim
            buf.restyle(x: x, y: y, width: width, style: st)
            buf.restyle(x: x, y: y + 1, width: width, style: st)
        }
    }

    static func drawRow(_ uc: UseCase, into buf: inout ScreenBuffer, x: Int, y: Int, width: Int,
                        selected: Bool, focused: Bool, state: AppState) {
        let m = marks(uc, state: state)
        let mw = min(m.width, width / 2)
        let titleWidth = max(0, width - mw - 1)
        buf.draw(StyledLine([(uc.id + " ", .bold), (TerminalSafe.escape(uc.title), .normal)]),
                 x: x, y: y, width: titleWidth, ellipsis: state.glyphs.ellipsis)
        buf.draw(m, x: x + width - mw, y: y, width: mw, ellipsis: state.glyphs.ellipsis)
        if selected { buf.restyle(x: x, y: y, width: width, style: focused ? .selected : .selectedDim) }
    }
}
