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
        var who: String = state.actorName.map { "you: \(TerminalSafe.escape($0)) " } ?? "read-only "
        if let n = state.inboxCount, n > 0 { who = "\(n) need you \(g.bullet) " + who }
        if let n = state.unsynced, n > 0 { who = "\(g.unsynced)\(n) unsynced \(g.bullet) " + who }
        // Signed decisions: the board is signed, and whether your key is there to sign with.
        if state.policy.signing != .off, state.actorName != nil {
            who = (state.signingKey == nil ? "signed: no key \(g.bullet) " : "signed \(g.bullet) ") + who
        }
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
            // A long reason (a refusal) gets up to three lines, growing upwards over the panes.
            let lines = TextFit.wrap(TerminalSafe.escape(m.text), to: max(1, w - 2))
            let shown = Array(lines.prefix(3))
            let style: Style = m.kind == .error ? .error : .message
            for (i, l) in shown.enumerated() {
                let row = y - (shown.count - 1) + i
                if m.kind == .error { buf.fill(x: 0, y: row, width: w, height: 1, style: style) }
                else { buf.fill(x: 0, y: row, width: w, height: 1) }
                let last = i == shown.count - 1 && lines.count > shown.count
                buf.draw(StyledLine(" " + l + (last ? g.ellipsis : "")), x: 0, y: row, width: w, ellipsis: g.ellipsis)
                buf.restyle(x: 0, y: row, width: m.kind == .error ? w : DisplayWidth.of(l) + 2, style: style)
            }
            return
        }
        var line = StyledLine()
        // An action key the engine would refuse on the highlighted use case shows as unavailable;
        // pressing it says why. Only keys that open a form are asked per frame (one decision
        // each): a picker key's check tries every choice, too much for every frame, and is
        // asked when it is pressed.
        let target = state.modal == nil && state.filterInput == nil ? state.target : nil
        for (k, what) in KeyHelp.hints(for: state) {
            if let target, let c = k.first, k.count == 1, let key = ActionKey(rawValue: c), key.opensForm,
               state.unavailable(key, on: target) != nil {
                line.append(" " + k, .dim)
                line.append(" \(g.void)" + what + " ", .dim)
                continue
            }
            line.append(" " + k, .key)
            line.append(" " + what + " ", .dim)
        }
        buf.draw(line, x: 0, y: y, width: w, ellipsis: g.ellipsis)
    }
}
