import GateboardCore

/// The log view (`4`): every audit event of the selected use case; and the views whose
/// computations come with the triage, stand-up and inbox work.
enum OtherViews {
    static func log(_ state: AppState, layout: Layout, into buf: inout ScreenBuffer) {
        let rect = layout.body
        let g = state.glyphs
        guard let uc = state.selectedUseCase else {
            buf.box(rect, glyphs: g, title: "Log")
            buf.put("select a use case on the board (1) first", x: rect.x + 2, y: rect.y + 1, style: .dim)
            return
        }
        buf.box(rect, glyphs: g, style: .focusBorder, title: "Log \(g.bullet) \(uc.id) \(TerminalSafe.escape(uc.title))")
        guard let log = state.log, log.id == uc.id else {
            buf.put("loading…", x: rect.x + 2, y: rect.y + 1, style: .dim)
            return
        }
        let lines = log.events.enumerated().map { i, e in
            StyledLine([(String(format: "%4d ", e.seq), i == state.logScroll ? .selected : .dim),
                        (UseCaseText.date(e.at) + " ", .dim), (UseCaseText.person(e.actor, state.policy) + " ", .bold),
                        ("(\(TerminalSafe.escape(e.osUser))) ", .dim), (e.action.rawValue + " ", .badge),
                        (UseCaseText.summary(e, policy: state.policy, arrow: g.arrow), .normal)])
        }
        if lines.isEmpty { buf.put("no events", x: rect.x + 2, y: rect.y + 1, style: .dim); return }
        let rows = rect.inner.height
        let scroll = max(0, min(state.logScroll - rows / 2, lines.count - rows))
        buf.drawScrolled(lines, in: rect, scroll: scroll, glyphs: g)
    }

    static func placeholder(_ state: AppState, layout: Layout, into buf: inout ScreenBuffer) {
        let rect = layout.body
        let g = state.glyphs
        let (issue, what): (String, String) = switch state.view {
        case .triage: ("issue 5", "a ranked list of what needs a decision: stalled, no owner, waiting approvals, expiring waivers")
        case .standup: ("issue 5", "walk the board one use case at a time: what changed since the last stand-up, blockers, who acts next")
        default: ("issue 9", "your queue: approvals and blockers that need you, oldest first")
        }
        buf.box(rect, glyphs: g, title: state.view.title)
        let lines = [StyledLine("\(state.view.title): not available yet", .bold),
                     StyledLine("This view needs the \(state.view.title.lowercased()) computations (\(issue)), which are not in this build.", .normal),
                     StyledLine(what, .dim),
                     StyledLine(),
                     StyledLine([("1", .key), (" board   ", .dim), ("4", .key), (" log   ", .dim), ("?", .key), (" help", .dim)])]
        buf.drawScrolled(lines, in: rect, scroll: 0, glyphs: g)
    }
}
