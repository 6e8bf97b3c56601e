import Foundation

/// One use case's current state: `usecases/<ID>.yaml`. It is a pure projection of the use
/// case's audit events (`UseCase.replay`), so replaying the log reproduces the file exactly.
public struct UseCase: Equatable, Sendable {
    public static let currentSchema = 1

    public var schema: Int
    public var id: UseCaseID
    public var title: String
    public var problem: String
    /// The operational success metric.
    public var metric: String
    public var tier: TierID
    public var stage: StageID
    public var stageEnteredAt: Date
    /// Who moved the use case into its current stage (or created it): the submitter for
    /// the no-self-approval rule.
    public var submittedBy: PersonID?
    public var createdAt: Date
    public var createdBy: PersonID
    /// Named owners by role.
    public var owners: [RoleID: PersonID]
    /// Material artifacts by name (spec, model, prompt, policy, data): their references
    /// (path@version, URL, commit). Together with the tier they make the material digest.
    public var artifacts: [String: String]
    /// Evidence and attestations by control.
    public var controls: [ControlID: ControlState]
    /// Approvals for the gate of the current stage. Cleared when the stage changes.
    public var approvals: [Approval]
    /// Standing rejections for the gate of the current stage.
    public var rejections: [Rejection]
    public var waivers: [Waiver]
    public var halted: Halt?
    public var parked: Park?
    public var escalations: [Escalation]
    /// Production: the last periodic review (or when it went live).
    public var lastReviewAt: Date?
    /// Production incidents, in the order opened (`incidents[n-1]` is `#In`).
    public var incidents: [Incident] = []
    /// Production monitors by name: their level as the last recorded transition left it.
    public var monitors: [String: MonitorStatus] = [:]
    /// Risk screening: the recorded answers (empty when not screened) and the override that
    /// accepts a tier below their proposal.
    public var screening: ScreeningAnswers = [:]
    public var tierOverride: TierOverride?
    /// Inventory fields by id (`fields:` of the policy): typed when decided, kept as recorded.
    public var fields: [String: FieldValue] = [:]
    /// The template the use case was started from (`new --template`), if any.
    public var template: String?
    /// Where this state sits in the audit log: anchors the chain's head.
    public var audit: AuditAnchor

    public init(id: UseCaseID, title: String, problem: String = "", metric: String = "", tier: TierID,
                stage: StageID, stageEnteredAt: Date, submittedBy: PersonID? = nil,
                createdAt: Date, createdBy: PersonID, owners: [RoleID: PersonID] = [:],
                artifacts: [String: String] = [:], controls: [ControlID: ControlState] = [:],
                approvals: [Approval] = [], rejections: [Rejection] = [], waivers: [Waiver] = [],
                halted: Halt? = nil, parked: Park? = nil, escalations: [Escalation] = [],
                lastReviewAt: Date? = nil, audit: AuditAnchor = AuditAnchor(), schema: Int = UseCase.currentSchema) {
        self.schema = schema
        self.id = id
        self.title = title
        self.problem = problem
        self.metric = metric
        self.tier = tier
        self.stage = stage
        self.stageEnteredAt = stageEnteredAt
        self.submittedBy = submittedBy
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.owners = owners
        self.artifacts = artifacts
        self.controls = controls
        self.approvals = approvals
        self.rejections = rejections
        self.waivers = waivers
        self.halted = halted
        self.parked = parked
        self.escalations = escalations
        self.lastReviewAt = lastReviewAt
        self.audit = audit
    }
}

public struct ControlState: Equatable, Sendable {
    public var evidence: [Evidence]
    public var attestations: [Attestation]
    public init(evidence: [Evidence] = [], attestations: [Attestation] = []) {
        self.evidence = evidence
        self.attestations = attestations
    }
}

public struct Evidence: Equatable, Sendable {
    public var ref: String
    public var note: String?
    public var by: PersonID
    public var at: Date
    /// The content id recorded when it was added, for a local reference (`ContentBinding`):
    /// nil when external, or added before evidence was bound to content.
    public var hash: String?
    /// What `hash` names on disk now, once observed (`EvidenceContent`). Never written to the
    /// file; ignored by `==`.
    public var current = ObservedContent()
    public init(ref: String, note: String? = nil, by: PersonID, at: Date, hash: String? = nil) {
        self.ref = ref
        self.note = note
        self.by = by
        self.at = at
        self.hash = hash
    }
}

public struct Attestation: Equatable, Sendable {
    public var by: PersonID
    public var at: Date
    public var note: String?
    /// Made under a delegation: the delegator it was made for, and the delegation's id (it
    /// counts where the delegator's would while that delegation covered its time).
    public var onBehalfOf: PersonID?
    public var delegation: String?
    public init(by: PersonID, at: Date, note: String? = nil, onBehalfOf: PersonID? = nil, delegation: String? = nil) {
        self.by = by
        self.at = at
        self.note = note
        self.onBehalfOf = onBehalfOf
        self.delegation = delegation
    }
}

public struct Approval: Equatable, Sendable {
    public var person: PersonID
    public var role: RoleID
    public var at: Date
    public var comment: String?
    /// The material digest when the approval was given; void once the digest changes.
    public var digest: String
    /// The material basis (tier and artifacts) at approval time, to say what changed.
    public var basis: [String: String]
    /// Whether its signature counts (set from the log and the policy's keys when signing is
    /// on; counts when not checked). Never written to the file; ignored by `==`.
    public var signature = SignatureMark(counts: true)
    /// Given for another person under a delegation (`for` and the delegation's event id in the file).
    public var onBehalfOf: PersonID?
    public var delegation: String?
    public init(person: PersonID, role: RoleID, at: Date, comment: String? = nil, digest: String, basis: [String: String]) {
        self.person = person
        self.role = role
        self.at = at
        self.comment = comment
        self.digest = digest
        self.basis = basis
    }
}

public struct Rejection: Equatable, Sendable {
    public var person: PersonID
    public var role: RoleID
    public var at: Date
    public var comment: String
    /// The digest rejected: a rejection stops blocking once the work changes.
    public var digest: String
    /// As `Approval.onBehalfOf` and `Approval.delegation`.
    public var onBehalfOf: PersonID?
    public var delegation: String?
    public init(person: PersonID, role: RoleID, at: Date, comment: String, digest: String) {
        self.person = person
        self.role = role
        self.at = at
        self.comment = comment
        self.digest = digest
    }
}

public struct Waiver: Equatable, Sendable {
    public var control: ControlID
    public var by: PersonID
    public var reason: String
    public var at: Date
    /// Valid through the end of this day (UTC).
    public var until: Day
    /// As `Approval.signature`.
    public var signature = SignatureMark(counts: true)
    public init(control: ControlID, by: PersonID, reason: String, at: Date, until: Day) {
        self.control = control
        self.by = by
        self.reason = reason
        self.at = at
        self.until = until
    }
}

public struct Halt: Equatable, Sendable {
    public var by: PersonID
    public var at: Date
    public var reason: String
    /// The incident whose opening halted the use case: no resume until it has a root cause
    /// and a post-incident review.
    public var incident: Int?
    public init(by: PersonID, at: Date, reason: String, incident: Int? = nil) {
        self.by = by
        self.at = at
        self.reason = reason
        self.incident = incident
    }
}

public struct Park: Equatable, Sendable {
    public var by: PersonID
    public var at: Date
    public var reason: String
    public var review: Day
    public init(by: PersonID, at: Date, reason: String, review: Day) {
        self.by = by
        self.at = at
        self.reason = reason
        self.review = review
    }
}

public struct Escalation: Equatable, Sendable {
    public var to: PersonID
    public var by: PersonID
    public var at: Date
    public var reason: String
    public init(to: PersonID, by: PersonID, at: Date, reason: String) {
        self.to = to
        self.by = by
        self.at = at
        self.reason = reason
    }
}

/// The use case file's link to its audit log: the number of events it reflects, the SHA-256
/// of the last event line (hex), and the log's length in bytes after that line. The last
/// event in turn carries the SHA-256 of this file's body (everything but this anchor).
public struct AuditAnchor: Equatable, Sendable {
    public var seq: Int
    public var head: String
    public var bytes: Int
    public init(seq: Int = 0, head: String = "", bytes: Int = 0) {
        self.seq = seq
        self.head = head
        self.bytes = bytes
    }
}

extension UseCase {
    /// What an approval is bound to: the tier and every artifact reference.
    public var materialBasis: [String: String] {
        var basis = artifacts
        basis["tier"] = tier
        return basis
    }

    /// The material basis's digest (version 2, `v2:` and a SHA-256 hex; see `MaterialDigest`).
    public var materialDigest: String { MaterialDigest.of(materialBasis) }
}
