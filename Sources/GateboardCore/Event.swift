import Foundation

/// One audit event: a line of `audit/<ID>.jsonl`. Events record *effects* (what changed),
/// not requests, so replaying them needs no policy: `UseCase.replay(events)` rebuilds the
/// use case file exactly, whatever the policy says today.
///
/// JSON fields (camelCase, stable): `schema`, `seq`, `id` (stable event id, unique across
/// clones), `at`, `actor`, `osUser`, `action`, `useCase`, `details` (object, action-specific),
/// `state` (SHA-256 of the use case file body this event produced), `prev` (SHA-256 of the
/// previous line's bytes, 64 zeros for the first), and `realAt` only when the time was
/// asserted (`GATEBOARD_NOW`): the real clock's reading beside the asserted `at`, as `osUser`
/// sits beside `actor`.
public struct AuditEvent: Equatable, Sendable {
    public static let currentSchema = 1

    public var schema: Int
    public var seq: Int
    public var id: String
    public var at: Date
    public var actor: PersonID
    public var osUser: String
    public var action: EventAction
    public var useCase: UseCaseID
    public var details: EventDetails
    public var state: String
    public var prev: String
    /// The real clock when `at` was asserted by the caller (`GATEBOARD_NOW`); nil when `at`
    /// is the real clock's own reading.
    public var realAt: Date?
    /// The actor's SSH signature (SSHSIG, base64 of the binary form, namespace `gateboard`)
    /// over the event's signed payload (`SignedPayload`): nil when unsigned.
    public var signature: String?

    public init(schema: Int = AuditEvent.currentSchema, seq: Int, id: String, at: Date, actor: PersonID,
                osUser: String, action: EventAction, useCase: UseCaseID, details: EventDetails,
                state: String = "", prev: String = "", realAt: Date? = nil, signature: String? = nil) {
        self.schema = schema
        self.seq = seq
        self.id = id
        self.at = at
        self.actor = actor
        self.osUser = osUser
        self.action = action
        self.useCase = useCase
        self.details = details
        self.state = state
        self.prev = prev
        self.realAt = realAt
        self.signature = signature
    }
}

public enum EventAction: String, Equatable, Sendable, CaseIterable, Codable {
    case create, edit, assign, unassign, evidence, attest, approve, reject, withdraw
    case advance, `return`, waive, halt, resume, change, park, unpark, retire
    case comment, escalate, review
    /// Team sync: a conflict found while merging two histories, and how it was resolved.
    case conflict
    /// Board-level (audit/_board.jsonl): a stand-up was held.
    case standup
    /// Production incidents (`UC-0001#I1`): opened, acknowledged, noted, reassigned, resolved,
    /// reported to the authority, and given a post-incident review.
    case incidentOpen = "incident_open", incidentAck = "incident_ack", incidentNote = "incident_note"
    case incidentAssign = "incident_assign", incidentResolve = "incident_resolve"
    case incidentReport = "incident_report", incidentReview = "incident_review"
    /// A production monitor changed level (ok, warn, breach, silent): only transitions are
    /// recorded, never a line per sample.
    case monitor
    /// Signed decisions (`gateboard signing on`): from this point of the log on, decisions must
    /// be signed; those before it keep their meaning ("before signing"). Changes nothing else.
    case signing
    /// Risk screening: the questionnaire answered again (`gateboard screen`), and a tier below
    /// the screening's proposal accepted by the override role (`gateboard tier-override`).
    case screen
    case tierOverride = "tier_override"
    /// Delegation (board log): a person hands their decisions in a role to another for a
    /// period (`gateboard delegate`), and cancels that (`delegate --cancel`).
    case delegate
    case delegateCancel = "delegate_cancel"
}

/// Action-specific fields. Each action documents which it uses (README, "Audit events").
public struct EventDetails: Equatable, Sendable {
    public var title: String?
    public var problem: String?
    public var metric: String?
    public var tier: TierID?
    public var stage: StageID?
    public var from: StageID?
    public var to: StageID?
    public var role: RoleID?
    public var person: PersonID?
    public var control: ControlID?
    public var ref: String?
    public var note: String?
    public var comment: String?
    public var reason: String?
    public var until: Day?
    public var review: Day?
    public var kind: ChangeKind?
    public var summary: String?
    public var digest: String?
    /// `edit`: artifact name → new reference ("" removes it).
    public var artifacts: [String: String]?
    /// `approve`: the material basis the approval is bound to.
    public var basis: [String: String]?
    /// `conflict`: the ids of the events involved.
    public var events: [String]?
    /// Incidents: the incident's number (`#I3`), severity, serious kind, deadlines, whether
    /// opening it halted, and the resolution. Written only when set, so older lines are unchanged.
    public var incident: Int?
    public var severity: Int?
    public var serious: SeriousKind?
    public var ackDue: Date?
    public var resolveDue: Date?
    public var reportDue: Date?
    public var halt: Bool?
    public var rootCause: String?
    public var correctiveAction: String?
    /// An act on an incident after its opening: when the incident it names was opened. The
    /// number is the one its clone saw; after a merge numbers two clones' incidents anew, the
    /// replay finds the incident by this time (see `UseCase.applyIncident`).
    public var openedAt: Date?
    /// Monitors: the monitor, its new level, the sample's value and time, and a breach's trigger.
    public var monitor: String?
    public var level: MonitorLevel?
    public var value: Double?
    public var sampleAt: Date?
    public var trigger: BreachTrigger?
    /// Risk screening: `create` and `screen` carry the answers (`ScreeningAnswers`);
    /// `tier_override` the tier accepted (`tier`) and the proposal it is below (`proposed`).
    public var answers: [String: String]?
    public var proposed: TierID?
    /// `edit`: inventory field id → new value (an empty text or list clears it), and the
    /// template applied (`new --template`). Written only when set.
    public var fields: [String: FieldValue]?
    public var template: String?
    /// Delegation: a decision made for someone else (`for`, the delegator) under the delegation
    /// recorded by event `delegation`; a `delegate` event's first day (`start`).
    public var onBehalfOf: PersonID?
    public var delegation: String?
    public var start: Day?

    public init(title: String? = nil, problem: String? = nil, metric: String? = nil, tier: TierID? = nil,
                stage: StageID? = nil, from: StageID? = nil, to: StageID? = nil, role: RoleID? = nil,
                person: PersonID? = nil, control: ControlID? = nil, ref: String? = nil, note: String? = nil,
                comment: String? = nil, reason: String? = nil, until: Day? = nil, review: Day? = nil,
                kind: ChangeKind? = nil, summary: String? = nil, digest: String? = nil,
                artifacts: [String: String]? = nil, basis: [String: String]? = nil, events: [String]? = nil) {
        self.title = title
        self.problem = problem
        self.metric = metric
        self.tier = tier
        self.stage = stage
        self.from = from
        self.to = to
        self.role = role
        self.person = person
        self.control = control
        self.ref = ref
        self.note = note
        self.comment = comment
        self.reason = reason
        self.until = until
        self.review = review
        self.kind = kind
        self.summary = summary
        self.digest = digest
        self.artifacts = artifacts
        self.basis = basis
        self.events = events
    }
}
