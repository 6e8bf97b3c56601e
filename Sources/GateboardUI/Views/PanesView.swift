import GateboardCore

/// The Owners, Gate and Activity panes of the selected use case.
enum PanesView {
    static func lines(_ pane: AppState.Focus, _ uc: UseCase, state: AppState) -> [StyledLine] {
        switch pane {
        case .owners: PaneContent.owners(uc, state: state)
        case .gate, .board: PaneContent.gate(uc, state: state)
        case .activity: PaneContent.activity(uc, state: state)
        }
    }

    static func draw(_ state: AppState, layout: Layout, into buf: inout ScreenBuffer) {
        let g = state.glyphs
        let uc = state.selectedUseCase
        if layout.mode == .wide {
            for (i, rect) in layout.panes.enumerated() {
                let pane = AppState.Focus(rawValue: i + 1)!
                let focused = state.focus == pane
                var title = pane.title
                if pane == .owners, let uc { title += " \(g.bullet) \(uc.id)" }
                buf.box(rect, glyphs: g, style: focused ? .focusBorder : .border, title: title)
                if let uc {
                    buf.drawScrolled(lines(pane, uc, state: state), in: rect, scroll: state.paneScroll[pane] ?? 0, glyphs: g)
                } else {
                    buf.put("nothing selected", x: rect.inner.x + 1, y: rect.inner.y, style: .dim)
                }
            }
            return
        }
        guard let rect = layout.panes.first else { return }
        let shown: AppState.Focus = state.focus == .board ? .gate : state.focus
        buf.box(rect, glyphs: g, style: state.focus == .board ? .border : .focusBorder)
        var x = rect.x + 2
        for pane in [AppState.Focus.owners, .gate, .activity] {
            let t = " \(pane.title) "
            x += buf.put(t, x: x, y: rect.y, style: pane == shown ? .paneTitle : .dim)
        }
        if let uc {
            buf.put(" \(uc.id) ", x: x + 1, y: rect.y, style: .bold)
            buf.drawScrolled(lines(shown, uc, state: state), in: rect, scroll: state.paneScroll[shown] ?? 0, glyphs: g)
        } else {
            buf.put("nothing selected", x: rect.inner.x + 1, y: rect.inner.y, style: .dim)
        }
    }
}

/// Enter: everything about one use case, scrollable.
enum DetailView {
    static func lines(_ uc: UseCase, state: AppState, width: Int) -> [StyledLine] {
        let policy = state.policy
        let g = state.glyphs
        let entry = state.gate(uc)
        var out: [StyledLine] = []
        func section(_ t: String) { out.append(StyledLine()); out.append(StyledLine(t, .paneTitle)) }
        func wrapped(_ text: String, _ style: Style = .normal) {
            if text.isEmpty { out.append(StyledLine("  (empty)", .danger)); return }
            for l in TextFit.wrap(TerminalSafe.escapeKeepingNewlines(text), to: max(10, width - 4)) {
                out.append(StyledLine("  " + l, style))
            }
        }
        out.append(StyledLine([(uc.id + "  ", .bold), (TerminalSafe.escape(uc.title), .bold)]))
        var facts = StyledLine([(state.stageName(uc.stage), .columnTitle),
                                ("  \(policy.tier(uc.tier)?.name ?? uc.tier) ", .badge),
                                ("  \(entry.clock.daysInStage) days in stage", .normal)])
        if let sla = entry.clock.slaDays { facts.append(" (SLA \(sla))", entry.clock.stalled ? .warn : .dim) }
        if uc.halted != nil { facts.append("  \(g.halted) HALTED", .halted) }
        if uc.parked != nil { facts.append("  \(g.parked) parked", .warn) }
        out.append(facts)
        out.append(StyledLine("created \(UseCaseText.date(uc.createdAt)) by \(UseCaseText.person(uc.createdBy, policy))", .dim))
        section("Problem")
        wrapped(uc.problem)
        section("Success metric")
        wrapped(uc.metric)
        let inventory = InventoryLines.lines(uc, policy: policy)
        if !inventory.isEmpty { section("Inventory"); out += inventory }
        section("Artifacts (material basis)")
        if uc.artifacts.isEmpty { out.append(StyledLine("  none recorded", .dim)) }
        let checks = state.board.content[uc.id] ?? []
        for (k, v) in uc.artifacts.sorted(by: { $0.key < $1.key }) where !ContentBinding.isKey(k) {
            // Observed: the recorded id is the check's (the use case holds what is on disk now).
            let check = checks.first { $0.name == k }
            let content = (check?.recorded ?? uc.artifacts[ContentBinding.key(k)]).map { "  " + ContentBinding.short($0) } ?? "  (external — not checked)"
            let drift: String
            switch check?.state {
            case .drifted?: drift = "  CHANGED, now \(ContentBinding.short(check?.current)): v shows the diff"
            case .missing?: drift = "  MISSING"
            default: drift = ""
            }
            out.append(StyledLine([("  \(TerminalSafe.escape(k)): ", .dim), (TerminalSafe.escape(v), .normal), (content, .dim), (drift, .danger)]))
        }
        out.append(StyledLine("  material digest \(uc.materialDigest)", .dim))
        section("Evidence and attestations")
        if uc.controls.isEmpty { out.append(StyledLine("  none recorded", .dim)) }
        for (control, st) in uc.controls.sorted(by: { $0.key < $1.key }) {
            let title = policy.control(control)?.title ?? control
            for e in st.evidence {
                out.append(StyledLine([("  \(TerminalSafe.escape(title)): ", .dim), (TerminalSafe.escape(e.ref), .normal),
                                       ("  \(UseCaseText.person(e.by, policy)) \(UseCaseText.date(e.at))", .dim),
                                       (e.note.map { " — " + TerminalSafe.escape($0) } ?? "", .normal),
                                       (e.mark(policy).map { "  " + $0 } ?? "", .danger)]))
            }
            for a in st.attestations {
                out.append(StyledLine([("  \(TerminalSafe.escape(title)): ", .dim), ("attested", .ok),
                                       (" by \(TerminalSafe.escape(Delegations.decider(a.by, for: a.onBehalfOf, delegation: a.delegation, policy))) \(UseCaseText.date(a.at))", .dim),
                                       (a.note.map { " — " + TerminalSafe.escape($0) } ?? "", .normal)]))
            }
        }
        if !policy.screening.isEmpty {
            section("Screening")
            out += ScreeningDetail.lines(uc, policy: policy, width: width)
        }
        section("Owners")
        out += PaneContent.owners(uc, state: state).map { l in var l = l; l.segments.insert(("  ", .normal), at: 0); return l }
        section("Gate")
        out += PaneContent.gate(uc, state: state).map { l in var l = l; l.segments.insert(("  ", .normal), at: 0); return l }
        if !uc.approvals.isEmpty || !uc.rejections.isEmpty {
            section("Approvals and rejections")
            // As the engine counts them now: a void or expired approval says so, with why.
            for standing in ApprovalCount.standings(uc, policy: policy, now: state.now) {
                let a = standing.approval
                let (mark, word, style): (String, String, Style) = standing.void
                    ? (g.void, "VOID" + (standing.reason.map { " (\(TerminalSafe.escape($0)))" } ?? "") + " ", .danger)
                    : (g.ready, "", .ok)
                out.append(StyledLine([("  \(mark) ", style), (word, style),
                                       (TerminalSafe.escape(Delegations.decider(a.person, for: a.onBehalfOf, delegation: a.delegation, policy)), .bold),
                                       (" as \(policy.role(a.role)?.name ?? a.role) \(UseCaseText.date(a.at))", .dim),
                                       (a.comment.map { " — " + TerminalSafe.escape($0) } ?? "", .normal)]))
            }
            for r in uc.rejections {
                out.append(StyledLine([("  \(g.blocked) ", .danger),
                                       (TerminalSafe.escape(Delegations.decider(r.person, for: r.onBehalfOf, delegation: r.delegation, policy)), .bold),
                                       (" \(UseCaseText.date(r.at))", .dim), (" — " + TerminalSafe.escape(r.comment), .normal)]))
            }
        }
        if !uc.waivers.isEmpty {
            section("Waivers")
            for w in uc.waivers {
                out.append(StyledLine([("  \(g.waived) \(w.control)", .waived),
                                       (" until \(w.until) by \(UseCaseText.person(w.by, policy)) — \(TerminalSafe.escape(w.reason))", .normal)]))
            }
        }
        section("Activity")
        out += PaneContent.activity(uc, state: state).map { l in var l = l; l.segments.insert(("  ", .normal), at: 0); return l }
        return out
    }

    static func draw(_ state: AppState, layout: Layout, into buf: inout ScreenBuffer) {
        let rect = layout.body
        guard let uc = state.target else { return }
        buf.box(rect, glyphs: state.glyphs, style: .focusBorder, title: "Detail \(state.glyphs.bullet) \(uc.id)")
        buf.drawScrolled(lines(uc, state: state, width: rect.width - 2), in: rect, scroll: state.detailScroll, glyphs: state.glyphs)
    }
}
