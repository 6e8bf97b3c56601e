import Foundation

/// The gate's verdict in brief (what `list` shows), with the span of time it holds for: the
/// engine's answer changes only at the instants `GateEngine.stableWindow` names, so between
/// two of them it can be kept instead of evaluated again.
public struct GateSummary: Equatable, Sendable {
    public var passed: Bool
    public var blockers: Int
    public var to: StageID?
    /// Holds from this instant (inclusive; nil: since ever) …
    public var from: Date?
    /// … to this one (exclusive; nil: for ever).
    public var until: Date?
    /// The policy file it was evaluated against (its checksum).
    public var policyDigest: UInt64
    /// Signed decisions: each decision that does not count for want of a valid signature, as
    /// `check` says it ("approval by Omar Haddad not counted: no valid signature").
    public var notCounted: [String] = []

    public init(passed: Bool, blockers: Int, to: StageID?, from: Date?, until: Date?, policyDigest: UInt64) {
        self.passed = passed
        self.blockers = blockers
        self.to = to
        self.from = from
        self.until = until
        self.policyDigest = policyDigest
    }

    /// Evaluates the gate now and records how long the answer stands.
    public init(_ uc: UseCase, policy: Policy, policyDigest: UInt64, now: Date) {
        let gate = GateEngine.evaluate(uc, policy: policy, now: now)
        let window = GateEngine.stableWindow(uc, policy: policy, now: now)
        self.init(passed: gate.passed, blockers: gate.blockers.count, to: gate.to, from: window.from, until: window.until,
                  policyDigest: policyDigest)
        notCounted = SignatureMark.notCounted(uc, policy: policy)
    }

    /// Whether this summary is the engine's answer at `now` under the policy with this digest.
    public func holds(at now: Date, policyDigest digest: UInt64) -> Bool {
        digest == policyDigest && (from.map { now >= $0 } ?? true) && (until.map { now < $0 } ?? true)
    }
}

/// A named owner: who holds a role.
public struct RoleHolder: Equatable, Sendable {
    public var role: RoleID
    public var person: PersonID
    public init(role: RoleID, person: PersonID) {
        self.role = role
        self.person = person
    }
}

/// One use case as `list` shows it: the fields of its row and its gate in brief, without
/// the evidence, approvals and history a full `UseCase` carries.
public struct UseCaseRow: Equatable, Sendable {
    public var id: UseCaseID
    public var title: String
    public var stage: StageID
    public var tier: TierID
    public var stageEnteredAt: Date
    /// Sorted by role (a list, not a dictionary: 10,000 small dictionaries cost more to
    /// build than the rest of a row).
    public var owners: [RoleHolder]
    public var halted: Bool
    public var parked: Bool
    public var gate: GateSummary?

    public init(id: UseCaseID, title: String, stage: StageID, tier: TierID, stageEnteredAt: Date,
                owners: [RoleHolder], halted: Bool, parked: Bool, gate: GateSummary?) {
        self.id = id
        self.title = title
        self.stage = stage
        self.tier = tier
        self.stageEnteredAt = stageEnteredAt
        self.owners = owners
        self.halted = halted
        self.parked = parked
        self.gate = gate
    }

    public init(_ uc: UseCase, gate: GateSummary? = nil) {
        self.init(id: uc.id, title: uc.title, stage: uc.stage, tier: uc.tier, stageEnteredAt: uc.stageEnteredAt,
                  owners: uc.owners.sorted { $0.key < $1.key }.map { RoleHolder(role: $0.key, person: $0.value) },
                  halted: uc.halted != nil, parked: uc.parked != nil, gate: gate)
    }

    /// Who holds `role`, if anyone.
    public func owner(_ role: RoleID) -> PersonID? { owners.first { $0.role == role }?.person }
}

extension GateEngine {
    /// The span of time around `now` in which `evaluate(uc, policy:, now:)` gives the same
    /// answer: it compares `now` only with the periodic review's due instant, each waiver's
    /// end and each approval's expiry, so between the last of those at or before `now` and
    /// the first after it nothing can change. Conservative: every such instant counts, whether
    /// or not the current gate looks at it.
    public static func stableWindow(_ uc: UseCase, policy: Policy, now: Date) -> (from: Date?, until: Date?) {
        var instants: [Date] = uc.waivers.map(\.until.end)
        if let due = reviewDue(uc, policy: policy) { instants.append(due) }
        if let days = ApprovalCount.requirements(uc, policy: policy)?.approvalExpiryDays {
            instants += uc.approvals.map { $0.at.addingTimeInterval(Double(days) * 86_400) }
        }
        return (instants.filter { $0 <= now }.max(), instants.filter { $0 > now }.min())
    }

    /// The stage clock from a row's fields (see `clock(_:policy:now:)`).
    public static func clock(_ row: UseCaseRow, policy: Policy, now: Date) -> StageClock {
        clock(stage: row.stage, tier: row.tier, enteredAt: row.stageEnteredAt, policy: policy, now: now)
    }
}
