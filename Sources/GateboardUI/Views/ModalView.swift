import GateboardCore

/// Forms, pickers, help, blockers and the quit confirmation, drawn centred over the screen.
enum ModalView {
    static func frame(width w: Int, height h: Int, in buf: ScreenBuffer) -> Rect {
        let width = min(buf.width - 2, w)
        let height = min(buf.height - 2, h)
        return Rect(x: (buf.width - width) / 2, y: max(1, (buf.height - height) / 2), width: width, height: height)
    }

    static func draw(_ modal: Modal, state: AppState, into buf: inout ScreenBuffer) {
        let g = state.glyphs
        switch modal {
        case .help:
            let lines = helpLines(state)
            let r = frame(width: helpWidth(lines), height: lines.count + 2, in: buf)
            buf.fill(x: r.x, y: r.y, width: r.width, height: r.height, style: .modal)
            let scrolls = lines.count > r.inner.height ? " \(g.bullet) j/k scroll" : ""
            buf.box(r, glyphs: g, style: .focusBorder, title: "Keys \(g.bullet) \(state.view.title) \(g.bullet) Esc closes" + scrolls)
            buf.drawScrolled(lines, in: r, scroll: state.helpScroll, glyphs: g)
        case .blockers(let title, let items):
            let width = min(76, buf.width - 2) - 6
            var lines: [StyledLine] = []
            for item in items {
                for (i, part) in TextFit.wrap(item, to: width).enumerated() {
                    lines.append(StyledLine([(i == 0 ? "\(g.blocked) " : "  ", .danger), (part, .normal)]))
                }
            }
            lines.append(StyledLine())
            lines.append(StyledLine("Nothing was changed. Esc closes.", .dim))
            let r = frame(width: 76, height: lines.count + 2, in: buf)
            buf.fill(x: r.x, y: r.y, width: r.width, height: r.height, style: .modal)
            buf.box(r, glyphs: g, style: .focusBorder, title: title, titleStyle: .danger)
            buf.drawScrolled(lines, in: r, scroll: 0, glyphs: g)
        case .picker(let p):
            // The typed text on the first row, the options it matches below.
            let shown = p.shown
            let rows = min(max(1, p.options.count), max(3, buf.height - 9)) + 1
            // Wide enough for the longest detail (what a person holds), when the screen allows.
            let widest = p.options.map { DisplayWidth.of($0.detail) }.max() ?? 0
            let r = frame(width: max(64, DisplayWidth.of(p.title) + 8, min(110, 33 + widest)), height: rows + 2, in: buf)
            buf.fill(x: r.x, y: r.y, width: r.width, height: r.height, style: .modal)
            buf.box(r, glyphs: g, style: .focusBorder, title: p.title)
            buf.draw(p.query.isEmpty ? StyledLine("type to narrow the list, \u{2191}\u{2193} choose, Enter picks", .dim)
                                     : StyledLine([("\u{203A} ", .key), (TerminalSafe.escape(p.query), .bold),
                                                   (shown.isEmpty ? "  nothing matches: Backspace widens" : "  \(shown.count) of \(p.options.count)", .dim)]),
                     x: r.inner.x + 1, y: r.inner.y, width: r.inner.width - 2, ellipsis: g.ellipsis)
            let inner = Rect(x: r.inner.x, y: r.inner.y + 1, width: r.inner.width, height: r.inner.height - 1)
            let scroll = max(0, min(p.index - inner.height + 1, shown.count - inner.height))
            let top = max(0, scroll)
            for (i, o) in shown.dropFirst(top).prefix(inner.height).enumerated() {
                let y = inner.y + i
                let labelWidth = min(28, inner.width / 2)
                buf.put(TextFit.pad(o.label, to: labelWidth, ellipsis: g.ellipsis), x: inner.x + 1, y: y)
                let detailStyle: Style = o.detail.hasPrefix(g.missing) ? .danger : .dim
                buf.put(TextFit.truncate(o.detail, to: inner.width - labelWidth - 3, ellipsis: g.ellipsis),
                        x: inner.x + 2 + labelWidth, y: y, style: detailStyle)
                if top + i == p.index { buf.restyle(x: inner.x, y: y, width: inner.width, style: .selected) }
            }
        case .form(let f):
            drawForm(f, state: state, into: &buf)
        case .confirmMark(let previous):
            let r = frame(width: 56, height: 6, in: buf)
            buf.fill(x: r.x, y: r.y, width: r.width, height: r.height, style: .modal)
            buf.box(r, glyphs: g, style: .focusBorder, title: "Mark the stand-up held?")
            buf.put("previous: " + (previous.map(UseCaseText.date) ?? "never"), x: r.x + 2, y: r.y + 1)
            buf.put("Records a stand-up event on the board's log.", x: r.x + 2, y: r.y + 2, style: .dim)
            buf.draw(StyledLine([("y", .key), (" mark held   ", .normal), ("any other key", .key), (" cancel", .normal)]),
                     x: r.x + 2, y: r.y + 4, width: r.width - 4, ellipsis: g.ellipsis)
        case .delegations(let list): drawDelegations(list, state: state, into: &buf)
        case .confirmCancelDelegation(let d): drawConfirmCancel(d, state: state, into: &buf)
        case .confirmQuit:
            let r = frame(width: 50, height: 5, in: buf)
            buf.fill(x: r.x, y: r.y, width: r.width, height: r.height, style: .modal)
            buf.box(r, glyphs: g, style: .focusBorder, title: "Quit?")
            buf.put("The form has unsaved input.", x: r.x + 2, y: r.y + 1)
            buf.draw(StyledLine([("y", .key), (" quit and discard   ", .normal), ("any other key", .key), (" back", .normal)]),
                     x: r.x + 2, y: r.y + 3, width: r.width - 4, ellipsis: g.ellipsis)
        }
    }

    /// The `?` overlay's lines: every key of the view, by section.
    static func helpLines(_ state: AppState) -> [StyledLine] {
        var lines: [StyledLine] = []
        let keysWidth = helpKeysWidth(state)
        for (title, entries) in KeyHelp.sections(for: state) {
            if !lines.isEmpty { lines.append(StyledLine()) }
            lines.append(StyledLine(title, .paneTitle))
            for e in entries {
                lines.append(StyledLine([(TextFit.pad(e.keys, to: keysWidth), .key), (e.what, .normal)]))
            }
        }
        return lines
    }

    /// The keys column: 18, or wider for a long list of keys, so no key is ever cut.
    static func helpKeysWidth(_ state: AppState) -> Int {
        max(18, (KeyHelp.sections(for: state).flatMap { $0.1 }.map { DisplayWidth.of($0.keys) }.max() ?? 0) + 2)
    }

    /// Wide enough for the longest entry where the screen allows.
    static func helpWidth(_ lines: [StyledLine]) -> Int { max(72, (lines.map(\.width).max() ?? 0) + 4) }

    /// How far the overlay can scroll at the state's size: never past its last line.
    static func helpMaxScroll(_ state: AppState) -> Int {
        let count = helpLines(state).count
        let height = min(state.height - 2, count + 2)
        return max(0, count - (height - 2))
    }

    static func drawForm(_ f: Form, state: AppState, into buf: inout ScreenBuffer) {
        if var w = f.walk, w.step != nil || f.isWalkOnly {
            if w.step == nil { w.step = w.questions.count }
            return drawScreeningStep(f, w, state: state, into: &buf)
        }
        let g = state.glyphs
        // A refusal can be long: it wraps, up to four lines, and the form grows for it.
        let errorLines = f.error.map { Array(TextFit.wrap($0, to: min(72, buf.width - 2) - 6).prefix(4)) } ?? []
        let height = 2 + f.notes.count + (f.notes.isEmpty ? 0 : 1) + f.fields.count * 2 + 2 + max(0, errorLines.count - 1)
        // Wide enough for the title: it names the target, which must not be cut.
        let r = frame(width: max(72, DisplayWidth.of(f.title) + 8), height: height, in: buf)
        buf.fill(x: r.x, y: r.y, width: r.width, height: r.height, style: .modal)
        buf.box(r, glyphs: g, style: .focusBorder, title: f.title)
        let inner = r.inner
        var y = inner.y
        for n in f.notes {
            buf.put(TextFit.truncate(n, to: inner.width - 2, ellipsis: g.ellipsis), x: inner.x + 1, y: y, style: .dim)
            y += 1
        }
        if !f.notes.isEmpty { y += 1 }
        let labelWidth = (f.fields.map { DisplayWidth.of($0.label) }.max() ?? 0) + (f.fields.contains { $0.required } ? 2 : 0)
        let fieldX = inner.x + 2 + labelWidth + 1
        let fieldWidth = max(4, inner.maxX - 1 - fieldX)
        for (i, field) in f.fields.enumerated() {
            let label = field.label + (field.required ? " *" : "")
            buf.put(TextFit.pad(label, to: labelWidth), x: inner.x + 1, y: y, style: i == f.focus ? .bold : .normal)
            switch field.kind {
            case .choice(let options):
                var line = StyledLine()
                for (j, o) in options.enumerated() {
                    line.append(" \(o) ", j == field.choice ? (i == f.focus ? .selected : .bold) : .dim)
                }
                buf.draw(line, x: fieldX, y: y, width: fieldWidth, ellipsis: g.ellipsis)
            case .text, .day:
                drawInput(field.input, focused: i == f.focus, x: fieldX, y: y, width: fieldWidth, ellipsis: g.ellipsis, into: &buf)
            }
            if let hint = field.hint {
                buf.put(TextFit.truncate(hint, to: fieldWidth, ellipsis: g.ellipsis), x: fieldX, y: y + 1, style: .dim)
            }
            y += 2
        }
        if !errorLines.isEmpty {
            for (i, line) in errorLines.enumerated() {
                buf.put(TextFit.truncate(" " + line + " ", to: inner.width - 2, ellipsis: g.ellipsis), x: inner.x + 1, y: y + i, style: .error)
            }
        } else {
            buf.draw(StyledLine([("Enter", .key), (" submit  ", .dim), ("Esc", .key), (" cancel  ", .dim), ("Tab", .key), (" next field", .dim)]),
                     x: inner.x + 1, y: y, width: inner.width - 2, ellipsis: g.ellipsis)
        }
    }

    /// The input scrolled so the cursor is visible, the cursor cell reversed.
    static func drawInput(_ input: TextInput, focused: Bool, x: Int, y: Int, width: Int, ellipsis: String,
                          into buf: inout ScreenBuffer) {
        buf.fill(x: x, y: y, width: width, height: 1, style: .inputField)
        let chars = input.characters.map { TerminalSafe.escape(String($0)) }
        // Columns before the cursor; start far enough right that the cursor fits.
        var start = 0
        var widthBefore = chars[..<input.cursor].reduce(0) { $0 + DisplayWidth.of($1) }
        while widthBefore > width - 1 && start < input.cursor {
            widthBefore -= DisplayWidth.of(chars[start])
            start += 1
        }
        var cx = x
        for (i, c) in chars.enumerated().dropFirst(start) {
            let w = DisplayWidth.of(c)
            if cx + w > x + width { break }
            let style: Style = focused && i == input.cursor ? .selected : .inputField
            cx += buf.put(c, x: cx, y: y, style: style)
        }
        if focused && input.cursor == chars.count && cx < x + width { buf.put(" ", x: cx, y: y, style: .selected) }
    }
}
