/// State → screen. Pure: the same state always draws the same buffer.
public func render(_ state: AppState) -> ScreenBuffer {
    var buf = ScreenBuffer(width: state.width, height: state.height)
    let layout = state.layout
    if layout.mode == .tooSmall {
        let msg = "terminal too small: \(state.width)×\(state.height), need \(Layout.minWidth)×\(Layout.minHeight)"
        let lines = TextFit.wrap(msg, to: max(1, state.width))
        let top = max(0, (state.height - lines.count) / 2)
        for (i, l) in lines.enumerated() {
            buf.put(l, x: max(0, (state.width - DisplayWidth.of(l)) / 2), y: top + i, style: .bold)
        }
        return buf
    }
    Chrome.header(state, into: &buf)
    if state.showingDetail {
        DetailView.draw(state, layout: layout, into: &buf)
    } else {
        switch state.view {
        case .board:
            if layout.mode == .wide { BoardView.draw(state, layout: layout, into: &buf) }
            else { ListView.draw(state, layout: layout, into: &buf) }
            PanesView.draw(state, layout: layout, into: &buf)
        case .log:
            OtherViews.log(state, layout: layout, into: &buf)
        case .triage, .standup, .inbox:
            OtherViews.queue(state, layout: layout, into: &buf)
        case .report:
            ReportView.draw(state, layout: layout, into: &buf)
        }
    }
    Chrome.status(state, into: &buf)
    if let m = state.modal { ModalView.draw(m, state: state, into: &buf) }
    return buf
}
