import Foundation

/// The policy engine: pure functions of (use case, policy, now).
///
/// Blockers come in a fixed order: halted, parked, the gate's controls in policy order, its
/// approval rules in policy order, standing rejections. Production has no forward gate: it
/// "passes" while it is neither halted nor parked and its periodic review is not overdue.
public enum GateEngine {
    /// The gate for leaving the current stage: passed or not, every blocker with a reason,
    /// and every requirement's standing (for the Gate pane). With `history` (the work window's
    /// roles and submissions, `RoleHistory`), an approval by someone it excludes is not counted.
    public static func evaluate(_ uc: UseCase, policy: Policy, now: Date, history: RoleHistory? = nil) -> GateEvaluation {
        guard let stage = policy.stage(uc.stage), !stage.terminal else {
            let why = policy.stage(uc.stage) == nil
                ? "\(uc.id) is in stage \(uc.stage), which the policy does not define: no gate"
                : "\(uc.id) is \(Wording.lowerFirst(Wording.stage(uc.stage, policy))): no gate"
            return GateEvaluation(from: uc.stage, to: nil, passed: false,
                                  blockers: [Blocker(kind: .terminal, message: why)], items: [])
        }
        var blockers = flagBlockers(uc, policy: policy)
        if let b = screeningBlocker(uc, policy: policy) { blockers.append(b) }
        var items: [GateItem] = []
        let next = policy.nextStage(after: stage.id)
        guard let gate = policy.gate(leaving: stage.id) else {
            if stage.id == policy.productionStage {
                let review = periodicReview(uc, policy: policy, now: now)
                items.append(review.item)
                if let b = review.blocker { blockers.append(b) }
            }
            return GateEvaluation(from: stage.id, to: next?.id, passed: blockers.isEmpty, blockers: blockers, items: items)
        }
        var req = policy.requirements(for: uc) ?? gate.requirements(for: uc.tier)
        for c in policy.screeningControls(uc, leaving: stage.id) where !req.controls.contains(c) { req.controls.append(c) }
        for id in req.controls {
            let (item, blocker) = controlRequirement(id, uc, policy: policy, now: now)
            if let item { items.append(item) }
            if let blocker { blockers.append(blocker) }
        }
        let approvals = approvalRequirements(req, uc, policy: policy, now: now, history: history)
        items += approvals.items
        blockers += approvals.blockers
        return GateEvaluation(from: stage.id, to: next?.id, passed: blockers.isEmpty, blockers: blockers, items: items)
    }

    /// Each approval on the current gate: counted, or void (material change, expiry) with why.
    public static func approvalStandings(_ uc: UseCase, policy: Policy, now: Date) -> [ApprovalStanding] {
        ApprovalCount.standings(uc, policy: policy, now: now)
    }

    /// Days in stage against the SLA for the tier. Stalled: more days than the SLA. Stalling:
    /// not stalled, but at least `triage.stallWarnFraction` of the SLA used.
    public static func clock(_ uc: UseCase, policy: Policy, now: Date) -> StageClock {
        clock(stage: uc.stage, tier: uc.tier, enteredAt: uc.stageEnteredAt, policy: policy, now: now)
    }

    static func clock(stage id: StageID, tier: TierID, enteredAt: Date, policy: Policy, now: Date) -> StageClock {
        let days = Timestamp.wholeDays(from: enteredAt, to: now)
        guard let stage = policy.stage(id), !stage.terminal, let sla = stage.sla[tier] else {
            return StageClock(daysInStage: days, slaDays: nil, stalled: false, stalling: false)
        }
        let stalled = days > sla
        let stalling = !stalled && Double(days) >= policy.triage.stallWarnFraction * Double(sla)
        return StageClock(daysInStage: days, slaDays: sla, stalled: stalled, stalling: stalling)
    }

    /// Everything still needed across all remaining stages at the current tier, current gate
    /// first. Later gates are judged against what the use case already has (owners named,
    /// evidence attached, waivers valid now) with none of their approvals given yet. Every
    /// remaining step is listed, with an empty `needs` when nothing more is needed there.
    public static func pathToProduction(_ uc: UseCase, policy: Policy, now: Date) -> [PathStep] {
        guard let production = policy.productionStage, let start = policy.stageIndex(uc.stage),
              let end = policy.stageIndex(production), start < end, !policy.stages[start].terminal else { return [] }
        var steps: [PathStep] = []
        var current: StageID? = uc.stage
        var first = true
        while let from = current, from != production, let to = policy.nextStage(after: from) {
            var probe = uc
            if !first {
                probe.stage = from
                probe.approvals = []
                probe.rejections = []
                probe.halted = nil
                probe.parked = nil
            }
            let needs = evaluate(probe, policy: policy, now: now).blockers
            steps.append(PathStep(from: from, to: to.id, needs: needs))
            first = false
            current = to.id
        }
        return steps
    }

    // MARK: - Pieces

    static func flagBlockers(_ uc: UseCase, policy: Policy) -> [Blocker] {
        var out: [Blocker] = []
        if let h = uc.halted {
            out.append(Blocker(kind: .halted, message: "halted by \(Wording.person(h.by, policy)) on \(Wording.day(h.at)): \(h.reason)",
                               person: h.by))
        }
        if let p = uc.parked {
            out.append(Blocker(kind: .parked, message: "parked until \(p.review) by \(Wording.person(p.by, policy)): \(p.reason)",
                               person: p.by))
        }
        return out
    }

    /// When the next periodic review of a production use case falls due, if the policy sets one.
    public static func reviewDue(_ uc: UseCase, policy: Policy) -> Date? {
        guard let days = policy.productionReviewDays[uc.tier] else { return nil }
        return (uc.lastReviewAt ?? uc.stageEnteredAt).addingTimeInterval(Double(days) * 86_400)
    }

    static func periodicReview(_ uc: UseCase, policy: Policy, now: Date) -> (item: GateItem, blocker: Blocker?) {
        let title = "Periodic review"
        guard let days = policy.productionReviewDays[uc.tier], let due = reviewDue(uc, policy: policy) else {
            return (GateItem(title: title, status: .satisfied, detail: "no periodic review set for tier \(uc.tier)"), nil)
        }
        let last = uc.lastReviewAt.map { "last review \(Wording.day($0))" } ?? "live since \(Wording.day(uc.stageEnteredAt))"
        if now >= due {
            let message = "production review overdue since \(Wording.day(due)) (every \(Wording.days(days)))"
            return (GateItem(title: title, status: .missing, detail: "\(message); \(last)"),
                    Blocker(kind: .review, message: message, role: policy.stage(uc.stage)?.ownerRole))
        }
        return (GateItem(title: title, status: .satisfied, detail: "\(last); next due \(Wording.day(due))"), nil)
    }

    static func controlRequirement(_ id: ControlID, _ uc: UseCase, policy: Policy,
                                   now: Date) -> (GateItem?, Blocker?) {
        guard let control = policy.control(id) else {
            let message = "control \(id) is not defined in the policy"
            return (GateItem(title: id, status: .missing, detail: message, control: id),
                    Blocker(kind: .evidence, message: message, control: id))
        }
        // Approval controls are shown and counted with their approval rule.
        if control.kind == .approval { return (nil, nil) }
        let outcome = ControlCheck.check(control, uc, policy: policy)
        if outcome.satisfied {
            return (GateItem(title: control.title, status: .satisfied, detail: outcome.detail, control: id, role: control.role), nil)
        }
        if ControlCheck.isWaivable(control, policy: policy), let w = ControlCheck.waiver(for: id, uc) {
            let by = Wording.person(w.by, policy)
            if ControlCheck.isValid(w, now: now) {
                return (GateItem(title: control.title, status: .waived, detail: "waived until \(w.until) by \(by): \(w.reason)",
                                 control: id, role: control.role), nil)
            }
            let message = "waiver for \(id) expired \(w.until)"
            return (GateItem(title: control.title, status: .missing, detail: "\(message) (granted by \(by)); \(outcome.detail)",
                             control: id, role: control.role),
                    Blocker(kind: .waiver, message: message, role: control.role, control: id, person: w.by))
        }
        return (GateItem(title: control.title, status: .missing, detail: outcome.detail, control: id, role: control.role),
                outcome.blocker)
    }
}
