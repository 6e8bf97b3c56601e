import GateboardCore

/// The lines of the Owners, Gate and Activity panes for one use case.
enum PaneContent {
    static func owners(_ uc: UseCase, state: AppState) -> [StyledLine] {
        let policy = state.policy
        let g = state.glyphs
        var lines: [StyledLine] = []
        var stages: [(Stage, String)] = []
        if let cur = policy.stage(uc.stage) { stages.append((cur, "now")) }
        if let next = policy.nextStage(after: uc.stage) { stages.append((next, "next")) }
        for (stage, when) in stages {
            lines.append(StyledLine([("\(stage.name) ", .bold), ("(\(when))", .dim)]))
            for role in UseCaseText.roles(of: stage, tier: uc.tier, policy: policy) {
                let roleName = policy.role(role)?.name ?? role
                if let p = uc.owners[role] {
                    lines.append(StyledLine([("  \(roleName): ", .dim), (UseCaseText.person(p, policy), .normal)]))
                } else {
                    lines.append(StyledLine([("  \(roleName): ", .dim), ("\(g.missing) MISSING", .danger)]))
                }
            }
        }
        let shown = Set(stages.flatMap { UseCaseText.roles(of: $0.0, tier: uc.tier, policy: policy) })
        let others = uc.owners.keys.filter { !shown.contains($0) }.sorted()
        if !others.isEmpty {
            lines.append(StyledLine("Also named", .bold))
            for role in others {
                lines.append(StyledLine([("  \(policy.role(role)?.name ?? role): ", .dim),
                                         (UseCaseText.person(uc.owners[role]!, policy), .normal)]))
            }
        }
        return lines
    }

    static func gate(_ uc: UseCase, state: AppState) -> [StyledLine] {
        let g = state.glyphs
        let entry = state.gate(uc)
        let e = entry.evaluation
        var lines: [StyledLine] = []
        let (summary, style) = UseCaseText.gateSummary(e, uc: uc)
        var head = StyledLine([(summary, style)])
        if let to = e.to { head.append("  \(state.stageName(e.from)) \(g.arrow) \(state.stageName(to))", .dim) }
        lines.append(head)
        if let h = uc.halted {
            lines.append(StyledLine([("\(g.halted) HALTED", .halted),
                                     (" by \(UseCaseText.person(h.by, state.policy)): \(TerminalSafe.escape(h.reason))", .danger)]))
        }
        if let p = uc.parked {
            lines.append(StyledLine([("\(g.parked) parked", .warn), (" until review \(p.review): \(TerminalSafe.escape(p.reason))", .dim)]))
        }
        lines += OperationsView.detailLines(uc, state: state)
        for item in e.items {
            // The status word comes first, so a narrow pane cuts the title, never the verdict.
            let (mark, word, st) = status(item, glyphs: g)
            lines.append(StyledLine([("\(mark) \(word) ", st), (TerminalSafe.escape(item.title), .normal)]))
            var detail = item.detail
            if detail.hasSuffix(notBlocking) { detail.removeLast(notBlocking.count) }
            if !detail.isEmpty {
                lines.append(StyledLine("    " + TerminalSafe.escape(detail), .dim))
            }
        }
        // Blockers the engine reports that no item covers (halted, parked, rejections…).
        let covered = Set(e.items.filter { $0.status != .satisfied && $0.status != .waived }.map(\.title))
        for b in e.blockers where (b.kind == .rejection || b.kind == .terminal) && !covered.contains(b.message) {
            lines.append(StyledLine([("\(g.blocked) ", .danger), (TerminalSafe.escape(b.message), .normal)]))
        }
        return lines
    }

    /// The engine's wording for a rejection the gate does not count as blocking.
    static let notBlocking = " (does not block this gate)"

    /// A gate item's mark and status word. A rejection that does not block is not "satisfied":
    /// it says what it is.
    static func status(_ item: GateItem, glyphs g: Glyphs) -> (mark: String, word: String, style: Style) {
        switch item.status {
        case .satisfied where item.title == "Rejection": (g.stalling, "rejected, does not block:", .warn)
        case .satisfied: (g.ready, "satisfied", .ok)
        case .waived: (g.waived, "waived", .waived)
        case .missing: (g.missing, "missing", .danger)
        case .void: (g.void, "void", .danger)
        case .rejected: (g.blocked, "rejected", .danger)
        }
    }

    static func activity(_ uc: UseCase, state: AppState) -> [StyledLine] {
        guard let a = state.activity, a.id == uc.id else { return [StyledLine("loading…", .dim)] }
        if a.events.isEmpty { return [StyledLine("no recorded events", .dim)] }
        return a.events.reversed().map { e in
            var line = StyledLine([(UseCaseText.date(e.at) + " ", .dim), (UseCaseText.person(e.actor, state.policy) + " ", .bold),
                                   (e.action.rawValue + " ", .badge),
                                   (UseCaseText.summary(e, policy: state.policy, arrow: state.glyphs.arrow), .normal)])
            if let (mark, style) = UseCaseText.signatureMark(e, in: a.id, state: state) { line.segments.insert((mark, style), at: 3) }
            return line
        }
    }
}
