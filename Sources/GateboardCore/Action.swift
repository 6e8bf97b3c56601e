import Foundation

/// A request to change the board, before the policy has judged it. `ActionDecider.decide`
/// turns it into the events to record, or a refusal with the reason.
public enum Action: Equatable, Sendable {
    case create(title: String, tier: TierID, problem: String, metric: String, answers: ScreeningAnswers = [:])
    /// nil fields are unchanged; an artifact mapped to "" is removed.
    case edit(title: String?, problem: String?, metric: String?, tier: TierID?, artifacts: [String: String])
    case assign(role: RoleID, person: PersonID)
    case unassign(role: RoleID)
    /// `hash`: the content id of a local reference, set by the command from the file (never typed).
    case evidence(control: ControlID, ref: String, note: String?, hash: String? = nil)
    case attest(control: ControlID, note: String?)
    case approve(comment: String?)
    case reject(comment: String)
    /// Withdraw the actor's own standing rejection.
    case withdraw(comment: String?)
    case advance(comment: String?)
    case returnTo(stage: StageID, comment: String)
    case waive(control: ControlID, reason: String, until: Day)
    case halt(reason: String)
    case resume(reason: String)
    case change(kind: ChangeKind, summary: String)
    case park(reason: String, review: Day)
    case unpark(reason: String?)
    case retire(reason: String)
    case comment(text: String)
    case escalate(to: PersonID, reason: String)
    /// Production: the periodic review is done.
    case review(comment: String?)
    /// Production incidents: `gateboard incident …`.
    case incident(IncidentAction)
    /// Risk screening: record the questionnaire's answers again (validated by the decider).
    case screen(answers: ScreeningAnswers)
    /// Accept the tier below the screening's proposal (the screening's override role).
    case tierOverride(reason: String)
    /// Inventory fields (`edit --field`), and a template applied (`new --template`): recorded
    /// as an `edit` event.
    case setFields(assignments: [FieldAssignment], template: String?)

    /// The verb as people type it (`approve`, `return`, …).
    public var verb: String {
        switch self {
        case .create: "new"
        case .edit: "edit"
        case .assign: "assign"
        case .unassign: "unassign"
        case .evidence: "evidence"
        case .attest: "attest"
        case .approve: "approve"
        case .reject: "reject"
        case .withdraw: "withdraw"
        case .advance: "advance"
        case .returnTo: "return"
        case .waive: "waive"
        case .halt: "halt"
        case .resume: "resume"
        case .change: "change"
        case .park: "park"
        case .unpark: "unpark"
        case .retire: "retire"
        case .comment: "comment"
        case .escalate: "escalate"
        case .review: "review"
        case let .incident(a): "incident " + a.verb
        case .screen: "screen"
        case .tierOverride: "tier-override"
        case .setFields: "edit"
        }
    }
}

/// The policy said no. `message` is the reason, in words ("Priya Raman cannot approve:
/// she is the technical owner of UC-0007"); `blockers` lists a blocked gate's blockers.
public struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: String, Equatable, Sendable {
        case unknownPerson = "unknown_person"
        case unknownRole = "unknown_role"
        case unknownControl = "unknown_control"
        case unknownStage = "unknown_stage"
        case unknownTier = "unknown_tier"
        case notAllowedRole = "role_not_allowed"
        case separationOfDuties = "separation_of_duties"
        case selfApproval = "self_approval"
        case alreadyApproved = "already_approved"
        case halted
        case notHalted = "not_halted"
        case gateBlocked = "gate_blocked"
        case notWaivable = "not_waivable"
        case waiverTooLong = "waiver_too_long"
        case waiverInPast = "waiver_in_past"
        case selfWaiver = "self_waiver"
        case noStopShipAuthority = "no_stop_ship_authority"
        case notInProduction = "not_in_production"
        case invalidTarget = "invalid_target"
        case retired
        case parked
        case notParked = "not_parked"
        case nothingToDo = "nothing_to_do"
        case invalidInput = "invalid_input"
        case readOnly = "read_only"
        /// The action's time is before the last event of the log (an asserted or wrong clock).
        case outOfOrder = "out_of_order"
        /// No incident with that number on the use case.
        case unknownIncident = "unknown_incident"
        /// An open incident (or one without root cause and post-incident review) stands in the way.
        case incidentOpen = "incident_open"
        /// Signed decisions: no key of the actor could sign (no agent, no key, no ssh-keygen).
        case unsigned
        /// Signed decisions: the signing key is another person's than the claimed actor.
        case signatureMismatch = "signature_mismatch"
        /// Signed decisions: the signing key is on nobody's entry in the policy.
        case unknownKey = "unknown_key"
        /// Delegation: to oneself; ending before today or starting in the past; overlapping
        /// another delegation of the same person and role; a circular chain (A→B while B→A).
        case selfDelegation = "self_delegation"
        case delegationInPast = "delegation_in_past"
        case delegationOverlap = "delegation_overlap"
        case delegationCircular = "delegation_circular"
    }

    public var code: Code
    public var message: String
    public var blockers: [Blocker]

    public init(_ code: Code, _ message: String, blockers: [Blocker] = []) {
        self.code = code
        self.message = message
        self.blockers = blockers
    }

    public var description: String { message }
}
