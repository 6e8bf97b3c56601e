import Foundation

/// Events → state. `apply` is the only way a use case changes: actions are decided into
/// events (`ActionDecider`), and the state is the fold of its events. No policy is consulted,
/// so history replays the same whatever the policy says today.
public struct ReplayError: Error, Equatable, Sendable, CustomStringConvertible {
    public var seq: Int
    public var message: String
    public init(seq: Int, message: String) {
        self.seq = seq
        self.message = message
    }
    public var description: String { "event \(seq): \(message)" }
}

extension UseCase {
    /// Rebuilds a use case from its events, first to last. The anchor is left empty: the
    /// store fills it in from the log's bytes.
    ///
    /// Events named as *skipped* by a `conflict` event anywhere in the log (earlier or later,
    /// see `ConflictRecord`) stay in the history but have no effect. A log without conflict
    /// events replays exactly as a plain fold of `applying`.
    public static func replay(_ events: [AuditEvent]) throws(ReplayError) -> UseCase {
        guard let first = events.first else { throw ReplayError(seq: 0, message: "no events") }
        let skipped = ConflictRecord.skippedIDs(in: events)
        var uc = try UseCase.created(by: first)
        // By index, each event passed borrowed (iterating copied every event).
        for i in events.indices.dropFirst() where skipped.isEmpty || !skipped.contains(events[i].id) { try uc.apply(events[i]) }
        return uc
    }

    /// The state after each event (`result[i]` follows `events[i]`), honouring conflict
    /// skips like `replay`: what `verify` compares each event's `state` hash against. A
    /// skipped event's state is the state before it.
    public static func replaySteps(_ events: [AuditEvent]) throws(ReplayError) -> [UseCase] {
        guard let first = events.first else { throw ReplayError(seq: 0, message: "no events") }
        let skipped = ConflictRecord.skippedIDs(in: events)
        var uc = try UseCase.created(by: first)
        var steps = [uc]
        steps.reserveCapacity(events.count)
        for e in events.dropFirst() {
            if !skipped.contains(e.id) { uc = try uc.applying(e) }
            steps.append(uc)
        }
        return steps
    }

    /// The use case a `create` event makes.
    public static func created(by e: AuditEvent) throws(ReplayError) -> UseCase {
        guard e.action == .create else {
            throw ReplayError(seq: e.seq, message: "the first event is \(e.action.rawValue), not create")
        }
        guard let title = e.details.title, let tier = e.details.tier, let stage = e.details.stage else {
            throw ReplayError(seq: e.seq, message: "create needs title, tier and stage")
        }
        var uc = UseCase(id: e.useCase, title: title, problem: e.details.problem ?? "", metric: e.details.metric ?? "",
                         tier: tier, stage: stage, stageEnteredAt: e.at, submittedBy: e.actor,
                         createdAt: e.at, createdBy: e.actor)
        uc.screening = e.details.answers ?? [:]
        return uc
    }

    /// This use case after one event. Throws only for an event that cannot apply to any
    /// state (missing fields, wrong use case); policy questions were settled when decided.
    public func applying(_ e: AuditEvent) throws(ReplayError) -> UseCase {
        var uc = self
        try uc.apply(e)
        return uc
    }

    /// `applying` in place: a replay of a hundred events no longer copies the use case (and
    /// retains every field) once per event. On a throw the value is left part-changed; callers
    /// that go on after a throw use `applying`.
    public mutating func apply(_ e: AuditEvent) throws(ReplayError) {
        guard e.useCase == id else {
            throw ReplayError(seq: e.seq, message: "event for \(e.useCase) in the log of \(id)")
        }
        try Self.apply(e, to: &self)
    }

    private static func apply(_ e: AuditEvent, to uc: inout UseCase) throws(ReplayError) {
        let d = e.details
        func need<T>(_ value: T?, _ name: String) throws(ReplayError) -> T {
            guard let value else { throw ReplayError(seq: e.seq, message: "\(e.action.rawValue) needs \(name)") }
            return value
        }
        switch e.action {
        case .create:
            throw ReplayError(seq: e.seq, message: "a second create event")
        case .edit:
            let before = uc.materialBasis
            if let t = d.title { uc.title = t }
            if let p = d.problem { uc.problem = p }
            if let m = d.metric { uc.metric = m }
            if let t = d.tier { uc.tier = t }
            for (name, ref) in d.artifacts ?? [:] {
                uc.artifacts[name] = ref.isEmpty ? nil : ref
            }
            for (id, value) in d.fields ?? [:] { uc.fields[id] = value.isEmpty ? nil : value }
            if let t = d.template { uc.template = t.isEmpty ? nil : t }
            // A change to the material basis: a standing rejection no longer blocks.
            if uc.materialBasis != before { uc.rejections.removeAll() }
        case .assign:
            uc.owners[try need(d.role, "role")] = try need(d.person, "person")
        case .unassign:
            uc.owners[try need(d.role, "role")] = nil
        case .evidence:
            let control = try need(d.control, "control")
            uc.controls[control, default: ControlState()].evidence
                .append(Evidence(ref: try need(d.ref, "ref"), note: d.note, by: e.actor, at: e.at, hash: d.digest))
        case .attest:
            let control = try need(d.control, "control")
            uc.controls[control, default: ControlState()].attestations
                .append(Attestation(by: e.actor, at: e.at, note: d.note, onBehalfOf: d.onBehalfOf, delegation: d.delegation))
        case .approve:
            // An answer given for another stage's gate (two merged histories: the other side
            // already moved on) does not count on this gate; it stays in the log.
            if let s = d.stage, s != uc.stage { break }
            // Approving replaces the approver's own standing rejection.
            uc.rejections.removeAll { $0.person == e.actor }
            var a = Approval(person: e.actor, role: try need(d.role, "role"), at: e.at, comment: d.comment,
                             digest: try need(d.digest, "digest"), basis: d.basis ?? [:])
            (a.onBehalfOf, a.delegation) = (d.onBehalfOf, d.delegation)
            uc.approvals.append(a)
        case .reject:
            if let s = d.stage, s != uc.stage { break }
            // Rejecting replaces the rejecter's earlier rejection and withdraws their approval.
            uc.rejections.removeAll { $0.person == e.actor }
            uc.approvals.removeAll { $0.person == e.actor }
            var r = Rejection(person: e.actor, role: try need(d.role, "role"), at: e.at,
                              comment: try need(d.comment, "comment"), digest: try need(d.digest, "digest"))
            (r.onBehalfOf, r.delegation) = (d.onBehalfOf, d.delegation)
            uc.rejections.append(r)
        case .withdraw:
            uc.rejections.removeAll { $0.person == e.actor }
        case .advance, .return:
            uc.enter(stage: try need(d.to, "to"), at: e.at, by: e.actor)
        case .change:
            uc.enter(stage: try need(d.to, "to"), at: e.at, by: e.actor)
        case .retire:
            uc.enter(stage: try need(d.to, "to"), at: e.at, by: e.actor)
            // Retired is the end of the road: no longer parked, and nothing left running to halt.
            uc.parked = nil
            uc.halted = nil
        case .waive:
            let control = try need(d.control, "control")
            uc.waivers.removeAll { $0.control == control }
            uc.waivers.append(Waiver(control: control, by: e.actor, reason: try need(d.reason, "reason"),
                                     at: e.at, until: try need(d.until, "until")))
        case .halt:
            uc.halted = Halt(by: e.actor, at: e.at, reason: try need(d.reason, "reason"))
        case .resume:
            uc.halted = nil
        case .park:
            uc.parked = Park(by: e.actor, at: e.at, reason: try need(d.reason, "reason"), review: try need(d.review, "review"))
        case .unpark:
            uc.parked = nil
        case .comment:
            break
        case .escalate:
            uc.escalations.append(Escalation(to: try need(d.person, "person"), by: e.actor, at: e.at,
                                             reason: try need(d.reason, "reason")))
        case .review:
            uc.lastReviewAt = e.at
        case .conflict, .standup, .signing, .delegate, .delegateCancel:
            break
        case .screen:
            uc.screening = try need(d.answers, "answers")
        case .tierOverride:
            uc.tierOverride = TierOverride(by: e.actor, at: e.at, reason: try need(d.reason, "reason"),
                                           tier: try need(d.tier, "tier"), proposed: try need(d.proposed, "proposed"))
        case .incidentOpen, .incidentAck, .incidentNote, .incidentAssign, .incidentResolve, .incidentReport, .incidentReview:
            try applyIncident(e, to: &uc)
        case .monitor:
            try applyMonitor(e, to: &uc)
        }
        if !uc.monitors.isEmpty { settleMonitorTriggers(e, &uc) }

    }

    /// Entering a stage: a new gate, so approvals, rejections and open escalations of the old
    /// one stay in the history (the audit log) and are not carried over.
    mutating func enter(stage newStage: StageID, at: Date, by: PersonID) {
        stage = newStage
        stageEnteredAt = at
        submittedBy = by
        approvals.removeAll()
        rejections.removeAll()
        escalations.removeAll()
        lastReviewAt = nil
    }
}
