import GateboardCore

/// The `D` overlay: delegations given and received that have not ended, and the confirmation
/// before one is cancelled.
extension ModalView {
    /// "Omar Haddad → Sofia Brandt as risk reviewer, from 2026-12-20 until 2027-01-05".
    static func delegationLine(_ d: Delegation, state: AppState) -> String {
        "\(state.personName(d.from)) \(state.glyphs.arrow) \(state.personName(d.to)) as \(state.roleWords(d.role)), \(Delegations.period(d))"
    }

    static func drawDelegations(_ list: DelegationsList, state: AppState, into buf: inout ScreenBuffer) {
        let g = state.glyphs
        let rows = state.delegationRows
        let index = max(0, min(list.index, rows.count - 1))
        var lines: [(String, Style, Bool)] = []
        if rows.isEmpty {
            lines.append(("No delegation in force or to come" + (state.actor == nil ? "." : " for you."), .dim, false))
        }
        for (i, d) in rows.enumerated() {
            let side = d.from == state.actor ? "given" : d.to == state.actor ? "received" : ""
            let when = d.inForce(at: state.now) ? "in force" : "to come"
            lines.append(("\(delegationLine(d, state: state)) \(g.bullet) \(when)" + (side.isEmpty ? "" : " \(g.bullet) \(side)"),
                          d.inForce(at: state.now) ? .bold : .normal, i == index))
        }
        let keys = StyledLine([("j/k", .key), (" move  ", .dim), ("n", .key), (" delegate while away  ", .dim),
                               ("c", .key), (" cancel yours  ", .dim), ("Esc", .key), (" close", .dim)])
        let widest = lines.map { DisplayWidth.of($0.0) }.max() ?? 0
        let shown = max(1, min(lines.count, buf.height - 8))
        let r = frame(width: max(72, min(110, widest + 6)), height: shown + 4, in: buf)
        buf.fill(x: r.x, y: r.y, width: r.width, height: r.height, style: .modal)
        let who = state.actor.map { " \(g.bullet) \(state.personName($0))" } ?? " \(g.bullet) read-only"
        buf.box(r, glyphs: g, style: .focusBorder, title: "Delegations" + who)
        let inner = r.inner
        let top = max(0, min(index - shown + 1, lines.count - shown))
        for (i, (text, style, selected)) in lines.dropFirst(top).prefix(shown).enumerated() {
            buf.put(TextFit.truncate(text, to: inner.width - 2, ellipsis: g.ellipsis), x: inner.x + 1, y: inner.y + i, style: style)
            if selected { buf.restyle(x: inner.x, y: inner.y + i, width: inner.width, style: .selected) }
        }
        buf.draw(keys, x: inner.x + 1, y: inner.y + shown + 1, width: inner.width - 2, ellipsis: g.ellipsis)
    }

    static func drawConfirmCancel(_ d: Delegation, state: AppState, into buf: inout ScreenBuffer) {
        let g = state.glyphs
        let line = delegationLine(d, state: state)
        let r = frame(width: max(60, DisplayWidth.of(line) + 6), height: 6, in: buf)
        buf.fill(x: r.x, y: r.y, width: r.width, height: r.height, style: .modal)
        buf.box(r, glyphs: g, style: .focusBorder, title: "Cancel this delegation?")
        buf.put(TextFit.truncate(line, to: r.width - 4, ellipsis: g.ellipsis), x: r.x + 2, y: r.y + 1)
        buf.put("It ends now; decisions already made under it stay.", x: r.x + 2, y: r.y + 2, style: .dim)
        buf.draw(StyledLine([("y", .key), (" cancel it   ", .normal), ("any other key", .key), (" keep it", .normal)]),
                 x: r.x + 2, y: r.y + 4, width: r.width - 4, ellipsis: g.ellipsis)
    }
}
