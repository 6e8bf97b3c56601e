/// The board's policy (`gateboard.yaml`): stages, roles, people, tiers, controls, gates and
/// waiver rules. Pure data; `GateEngine` gives it meaning.
public struct Policy: Equatable, Sendable, Codable {
    /// The newest policy schema this program understands.
    public static let currentSchema = 1

    public var schema: Int
    /// The board's display name (header of the TUI, titles of reports).
    public var name: String
    /// Prefix for new use case ids (`UC` gives `UC-0001`).
    public var idPrefix: String
    /// In order; the last non-terminal stage is live production. Exactly one stage is terminal.
    public var stages: [Stage]
    public var roles: [Role]
    public var tiers: [RiskTier]
    public var people: [Person]
    public var controls: [Control]
    /// One gate per non-terminal stage that can be left forward (`from` → next stage).
    public var gates: [Gate]
    public var waivers: WaiverRules
    /// Pairs of roles that one person may not hold on the same use case.
    public var separationOfDuties: [RolePair]
    /// Who may halt and resume a use case (besides the use case's own `stop_ship` owner).
    public var stopShipRole: RoleID
    /// Where a live change of each kind sends a production use case back to.
    public var changeRouting: [ChangeKind: StageID]
    /// Production: a periodic review is due every N days per tier.
    public var productionReviewDays: [TierID: Int]
    /// Thresholds used by triage and the inbox.
    public var triage: TriageSettings
    /// Git: commit each action as it happens (team sync).
    public var autoCommit: Bool
    /// People away (leave), from the policy's `away:` list: their approvals are not coming.
    public var away: [AwayPeriod] = []
    /// Production incidents: response times per severity, report deadlines, the severity-1 halt.
    public var incidents: IncidentRules = IncidentRules()
    /// Production monitors by tier or use case (`monitors:`).
    public var monitors: [MonitorRule] = []
    /// Which actions must be signed by the actor's SSH key (`keys:` of each person).
    public var signing: SigningMode = .off
    /// A folder of the board holding private keys named by person id: demo boards only (the
    /// sample's fictional people). Never for real keys: anyone with the board could sign.
    public var demoKeys: String?
    /// Risk screening: the intake questionnaire and the rules that propose a tier (`screening:`).
    public var screening: Screening = Screening()
    /// Typed inventory fields (`fields:`), in the policy's order: the AI register's columns.
    public var fields: [InventoryField] = []
    /// Templates by type of use case (`templates:`), for `new --template`.
    public var templates: [UseCaseTemplate] = []
    /// Not from `gateboard.yaml`: the board log's delegations, filled in by the store when it
    /// loads the policy (`Delegations`), so every decision and view sees them.
    public var delegations = Delegations()
    /// Local evidence must still hold what was added (`EvidenceContent`): evidence whose file
    /// changed or is gone no longer satisfies its control. `gateboard init` writes `true`.
    public var evidenceMustResolve = false

    public init(schema: Int = Policy.currentSchema, name: String, idPrefix: String = "UC",
                stages: [Stage], roles: [Role], tiers: [RiskTier], people: [Person],
                controls: [Control], gates: [Gate], waivers: WaiverRules,
                separationOfDuties: [RolePair] = [], stopShipRole: RoleID = "stop_ship",
                changeRouting: [ChangeKind: StageID] = [:], productionReviewDays: [TierID: Int] = [:],
                triage: TriageSettings = TriageSettings(), autoCommit: Bool = false) {
        self.schema = schema
        self.name = name
        self.idPrefix = idPrefix
        self.stages = stages
        self.roles = roles
        self.tiers = tiers
        self.people = people
        self.controls = controls
        self.gates = gates
        self.waivers = waivers
        self.separationOfDuties = separationOfDuties
        self.stopShipRole = stopShipRole
        self.changeRouting = changeRouting
        self.productionReviewDays = productionReviewDays
        self.triage = triage
        self.autoCommit = autoCommit
    }
}

public typealias StageID = String
public typealias RoleID = String
public typealias TierID = String
public typealias PersonID = String
public typealias ControlID = String
public typealias UseCaseID = String

public struct Stage: Equatable, Sendable, Codable {
    public var id: StageID
    public var name: String
    /// The role accountable for moving work through this stage.
    public var ownerRole: RoleID
    /// Days a use case may sit in this stage, per tier, before it is stalled. Absent: no SLA.
    public var sla: [TierID: Int]
    /// `retired`: no gate, no SLA, not shown as a board column.
    public var terminal: Bool

    public init(id: StageID, name: String, ownerRole: RoleID, sla: [TierID: Int] = [:], terminal: Bool = false) {
        self.id = id
        self.name = name
        self.ownerRole = ownerRole
        self.sla = sla
        self.terminal = terminal
    }
}

public struct Role: Equatable, Sendable, Codable {
    public var id: RoleID
    public var name: String
    public init(id: RoleID, name: String) {
        self.id = id
        self.name = name
    }
}

public struct RiskTier: Equatable, Sendable, Codable {
    public var id: TierID
    public var name: String
    public init(id: TierID, name: String) {
        self.id = id
        self.name = name
    }
}

public struct Person: Equatable, Sendable, Codable {
    public var id: PersonID
    public var name: String
    /// product, engineering, risk, operations (free text beyond these).
    public var function: String
    /// Roles this person may hold.
    public var roles: [RoleID]
    /// OS login that identifies this person when neither `--as` nor `GATEBOARD_USER` is given.
    public var login: String?
    /// OpenSSH public keys whose signatures are this person's (signed decisions).
    public var keys: [PersonKey] = []

    public init(id: PersonID, name: String, function: String, roles: [RoleID], login: String? = nil, keys: [PersonKey] = []) {
        self.id = id
        self.name = name
        self.function = function
        self.roles = roles
        self.login = login
        self.keys = keys
    }
}

public enum ControlKind: String, Equatable, Sendable, CaseIterable, Codable {
    /// Satisfied by at least one evidence reference (a path or URL).
    case evidence
    /// Satisfied by an attestation from the control's role (or anyone when it names none).
    case attestation
    /// Satisfied when the use case names a person for `role`.
    case owner = "owner-named"
    /// Satisfied when the use case's `field` (problem, metric, or a declared inventory field) is filled in.
    case field
    /// Documents an approval rule (its references); satisfied through the gate's approvals.
    case approval
    /// Satisfied when the policy declares production monitors for the use case (`monitors:`).
    case monitors = "monitors-defined"
}

public struct Control: Equatable, Sendable, Codable {
    public var id: ControlID
    public var title: String
    public var kind: ControlKind
    public var waivable: Bool
    /// For `owner-named`: the role that must be named. For evidence/attestation: the role
    /// expected to provide it (used by the inbox). For `approval`: the approving role.
    public var role: RoleID?
    /// For `field`: `problem` or `metric`.
    public var field: String?
    /// Framework references, e.g. `NIST AI RMF MANAGE 2.4`, `ISO/IEC 42001 A.6.2.5`.
    public var references: [String]

    public init(id: ControlID, title: String, kind: ControlKind, waivable: Bool = true,
                role: RoleID? = nil, field: String? = nil, references: [String] = []) {
        self.id = id
        self.title = title
        self.kind = kind
        self.waivable = waivable
        self.role = role
        self.field = field
        self.references = references
    }
}

/// The gate for leaving `from` (forward to the next stage). Requirements for a tier are the
/// base requirements plus that tier's additions.
public struct Gate: Equatable, Sendable, Codable {
    public var from: StageID
    public var base: GateRequirements
    public var tiers: [TierID: GateRequirements]

    public init(from: StageID, base: GateRequirements, tiers: [TierID: GateRequirements] = [:]) {
        self.from = from
        self.base = base
        self.tiers = tiers
    }

    /// Base requirements merged with the tier's: controls and approvals appended (no
    /// duplicates), booleans OR-ed, expiry the stricter of the two.
    public func requirements(for tier: TierID) -> GateRequirements {
        guard let extra = tiers[tier] else { return base }
        var r = base
        for c in extra.controls where !r.controls.contains(c) { r.controls.append(c) }
        for a in extra.approvals {
            if let i = r.approvals.firstIndex(where: { $0.role == a.role }) {
                r.approvals[i].quorum = max(r.approvals[i].quorum, a.quorum)
                r.approvals[i].anyHolder = r.approvals[i].anyHolder && a.anyHolder
            } else {
                r.approvals.append(a)
            }
        }
        r.distinctApprovers = r.distinctApprovers || extra.distinctApprovers
        r.noSelfApproval = r.noSelfApproval || extra.noSelfApproval
        for e in extra.excludedApproverRoles where !r.excludedApproverRoles.contains(e) {
            r.excludedApproverRoles.append(e)
        }
        r.anyRejectionBlocks = r.anyRejectionBlocks || extra.anyRejectionBlocks
        switch (r.approvalExpiryDays, extra.approvalExpiryDays) {
        case let (a?, b?): r.approvalExpiryDays = min(a, b)
        case let (nil, b?): r.approvalExpiryDays = b
        default: break
        }
        return r
    }
}

public struct GateRequirements: Equatable, Sendable, Codable {
    public var controls: [ControlID]
    public var approvals: [ApprovalRule]
    /// Every approval counted must come from a different person.
    public var distinctApprovers: Bool
    /// The person who submitted the work into this stage may not approve it.
    public var noSelfApproval: Bool
    /// Owners of these roles on the use case may not approve (e.g. `technical_owner`).
    public var excludedApproverRoles: [RoleID]
    /// Any standing rejection blocks the gate.
    public var anyRejectionBlocks: Bool
    /// Approvals older than this many days no longer count.
    public var approvalExpiryDays: Int?

    public init(controls: [ControlID] = [], approvals: [ApprovalRule] = [], distinctApprovers: Bool = false,
                noSelfApproval: Bool = false, excludedApproverRoles: [RoleID] = [],
                anyRejectionBlocks: Bool = false, approvalExpiryDays: Int? = nil) {
        self.controls = controls
        self.approvals = approvals
        self.distinctApprovers = distinctApprovers
        self.noSelfApproval = noSelfApproval
        self.excludedApproverRoles = excludedApproverRoles
        self.anyRejectionBlocks = anyRejectionBlocks
        self.approvalExpiryDays = approvalExpiryDays
    }
}

public struct ApprovalRule: Equatable, Sendable, Codable {
    public var role: RoleID
    public var quorum: Int
    /// false: only the person named for `role` on the use case may approve.
    /// true: anyone whose `roles` include `role` may approve.
    public var anyHolder: Bool
    /// An optional `approval` control documenting this rule (title, references).
    public var control: ControlID?

    public init(role: RoleID, quorum: Int = 1, anyHolder: Bool = false, control: ControlID? = nil) {
        self.role = role
        self.quorum = quorum
        self.anyHolder = anyHolder
        self.control = control
    }
}

public struct WaiverRules: Equatable, Sendable, Codable {
    /// The role whose holders may grant waivers.
    public var approverRole: RoleID
    /// The longest a waiver may run, in days from the day it is granted, per tier.
    public var maxDays: [TierID: Int]
    /// Controls that can never be waived (in addition to those marked `waivable: false`).
    public var neverWaive: [ControlID]

    public init(approverRole: RoleID, maxDays: [TierID: Int], neverWaive: [ControlID] = []) {
        self.approverRole = approverRole
        self.maxDays = maxDays
        self.neverWaive = neverWaive
    }
}

public struct RolePair: Equatable, Sendable, Codable {
    public var a: RoleID
    public var b: RoleID
    public init(_ a: RoleID, _ b: RoleID) {
        self.a = a
        self.b = b
    }
}

public enum ChangeKind: String, Equatable, Hashable, Sendable, CaseIterable, Codable {
    case model, prompt, policy, data
}

public struct TriageSettings: Equatable, Sendable, Codable {
    /// Warn ("stalling") from this fraction of the SLA.
    public var stallWarnFraction: Double
    /// An approval rule unanswered this many days after the use case entered the stage.
    public var approvalWaitDays: Int
    /// Halted longer than this.
    public var haltedDays: Int
    /// Waivers expiring within this many days are flagged.
    public var waiverWarnDays: Int

    public init(stallWarnFraction: Double = 0.8, approvalWaitDays: Int = 5, haltedDays: Int = 7, waiverWarnDays: Int = 7) {
        self.stallWarnFraction = stallWarnFraction
        self.approvalWaitDays = approvalWaitDays
        self.haltedDays = haltedDays
        self.waiverWarnDays = waiverWarnDays
    }
}

extension Policy {
    public func stage(_ id: StageID) -> Stage? { stages.first { $0.id == id } }
    public func stageIndex(_ id: StageID) -> Int? { stages.firstIndex { $0.id == id } }
    public func person(_ id: PersonID) -> Person? { people.first { $0.id == id } }
    public func control(_ id: ControlID) -> Control? { controls.first { $0.id == id } }
    public func role(_ id: RoleID) -> Role? { roles.first { $0.id == id } }
    public func tier(_ id: TierID) -> RiskTier? { tiers.first { $0.id == id } }
    public func gate(leaving stage: StageID) -> Gate? { gates.first { $0.from == stage } }

    /// The stages shown as board columns, in order (every non-terminal stage).
    public var activeStages: [Stage] { stages.filter { !$0.terminal } }

    /// The stage after `id` in the forward path, nil at production or for terminal stages.
    public func nextStage(after id: StageID) -> Stage? {
        guard let i = stageIndex(id), !stages[i].terminal else { return nil }
        let rest = stages[(i + 1)...].filter { !$0.terminal }
        return rest.first
    }

    /// The live production stage: the last non-terminal stage.
    public var productionStage: StageID? { activeStages.last?.id }
    /// The terminal stage used by `retire`.
    public var retiredStage: StageID? { stages.first { $0.terminal }?.id }
}
