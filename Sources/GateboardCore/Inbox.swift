import Foundation

/// What a person is needed for. Raw values are the `need` of `gateboard inbox --json`.
/// Declared in urgency order, most urgent first.
public enum InboxNeed: String, Equatable, Hashable, Sendable, CaseIterable {
    /// A use case they own is halted.
    case halted
    /// An open incident they own: acknowledge it, then resolve it (and report it when serious).
    case incident
    /// A monitor's breach asks them, the stop-ship authority, to halt.
    case haltRequest = "halt_request"
    /// Someone escalated the use case to them.
    case escalation
    /// An approval rule of the current gate they can satisfy and have not answered.
    case approve
    /// Their approval went void (material change, expiry) and the gate needs it again.
    case renew
    /// A standing rejection blocks a stage they are accountable for.
    case rework
    /// A monitor's breach asks them, the technical owner, to retrain (a model or data change).
    case retrain
    /// An owner slot they are accountable for filling.
    case owner
    /// A problem statement or success metric they are accountable for.
    case field
    /// Evidence for a control that falls to their role (or an expired waiver on it).
    case evidence
    /// An attestation that falls to them.
    case attest
    /// A production review they owe (overdue, or due within the warning window).
    case review
    /// A waiver they granted expires within the warning window.
    case waiverExpiring = "waiver_expiring"
    /// A use case they own is stalled.
    case stalled

    /// 0 is most urgent.
    public var urgency: Int { InboxNeed.allCases.firstIndex(of: self)! }
}

public struct InboxEntry: Equatable, Sendable {
    public var id: UseCaseID
    public var title: String
    public var stage: StageID
    public var need: InboxNeed
    public var role: RoleID?
    public var control: ControlID?
    public var waitingDays: Int
    /// "checkpoint approval as risk reviewer, waiting 6 days".
    public var message: String
    /// What the gate still needs besides this person (blocker messages).
    public var alsoNeeds: [String]
    /// An approval asked of them as a delegate: the delegator they would give it for.
    public var onBehalfOf: PersonID? = nil
}

public struct PersonInbox: Equatable, Sendable {
    public var person: PersonID
    public var entries: [InboxEntry]
}

/// "What needs me": for a person, every use case where they are needed now, most urgent need
/// first (`InboxNeed` order), oldest first within a need, then by id.
///
/// Who is accountable for a blocker: a control's evidence or attestation falls to the person
/// named for the control's role, else to the person named for the stage's owner role; an
/// owner slot or a blank field falls to the person named for the stage's owner role (when
/// that is the missing slot itself: whoever moved the use case into the stage, else its
/// creator). A standing rejection falls to whoever submitted the work for this gate (else the
/// technical owner, the stage's owner, the creator), never to the rejecter. Production reviews fall to the person named for
/// production's owner role. Approval entries appear only when the person's approval would
/// count now (eligible, not excluded, not the submitter, no separation-of-duties conflict —
/// over the work window when its `RoleHistory` is given — and it raises the number of rule
/// slots filled).
public enum Inbox {
    ///
    /// `histories` holds the work window (`RoleHistory`) of the use cases that have one at hand
    /// (the store reads them for `approvalCandidates`): an approval entry appears only when the
    /// approval would be accepted, so a role held over the work excludes here as it does when
    /// approving.
    public static func entries(for person: PersonID, useCases: [UseCase], policy: Policy, now: Date,
                               histories: [UseCaseID: RoleHistory] = [:]) -> [InboxEntry] {
        sorted(useCases.flatMap { entries(for: person, on: $0, policy: policy, now: now, history: histories[$0.id]) })
    }

    /// The use cases on which `person` (nil: anyone) may be asked for an approval now, judged
    /// by the present moment: those whose work window the inbox needs to judge it fully.
    public static func approvalCandidates(for person: PersonID?, useCases: [UseCase], policy: Policy) -> [UseCase] {
        useCases.filter { uc in
            guard uc.halted == nil, let stage = policy.stage(uc.stage), !stage.terminal,
                  let req = ApprovalCount.requirements(uc, policy: policy) else { return false }
            let rules = ApprovalCount.rules(req, policy: policy)
            guard let person else { return !rules.isEmpty }
            let principals = [nil] + policy.delegations.all.filter { $0.to == person && $0.void == nil }.map { Optional($0.from) }
            return principals.contains { p in
                rules.contains { ApprovalCount.eligibility(of: person, for: $0, requirements: req, uc, policy: policy, onBehalfOf: p).isEligible }
            }
        }
    }

    /// Every person with something waiting on them: most entries first, then in policy order.
    /// Each use case's gate is evaluated once, for the people who could be needed on it.
    public static func all(useCases: [UseCase], policy: Policy, now: Date,
                           histories: [UseCaseID: RoleHistory] = [:]) -> [PersonInbox] {
        var byPerson: [PersonID: [InboxEntry]] = [:]
        for uc in useCases {
            guard let stage = policy.stage(uc.stage), !stage.terminal else { continue }
            let history = histories[uc.id]
            let gate = GateEngine.evaluate(uc, policy: policy, now: now, history: history)
            for person in candidates(uc, policy: policy) {
                let found = entries(for: person, on: uc, gate: gate, policy: policy, now: now, history: history)
                if !found.isEmpty { byPerson[person, default: []] += found }
            }
        }
        let order = Dictionary(policy.people.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        return byPerson.map { PersonInbox(person: $0.key, entries: sorted($0.value)) }.sorted { a, b in
            if a.entries.count != b.entries.count { return a.entries.count > b.entries.count }
            return (order[a.person] ?? Int.max, a.person) < (order[b.person] ?? Int.max, b.person)
        }
    }

    /// Everyone who could have an entry on a use case: its owners, creator and submitter, the
    /// people escalated to and the waiver grantors, and whoever may approve its current gate.
    static func candidates(_ uc: UseCase, policy: Policy) -> [PersonID] {
        var people = Set(uc.owners.values)
        people.insert(uc.createdBy)
        if let s = uc.submittedBy { people.insert(s) }
        for e in uc.escalations { people.insert(e.to) }
        for w in uc.waivers { people.insert(w.by) }
        people.formUnion(operationsCandidates(uc, policy: policy))
        for d in policy.delegations.all where d.void == nil && uc.owners[d.role] == d.from { people.insert(d.to) }
        if let req = ApprovalCount.requirements(uc, policy: policy) {
            let anyHolderRoles = Set(ApprovalCount.rules(req, policy: policy).filter(\.anyHolder).map(\.role))
            if !anyHolderRoles.isEmpty {
                for p in policy.people where !anyHolderRoles.isDisjoint(with: p.roles) { people.insert(p.id) }
            }
        }
        return people.sorted()
    }

    static func sorted(_ entries: [InboxEntry]) -> [InboxEntry] {
        entries.sorted { a, b in
            if a.need.urgency != b.need.urgency { return a.need.urgency < b.need.urgency }
            if a.waitingDays != b.waitingDays { return a.waitingDays > b.waitingDays }
            if a.id != b.id { return a.id < b.id }
            return a.message < b.message
        }
    }

    public static func entries(for person: PersonID, on uc: UseCase, policy: Policy, now: Date,
                               history: RoleHistory? = nil) -> [InboxEntry] {
        guard let stage = policy.stage(uc.stage), !stage.terminal else { return [] }
        return entries(for: person, on: uc, gate: GateEngine.evaluate(uc, policy: policy, now: now, history: history),
                       policy: policy, now: now, history: history)
    }

    static func entries(for person: PersonID, on uc: UseCase, gate: GateEvaluation, policy: Policy,
                        now: Date, history: RoleHistory? = nil) -> [InboxEntry] {
        guard let stage = policy.stage(uc.stage), !stage.terminal else { return [] }
        let days = Timestamp.wholeDays(from: uc.stageEnteredAt, to: now)
        var out: [InboxEntry] = []
        func add(_ need: InboxNeed, role: RoleID? = nil, control: ControlID? = nil, since: Date, _ message: String,
                 covering: (Blocker) -> Bool = { _ in false }) {
            let waited = Timestamp.wholeDays(from: since, to: now)
            out.append(InboxEntry(id: uc.id, title: uc.title, stage: uc.stage, need: need, role: role, control: control,
                                  waitingDays: waited, message: message + waitingPhrase(need, waited),
                                  alsoNeeds: gate.blockers.filter { !covering($0) }.map(\.message)))
        }

        if let h = uc.halted, uc.owners.values.contains(person) {
            add(.halted, since: h.at, "halted by \(Wording.person(h.by, policy)): \(h.reason)") { $0.kind == .halted }
        }
        for e in uc.escalations where e.to == person {
            add(.escalation, since: e.at, "escalated by \(Wording.person(e.by, policy)): \(e.reason)")
        }
        if let a = approvalNeed(person, uc, policy: policy, now: now, history: history) {
            let roles = Wording.list(a.roles.map { Wording.role($0, policy) })
                + (a.principal.map { " for " + Wording.person($0, policy) } ?? "")
            if let v = a.void {
                add(.renew, role: a.roles.first, since: max(uc.stageEnteredAt, v.approval.at),
                    "renew \(uc.stage) approval as \(roles) (\(v.reason ?? "void"))") {
                    $0.kind == .approval && ($0.person == person || a.roles.contains($0.role ?? ""))
                }
            } else {
                add(.approve, role: a.roles.first, since: uc.stageEnteredAt, "\(uc.stage) approval as \(roles)") {
                    $0.kind == .approval && a.roles.contains($0.role ?? "")
                }
            }
            out[out.count - 1].onBehalfOf = a.principal
        }
        let stageOwner = uc.owners[stage.ownerRole]
        let fallback = uc.submittedBy ?? uc.createdBy
        for b in gate.blockers {
            switch b.kind {
            case .evidence, .attestation, .waiver:
                let control = b.control.flatMap { policy.control($0) }
                let responsible = control?.role.flatMap { uc.owners[$0] } ?? stageOwner ?? fallback
                // An attestation of a delegated role falls to the delegate too, for the delegator.
                let delegated = b.kind == .attestation ? Inbox.delegatedAttestation(person, for: responsible, control, uc, policy: policy, now: now) : nil
                guard responsible == person || delegated != nil else { continue }
                let need: InboxNeed = control?.kind == .attestation ? .attest : .evidence
                let roleWords = (control?.role.map { " as " + Wording.role($0, policy) } ?? "")
                    + (delegated.map { " for " + Wording.person($0.from, policy) } ?? "")
                let message = b.kind == .waiver
                    ? "\(b.message): add evidence\(roleWords) or get the waiver renewed"
                    : (need == .attest ? "attest \(b.control ?? "")\(roleWords)" : "evidence for \(b.control ?? "")\(roleWords)")
                        + " (\(control?.title ?? "control"))"
                add(need, role: control?.role, control: b.control, since: uc.stageEnteredAt, message) { $0 == b }
                if let delegated { out[out.count - 1].onBehalfOf = delegated.from }
            case .owner:
                let responsible = b.role == stage.ownerRole ? fallback : (stageOwner ?? fallback)
                guard responsible == person, let role = b.role else { continue }
                add(.owner, role: role, control: b.control, since: uc.stageEnteredAt,
                    "name \(Wording.aRole(role, policy)) for \(uc.stage)") { $0 == b }
            case .field:
                guard (stageOwner ?? fallback) == person else { continue }
                add(.field, role: stage.ownerRole, control: b.control, since: uc.stageEnteredAt,
                    "fill in the \(b.field == "metric" ? "success metric" : (b.field == "problem" ? "problem statement" : b.field.flatMap { policy.field($0)?.label.lowercased() } ?? b.field ?? "field"))") {
                    $0 == b
                }
            case .rejection:
                // The work goes back to whoever submitted it for this gate (else its technical
                // owner, the stage's owner, its creator) — never to the person who rejected it.
                let candidates = [uc.submittedBy, uc.owners[Roles.technical], stageOwner, uc.createdBy]
                guard candidates.compactMap({ $0 }).first(where: { $0 != b.person }) == person else { continue }
                let at = uc.rejections.first { $0.person == b.person }?.at ?? uc.stageEnteredAt
                add(.rework, role: stage.ownerRole, since: at, "rework: \(b.message)") { $0 == b }
            case .approval, .halted, .parked, .terminal, .review, .monitors, .screening:
                continue
            }
        }
        if uc.stage == policy.productionStage, uc.owners[stage.ownerRole] == person,
           let due = GateEngine.reviewDue(uc, policy: policy) {
            let left = Wording.calendarDays(from: Day(containing: now), to: Day(containing: due))
            if now >= due {
                add(.review, role: stage.ownerRole, since: due, "production review was due \(Wording.day(due))") {
                    $0.kind == .review
                }
            } else if left <= policy.triage.waiverWarnDays {
                add(.review, role: stage.ownerRole, since: now,
                    "production review due \(Wording.day(due)) (in \(Wording.days(max(left, 1))))")
            }
        }
        for w in uc.waivers where w.by == person && ControlCheck.isValid(w, now: now) {
            guard ControlCheck.waiver(for: w.control, uc) == w, let c = policy.control(w.control),
                  !ControlCheck.check(c, uc, policy: policy).satisfied else { continue }
            let left = Wording.calendarDays(from: Day(containing: now), to: w.until)
            if left <= policy.triage.waiverWarnDays {
                add(.waiverExpiring, control: w.control, since: w.at,
                    "waiver you granted for \(w.control) " + Wording.expiry(w.until, daysLeft: left))
            }
        }
        for (need, since, message) in operationsNeeds(for: person, on: uc, policy: policy, now: now) {
            add(need, since: since, message)
        }
        let clock = GateEngine.clock(uc, policy: policy, now: now)
        if clock.stalled, uc.parked == nil, uc.owners.values.contains(person), let sla = clock.slaDays {
            add(.stalled, since: uc.stageEnteredAt, "stalled in \(stage.name): \(Wording.days(days)), SLA \(sla)")
        }
        return out
    }

    /// The rules a person's approval would newly fill on the current gate, and their void
    /// approval if they are renewing; nil when their approval is not needed now.
    /// A delegate's approval (a delegation to them in force now, on a rule naming the delegator)
    /// comes with the delegator (`principal`).
    static func approvalNeed(_ person: PersonID, _ uc: UseCase, policy: Policy, now: Date,
                             history: RoleHistory? = nil) -> (roles: [RoleID], void: ApprovalStanding?, principal: PersonID?)? {
        guard uc.halted == nil, let req = ApprovalCount.requirements(uc, policy: policy) else { return nil }
        let rules = ApprovalCount.rules(req, policy: policy)
        func eligible(for principal: PersonID?) -> Bool {
            rules.contains {
                ApprovalCount.eligibility(of: person, for: $0, requirements: req, uc, policy: policy, history: history,
                                          onBehalfOf: principal).isEligible
            }
        }
        // Cheap test first: most people on a use case cannot approve its gate at all.
        let principal: PersonID?
        if eligible(for: nil) {
            principal = nil
        } else if let d = policy.delegations.held(by: person, at: now).first(where: { eligible(for: $0.from) }) {
            principal = d.from
        } else {
            return nil
        }
        let standings = ApprovalCount.standings(uc, policy: policy, now: now)
        let valid = ApprovalCount.validApprovers(standings)
        guard !valid.contains(person) else { return nil }
        let basis = uc.materialBasis, digest = MaterialDigest.of(basis)
        guard !uc.rejections.contains(where: { $0.person == person && ApprovalCount.isBound($0, to: basis, digest: digest) })
        else { return nil }
        var principals = ApprovalCount.principals(standings)
        let before = ApprovalCount.assign(approvers: valid, rules: rules, requirements: req, uc, policy: policy, history: history,
                                          principals: principals)
        principals[person] = principal
        let after = ApprovalCount.assign(approvers: valid + [person], rules: rules, requirements: req, uc, policy: policy,
                                         history: history, principals: principals)
        guard after.total > before.total else { return nil }
        // With distinct approvers the assignment may move others to make room: the person fills
        // the rule the assignment gives them. Otherwise they fill every rule that was short.
        let roles = rules.indices.filter {
            after.counted[$0].contains(person) && (req.distinctApprovers || before.counted[$0].count < rules[$0].quorum)
        }.map { rules[$0].role }
        let void = standings.last { $0.approval.person == person && $0.void }
        return (roles, void, principal)
    }

    static func waitingPhrase(_ need: InboxNeed, _ days: Int) -> String {
        switch need {
        case .waiverExpiring: return ""
        case .review: return days > 0 ? ", \(Wording.days(days)) overdue" : ""
        case .incident: return ""
        default: return days == 0 ? ", waiting since today" : ", waiting \(Wording.days(days))"
        }
    }
}
