import Foundation

/// Decisions about the gate: approvals, rejections, waivers.
extension ActionDecider.Context {
    /// The current gate's requirements and rules, or the refusal for a stage without one.
    func currentGate(_ verb: String) throws(Refusal) -> (GateRequirements, [ApprovalRule]) {
        guard policy.stage(uc.stage) != nil else {
            throw Refusal(.unknownStage, "\(uc.id) is in stage \(uc.stage), which the policy does not define")
        }
        guard let req = ApprovalCount.requirements(uc, policy: policy) else {
            throw Refusal(.invalidTarget, "\(uc.id) is in \(stageWords): there is no gate to \(verb)")
        }
        let rules = ApprovalCount.rules(req, policy: policy)
        guard !rules.isEmpty else {
            throw Refusal(.invalidTarget, "the gate for leaving \(stageWords) takes no approvals: nothing to \(verb)")
        }
        return (req, rules)
    }

    /// The rules the actor may answer, or the most telling refusal. `principal`: the person the
    /// actor would answer for under a delegation (the checks are then the delegate's own).
    func eligibleRules(_ req: GateRequirements, _ rules: [ApprovalRule], verb: String,
                       for principal: PersonID? = nil) throws(Refusal) -> [Int] {
        let verdicts = rules.map {
            ApprovalCount.eligibility(of: actor, for: $0, requirements: req, uc, policy: policy, history: history, onBehalfOf: principal)
        }
        let eligible = verdicts.indices.filter { verdicts[$0].isEligible }
        if !eligible.isEmpty { return eligible }
        let who = principal.map { "\(self.who) (for \(Wording.person($0, policy)))" } ?? self.who
        for (i, v) in verdicts.enumerated() {
            switch v {
            case .excluded(let role):
                throw Refusal(.selfApproval, "\(who) cannot \(verb) \(uc.id): they are its \(Wording.role(role, policy)), "
                    + "and the gate for leaving \(stageWords) excludes that role from approving")
            case .submitter:
                throw Refusal(.selfApproval, "\(who) cannot \(verb) \(uc.id): they moved it into \(stageWords), "
                    + "and the gate forbids approving your own work")
            case .separation(let role):
                throw Refusal(.separationOfDuties, "\(who) cannot \(verb) \(uc.id): they are its \(Wording.role(role, policy)) "
                    + "(separation of duties)")
            case .heldOverWork(let t):
                throw Refusal(.separationOfDuties, "\(who) cannot \(verb) \(uc.id): "
                    + (history.map { $0.describe(t) } ?? "\(t.person) held \(t.role)") + ": "
                    + RoleHistory.heldReason(approving: rules[i].role))
            case .submittedWork(let s):
                throw Refusal(.selfApproval, "\(who) cannot \(verb) \(uc.id): "
                    + (history.map { $0.describe(s) } ?? "\(s.person) submitted the work") + ": " + RoleHistory.submittedReason)
            case .eligible, .notHolder, .noOwnerNamed:
                continue
            }
        }
        let needs = rules.map { rule -> String in
            let role = Wording.role(rule.role, policy)
            if rule.anyHolder { return "any " + role }
            return uc.owners[rule.role].map { "\(role) (\(Wording.person($0, policy)))" } ?? "\(role) (none named)"
        }
        throw Refusal(.notAllowedRole, "\(who) cannot \(verb) \(uc.id): the gate for leaving \(stageWords) needs "
            + Wording.list(needs))
    }

    func approve(comment: String?) throws(Refusal) -> (EventAction, EventDetails) {
        let (req, rules) = try currentGate("approve")
        if let h = uc.halted {
            throw Refusal(.halted, "\(uc.id) is halted (by \(Wording.person(h.by, policy)) on \(Wording.day(h.at)): "
                + "\(h.reason)): it cannot be approved until resumed")
        }
        let (eligible, delegation) = try eligibleOrDelegated(req, rules, verb: "approve")
        let standings = ApprovalCount.standings(uc, policy: policy, now: now)
        if let mine = standings.last(where: { $0.approval.person == actor && !$0.void }) {
            throw Refusal(.alreadyApproved, "\(who) already approved \(uc.id) on \(Wording.day(mine.approval.at)); "
                + "the approval stands until the work changes")
        }
        // One approval per person named: the delegator's own and their delegate's never both.
        let principal = delegation?.from ?? actor
        if let theirs = standings.last(where: { !$0.void && ($0.approval.onBehalfOf == principal || ($0.approval.person == principal && principal != actor)) }) {
            throw Refusal(.alreadyApproved, "\(Delegations.decider(theirs.approval.person, for: theirs.approval.onBehalfOf, delegation: theirs.approval.delegation, policy)) "
                + "already approved \(uc.id) on \(Wording.day(theirs.approval.at)); the approval stands until the work changes")
        }
        let role = rules[roleIndex(for: eligible, req, rules, standings, principal: delegation?.from)].role
        let basis = uc.materialBasis
        var details = EventDetails(stage: uc.stage, role: role, comment: Self.optional(comment),
                                   digest: uc.materialDigest, basis: basis)
        (details.onBehalfOf, details.delegation) = (delegation?.from, delegation?.id)
        return (.approve, details)
    }

    /// The rule the actor's approval will count for: the one the assignment puts them on,
    /// preferring a rule that was short before; else the first rule they are eligible for.
    func roleIndex(for eligible: [Int], _ req: GateRequirements, _ rules: [ApprovalRule],
                   _ standings: [ApprovalStanding], principal: PersonID? = nil) -> Int {
        let before = ApprovalCount.validApprovers(standings)
        var principals = ApprovalCount.principals(standings)
        let was = ApprovalCount.assign(approvers: before, rules: rules, requirements: req, uc, policy: policy, history: history,
                                       principals: principals)
        principals[actor] = principal
        let after = ApprovalCount.assign(approvers: before + [actor], rules: rules, requirements: req, uc, policy: policy,
                                         history: history, principals: principals)
        let mine = rules.indices.filter { after.counted[$0].contains(actor) }
        return mine.first { was.counted[$0].count < rules[$0].quorum } ?? mine.first ?? eligible[0]
    }

    func reject(comment: String) throws(Refusal) -> (EventAction, EventDetails) {
        let (req, rules) = try currentGate("reject")
        let comment = try Self.required(comment, "a rejection needs a comment saying what must change")
        let (eligible, delegation) = try eligibleOrDelegated(req, rules, verb: "reject")
        let basis = uc.materialBasis, digest = MaterialDigest.of(basis)
        if uc.rejections.contains(where: { $0.person == actor && $0.comment == comment
                                           && ApprovalCount.isBound($0, to: basis, digest: digest) }) {
            throw Refusal(.nothingToDo, "\(who) already rejected \(uc.id) with this comment")
        }
        let role = rules[eligible[0]].role
        var details = EventDetails(stage: uc.stage, role: role, comment: comment, digest: digest)
        (details.onBehalfOf, details.delegation) = (delegation?.from, delegation?.id)
        return (.reject, details)
    }

    func withdraw(comment: String?) throws(Refusal) -> (EventAction, EventDetails) {
        guard let r = uc.rejections.last(where: { $0.person == actor }) else {
            throw Refusal(.nothingToDo, "\(who) has no standing rejection on \(uc.id) to withdraw")
        }
        return (.withdraw, EventDetails(stage: uc.stage, role: r.role, comment: Self.optional(comment)))
    }

    func waive(control id: ControlID, reason: String, until: Day) throws(Refusal) -> (EventAction, EventDetails) {
        let control = try knownControl(id)
        guard Authority.mayGrantWaivers(actor, policy: policy) else {
            throw Refusal(.notAllowedRole, "\(who) cannot grant waivers: only "
                + Wording.aRole(policy.waivers.approverRole, policy) + " can")
        }
        guard control.kind != .approval else {
            throw Refusal(.notWaivable, "\(id) is an approval: approvals are given, never waived")
        }
        guard ControlCheck.isWaivable(control, policy: policy) else {
            throw Refusal(.notWaivable, "\(id) (\(control.title)) can never be waived")
        }
        if uc.owners.values.contains(actor) || uc.submittedBy == actor {
            let roles = uc.owners.filter { $0.value == actor }.keys.sorted().map { Wording.role($0, policy) }
            let what = roles.isEmpty ? "moved it into \(stageWords)" : "are its " + Wording.list(roles)
            throw Refusal(.selfWaiver, "\(who) cannot waive controls of \(uc.id): they \(what); a waiver must come "
                + "from someone independent of the work")
        }
        if let history, let past = history.anyTenure(of: actor).map(history.describe) ?? history.submission(by: actor).map(history.describe) {
            throw Refusal(.selfWaiver, "\(who) cannot waive controls of \(uc.id): \(past): a waiver must come "
                + "from someone independent of the work")
        }
        let reason = try Self.required(reason, "a waiver needs a justification")
        guard until >= today else {
            throw Refusal(.waiverInPast, "a waiver until \(until) would already have expired (today is \(today))")
        }
        guard let maxDays = policy.waivers.maxDays[uc.tier] else {
            throw Refusal(.waiverTooLong, "the policy allows no waivers for tier \(uc.tier)")
        }
        let latest = today.adding(days: maxDays)
        guard until <= latest else {
            throw Refusal(.waiverTooLong, "a waiver for a \(uc.tier)-tier use case runs at most \(Wording.days(maxDays)): "
                + "until \(latest) at the latest")
        }
        if ControlCheck.check(control, uc, policy: policy).satisfied {
            throw Refusal(.nothingToDo, "\(id) is already satisfied on \(uc.id): nothing to waive")
        }
        return (.waive, EventDetails(control: id, reason: reason, until: until))
    }
}

/// Deciding for someone else under a delegation.
extension ActionDecider.Context {
    /// The rules the actor may answer in their own right; else those they may answer for a
    /// delegator whose delegation to them is in force now (on a rule naming the delegator), with
    /// that delegation; else the refusal: the delegate's own (separation of duties, self-approval)
    /// when a delegation would have covered the rule, the actor's otherwise.
    func eligibleOrDelegated(_ req: GateRequirements, _ rules: [ApprovalRule], verb: String) throws(Refusal) -> ([Int], Delegation?) {
        let own: Refusal
        do throws(Refusal) { return (try eligibleRules(req, rules, verb: verb), nil) } catch { own = error }
        var refusal: Refusal?
        // A cancelled delegation authorizes nothing new: its cancel is recorded, so this
        // decision comes after it whatever time it asserts (it is in another log, where the
        // order of events does not reach).
        for d in policy.delegations.held(by: actor, at: now)
        where d.cancelledAt == nil && rules.contains(where: { !$0.anyHolder && $0.role == d.role && uc.owners[$0.role] == d.from }) {
            do throws(Refusal) {
                let eligible = try eligibleRules(req, rules, verb: verb, for: d.from).filter { rules[$0].role == d.role }
                if !eligible.isEmpty { return (eligible, d) }
            } catch { refusal = refusal ?? error }
        }
        throw refusal ?? own
    }
}
