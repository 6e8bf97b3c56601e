import GateboardCore

/// The inbox's "Why" pane for one entry: what it is, why it is there and for how long, the
/// material digest an approval given now is bound to, the evidence a reviewer signs off on,
/// and what the gate needs besides them. `Enter` shows everything; this is the glance.
enum InboxWhy {
    static let evidenceShown = 4

    static func lines(_ e: InboxEntry, state: AppState) -> [StyledLine] {
        let policy = state.policy
        let g = state.glyphs
        var out: [StyledLine] = [
            StyledLine([("    " + e.id + "  ", .bold), (TerminalSafe.escape(e.title), .bold),
                        ("  \(state.stageName(e.stage))", .dim)]),
            StyledLine([("    why: ", .dim), (TerminalSafe.escape(e.message), .normal),
                        (e.waitingDays > 0 && !e.message.contains("waiting") ? "  (waiting \(e.waitingDays)d)" : "", .dim)]),
        ]
        guard let uc = state.board.useCase(e.id) else { return out }
        if e.need == .renew, let change = changeSinceApproval(uc, state: state) {
            out.append(StyledLine([("    changed since your approval: ", .dim), (change, .warn)]))
        }
        let digest = String(uc.materialDigest.prefix(12))
        let basis = ContentBinding.names(uc.artifacts).map(TerminalSafe.escape).joined(separator: ", ")
        let binds = e.need == .approve || e.need == .renew ? "an approval now is bound to material digest " : "material digest "
        out.append(StyledLine([("    " + binds, .dim), (digest, .bold),
                               (basis.isEmpty ? "  (no artifacts recorded)" : "  (\(basis))", .dim)]))
        // Evidence of the current gate's controls first (what the approval covers), then the rest.
        let gateControls = Set(state.gateControls(uc).map(\.id))
        let evidence = uc.controls.sorted { a, b in
            let ga = gateControls.contains(a.key), gb = gateControls.contains(b.key)
            return ga != gb ? ga : a.key < b.key
        }.flatMap { control, st in st.evidence.map { (control, $0) } }
        if evidence.isEmpty {
            out.append(StyledLine("    no evidence recorded", .dim))
        }
        for (control, ev) in evidence.prefix(evidenceShown) {
            out.append(StyledLine([("    evidence \(TerminalSafe.escape(control)): ", .dim), (TerminalSafe.escape(ev.ref), .normal),
                                   ("  \(UseCaseText.person(ev.by, policy)) \(UseCaseText.date(ev.at))", .dim),
                                   (ev.mark(policy).map { "  " + $0 } ?? "", .danger)]))
        }
        if evidence.count > evidenceShown {
            out.append(StyledLine("    \(g.ellipsis) \(evidence.count - evidenceShown) more evidence: Enter for the full detail", .dim))
        }
        out += e.alsoNeeds.prefix(3).map { StyledLine([("    also needs: ", .dim), (TerminalSafe.escape($0), .normal)]) }
        if e.alsoNeeds.count > 3 {
            out.append(StyledLine("    \(g.ellipsis) and \(e.alsoNeeds.count - 3) more", .dim))
        }
        return out
    }

    /// A renew entry: what changed since the actor's (latest void) approval, from the edits
    /// the loop read — "prompt v6 → v7 · Daniel Osei · 2026-11-19"; nil when not known.
    static func changeSinceApproval(_ uc: UseCase, state: AppState) -> String? {
        guard let actor = state.actor, let edits = state.approvalEdits[uc.id] else { return nil }
        let mine = ApprovalCount.standings(uc, policy: state.policy, now: state.now).filter { $0.void && $0.approval.person == actor }
        guard let approval = mine.map(\.approval).max(by: { $0.at < $1.at }) else { return nil }
        return ApprovalChange.words(since: approval, now: uc.materialBasis, events: edits, policy: state.policy)
            .map(TerminalSafe.escape)
    }
}
