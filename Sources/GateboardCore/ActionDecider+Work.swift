import Foundation

/// Decisions about the work itself: fields, owners, evidence, moves, flags.
extension ActionDecider.Context {
    func edit(title: String?, problem: String?, metric: String?, tier: TierID?,
              artifacts: [String: String]) throws(Refusal) -> (EventAction, EventDetails) {
        try contributor("edit")
        var d = EventDetails()
        if let title, title != uc.title {
            d.title = try Self.required(title, "the title cannot be blank")
        }
        if let problem, problem != uc.problem { d.problem = problem }
        if let metric, metric != uc.metric { d.metric = metric }
        if let tier, tier != uc.tier {
            guard policy.tier(tier) != nil else {
                throw Refusal(.unknownTier, "unknown risk tier \(tier): the policy has " + policy.tiers.map(\.id).joined(separator: ", "))
            }
            d.tier = tier
        }
        var changed: [String: String] = [:]
        for (name, ref) in artifacts {
            guard !Wording.isBlank(name), !name.contains("="), !name.contains("\n") else {
                throw Refusal(.invalidInput, "an artifact needs a name without '=' or line breaks")
            }
            guard name != "tier" else {
                throw Refusal(.invalidInput, "'tier' is not an artifact name: change the risk tier with --tier")
            }
            if name.contains("#") {
                // Only the store records content ids (`ContentBinding`): `<name>#blob` with an id or "".
                let base = ContentBinding.artifact(ofKey: name)
                let value = ref.trimmingCharacters(in: .whitespacesAndNewlines)
                guard ContentBinding.isKey(name), !base.isEmpty, !base.contains("#"),
                      value.isEmpty || ContentBinding.isObjectID(value) else {
                    throw Refusal(.invalidInput, "an artifact name may not hold '#' (\(name))")
                }
            }
            let new = ref.trimmingCharacters(in: .whitespacesAndNewlines)
            if new.isEmpty {
                if uc.artifacts[name] != nil { changed[name] = "" }
            } else if uc.artifacts[name] != new {
                changed[name] = new
            }
        }
        if !changed.isEmpty { d.artifacts = changed }
        guard d != EventDetails() else {
            throw Refusal(.nothingToDo, "nothing to change: \(uc.id) already has these values")
        }
        return (.edit, d)
    }

    func assign(role: RoleID, person: PersonID) throws(Refusal) -> (EventAction, EventDetails) {
        try knownRole(role)
        guard let p = policy.person(person) else {
            throw Refusal(.unknownPerson, "unknown person \(person): not among the people in the board's policy")
        }
        let roleWords = Wording.role(role, policy)
        let volunteering = person == actor && uc.owners[role] == nil
        if !volunteering { try contributor("assign owners of") }
        guard p.roles.contains(role) else {
            let theirs = p.roles.map { Wording.role($0, policy) }
            throw Refusal(.notAllowedRole, "\(p.name) may not hold the role \(roleWords)"
                + (theirs.isEmpty ? " (they hold no roles)" : " (their roles: \(Wording.list(theirs)))"))
        }
        guard uc.owners[role] != person else {
            throw Refusal(.nothingToDo, "\(p.name) is already the \(roleWords) of \(uc.id)")
        }
        for pair in policy.separationOfDuties {
            let other: RoleID? = pair.a == role ? pair.b : (pair.b == role ? pair.a : nil)
            if let other, other != role, uc.owners[other] == person {
                throw Refusal(.separationOfDuties, "\(p.name) cannot be the \(roleWords) of \(uc.id): they are its "
                    + "\(Wording.role(other, policy)), and one person may not hold both (separation of duties)")
            }
        }
        return (.assign, EventDetails(role: role, person: person))
    }

    func unassign(role: RoleID) throws(Refusal) -> (EventAction, EventDetails) {
        try knownRole(role)
        try contributor("unassign owners of")
        guard let current = uc.owners[role] else {
            throw Refusal(.nothingToDo, "\(uc.id) has no \(Wording.role(role, policy)) to unassign")
        }
        return (.unassign, EventDetails(role: role, person: current))
    }

    func evidence(control id: ControlID, ref: String, note: String?, hash: String? = nil) throws(Refusal) -> (EventAction, EventDetails) {
        let control = try knownControl(id)
        try requireKind(control, [.evidence, .attestation], verb: "evidence")
        let ref = try Self.required(ref, "evidence needs a reference (a path or URL)")
        let holds = control.role.map { policy.person(actor)?.roles.contains($0) == true } ?? false
        if !holds {
            guard Authority.isContributor(actor, uc, policy: policy) else {
                throw Refusal(.notAllowedRole, "\(who) cannot add evidence to \(uc.id): only "
                    + Authority.contributorsPhrase(uc, policy: policy)
                    + (control.role.map { " or " + Wording.aRole($0, policy) } ?? "") + " can")
            }
        }
        if let hash, !ContentBinding.isObjectID(hash) {
            throw Refusal(.invalidInput, "evidence content id \(hash) is not a git object id")
        }
        // The same reference again is news only when its content changed since (it is then
        // recorded with the new content id).
        if uc.controls[id]?.evidence.last(where: { $0.ref == ref }).map({ $0.hash == hash }) == true {
            throw Refusal(.nothingToDo, "\(ref) is already evidence for \(id) on \(uc.id)")
        }
        var d = EventDetails(control: id, ref: ref, note: Self.optional(note))
        d.digest = hash
        return (.evidence, d)
    }

    func attest(control id: ControlID, note: String?) throws(Refusal) -> (EventAction, EventDetails) {
        let control = try knownControl(id)
        try requireKind(control, [.attestation], verb: "attest")
        var delegation: Delegation?
        if let why = Authority.attestationRefusal(actor, control, uc, policy: policy) {
            // The named person's delegate in the control's role attests for them.
            guard let role = control.role, let named = uc.owners[role],
                  let d = policy.delegations.covering(named, role: role, delegate: actor, at: now), d.cancelledAt == nil else {
                throw Refusal(.notAllowedRole, why)
            }
            try Authority.requireIndependentDelegate(actor, for: named, uc, policy: policy, doing: "attest \(id)")
            delegation = d
        }
        if let a = ControlCheck.countingAttestation(control, uc, policy: policy), a.by == actor {
            throw Refusal(.nothingToDo, "\(who) already attested \(id) on \(Wording.day(a.at))")
        }
        var details = EventDetails(control: id, note: Self.optional(note))
        if let delegation { (details.onBehalfOf, details.delegation, details.role) = (delegation.from, delegation.id, delegation.role) }
        return (.attest, details)
    }

    func requireKind(_ control: Control, _ kinds: [ControlKind], verb: String) throws(Refusal) {
        guard !kinds.contains(control.kind) else { return }
        let hint: String
        switch control.kind {
        case .owner: hint = "it is satisfied by naming \(control.role.map { Wording.aRole($0, policy) } ?? "a person") (assign)"
        case .field: hint = "it is satisfied by filling in the \(control.field ?? "field") (edit)"
        case .approval: hint = "it is satisfied by the gate's approvals (approve)"
        case .evidence: hint = "it is satisfied by evidence (evidence)"
        case .attestation: hint = "it is satisfied by an attestation (attest)"
        case .monitors: hint = "it is satisfied by monitors declared for it in the policy (monitors:)"
        }
        throw Refusal(.invalidInput, "\(control.id) is \(control.kind == .evidence || control.kind == .attestation || control.kind == .owner ? "an" : "a") \(control.kind.rawValue) control, not for \(verb): \(hint)")
    }

    func advance(comment: String?) throws(Refusal) -> (EventAction, EventDetails) {
        try contributor("advance")
        guard policy.stage(uc.stage) != nil else {
            throw Refusal(.unknownStage, "\(uc.id) is in stage \(uc.stage), which the policy does not define")
        }
        guard let next = policy.nextStage(after: uc.stage) else {
            throw Refusal(.invalidTarget, "\(uc.id) is in \(stageWords), the last stage: record a review or a change instead")
        }
        let gate = GateEngine.evaluate(uc, policy: policy, now: now, history: history)
        guard gate.passed else {
            let n = gate.blockers.count
            throw Refusal(.gateBlocked, "\(uc.id) cannot move to \(next.name): \(n) \(n == 1 ? "blocker" : "blockers"): "
                + gate.blockers.map(\.message).joined(separator: "; "), blockers: gate.blockers)
        }
        return (.advance, EventDetails(from: uc.stage, to: next.id, comment: Self.optional(comment)))
    }

    func returnTo(stage target: StageID, comment: String) throws(Refusal) -> (EventAction, EventDetails) {
        try contributor("return")
        let comment = try Self.required(comment, "sending work back needs a comment saying why")
        guard let to = policy.stage(target), let toIndex = policy.stageIndex(target) else {
            throw Refusal(.unknownStage, "unknown stage \(target): the stages are " + policy.stages.map(\.id).joined(separator: ", "))
        }
        guard !to.terminal else {
            throw Refusal(.invalidTarget, "\(to.name) is not a stage to return to: use retire")
        }
        guard let here = policy.stageIndex(uc.stage), toIndex < here else {
            throw Refusal(.invalidTarget, "\(to.name) is not before \(stageWords): return sends work back to an earlier stage")
        }
        return (.return, EventDetails(from: uc.stage, to: target, comment: comment))
    }

    func change(kind: ChangeKind, summary: String) throws(Refusal) -> (EventAction, EventDetails) {
        guard uc.stage == policy.productionStage else {
            throw Refusal(.notInProduction, "\(uc.id) is in \(stageWords), not live: a change is recorded on a production use case (edit it instead)")
        }
        try contributor("record a change to")
        let summary = try Self.required(summary, "a change needs a summary")
        guard let target = policy.changeRouting[kind], let stage = policy.stage(target), !stage.terminal else {
            throw Refusal(.invalidTarget, "the policy names no stage that a \(kind.rawValue) change goes back to")
        }
        return (.change, EventDetails(from: uc.stage, to: target, kind: kind, summary: summary))
    }

    func park(reason: String, review: Day) throws(Refusal) -> (EventAction, EventDetails) {
        try contributor("park")
        if let p = uc.parked {
            throw Refusal(.parked, "\(uc.id) is already parked until \(p.review) by \(Wording.person(p.by, policy)): unpark it first")
        }
        let reason = try Self.required(reason, "parking needs a reason")
        guard review > today else {
            throw Refusal(.invalidInput, "the review date \(review) must be after today (\(today))")
        }
        return (.park, EventDetails(reason: reason, review: review))
    }

    func unpark(reason: String?) throws(Refusal) -> (EventAction, EventDetails) {
        try contributor("unpark")
        guard uc.parked != nil else { throw Refusal(.notParked, "\(uc.id) is not parked") }
        return (.unpark, EventDetails(reason: Self.optional(reason)))
    }

    func retire(reason: String) throws(Refusal) -> (EventAction, EventDetails) {
        try contributor("retire")
        let reason = try Self.required(reason, "retiring needs a reason")
        guard let retired = policy.retiredStage else {
            throw Refusal(.invalidTarget, "the policy has no terminal stage to retire to")
        }
        return (.retire, EventDetails(from: uc.stage, to: retired, reason: reason))
    }

    func escalate(to person: PersonID, reason: String) throws(Refusal) -> (EventAction, EventDetails) {
        guard policy.person(person) != nil else {
            throw Refusal(.unknownPerson, "unknown person \(person): not among the people in the board's policy")
        }
        guard person != actor else { throw Refusal(.invalidInput, "\(who) cannot escalate to themselves") }
        let reason = try Self.required(reason, "an escalation needs a reason")
        return (.escalate, EventDetails(person: person, reason: reason))
    }

    func review(comment: String?) throws(Refusal) -> (EventAction, EventDetails) {
        guard uc.stage == policy.productionStage else {
            throw Refusal(.notInProduction, "\(uc.id) is in \(stageWords), not live: periodic reviews are for production")
        }
        try contributor("record the review of")
        return (.review, EventDetails(comment: Self.optional(comment)))
    }

    func halt(reason: String) throws(Refusal) -> (EventAction, EventDetails) {
        try stopShip("halt")
        if let h = uc.halted {
            throw Refusal(.halted, "\(uc.id) is already halted (by \(Wording.person(h.by, policy)) on \(Wording.day(h.at)))")
        }
        let reason = try Self.required(reason, "halting needs a reason")
        return (.halt, EventDetails(reason: reason))
    }

    func resume(reason: String) throws(Refusal) -> (EventAction, EventDetails) {
        try stopShip("resume")
        guard uc.halted != nil else { throw Refusal(.notHalted, "\(uc.id) is not halted") }
        try incidentsAllowResume()
        let reason = try Self.required(reason, "resuming needs a reason")
        return (.resume, EventDetails(reason: reason))
    }

    func stopShip(_ verb: String) throws(Refusal) {
        guard Authority.hasStopShipAuthority(actor, uc, policy: policy) else {
            let named = uc.owners["stop_ship"].map { Wording.person($0, policy) + ", its stop-ship authority, or " } ?? ""
            throw Refusal(.noStopShipAuthority, "\(who) cannot \(verb) \(uc.id): only \(named)a "
                + Wording.role(policy.stopShipRole, policy) + " can")
        }
    }
}
