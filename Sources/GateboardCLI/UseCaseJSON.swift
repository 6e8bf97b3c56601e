import Foundation
import GateboardCore

/// `list --json`: one row per use case.
package struct ListRowJSON: Encodable {
    var id: String
    var title: String
    var stage: String
    var tier: String
    var daysInStage: Int
    var slaDays: Int?
    var stalled: Bool
    var stalling: Bool
    /// The number of blockers on the gate for leaving the current stage.
    var blockers: Int
    /// Sorted by role; encoded as an object `{role: person}`.
    var owners: [RoleHolder]
    var halted: Bool
    var parked: Bool
    /// Whether a local artifact's content differs from what was recorded (`ContentBinding`).
    package var drift = false
    /// Signed decisions: each decision that does not count for want of a valid signature, in
    /// `check`'s words; absent when none.
    package var notCounted: [String] = []

    enum CodingKeys: String, CodingKey { case id, title, stage, tier, daysInStage, slaDays, stalled, stalling, blockers, owners, halted, parked, drift, notCounted }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(stage, forKey: .stage)
        try c.encode(tier, forKey: .tier)
        try c.encode(daysInStage, forKey: .daysInStage)
        try c.encodeIfPresent(slaDays, forKey: .slaDays)
        try c.encode(stalled, forKey: .stalled)
        try c.encode(stalling, forKey: .stalling)
        try c.encode(blockers, forKey: .blockers)
        try c.encode(Dictionary(owners.map { ($0.role, $0.person) }, uniquingKeysWith: { a, _ in a }), forKey: .owners)
        try c.encode(halted, forKey: .halted)
        try c.encode(parked, forKey: .parked)
        try c.encode(drift, forKey: .drift)
        if !notCounted.isEmpty { try c.encode(notCounted, forKey: .notCounted) }
    }

    package init(id: String, title: String, stage: String, tier: String, daysInStage: Int, slaDays: Int? = nil, stalled: Bool, stalling: Bool, blockers: Int, owners: [RoleHolder], halted: Bool, parked: Bool) {
        self.id = id
        self.title = title
        self.stage = stage
        self.tier = tier
        self.daysInStage = daysInStage
        self.slaDays = slaDays
        self.stalled = stalled
        self.stalling = stalling
        self.blockers = blockers
        self.owners = owners
        self.halted = halted
        self.parked = parked
    }
}

/// `show --json` and `check --json`.
package struct UseCaseJSON: Encodable {
    struct Gate: Encodable {
        var from: String
        var to: String?
        var passed: Bool
        var blockers: [BlockerJSON]
        var items: [Item]
    }
    struct Item: Encodable {
        var title: String
        var status: String
        var detail: String
        var control: String?
        var role: String?
    }
    struct ApprovalJSON: Encodable {
        var person: String
        var role: String
        var at: String
        var void: Bool
        var voidReason: String?
        var comment: String?
        var digest: String
        /// Given under a delegation: for whom, and the delegation's event id.
        var `for`: String? = nil
        var delegation: String? = nil
    }
    struct RejectionJSON: Encodable {
        var person: String
        var role: String
        var at: String
        var comment: String
        var `for`: String? = nil
        var delegation: String? = nil
    }
    struct WaiverJSON: Encodable {
        var control: String
        var by: String
        var until: String
        var reason: String
        var at: String
        var expired: Bool
    }
    struct HaltJSON: Encodable {
        var by: String
        var at: String
        var reason: String
        /// The incident whose opening halted it (`UC-0001#I1`), if one did.
        var incident: String? = nil
    }
    struct ParkJSON: Encodable {
        var by: String
        var at: String
        var reason: String
        var review: String
    }
    struct EscalationJSON: Encodable {
        var to: String
        var by: String
        var at: String
        var reason: String
    }
    struct ControlJSON: Encodable {
        struct EvidenceJSON: Encodable {
            var ref: String
            var note: String?
            var by: String
            var at: String
            /// As an artifact's content (`ArtifactContentJSON`): local, hash, currentHash, state.
            var content: ArtifactContentJSON

            enum CodingKeys: String, CodingKey { case ref, note, by, at, local, hash, currentHash, state }

            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(ref, forKey: .ref)
                try c.encodeIfPresent(note, forKey: .note)
                try c.encode(by, forKey: .by)
                try c.encode(at, forKey: .at)
                try c.encode(content.local, forKey: .local)
                try c.encode(content.hash, forKey: .hash)
                try c.encode(content.currentHash, forKey: .currentHash)
                try c.encode(content.state, forKey: .state)
            }
        }
        struct AttestationJSON: Encodable {
            var by: String
            var at: String
            var note: String?
            /// Made under a delegation: for whom, and the delegation's event id.
            var `for`: String? = nil
            var delegation: String? = nil
        }
        var evidence: [EvidenceJSON]
        var attestations: [AttestationJSON]
    }
    struct StepJSON: Encodable {
        var from: String
        var to: String
        var needs: [BlockerJSON]
    }

    var id: String
    var title: String
    var problem: String
    var metric: String
    var stage: String
    var stageEnteredAt: String
    var tier: String
    var daysInStage: Int
    var slaDays: Int?
    var stalled: Bool
    var stalling: Bool
    var createdAt: String
    var createdBy: String
    var owners: [String: String]
    var halted: Bool
    var halt: HaltJSON?
    var parked: ParkJSON?
    var gate: Gate
    var approvals: [ApprovalJSON]
    var rejections: [RejectionJSON]
    var waivers: [WaiverJSON]
    var escalations: [EscalationJSON]
    var controls: [String: ControlJSON]
    var artifacts: [String: String]
    var digest: String
    var lastReviewAt: String?
    var pathToProduction: [StepJSON]
    /// Production incidents, oldest first; absent when there are none.
    var incidents: [IncidentJSON]? = nil
    /// Production monitors (`UseCaseMonitorJSON`); absent when the policy gives it none.
    package var monitors: [UseCaseMonitorJSON]? = nil
    /// Per artifact: whether its reference is local, the recorded and current content ids, and
    /// its state (`ContentText.swift`).
    var artifactContent: [String: ArtifactContentJSON] = [:]
    /// Risk screening (`UseCaseScreeningJSON`): set by `show` when the policy has questions.
    package var screening: UseCaseScreeningJSON? = nil
    /// Inventory fields by id: text (text, choice and date fields) or a list of texts.
    var fields: [String: FieldValue] = [:]
    /// The template it was started from; absent when none.
    var template: String? = nil
}

extension UseCaseJSON {
    package init(_ facts: UseCaseFacts) {
        let uc = facts.useCase
        let ts = Timestamp.format
        self.init(
            id: uc.id, title: uc.title, problem: uc.problem, metric: uc.metric, stage: uc.stage,
            stageEnteredAt: ts(uc.stageEnteredAt), tier: uc.tier,
            daysInStage: facts.clock.daysInStage, slaDays: facts.clock.slaDays,
            stalled: facts.clock.stalled, stalling: facts.clock.stalling,
            createdAt: ts(uc.createdAt), createdBy: uc.createdBy, owners: uc.owners,
            halted: uc.halted != nil,
            halt: uc.halted.map { HaltJSON(by: $0.by, at: ts($0.at), reason: $0.reason) },
            parked: uc.parked.map { ParkJSON(by: $0.by, at: ts($0.at), reason: $0.reason, review: $0.review.description) },
            gate: Gate(from: facts.gate.from, to: facts.gate.to, passed: facts.gate.passed,
                       blockers: facts.gate.blockers.map(BlockerJSON.init),
                       items: facts.gate.items.map {
                           Item(title: $0.title, status: $0.status.rawValue, detail: $0.detail, control: $0.control, role: $0.role)
                       }),
            approvals: facts.approvals.map {
                ApprovalJSON(person: $0.approval.person, role: $0.approval.role, at: ts($0.approval.at), void: $0.void,
                             voidReason: $0.reason, comment: $0.approval.comment, digest: $0.approval.digest,
                             for: $0.approval.onBehalfOf, delegation: $0.approval.delegation)
            },
            rejections: uc.rejections.map { RejectionJSON(person: $0.person, role: $0.role, at: ts($0.at), comment: $0.comment,
                                                          for: $0.onBehalfOf, delegation: $0.delegation) },
            waivers: uc.waivers.map {
                WaiverJSON(control: $0.control, by: $0.by, until: $0.until.description, reason: $0.reason,
                           at: ts($0.at), expired: facts.now >= $0.until.end)
            },
            escalations: uc.escalations.map { EscalationJSON(to: $0.to, by: $0.by, at: ts($0.at), reason: $0.reason) },
            controls: uc.controls.mapValues { state in
                ControlJSON(evidence: state.evidence.map {
                                .init(ref: $0.ref, note: $0.note, by: $0.by, at: ts($0.at), content: ArtifactContentJSON($0))
                            },
                            attestations: state.attestations.map { .init(by: $0.by, at: ts($0.at), note: $0.note, for: $0.onBehalfOf, delegation: $0.delegation) })
            },
            artifacts: uc.artifacts.filter { !ContentBinding.isKey($0.key) }, digest: uc.materialDigest,
            lastReviewAt: uc.lastReviewAt.map(ts),
            pathToProduction: facts.path.map { StepJSON(from: $0.from, to: $0.to, needs: $0.needs.map(BlockerJSON.init)) })
        halt?.incident = uc.halted?.incident.map { IncidentRef.text(uc.id, $0) }
        if !uc.incidents.isEmpty { incidents = uc.incidents.map { IncidentJSON($0, useCase: uc.id, now: facts.now) } }
        fields = uc.fields
        template = uc.template
    }
}

/// Everything the engine says about one use case at one moment: computed once, printed as
/// text or JSON.
package struct UseCaseFacts {
    package var useCase: UseCase
    package var now: Date
    package var gate: GateEvaluation
    var clock: StageClock
    package var approvals: [ApprovalStanding]
    var path: [PathStep]

    /// `history`: the work window, so that an approval by someone it excludes is not counted.
    package init(_ uc: UseCase, policy: Policy, now: Date, history: RoleHistory? = nil) {
        useCase = uc
        self.now = now
        gate = GateEngine.evaluate(uc, policy: policy, now: now, history: history)
        clock = GateEngine.clock(uc, policy: policy, now: now)
        approvals = GateEngine.approvalStandings(uc, policy: policy, now: now)
        path = GateEngine.pathToProduction(uc, policy: policy, now: now)
    }
}
