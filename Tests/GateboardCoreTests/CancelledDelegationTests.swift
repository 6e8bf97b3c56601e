import Foundation
import Testing
@testable import GateboardCore

/// A cancelled delegation authorizes nothing new. The cancel is a board event and the
/// decision goes into the use case's own log, so "an event is never dated before the one it
/// follows" does not stop a delegate who sets the clock (GATEBOARD_NOW, or the system's) back
/// to before the cancel they can already see: judged at that asserted time the delegation was
/// still in force, and the decision would count for good (counting looks at its own time).
/// Once a cancel is recorded every new decision is made after it, whatever date it carries.
@Suite struct CancelledDelegationTests {
    /// Priya delegated risk_reviewer to Omar (recorded 0.1 day ago) and cancelled it 0.05 day
    /// ago; Omar asserts a time between the two.
    static let policy: Policy = {
        var p = Fx.policy
        p.delegations = Delegations([
            Delegation(id: "d-risk", from: "priya", to: "omar", role: "risk_reviewer", start: Fx.day("2026-11-26"),
                       until: Fx.day("2026-12-10"), recordedAt: Fx.daysAgo(0.1), cancelledAt: Fx.daysAgo(0.05), cancelledBy: "priya"),
        ])
        return p
    }()
    static let backdated = Fx.daysAgo(0.08)

    func refusal(_ action: Action, on uc: UseCase) -> Refusal? {
        do {
            let (_, d) = try ActionDecider.decide(action, on: uc, actor: "omar", policy: Self.policy, now: Self.backdated)
            Issue.record("accepted under a cancelled delegation: for \(d.onBehalfOf ?? "-") under \(d.delegation ?? "-")")
            return nil
        } catch {
            return error
        }
    }

    @Test func aDelegateCannotAttestDatedBeforeARecordedCancel() {
        var uc = Fx.ready(stage: "checkpoint", tier: "high")
        uc.controls["human-oversight"] = ControlState()
        #expect(Self.policy.delegations.covering("priya", role: "risk_reviewer", delegate: "omar", at: Self.backdated) != nil)
        #expect(refusal(.attest(control: "human-oversight", note: nil), on: uc)?.code == .notAllowedRole)
    }

    @Test func aDelegateCannotApproveOrRejectDatedBeforeARecordedCancel() {
        let uc = Fx.ready(stage: "checkpoint", tier: "low")
        #expect(refusal(.approve(comment: nil), on: uc) != nil)
        #expect(refusal(.reject(comment: "no"), on: uc) != nil)
    }
}

/// One person's voice counts once: the delegator's own approval and their delegate's "for"
/// them never both (the decider refuses the second; two clones can each record one, and a sync
/// merges both). A gate that needs two approvals from the named risk reviewer is not met by
/// Priya and Omar-for-Priya.
@Suite struct DelegatedVoiceCountsOnceTests {
    @Test func theDelegatorsOwnAndTheDelegatesApprovalCountOnce() {
        var policy = DelegationTests.policy([DelegationTests.delegation()])
        let i = policy.gates.firstIndex { $0.from == "checkpoint" }!
        policy.gates[i].base.approvals = [ApprovalRule(role: "risk_reviewer", quorum: 2)]
        var uc = Fx.ready(stage: "checkpoint", tier: "low")
        var forPriya = Fx.approval("omar", "risk_reviewer", on: uc, daysAgo: 0.01)
        (forPriya.onBehalfOf, forPriya.delegation) = ("priya", "d1")
        uc.approvals = [Fx.approval("priya", "risk_reviewer", on: uc, daysAgo: 0.02), forPriya]
        let item = GateEngine.evaluate(uc, policy: policy, now: Fx.now).items.first { $0.role == "risk_reviewer" }
        #expect(item?.status != .satisfied, "\(String(describing: item))")
    }
}
