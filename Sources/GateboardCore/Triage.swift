import Foundation

/// Why a use case needs a decision. Raw values are the `code`s of `gateboard triage --json`.
public enum TriageCode: String, Equatable, Hashable, Sendable, CaseIterable {
    case stalled, stalling
    case noBusinessOwner = "no_business_owner"
    case riskNotEngaged = "risk_not_engaged"
    case noOpsOwner = "no_ops_owner"
    case metricNotOperational = "metric_not_operational"
    case approvalWaiting = "approval_waiting"
    /// An approval the gate needs waits on someone away, with nobody delegated.
    case approverAway = "approver_away"
    case waiverExpiring = "waiver_expiring"
    case waiverExpired = "waiver_expired"
    case reviewOverdue = "review_overdue"
    case halted
    case parkOverdue = "park_overdue"
    /// Production operations (see `Triage.operationsReasons`).
    case incidentOpen = "incident_open"
    case incidentOverdue = "incident_overdue"
    case reportDue = "report_due"
    case monitorBreach = "monitor_breach"
    case monitoringSilent = "monitoring_silent"
    case noMonitors = "no_monitors"
    /// The tier is below the risk screening's proposal and no tier override accepts it.
    case tierBelowScreening = "tier_below_screening"

    /// The fixed part of a reason's weight in the severity score.
    public var weight: Int {
        switch self {
        case .halted: 40
        case .stalled, .reviewOverdue: 30
        case .noBusinessOwner, .riskNotEngaged: 25
        case .waiverExpired, .approverAway: 20
        case .approvalWaiting, .noOpsOwner: 15
        case .parkOverdue: 12
        case .stalling, .metricNotOperational: 10
        case .waiverExpiring: 8
        case .reportDue: 35
        case .incidentOverdue: 30
        case .monitorBreach: 25
        case .incidentOpen, .noMonitors: 20
        case .monitoringSilent: 15
        case .tierBelowScreening: 25
        }
    }
}

public struct TriageReason: Equatable, Sendable {
    public var code: TriageCode
    public var message: String
    /// Whole days past the reason's threshold (SLA, due date, expiry…), 0 for reasons without one.
    public var daysPast: Int
    /// Added to the weight for this instance (an incident's severity: see `Triage.operationsReasons`).
    public var extra: Int
    /// `code.weight` plus the age bonus: one point per two days past the threshold, at most 30.
    public var score: Int { code.weight + extra + min(30, daysPast / 2) }

    public init(code: TriageCode, message: String, daysPast: Int = 0, extra: Int = 0) {
        self.code = code
        self.message = message
        self.daysPast = daysPast
        self.extra = extra
    }
}

public struct TriageEntry: Equatable, Sendable {
    public var id: UseCaseID
    public var title: String
    public var stage: StageID
    public var tier: TierID
    public var daysInStage: Int
    /// The sum of the reasons' scores.
    public var severity: Int
    public var reasons: [TriageReason]
}

/// The ranked list of everything that needs a decision, worst first.
///
/// **Severity** = Σ over reasons of (weight + min(30, ⌊days past threshold ÷ 2⌋)), with
/// weights halted 40; stalled 30; review_overdue 30; no_business_owner 25; risk_not_engaged 25;
/// waiver_expired 20; approver_away 20; approval_waiting 15; no_ops_owner 15; park_overdue 12; stalling 10;
/// metric_not_operational 10; waiver_expiring 8. Thresholds: stalled — the stage SLA;
/// approval_waiting — `triage.approvalWaitDays` in stage; review_overdue — the review due date;
/// halted — `triage.haltedDays`; park_overdue — the park review date; waiver_expired — the
/// waiver's last day. Ties: more days in stage first, then id.
///
/// risk_not_engaged: in the stage just before `implementation` with no risk reviewer named, or
/// at or past `implementation` without the risk reviewer having taken part before it got there.
///
/// A parked use case (before its review date) is not reported stalled, stalling or waiting on
/// approvals: parking is the decision to wait. Retired use cases are never listed.
public enum Triage {
    public static func rank(_ useCases: [UseCase], policy: Policy, events: [AuditEvent], now: Date,
                            latest: [UseCaseID: [String: LatestSample]] = [:]) -> [TriageEntry] {
        let byCase = Dictionary(grouping: events, by: \.useCase)
        let entries: [TriageEntry] = useCases.compactMap { uc in
            let reasons = self.reasons(for: uc, policy: policy, events: byCase[uc.id] ?? [], now: now, latest: latest[uc.id] ?? [:])
            guard !reasons.isEmpty else { return nil }
            let clock = GateEngine.clock(uc, policy: policy, now: now)
            return TriageEntry(id: uc.id, title: uc.title, stage: uc.stage, tier: uc.tier, daysInStage: clock.daysInStage,
                               severity: reasons.reduce(0) { $0 + $1.score }, reasons: reasons)
        }
        return entries.sorted { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            if a.daysInStage != b.daysInStage { return a.daysInStage > b.daysInStage }
            return a.id < b.id
        }
    }

    /// Every triage reason for one use case, in `TriageCode` order. `events` are this use
    /// case's audit events (used for `risk_not_engaged`; may be empty).
    public static func reasons(for uc: UseCase, policy: Policy, events: [AuditEvent], now: Date,
                               latest: [String: LatestSample] = [:]) -> [TriageReason] {
        guard let stage = policy.stage(uc.stage), !stage.terminal, let index = policy.stageIndex(uc.stage) else { return [] }
        let settings = policy.triage
        let clock = GateEngine.clock(uc, policy: policy, now: now)
        let parkOverdue = uc.parked.map { now >= $0.review.end } ?? false
        let waiting = uc.parked == nil || parkOverdue
        var out: [TriageReason] = []

        if waiting, let sla = clock.slaDays {
            if clock.stalled {
                out.append(TriageReason(code: .stalled, message: "in \(stage.name) \(Wording.days(clock.daysInStage)), "
                    + "past its SLA of \(Wording.days(sla))", daysPast: clock.daysInStage - sla))
            } else if clock.stalling {
                out.append(TriageReason(code: .stalling, message: "in \(stage.name) \(Wording.days(clock.daysInStage)) "
                    + "of its \(Wording.days(sla)) SLA"))
            }
        }
        if let first = policy.activeStages.first.flatMap({ policy.stageIndex($0.id) }), index > first,
           policy.role(Roles.business) != nil, uc.owners[Roles.business] == nil {
            out.append(TriageReason(code: .noBusinessOwner, message: "no business owner named, and already in \(stage.name)"))
        }
        if let build = policy.stageIndex(Roles.buildStage), policy.role(Roles.risk) != nil {
            if index >= build, !riskEngaged(uc, policy: policy, events: events) {
                out.append(TriageReason(code: .riskNotEngaged, message: "risk reviewer never engaged before implementation"))
            } else if index == build - 1, uc.owners[Roles.risk] == nil {
                out.append(TriageReason(code: .riskNotEngaged, message: "no risk reviewer named, and already in \(stage.name): "
                    + "risk must join before build"))
            }
        }
        if let cp = policy.stageIndex(Roles.checkpointStage), index >= cp, policy.role(Roles.ops) != nil,
           uc.owners[Roles.ops] == nil {
            out.append(TriageReason(code: .noOpsOwner, message: "no operations owner named, and already in \(stage.name)"))
        }
        if let why = metricProblem(uc.metric) {
            out.append(TriageReason(code: .metricNotOperational, message: why))
        }
        if waiting, uc.halted == nil, clock.daysInStage > settings.approvalWaitDays {
            let gate = GateEngine.evaluate(uc, policy: policy, now: now)
            let missing = gate.blockers.filter { $0.kind == .approval }
            if !missing.isEmpty {
                out.append(TriageReason(code: .approvalWaiting, message: "\(uc.stage) approval waiting "
                    + "\(Wording.days(clock.daysInStage)): " + missing.map(\.message).joined(separator: "; "),
                    daysPast: clock.daysInStage - settings.approvalWaitDays))
            }
        }
        if waiting, !policy.away.isEmpty || !policy.delegations.isEmpty {
            out += awayReasons(uc, gate: GateEngine.evaluate(uc, policy: policy, now: now), policy: policy, now: now)
        }
        out += waiverReasons(uc, policy: policy, now: now)
        if uc.stage == policy.productionStage, let due = GateEngine.reviewDue(uc, policy: policy), now >= due {
            out.append(TriageReason(code: .reviewOverdue, message: "production review overdue since \(Wording.day(due))",
                                    daysPast: Timestamp.wholeDays(from: due, to: now)))
        }
        if let h = uc.halted {
            let days = Timestamp.wholeDays(from: h.at, to: now)
            if days > settings.haltedDays {
                out.append(TriageReason(code: .halted, message: "halted \(Wording.days(days)) by \(Wording.person(h.by, policy)): \(h.reason)",
                                        daysPast: days - settings.haltedDays))
            }
        }
        if let p = uc.parked, parkOverdue {
            out.append(TriageReason(code: .parkOverdue, message: "parked past its review date \(p.review): \(p.reason)",
                                    daysPast: Timestamp.wholeDays(from: p.review.end, to: now)))
        }
        out += operationsReasons(uc, policy: policy, now: now, latest: latest)
        out += screeningReasons(uc, policy: policy)
        // Stable: reasons of the same code keep their order (waivers by control).
        let rank = { (r: TriageReason) in TriageCode.allCases.firstIndex(of: r.code)! }
        return out.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }

    static func waiverReasons(_ uc: UseCase, policy: Policy, now: Date) -> [TriageReason] {
        var out: [TriageReason] = []
        let latest = Dictionary(uc.waivers.map { ($0.control, $0) }, uniquingKeysWith: { _, new in new })
        for control in latest.keys.sorted() {
            guard let w = latest[control], let c = policy.control(control), ControlCheck.isWaivable(c, policy: policy),
                  !ControlCheck.check(c, uc, policy: policy).satisfied else { continue }
            if ControlCheck.isValid(w, now: now) {
                let left = Wording.calendarDays(from: Day(containing: now), to: w.until)
                if left <= policy.triage.waiverWarnDays {
                    out.append(TriageReason(code: .waiverExpiring, message: "waiver for \(control) "
                        + Wording.expiry(w.until, daysLeft: left)))
                }
            } else {
                out.append(TriageReason(code: .waiverExpired, message: "waiver for \(control) expired \(w.until)",
                                        daysPast: Timestamp.wholeDays(from: w.until.end, to: now)))
            }
        }
        return out
    }

    /// Whether someone acting as risk reviewer took part before the use case first entered
    /// `implementation` (or a later stage): an approval or rejection given as risk reviewer, or
    /// any evidence, attestation, comment or waiver by the person named risk reviewer at the
    /// time. Without events, risk counts as engaged when a risk reviewer is named and has
    /// approved or attested something on the current state.
    public static func riskEngaged(_ uc: UseCase, policy: Policy, events: [AuditEvent]) -> Bool {
        guard !events.isEmpty else {
            guard let named = uc.owners[Roles.risk] else { return false }
            return uc.approvals.contains { $0.person == named }
                || uc.controls.values.contains { $0.attestations.contains { $0.by == named } }
        }
        guard let build = policy.stageIndex(Roles.buildStage) else { return true }
        var owners: [RoleID: PersonID] = [:]
        for e in events.sorted(by: { $0.seq < $1.seq }) {
            let entered = e.action == .create ? e.details.stage : ([.advance, .return, .change].contains(e.action) ? e.details.to : nil)
            if let s = entered, let i = policy.stageIndex(s), i >= build, !policy.stages[i].terminal { return false }
            switch e.action {
            case .assign:
                if let r = e.details.role { owners[r] = e.details.person }
            case .unassign:
                if let r = e.details.role { owners[r] = nil }
            case .approve, .reject:
                if e.details.role == Roles.risk || owners[Roles.risk] == e.actor { return true }
            case .evidence, .attest, .comment, .waive:
                if owners[Roles.risk] == e.actor { return true }
            default:
                break
            }
        }
        return false
    }

    /// nil when the metric reads as operational; otherwise why not. Operational: not blank,
    /// has a number (a target), and is not about a demo (demo, showcase, proof of concept,
    /// POC, wow, impress, stakeholder or positive feedback, "looks good").
    public static func metricProblem(_ metric: String) -> String? {
        if Wording.isBlank(metric) { return "no success metric" }
        let lower = metric.lowercased()
        let words = Set(lower.split { !$0.isLetter && !$0.isNumber }.map(String.init))
        let demoWords = ["demo", "demos", "showcase", "wow", "impress", "impressed", "poc"]
        let demoPhrases = ["proof of concept", "stakeholder feedback", "positive feedback", "looks good", "board presentation"]
        if demoWords.contains(where: words.contains) || demoPhrases.contains(where: lower.contains) {
            return "success metric is about a demo, not operations: \(metric)"
        }
        if !metric.contains(where: \.isNumber) {
            return "success metric has no measurable target: \(metric)"
        }
        return nil
    }
}

/// The role and stage ids the operating model's patterns refer to (the default policy's).
enum Roles {
    static let business = "business_owner"
    static let technical = "technical_owner"
    static let risk = "risk_reviewer"
    static let ops = "ops_owner"
    static let buildStage = "implementation"
    static let checkpointStage = "checkpoint"
}
