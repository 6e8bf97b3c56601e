import Foundation
import Testing
@testable import GateboardCore

@Suite struct GateEngineControlTests {
    @Test func emptyScopedUseCaseNamesEveryMissingThing() {
        let e = GateEngine.evaluate(Fx.useCase(), policy: Fx.policy, now: Fx.now)
        #expect(e.from == "scoped")
        #expect(e.to == "specification")
        #expect(!e.passed)
        #expect(e.blockers.map(\.message) == ["no business owner named", "no technical owner named",
                                               "no problem statement", "no operational success metric"])
        #expect(e.blockers.map(\.kind) == [.owner, .owner, .field, .field])
        #expect(e.blockers[0].role == "business_owner")
        #expect(e.blockers[2].field == "problem")
        #expect(e.blockers[3].field == "metric")
        #expect(e.items.count == 4)
        #expect(e.items.allSatisfy { $0.status == .missing })
    }

    @Test func blankFieldsCountAsMissing() {
        let uc = Fx.useCase(owners: ["business_owner": "alex", "technical_owner": "sam"], problem: "  \n ", metric: "x")
        #expect(Fx.messages(uc) == ["no problem statement"])
    }

    @Test func scopedPassesWhenOwnersAndFieldsAreThere() {
        let e = GateEngine.evaluate(Fx.ready(stage: "scoped"), policy: Fx.policy, now: Fx.now)
        #expect(e.passed)
        #expect(e.blockers.isEmpty)
        #expect(e.items.map(\.status) == [.satisfied, .satisfied, .satisfied, .satisfied])
        #expect(e.items[0].detail == "business owner: Alex Morgan")
    }

    @Test func evidenceControlNeedsAReference() {
        var uc = Fx.ready(stage: "implementation")
        uc.controls["eval-report"] = nil
        let e = GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now)
        #expect(e.blockers.map(\.message) == ["no evidence for eval-report (Evaluation report)"])
        #expect(e.blockers[0].kind == .evidence)
        #expect(e.blockers[0].control == "eval-report")
    }

    @Test func highTierAddsControls() {
        var uc = Fx.ready(stage: "implementation", tier: "high")
        uc.controls["bias-evaluation"] = nil
        #expect(Fx.messages(uc) == ["no evidence for bias-evaluation (Fairness and bias evaluation)"])
        uc.tier = "medium"
        #expect(Fx.messages(uc).isEmpty)
    }

    @Test func ownerNamedControlInImplementation() {
        var uc = Fx.ready(stage: "implementation")
        uc.owners["ops_owner"] = nil
        let e = GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now)
        #expect(e.blockers.map(\.message) == ["no operations owner named"])
        #expect(e.blockers[0].role == "ops_owner")
    }

    @Test func attestationCountsOnlyFromTheNamedOwner() {
        var uc = Fx.ready(stage: "checkpoint", tier: "high")
        uc.controls["human-oversight"] = ControlState(attestations: [Attestation(by: "omar", at: Fx.daysAgo(1))])
        let e = GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now)
        let b = e.blockers.first { $0.kind == .attestation }
        #expect(b?.message == "no attestation for human-oversight (Human oversight attested) by Priya Raman (risk reviewer)")
        // With nobody named for the role, any holder of it may attest.
        uc.owners["risk_reviewer"] = nil
        let e2 = GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now)
        #expect(!e2.blockers.contains { $0.kind == .attestation })
        // But not someone without the role.
        uc.controls["human-oversight"] = ControlState(attestations: [Attestation(by: "alex", at: Fx.daysAgo(1))])
        let e3 = GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now)
        #expect(e3.blockers.contains { $0.message == "no attestation for human-oversight (Human oversight attested) by a risk reviewer" })
    }
}

@Suite struct GateEngineWaiverTests {
    func implementationMissingEval() -> UseCase {
        var uc = Fx.ready(stage: "implementation")
        uc.controls["eval-report"] = nil
        return uc
    }

    @Test func validWaiverSatisfiesAWaivableControl() {
        var uc = implementationMissingEval()
        uc.waivers = [Waiver(control: "eval-report", by: "omar", reason: "pilot on synthetic data", at: Fx.daysAgo(5),
                             until: Fx.day("2026-12-01"))]
        let e = GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now)
        #expect(e.passed)
        let item = e.items.first { $0.control == "eval-report" }
        #expect(item?.status == .waived)
        #expect(item?.detail == "waived until 2026-12-01 by Omar Haddad: pilot on synthetic data")
    }

    @Test func waiverLastsThroughTheEndOfItsDay() {
        var uc = implementationMissingEval()
        uc.waivers = [Waiver(control: "eval-report", by: "omar", reason: "r", at: Fx.daysAgo(5), until: Fx.day("2026-11-26"))]
        #expect(GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.date("2026-11-26T23:59:59Z")).passed)
        #expect(!GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.date("2026-11-27T00:00:00Z")).passed)
    }

    @Test func expiredWaiverIsAWaiverBlocker() {
        var uc = implementationMissingEval()
        uc.waivers = [Waiver(control: "eval-report", by: "omar", reason: "r", at: Fx.daysAgo(40), until: Fx.day("2026-11-02"))]
        let e = GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now)
        #expect(e.blockers.map(\.message) == ["waiver for eval-report expired 2026-11-02"])
        #expect(e.blockers[0].kind == .waiver)
        #expect(e.blockers[0].control == "eval-report")
        #expect(e.items.first { $0.control == "eval-report" }?.status == .missing)
    }

    @Test func expiredWaiverOnASatisfiedControlDoesNotBlock() {
        var uc = Fx.ready(stage: "implementation")
        uc.waivers = [Waiver(control: "eval-report", by: "omar", reason: "r", at: Fx.daysAgo(40), until: Fx.day("2026-11-02"))]
        #expect(GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now).passed)
    }

    @Test func waiverOfAnUnwaivableControlIsIgnored() {
        var uc = Fx.ready(stage: "implementation")
        uc.owners["ops_owner"] = nil
        uc.waivers = [Waiver(control: "ops-owner-named", by: "omar", reason: "r", at: Fx.daysAgo(1), until: Fx.day("2026-12-20"))]
        #expect(Fx.messages(uc) == ["no operations owner named"])
    }
}

@Suite struct GateEngineApprovalTests {
    @Test func specificationNeedsTheNamedRiskReviewer() {
        var uc = Fx.ready(stage: "specification")
        uc.owners["risk_reviewer"] = nil
        #expect(Fx.messages(uc) == ["approval from risk_reviewer missing (0 of 1): no risk reviewer named"])
        uc.owners["risk_reviewer"] = "priya"
        let e = GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now)
        #expect(e.blockers.map(\.message) == ["approval from risk_reviewer missing (0 of 1)"])
        #expect(e.blockers[0].kind == .approval)
        #expect(e.blockers[0].role == "risk_reviewer")
        #expect(e.blockers[0].control == "risk-review")
        #expect(e.items.last?.title == "Risk review before build (risk reviewer)")
        // Another risk reviewer's approval does not count: the rule names the use case's owner.
        uc.approvals = [Fx.approval("omar", "risk_reviewer", on: uc)]
        #expect(Fx.messages(uc) == ["approval from risk_reviewer missing (0 of 1)"])
        uc.approvals.append(Fx.approval("priya", "risk_reviewer", on: uc))
        #expect(Fx.messages(uc).isEmpty)
    }

    @Test func approvalVoidWhenPromptChanged() {
        var uc = Fx.ready(stage: "checkpoint")
        uc.approvals = [Fx.approval("priya", "risk_reviewer", on: uc), Fx.approval("alex", "business_owner", on: uc)]
        #expect(GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now).passed)
        uc.artifacts["prompt"] = "prompts/kyc@v4"
        let e = GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now)
        #expect(e.blockers.map(\.message) == ["approval by Priya Raman void: prompt changed after approval",
                                               "approval by Alex Morgan void: prompt changed after approval"])
        #expect(e.blockers[0].person == "priya")
        #expect(e.items[0].status == .void)
        let standings = GateEngine.approvalStandings(uc, policy: Fx.policy, now: Fx.now)
        #expect(standings.map(\.void) == [true, true])
        #expect(standings[0].reason == "prompt changed after approval")
    }

    @Test func approvalVoidNamesEveryChangeIncludingTier() {
        var uc = Fx.ready(stage: "checkpoint")
        uc.approvals = [Fx.approval("priya", "risk_reviewer", on: uc)]
        uc.tier = "low"
        uc.artifacts["model"] = "gpt-y"
        uc.artifacts["spec"] = "docs/spec.md"
        let s = GateEngine.approvalStandings(uc, policy: Fx.policy, now: Fx.now)
        #expect(s[0].reason == "model, spec and risk tier changed after approval")
    }

    @Test func approvalExpiresAfterTheGatesExpiry() {
        var uc = Fx.ready(stage: "checkpoint")
        uc.approvals = [Fx.approval("priya", "risk_reviewer", on: uc, daysAgo: 30.5), Fx.approval("alex", "business_owner", on: uc)]
        let e = GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now)
        #expect(e.blockers.map(\.message) == ["approval by Priya Raman expired 2026-11-26"])
        // High tier: 14 days.
        uc.tier = "high"
        uc.approvals = [Approval(person: "priya", role: "risk_reviewer", at: Fx.date("2026-11-01T09:00:00Z"),
                                 digest: uc.materialDigest, basis: uc.materialBasis)]
        let s = GateEngine.approvalStandings(uc, policy: Fx.policy, now: Fx.now)
        #expect(s[0].void)
        #expect(s[0].reason == "expired 2026-11-15")
    }

    @Test func renewedApprovalCountsAndOldVoidOneDoesNotBlock() {
        var uc = Fx.ready(stage: "checkpoint")
        uc.approvals = [Fx.approval("priya", "risk_reviewer", on: uc, daysAgo: 3)]
        uc.artifacts["prompt"] = "prompts/kyc@v4"
        uc.approvals += [Fx.approval("priya", "risk_reviewer", on: uc), Fx.approval("alex", "business_owner", on: uc)]
        #expect(GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now).passed)
    }

    @Test func excludedRoleAndSubmitterDoNotCount() {
        var uc = Fx.ready(stage: "checkpoint")
        uc.owners["business_owner"] = "dana"
        uc.owners["technical_owner"] = "dana"
        uc.approvals = [Fx.approval("priya", "risk_reviewer", on: uc), Fx.approval("dana", "business_owner", on: uc)]
        #expect(Fx.messages(uc) == ["approval from business_owner missing (0 of 1): Dana Okafor cannot approve: "
                                    + "the technical owner of UC-0007 may not approve this gate"])
        uc.owners["technical_owner"] = "sam"
        uc.submittedBy = "dana"
        #expect(Fx.messages(uc) == ["approval from business_owner missing (0 of 1): Dana Okafor cannot approve: "
                                    + "they moved UC-0007 into this stage"])
    }

    @Test func separationOfDutiesKeepsANamedApproverFromCounting() {
        var uc = Fx.ready(stage: "specification")
        uc.owners["risk_reviewer"] = "omar"
        uc.owners["business_owner"] = "omar"
        uc.approvals = [Fx.approval("omar", "risk_reviewer", on: uc)]
        #expect(Fx.messages(uc) == ["approval from risk_reviewer missing (0 of 1): Omar Haddad cannot approve: "
                                    + "they are the business owner of UC-0007 (separation of duties)"])
    }

    @Test func highTierNeedsThreeDistinctApprovers() {
        var uc = Fx.ready(stage: "checkpoint", tier: "high")
        uc.approvals = [Fx.approval("priya", "risk_reviewer", on: uc), Fx.approval("alex", "business_owner", on: uc)]
        #expect(Fx.messages(uc) == ["approval from change_approver missing (0 of 1)"])
        uc.approvals.append(Fx.approval("chen", "change_approver", on: uc))
        #expect(Fx.messages(uc).isEmpty)
    }

    /// Any-holder rules with distinct approvers: the assignment must move Omar (who holds both
    /// roles) to the rule only he can fill, which a greedy first-come count gets wrong.
    func anyHolderPolicy(distinct: Bool) -> Policy {
        var p = Fx.policy
        let i = p.gates.firstIndex { $0.from == "checkpoint" }!
        p.gates[i] = Gate(from: "checkpoint", base: GateRequirements(
            approvals: [ApprovalRule(role: "risk_reviewer", anyHolder: true),
                        ApprovalRule(role: "change_approver", anyHolder: true)],
            distinctApprovers: distinct))
        return p
    }

    @Test func distinctApproversUsesAProperAssignment() {
        let p = anyHolderPolicy(distinct: true)
        var uc = Fx.ready(stage: "checkpoint")
        uc.approvals = [Fx.approval("omar", "risk_reviewer", on: uc)]
        #expect(Fx.messages(uc, policy: p) == ["approval from change_approver missing (0 of 1)"])
        uc.approvals.append(Fx.approval("priya", "risk_reviewer", on: uc))
        #expect(GateEngine.evaluate(uc, policy: p, now: Fx.now).passed)
        let e = GateEngine.evaluate(uc, policy: p, now: Fx.now)
        #expect(e.items.map(\.detail) == ["approved by Priya Raman", "approved by Omar Haddad"])
    }

    @Test func withoutDistinctApproversOnePersonFillsTwoRules() {
        var uc = Fx.ready(stage: "checkpoint")
        uc.approvals = [Fx.approval("omar", "risk_reviewer", on: uc)]
        #expect(GateEngine.evaluate(uc, policy: anyHolderPolicy(distinct: false), now: Fx.now).passed)
        #expect(!GateEngine.evaluate(uc, policy: anyHolderPolicy(distinct: true), now: Fx.now).passed)
    }

    @Test func quorumTwoWithOneVoidReportsBoth() {
        var p = Fx.policy
        let i = p.gates.firstIndex { $0.from == "release" }!
        p.gates[i].base.approvals = [ApprovalRule(role: "change_approver", quorum: 2, anyHolder: true)]
        var uc = Fx.ready(stage: "release")
        uc.approvals = [Fx.approval("omar", "change_approver", on: uc)]
        uc.artifacts["model"] = "gpt-z"
        #expect(Fx.messages(uc, policy: p) == ["approval by Omar Haddad void: model changed after approval",
                                               "approval from change_approver missing (0 of 2)"])
    }

    @Test func standingRejectionBlocksUntilTheWorkChanges() {
        var uc = Fx.ready(stage: "checkpoint")
        uc.approvals = [Fx.approval("alex", "business_owner", on: uc)]
        uc.rejections = [Rejection(person: "priya", role: "risk_reviewer", at: Fx.daysAgo(1),
                                   comment: "no human review of rejected files", digest: uc.materialDigest)]
        let e = GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now)
        #expect(e.blockers.map(\.kind) == [.approval, .rejection])
        #expect(e.blockers[1].message == "rejected by Priya Raman (risk_reviewer) on 2026-11-25: no human review of rejected files")
        #expect(e.blockers[1].person == "priya")
        #expect(e.items[0].status == .rejected)
        // A rejection of an older digest does not block.
        uc.rejections[0].digest = "old"
        #expect(!GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now).blockers.contains { $0.kind == .rejection })
    }

    @Test func rejectionDoesNotBlockWhenTheGateSaysSo() {
        var p = Fx.policy
        let i = p.gates.firstIndex { $0.from == "specification" }!
        p.gates[i].base.anyRejectionBlocks = false
        var uc = Fx.ready(stage: "specification")
        uc.approvals = [Fx.approval("priya", "risk_reviewer", on: uc)]
        uc.rejections = [Rejection(person: "omar", role: "risk_reviewer", at: Fx.daysAgo(1), comment: "meh", digest: uc.materialDigest)]
        #expect(GateEngine.evaluate(uc, policy: p, now: Fx.now).passed)
    }
}

@Suite struct GateEngineFlagTests {
    @Test func haltedAndParkedBlockFirst() {
        var uc = Fx.ready(stage: "scoped")
        uc.halted = Halt(by: "kim", at: Fx.date("2026-11-20T10:00:00Z"), reason: "wrong customers flagged")
        uc.parked = Park(by: "alex", at: Fx.daysAgo(2), reason: "budget review", review: Fx.day("2026-12-15"))
        let e = GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now)
        #expect(e.blockers.map(\.kind) == [.halted, .parked])
        #expect(e.blockers[0].message == "halted by Kim Park on 2026-11-20: wrong customers flagged")
        #expect(e.blockers[1].message == "parked until 2026-12-15 by Alex Morgan: budget review")
    }

    @Test func retiredHasNoGate() {
        let e = GateEngine.evaluate(Fx.useCase(stage: "retired"), policy: Fx.policy, now: Fx.now)
        #expect(e.to == nil)
        #expect(!e.passed)
        #expect(e.blockers.map(\.kind) == [.terminal])
        #expect(e.blockers[0].message == "UC-0007 is retired: no gate")
    }

    @Test func unknownStageHasNoGate() {
        let e = GateEngine.evaluate(Fx.useCase(stage: "limbo"), policy: Fx.policy, now: Fx.now)
        #expect(e.blockers.map(\.kind) == [.terminal])
    }

    @Test func productionPassesUntilItsReviewIsOverdue() {
        var uc = Fx.ready(stage: "production")
        uc.stageEnteredAt = Fx.daysAgo(80)
        var e = GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now)
        #expect(e.passed)
        #expect(e.to == nil)
        #expect(e.items.map(\.title) == ["Periodic review"])
        uc.stageEnteredAt = Fx.date("2026-08-01T00:00:00Z")
        e = GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now)
        #expect(e.blockers.map(\.message) == ["production review overdue since 2026-10-30 (every 90 days)"])
        #expect(e.blockers[0].kind == .review)
        uc.lastReviewAt = Fx.daysAgo(10)
        #expect(GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now).passed)
        uc.halted = Halt(by: "kim", at: Fx.daysAgo(1), reason: "drift")
        #expect(GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now).blockers.map(\.kind) == [.halted])
    }
}

@Suite struct StageClockTests {
    @Test func stalledAndStalling() {
        // implementation, medium: SLA 45; warn from 36 days.
        let cases: [(Double, Bool, Bool)] = [(10, false, false), (36, false, true), (45, false, true), (46, true, false)]
        for (days, stalled, stalling) in cases {
            let c = GateEngine.clock(Fx.useCase(stage: "implementation", enteredDaysAgo: days), policy: Fx.policy, now: Fx.now)
            #expect(c.daysInStage == Int(days))
            #expect(c.slaDays == 45)
            #expect(c.stalled == stalled, "\(days) days")
            #expect(c.stalling == stalling, "\(days) days")
        }
    }

    @Test func noSlaInProduction() {
        let c = GateEngine.clock(Fx.useCase(stage: "production", enteredDaysAgo: 400), policy: Fx.policy, now: Fx.now)
        #expect(c.slaDays == nil)
        #expect(!c.stalled && !c.stalling)
    }
}

@Suite struct PathToProductionTests {
    @Test func listsEveryRemainingGate() {
        var uc = Fx.useCase(owners: ["business_owner": "alex", "ops_owner": "kim"], problem: "p", metric: "m")
        let path = GateEngine.pathToProduction(uc, policy: Fx.policy, now: Fx.now)
        #expect(path.map(\.from) == ["scoped", "specification", "implementation", "checkpoint", "release"])
        #expect(path.map(\.to) == ["specification", "implementation", "checkpoint", "release", "production"])
        #expect(path[0].needs.map(\.message) == ["no technical owner named"])
        #expect(path[1].needs.map(\.message) == ["no evidence for spec-reference (Specification document)",
                                                 "approval from risk_reviewer missing (0 of 1): no risk reviewer named"])
        // The ops owner is already named: not listed for implementation.
        #expect(!path[2].needs.contains { $0.kind == .owner })
        #expect(path[4].needs.map(\.message) == ["no stop-ship authority named",
                                                 "no evidence for exception-runbook (Exception-handling runbook)",
                                                 "approval from change_approver missing (0 of 1): no change approver named"])
        uc.stage = "production"
        #expect(GateEngine.pathToProduction(uc, policy: Fx.policy, now: Fx.now).isEmpty)
    }

    @Test func laterGatesIgnoreCurrentApprovalsAndFlags() {
        var uc = Fx.ready(stage: "checkpoint")
        uc.approvals = [Fx.approval("priya", "risk_reviewer", on: uc), Fx.approval("alex", "business_owner", on: uc)]
        uc.halted = Halt(by: "kim", at: Fx.daysAgo(1), reason: "r")
        let path = GateEngine.pathToProduction(uc, policy: Fx.policy, now: Fx.now)
        #expect(path.count == 2)
        #expect(path[0].needs.map(\.kind) == [.halted])
        #expect(path[1].needs.map(\.message) == ["approval from change_approver missing (0 of 1)"])
    }
}
