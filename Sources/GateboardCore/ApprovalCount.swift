import Foundation

/// Whether a person may give an approval that counts for a rule of the current gate, and if
/// not, why. The order of the checks is the order of the reasons a person is told.
public enum ApproverEligibility: Equatable, Sendable {
    case eligible
    /// `anyHolder: false` and nobody is named for the role on the use case.
    case noOwnerNamed
    /// Not the person named for the role (`anyHolder: false`), or does not hold the role.
    case notHolder
    /// Owner of a role the gate excludes from approving (e.g. the technical owner).
    case excluded(RoleID)
    /// Moved the work into this stage and the gate forbids self-approval.
    case submitter
    /// Holds, on this use case, a role that separation of duties pairs with the rule's role.
    case separation(RoleID)
    /// Held, during the work window (`RoleHistory`), a role the gate excludes or separation of
    /// duties pairs with the rule's role: no longer holding it does not make them independent.
    case heldOverWork(RoleHistory.Tenure)
    /// Submitted work during the work window, and the gate forbids self-approval.
    case submittedWork(RoleHistory.Submission)

    public var isEligible: Bool { self == .eligible }
}

/// Counting approvals against a gate's rules: which approvals stand, who may approve for
/// which rule, and the assignment of approvers to rules.
public enum ApprovalCount {
    /// The requirements of the gate for leaving the use case's current stage at its tier.
    public static func requirements(_ uc: UseCase, policy: Policy) -> GateRequirements? {
        policy.gate(leaving: uc.stage)?.requirements(for: uc.tier)
    }

    /// The rules of a gate, including a rule for every `approval` control listed among its
    /// controls that no rule documents (quorum 1, the named owner of the control's role).
    public static func rules(_ req: GateRequirements, policy: Policy) -> [ApprovalRule] {
        var rules = req.approvals
        for id in req.controls {
            guard let c = policy.control(id), c.kind == .approval, let role = c.role else { continue }
            if rules.contains(where: { $0.control == id || $0.role == role }) { continue }
            rules.append(ApprovalRule(role: role, quorum: 1, anyHolder: false, control: id))
        }
        return rules
    }

    /// `history`, when given, extends the checks from the present moment to the work window:
    /// a role held or work submitted there excludes as holding or submitting it now does.
    ///
    /// `principal`: the person `person` decides for under a delegation. Only a rule that names
    /// its owner can be answered so, and only when the principal is that owner and holds the
    /// role; every other check is the delegate's own (a delegate cannot approve as risk
    /// reviewer what they built). Whether a delegation covers it is the caller's to know.
    public static func eligibility(of person: PersonID, for rule: ApprovalRule, requirements req: GateRequirements,
                                   _ uc: UseCase, policy: Policy, history: RoleHistory? = nil,
                                   onBehalfOf principal: PersonID? = nil) -> ApproverEligibility {
        if let principal, principal != person {
            guard !rule.anyHolder else { return .notHolder }
            guard let named = uc.owners[rule.role] else { return .noOwnerNamed }
            guard named == principal, policy.person(principal)?.roles.contains(rule.role) == true else { return .notHolder }
        } else if !rule.anyHolder {
            guard let named = uc.owners[rule.role] else { return .noOwnerNamed }
            guard named == person else { return .notHolder }
        }
        // Named or not, an approver must hold the role now: a person whose role was taken away
        // in the policy after being named on the use case no longer approves for it.
        guard policy.person(person)?.roles.contains(rule.role) == true else { return .notHolder }
        for role in req.excludedApproverRoles where uc.owners[role] == person {
            return .excluded(role)
        }
        if req.noSelfApproval, uc.submittedBy == person { return .submitter }
        for pair in policy.separationOfDuties {
            let other: RoleID? = pair.a == rule.role ? pair.b : (pair.b == rule.role ? pair.a : nil)
            if let other, other != rule.role, uc.owners[other] == person { return .separation(other) }
        }
        if let history { return pastEligibility(of: person, for: rule, requirements: req, policy: policy, history: history) }
        return .eligible
    }

    /// The work-window half of `eligibility`: the same exclusions, over the window's tenures
    /// and submissions.
    static func pastEligibility(of person: PersonID, for rule: ApprovalRule, requirements req: GateRequirements,
                                policy: Policy, history: RoleHistory) -> ApproverEligibility {
        for role in req.excludedApproverRoles {
            if let t = history.tenure(of: person, in: role) { return .heldOverWork(t) }
        }
        if req.noSelfApproval, let s = history.submission(by: person) { return .submittedWork(s) }
        for pair in policy.separationOfDuties {
            let other: RoleID? = pair.a == rule.role ? pair.b : (pair.b == rule.role ? pair.a : nil)
            if let other, other != rule.role, let t = history.tenure(of: person, in: other) { return .heldOverWork(t) }
        }
        return .eligible
    }

    /// Each approval on the current gate: counted, or void because the material basis changed
    /// since it was given, or because it is older than the gate's approval expiry.
    public static func standings(_ uc: UseCase, policy: Policy, now: Date) -> [ApprovalStanding] {
        guard !uc.approvals.isEmpty else { return [] }
        return standings(uc, expiry: requirements(uc, policy: policy)?.approvalExpiryDays, digest: uc.materialDigest, now: now)
    }

    /// The same, with the gate's expiry and the use case's digest already at hand.
    static func standings(_ uc: UseCase, expiry: Int?, digest: String, now: Date) -> [ApprovalStanding] {
        let basis = uc.materialBasis
        return uc.approvals.map { a in
            // Signed decisions: an approval whose signature does not count is not counted.
            if !a.signature.counts {
                return ApprovalStanding(approval: a, void: true, reason: "not counted: " + (a.signature.reason ?? "no valid signature"))
            }
            if !isBound(a, to: basis, digest: digest) {
                return ApprovalStanding(approval: a, void: true,
                                        reason: ContentBinding.voidReason(from: a.basis, to: basis))
            }
            if let days = expiry {
                let end = a.at.addingTimeInterval(Double(days) * 86_400)
                if now >= end {
                    return ApprovalStanding(approval: a, void: true, reason: "expired \(Wording.day(end))")
                }
            }
            return ApprovalStanding(approval: a, void: false)
        }
    }

    /// Whether an approval is still bound to the material `basis` (whose version-2 digest is
    /// `digest`): its recorded digest is the digest of `basis` in the version it was made with,
    /// and its recorded basis, when it has one, is `basis` itself. The second test is what keeps
    /// an approval recorded with an ambiguous version-1 digest from standing after a change
    /// that collides with it (a reference with a line break posing as another artifact).
    public static func isBound(_ a: Approval, to basis: [String: String], digest: String) -> Bool {
        (a.basis.isEmpty || a.basis == basis) && MaterialDigest.binds(a.digest, to: basis, current: digest)
    }

    /// Whether a rejection was given on this material `basis` (version-2 digest `digest`).
    public static func isBound(_ r: Rejection, to basis: [String: String], digest: String) -> Bool {
        MaterialDigest.binds(r.digest, to: basis, current: digest)
    }

    /// "prompt changed", "model and risk tier changed": what differs between two bases.
    public static func changeDescription(from old: [String: String], to new: [String: String]) -> String {
        let keys = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted { a, b in
            // Artifacts first (alphabetically), the tier last.
            (a == "tier" ? 1 : 0, a) < (b == "tier" ? 1 : 0, b)
        }
        if keys.isEmpty { return "the material digest changed" }
        let names = keys.map { $0 == "tier" ? "risk tier" : $0 }
        return Wording.list(names) + " changed"
    }

    /// A blocker message for a void standing: "approval by Priya Raman void: prompt changed
    /// after approval", "approval by Priya Raman expired 2026-11-02".
    public static func voidMessage(_ s: ApprovalStanding, policy: Policy) -> String {
        let who = Wording.person(s.approval.person, policy)
        let reason = s.reason ?? "void"
        if reason.hasPrefix("expired") || reason.hasPrefix("not counted") { return "approval by \(who) \(reason)" }
        return reason.hasPrefix("expired") ? "approval by \(who) \(reason)" : "approval by \(who) void: \(reason)"
    }

    /// Who counts for which rule. With `distinctApprovers`, a maximum matching of approvers to
    /// rule slots (each person fills at most one slot of one rule); otherwise every eligible
    /// approver counts for every rule they are eligible for.
    public struct Assignment: Equatable, Sendable {
        /// Per rule (same order as the rules): the people counted.
        public var counted: [[PersonID]]
        public var total: Int { counted.reduce(0) { $0 + $1.count } }
    }

    /// `principals`: whom an approver decided for under a delegation (`principals(standings)`).
    public static func assign(approvers: [PersonID], rules: [ApprovalRule], requirements req: GateRequirements,
                              _ uc: UseCase, policy: Policy, history: RoleHistory? = nil,
                              principals: [PersonID: PersonID] = [:]) -> Assignment {
        // One voice per person: an approval given for someone speaks for them, so the
        // delegator's own and their delegate's (recorded in two clones, then synced) count once,
        // the earlier one.
        var seen = Set<PersonID>()
        let people = approvers.filter { seen.insert(principals[$0] ?? $0).inserted }
        let eligible: [[Int]] = people.map { p in
            rules.indices.filter {
                eligibility(of: p, for: rules[$0], requirements: req, uc, policy: policy, history: history,
                            onBehalfOf: principals[p]).isEligible
            }
        }
        var counted = Array(repeating: [PersonID](), count: rules.count)
        guard req.distinctApprovers else {
            for (i, p) in people.enumerated() {
                for r in eligible[i] where counted[r].count < rules[r].quorum { counted[r].append(p) }
            }
            return Assignment(counted: counted)
        }
        // Slots: one per unit of quorum, never more than there are people to fill them (the
        // matching is the same, and a huge quorum allocates nothing). Kuhn's augmenting paths;
        // people in approval order.
        var slotRule: [Int] = []
        for (r, rule) in rules.enumerated() { slotRule += Array(repeating: r, count: min(max(0, rule.quorum), people.count)) }
        var slotOwner = Array(repeating: -1, count: slotRule.count)
        func augment(_ p: Int, _ visited: inout [Bool]) -> Bool {
            for s in slotRule.indices where eligible[p].contains(slotRule[s]) && !visited[s] {
                visited[s] = true
                if slotOwner[s] < 0 || augment(slotOwner[s], &visited) {
                    slotOwner[s] = p
                    return true
                }
            }
            return false
        }
        for p in people.indices {
            var visited = Array(repeating: false, count: slotRule.count)
            _ = augment(p, &visited)
        }
        for (s, owner) in slotOwner.enumerated() where owner >= 0 {
            counted[slotRule[s]].append(people[owner])
        }
        // Report each rule's people in approval order.
        for r in counted.indices {
            counted[r].sort { people.firstIndex(of: $0)! < people.firstIndex(of: $1)! }
        }
        return Assignment(counted: counted)
    }

    /// Whom each standing approval given under a delegation was given for (approver → delegator).
    public static func principals(_ standings: [ApprovalStanding]) -> [PersonID: PersonID] {
        var out: [PersonID: PersonID] = [:]
        for s in standings where !s.void {
            if let p = s.approval.onBehalfOf, out[s.approval.person] == nil { out[s.approval.person] = p }
        }
        return out
    }

    /// The people with an approval that stands, in the order they approved.
    public static func validApprovers(_ standings: [ApprovalStanding]) -> [PersonID] {
        var seen = Set<PersonID>()
        return standings.filter { !$0.void }.map(\.approval.person).filter { seen.insert($0).inserted }
    }
}
