import GateboardCore

/// The header (board, who you are, filter, views, counts) and the status line.
enum Chrome {
    static func header(_ state: AppState, into buf: inout ScreenBuffer) {
        let w = buf.width
        let g = state.glyphs
        buf.fill(x: 0, y: 0, width: w, height: 1, style: .header)
        var left = StyledLine([(" Gateboard \(g.bullet) ", .header), (TerminalSafe.escape(state.policy.name), .header)])
        if !state.filter.isEmpty || state.filterInput != nil {
            left.append("  filter: /\(TerminalSafe.escape(state.filter))", .headerDim)
        }
        let who: String = state.actorName.map { "you: \(TerminalSafe.escape($0)) " } ?? "read-only "
        let ww = DisplayWidth.of(who)
        buf.draw(left, x: 0, y: 0, width: max(0, w - ww - 1), ellipsis: g.ellipsis)
        buf.put(who, x: max(0, w - ww), y: 0, style: .header)

        var tabs = StyledLine()
        for v in AppState.View.allCases {
            tabs.append(" \(v.rawValue) \(v.title) ", v == state.view ? .selected : .dim)
        }
        var counts = StyledLine()
        let total = state.columns.reduce(0) { $0 + $1.count }
        counts.append("  \(total) use cases", .bold)
        for (i, stage) in state.index.stages.enumerated() where state.columns.indices.contains(i) {
            counts.append(" \(g.bullet) \(stage.id) ", .dim)
            counts.append("\(state.columns[i].count)", .normal)
        }
        buf.draw(tabs, x: 0, y: 1, width: w, ellipsis: g.ellipsis)
        buf.draw(counts, x: tabs.width, y: 1, width: max(0, w - tabs.width), ellipsis: g.ellipsis)
    }

    static func status(_ state: AppState, into buf: inout ScreenBuffer) {
        let y = buf.height - 1
        let w = buf.width
        let g = state.glyphs
        buf.fill(x: 0, y: y, width: w, height: 1, style: .normal)
        if let input = state.filterInput {
            let line = StyledLine([("/", .key), (TerminalSafe.escape(input.text), .inputField), (" ", .inputField)])
            buf.draw(line, x: 0, y: y, width: w, ellipsis: g.ellipsis)
            return
        }
        if let m = state.message {
            buf.draw(StyledLine(" " + TerminalSafe.escape(m.text) + " ", m.kind == .error ? .error : .message),
                     x: 0, y: y, width: w, ellipsis: g.ellipsis)
            return
        }
        var line = StyledLine()
        for (k, what) in KeyHelp.hints(for: state) {
            line.append(" " + k, .key)
            line.append(" " + what + " ", .dim)
        }
        buf.draw(line, x: 0, y: y, width: w, ellipsis: g.ellipsis)
    }
}
