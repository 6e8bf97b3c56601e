import Foundation

/// Why a gate does not pass, in words a person can act on, and specific enough for a script.
public struct Blocker: Equatable, Sendable {
    public enum Kind: String, Equatable, Sendable, CaseIterable {
        case owner, field, evidence, attestation, approval, rejection, halted, waiver
        /// Parked use cases do not advance until unparked.
        case parked
        /// The use case is in a stage with no forward gate (retired, or unknown).
        case terminal
        /// Production: the periodic review is overdue.
        case review
        /// The policy declares no production monitors for the use case (`monitors-defined`).
        case monitors
        /// The tier is below the screening's proposal and no `tier-override` accepts it.
        case screening
    }

    public var kind: Kind
    public var message: String
    public var role: RoleID?
    public var control: ControlID?
    public var field: String?
    /// For approval blockers: the people whose approvals are void or expired.
    public var person: PersonID?

    public init(kind: Kind, message: String, role: RoleID? = nil, control: ControlID? = nil,
                field: String? = nil, person: PersonID? = nil) {
        self.kind = kind
        self.message = message
        self.role = role
        self.control = control
        self.field = field
        self.person = person
    }
}

/// The state of one requirement of a gate, for the Gate pane: every control and approval
/// rule with how it stands.
public struct GateItem: Equatable, Sendable {
    public enum Status: String, Equatable, Sendable {
        case satisfied, waived, missing, void, rejected
    }
    public var title: String
    public var status: Status
    /// The engine's words: "evidence: evals/kyc-v3.html", "waived until 2026-12-01 by Omar",
    /// "approval by Priya void: prompt changed after approval".
    public var detail: String
    public var control: ControlID?
    public var role: RoleID?

    public init(title: String, status: Status, detail: String, control: ControlID? = nil, role: RoleID? = nil) {
        self.title = title
        self.status = status
        self.detail = detail
        self.control = control
        self.role = role
    }
}

/// The gate for leaving the current stage, evaluated at a moment.
public struct GateEvaluation: Equatable, Sendable {
    public var from: StageID
    /// nil when there is no next stage (production's periodic review, retired).
    public var to: StageID?
    public var passed: Bool
    public var blockers: [Blocker]
    public var items: [GateItem]

    public init(from: StageID, to: StageID?, passed: Bool, blockers: [Blocker], items: [GateItem]) {
        self.from = from
        self.to = to
        self.passed = passed
        self.blockers = blockers
        self.items = items
    }
}

/// An approval as the engine sees it now: counted, or void with why.
public struct ApprovalStanding: Equatable, Sendable {
    public var approval: Approval
    public var void: Bool
    /// "prompt changed after approval", "expired 2026-11-02".
    public var reason: String?
    public init(approval: Approval, void: Bool, reason: String? = nil) {
        self.approval = approval
        self.void = void
        self.reason = reason
    }
}

/// Time in stage against the stage's SLA.
public struct StageClock: Equatable, Sendable {
    public var daysInStage: Int
    public var slaDays: Int?
    /// Past the SLA.
    public var stalled: Bool
    /// At or past the warning fraction of the SLA but not yet past it.
    public var stalling: Bool
    public init(daysInStage: Int, slaDays: Int?, stalled: Bool, stalling: Bool) {
        self.daysInStage = daysInStage
        self.slaDays = slaDays
        self.stalled = stalled
        self.stalling = stalling
    }
}

/// What one remaining stage still needs, for the path to production.
public struct PathStep: Equatable, Sendable {
    public var from: StageID
    public var to: StageID
    public var needs: [Blocker]
    public init(from: StageID, to: StageID, needs: [Blocker]) {
        self.from = from
        self.to = to
        self.needs = needs
    }
}
