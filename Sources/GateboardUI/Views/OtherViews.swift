import GateboardCore

/// The log view (`4`): every audit event of the selected use case; and the views whose
/// computations come with the triage, stand-up and inbox work.
enum OtherViews {
    static func log(_ state: AppState, layout: Layout, into buf: inout ScreenBuffer) {
        let rect = layout.body
        let g = state.glyphs
        // `/` picks whose log it is, as it picks the board's cards: `]` `[` walk what it matches.
        let matching = state.columns.joined().count
        let filtered = state.filter.isEmpty ? "" : " \(g.bullet) /\(TerminalSafe.escape(state.filter)): \(matching) match (] [ next)"
        guard let uc = state.selectedUseCase else {
            buf.box(rect, glyphs: g, title: "Log" + filtered)
            buf.put(state.filter.isEmpty ? "select a use case on the board (1) first" : "nothing matches /\(TerminalSafe.escape(state.filter)) (Esc clears)",
                    x: rect.x + 2, y: rect.y + 1, style: .dim)
            return
        }
        buf.box(rect, glyphs: g, style: .focusBorder, title: "Log \(g.bullet) \(uc.id) \(TerminalSafe.escape(uc.title))" + filtered)
        guard let log = state.log, log.id == uc.id else {
            buf.put("loading…", x: rect.x + 2, y: rect.y + 1, style: .dim)
            return
        }
        let lines = log.events.enumerated().map { i, e in
            var line = StyledLine([(String(format: "%4d ", e.seq), i == state.logScroll ? .selected : .dim),
                                   (UseCaseText.date(e.at) + " ", .dim), (UseCaseText.person(e.actor, state.policy) + " ", .bold),
                                   ("(\(TerminalSafe.escape(e.osUser))) ", .dim), (e.action.rawValue + " ", .badge),
                                   (UseCaseText.summary(e, policy: state.policy, arrow: g.arrow), .normal)])
            if let (mark, style) = UseCaseText.signatureMark(e, in: log.id, state: state) { line.segments.insert((mark, style), at: 5) }
            return line
        }
        if lines.isEmpty { buf.put("no events", x: rect.x + 2, y: rect.y + 1, style: .dim); return }
        let rows = rect.inner.height
        let scroll = max(0, min(state.logScroll - rows / 2, lines.count - rows))
        buf.drawScrolled(lines, in: rect, scroll: scroll, glyphs: g)
    }

    /// Triage, stand-up and inbox: the list on top, the selected entry's reasons below.
    static func queue(_ state: AppState, layout: Layout, into buf: inout ScreenBuffer) {
        let rect = layout.body
        let g = state.glyphs
        guard let q = state.queue else {
            buf.box(rect, glyphs: g, title: state.view.title)
            buf.put(state.view == .inbox && state.actor == nil ? "read-only: the inbox needs to know who you are" : "loading…",
                    x: rect.x + 2, y: rect.y + 1, style: .dim)
            return
        }
        // The "Why" pane is as high as its content (the inbox's carries evidence and the
        // digest), at most half the body; the list keeps the rest.
        let wanted = (q.rows[safe: q.index]?.details.count ?? 0) + 2
        let detailHeight = max(3, min(rect.height / 2, wanted))
        let list = Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - detailHeight)
        let detail = Rect(x: rect.x, y: list.maxY, width: rect.width, height: detailHeight)
        let marks = q.view == .triage
        var title = marks && !state.marked.isEmpty ? "\(q.title) \(g.bullet) \(state.marked.count) marked" : q.title
        if !state.filter.isEmpty { title += " \(g.bullet) /\(TerminalSafe.escape(state.filter)): \(q.rows.count) shown" }
        if q.view == .standup, let count = state.standupCount { title += " \(g.bullet) \(count.rawValue): \(q.rows.count) shown" }
        buf.box(list, glyphs: g, style: .focusBorder, title: title)
        var inner = list.inner
        for line in q.summary {
            buf.draw(line, x: inner.x + 1, y: inner.y, width: inner.width - 2, ellipsis: g.ellipsis)
            inner = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        }
        if q.rows.isEmpty {
            if q.allRows.isEmpty { buf.put(q.empty, x: inner.x + 1, y: inner.y, style: .ok) }
            else { buf.put("nothing here matches /\(TerminalSafe.escape(state.filter)) (Esc clears)", x: inner.x + 1, y: inner.y, style: .dim) }
        } else {
            let rows = max(1, inner.height)
            let top = max(0, min(q.index - rows / 2, q.rows.count - rows))
            // Triage keeps a two-column gutter for the space marks.
            let gutter = marks ? 2 : 0
            for (i, row) in q.rows.dropFirst(top).prefix(rows).enumerated() {
                buf.draw(row.line, x: inner.x + 1 + gutter, y: inner.y + i, width: inner.width - 2 - gutter, ellipsis: g.ellipsis)
                if top + i == q.index { buf.restyle(x: inner.x, y: inner.y + i, width: inner.width, style: .selected) }
                if marks, state.marked.contains(row.id) {
                    buf.put(g.marked, x: inner.x + 1, y: inner.y + i, style: top + i == q.index ? .selected : .warn)
                }
            }
            if top > 0 { buf.put("\(g.moreAbove)\(top)", x: list.maxX - 8, y: list.y, style: .bold) }
            if q.rows.count - top - rows > 0 {
                buf.put("\(g.moreBelow)\(q.rows.count - top - rows)", x: list.maxX - 8, y: list.maxY - 1, style: .bold)
            }
        }
        buf.box(detail, glyphs: g, title: q.rows[safe: q.index].map { "Why \(g.bullet) \($0.id)" } ?? "Why")
        if let row = q.rows[safe: q.index] {
            buf.drawScrolled(row.details, in: detail, scroll: 0, glyphs: g)
        }
    }
}
