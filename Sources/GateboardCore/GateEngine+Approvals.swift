import Foundation

extension GateEngine {
    /// The approval rules of a gate and its standing rejections: an item per rule, and a
    /// blocker per missing approval. When a rule is short because an eligible approver's
    /// approval went void, the blocker names that approval ("approval by Priya Raman void:
    /// prompt changed after approval"); any shortfall left is "approval from ROLE missing
    /// (n of q)".
    static func approvalRequirements(_ req: GateRequirements, _ uc: UseCase, policy: Policy, now: Date,
                                      history: RoleHistory? = nil) -> (items: [GateItem], blockers: [Blocker]) {
        let rules = ApprovalCount.rules(req, policy: policy)
        // The digest (a SHA-256) only matters when there are answers to check against it.
        let digest = uc.approvals.isEmpty && uc.rejections.isEmpty ? "" : uc.materialDigest
        let standings = ApprovalCount.standings(uc, expiry: req.approvalExpiryDays, digest: digest, now: now)
        let valid = ApprovalCount.validApprovers(standings)
        let principals = ApprovalCount.principals(standings)
        let assignment = ApprovalCount.assign(approvers: valid, rules: rules, requirements: req, uc, policy: policy, history: history,
                                              principals: principals)
        let basis = uc.rejections.isEmpty ? [:] : uc.materialBasis
        let rejections = uc.rejections.filter { ApprovalCount.isBound($0, to: basis, digest: digest) }
        // The newest void approval of each person who has no standing approval.
        var voidByPerson: [PersonID: ApprovalStanding] = [:]
        var voidOrder: [PersonID] = []
        for s in standings where s.void && !valid.contains(s.approval.person) {
            if voidByPerson[s.approval.person] == nil { voidOrder.append(s.approval.person) }
            voidByPerson[s.approval.person] = s
        }
        var reported = Set<PersonID>()
        var items: [GateItem] = []
        var blockers: [Blocker] = []

        for (i, rule) in rules.enumerated() {
            let roleWords = Wording.role(rule.role, policy)
            let title = rule.control.flatMap { policy.control($0)?.title }.map { "\($0) (\(roleWords))" }
                ?? "Approval from \(roleWords)"
            let have = assignment.counted[i]
            let names = have.map { p in
                Delegations.decider(p, for: principals[p], delegation: uc.approvals.last { $0.person == p }?.delegation, policy)
            }
            let ruleRejections = rejections.filter { r in
                r.role == rule.role
                    || ApprovalCount.eligibility(of: r.person, for: rule, requirements: req, uc, policy: policy, history: history,
                                                 onBehalfOf: r.onBehalfOf).isEligible
            }
            if have.count >= rule.quorum {
                let status: GateItem.Status = req.anyRejectionBlocks && !ruleRejections.isEmpty ? .rejected : .satisfied
                items.append(GateItem(title: title, status: status, detail: "approved by " + Wording.list(names),
                                      control: rule.control, role: rule.role))
                continue
            }
            let shortfall = rule.quorum - have.count
            let voids = voidOrder.filter { p in
                !reported.contains(p)
                    && ApprovalCount.eligibility(of: p, for: rule, requirements: req, uc, policy: policy, history: history,
                                                 onBehalfOf: voidByPerson[p]?.approval.onBehalfOf).isEligible
            }.prefix(shortfall).map { voidByPerson[$0]! }
            var details: [String] = []
            if !names.isEmpty { details.append("approved by " + Wording.list(names)) }
            // Standing approvals the work window excludes: said, not silently dropped.
            var excluded = 0
            if let history {
                let countedAnywhere = Set(assignment.counted.joined())
                for p in valid where !countedAnywhere.contains(p) && !reported.contains(p) && voids.count + excluded < shortfall
                    && ApprovalCount.eligibility(of: p, for: rule, requirements: req, uc, policy: policy, onBehalfOf: principals[p]).isEligible {
                    let e = ApprovalCount.eligibility(of: p, for: rule, requirements: req, uc, policy: policy, history: history,
                                                      onBehalfOf: principals[p])
                    guard let why = ineligibilityReason(e, person: p, rule: rule, uc: uc, policy: policy, history: history) else { continue }
                    reported.insert(p)
                    excluded += 1
                    let message = "approval by \(Wording.person(p, policy)) not counted: \(why)"
                    details.append(message)
                    blockers.append(Blocker(kind: .approval, message: message, role: rule.role, control: rule.control, person: p))
                }
            }
            for v in voids {
                reported.insert(v.approval.person)
                let message = ApprovalCount.voidMessage(v, policy: policy)
                details.append(message)
                blockers.append(Blocker(kind: .approval, message: message, role: rule.role, control: rule.control,
                                        person: v.approval.person))
            }
            if shortfall > voids.count + excluded {
                var message = "approval from \(rule.role) missing (\(have.count) of \(rule.quorum))"
                if let why = whyNobody(rule, req, uc, policy: policy, history: history) { message += ": " + why }
                details.append(message)
                blockers.append(Blocker(kind: .approval, message: message, role: rule.role, control: rule.control))
            }
            let status: GateItem.Status = req.anyRejectionBlocks && !ruleRejections.isEmpty
                ? .rejected : (voids.isEmpty ? .missing : .void)
            items.append(GateItem(title: title, status: status, detail: details.joined(separator: "; "),
                                  control: rule.control, role: rule.role))
        }

        for r in rejections {
            let message = "rejected by \(Delegations.decider(r.person, for: r.onBehalfOf, delegation: r.delegation, policy)) (\(r.role)) on \(Wording.day(r.at)): \(r.comment)"
            if req.anyRejectionBlocks {
                blockers.append(Blocker(kind: .rejection, message: message, role: r.role, person: r.person))
            }
            if rules.isEmpty || !req.anyRejectionBlocks {
                items.append(GateItem(title: "Rejection", status: req.anyRejectionBlocks ? .rejected : .satisfied,
                                      detail: req.anyRejectionBlocks ? message : message + " (does not block this gate)",
                                      role: r.role))
            } else if let i = rules.firstIndex(where: { $0.role == r.role }) ?? rules.indices.first {
                // Rule items come first, one per rule, in rule order.
                items[i].detail += "; " + message
            }
        }
        return (items, blockers)
    }

    /// Why a rule that names only the use case's owner for its role cannot be answered.
    static func whyNobody(_ rule: ApprovalRule, _ req: GateRequirements, _ uc: UseCase, policy: Policy,
                          history: RoleHistory? = nil) -> String? {
        let roleWords = Wording.role(rule.role, policy)
        if rule.anyHolder {
            let holders = policy.people.filter { $0.roles.contains(rule.role) }
            if holders.isEmpty { return "nobody in the policy holds the role \(rule.role)" }
            if !holders.contains(where: {
                ApprovalCount.eligibility(of: $0.id, for: rule, requirements: req, uc, policy: policy, history: history).isEligible
            }) {
                return "no \(roleWords) is eligible on this use case"
            }
            return nil
        }
        guard let named = uc.owners[rule.role] else { return "no \(roleWords) named" }
        let e = ApprovalCount.eligibility(of: named, for: rule, requirements: req, uc, policy: policy, history: history)
        if case .notHolder = e {
            return "\(Wording.person(named, policy)) is named \(roleWords) but no longer holds that role in the policy"
        }
        return ineligibilityReason(e, person: named, rule: rule, uc: uc, policy: policy, history: history)
    }

    /// "Sam Example cannot approve: technical owner of UC-0007" and the like, nil when eligible.
    static func ineligibilityReason(_ e: ApproverEligibility, person: PersonID, rule: ApprovalRule, uc: UseCase,
                                    policy: Policy, history: RoleHistory? = nil) -> String? {
        let who = Wording.person(person, policy)
        switch e {
        case .eligible, .notHolder, .noOwnerNamed: return nil
        case .excluded(let role):
            return "\(who) cannot approve: the \(Wording.role(role, policy)) of \(uc.id) may not approve this gate"
        case .submitter:
            return "\(who) cannot approve: they moved \(uc.id) into this stage"
        case .separation(let role):
            return "\(who) cannot approve: they are the \(Wording.role(role, policy)) of \(uc.id) (separation of duties)"
        case .heldOverWork(let t):
            return (history.map { $0.describe(t) } ?? "\(person) held \(t.role) on \(uc.id)")
                + ": " + RoleHistory.heldReason(approving: rule.role)
        case .submittedWork(let s):
            return (history.map { $0.describe(s) } ?? "\(person) submitted the work on \(uc.id)")
                + ": " + RoleHistory.submittedReason
        }
    }
}
