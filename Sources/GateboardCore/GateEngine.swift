import Foundation

/// The policy engine: pure functions of (use case, policy, now).
/// PLACEHOLDER signatures — the engine work replaces the bodies.
public enum GateEngine {
    /// The gate for leaving the current stage: passed or not, every blocker with a reason,
    /// and every requirement's standing (for the Gate pane).
    public static func evaluate(_ uc: UseCase, policy: Policy, now: Date) -> GateEvaluation {
        GateEvaluation(from: uc.stage, to: policy.nextStage(after: uc.stage)?.id, passed: false, blockers: [], items: [])
    }

    /// Each approval on the current gate: counted, or void (material change, expiry) with why.
    public static func approvalStandings(_ uc: UseCase, policy: Policy, now: Date) -> [ApprovalStanding] {
        uc.approvals.map { ApprovalStanding(approval: $0, void: false) }
    }

    /// Days in stage against the SLA for the tier.
    public static func clock(_ uc: UseCase, policy: Policy, now: Date) -> StageClock {
        StageClock(daysInStage: Timestamp.wholeDays(from: uc.stageEnteredAt, to: now), slaDays: nil, stalled: false, stalling: false)
    }

    /// Everything still needed across all remaining stages at the current tier, current gate first.
    public static func pathToProduction(_ uc: UseCase, policy: Policy, now: Date) -> [PathStep] {
        []
    }
}
