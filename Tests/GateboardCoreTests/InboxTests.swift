import Foundation
import Testing
@testable import GateboardCore

@Suite struct InboxTests {
    func checkpoint(daysAgo: Double = 6) -> UseCase {
        var uc = Fx.ready(stage: "checkpoint")
        uc.stageEnteredAt = Fx.daysAgo(daysAgo)
        return uc
    }

    func anyHolderPolicy(distinct: Bool, excluded: [RoleID] = []) -> Policy {
        var p = Fx.policy
        let i = p.gates.firstIndex { $0.from == "checkpoint" }!
        p.gates[i] = Gate(from: "checkpoint", base: GateRequirements(
            approvals: [ApprovalRule(role: "risk_reviewer", anyHolder: true), ApprovalRule(role: "change_approver", anyHolder: true)],
            distinctApprovers: distinct, excludedApproverRoles: excluded))
        return p
    }

    @Test func reviewerSeesTheApprovalTheyOwe() {
        let uc = checkpoint()
        let e = Inbox.entries(for: "priya", useCases: [uc], policy: Fx.policy, now: Fx.now)
        #expect(e.count == 1)
        #expect(e[0].need == .approve)
        #expect(e[0].role == "risk_reviewer")
        #expect(e[0].waitingDays == 6)
        #expect(e[0].message == "checkpoint approval as risk reviewer, waiting 6 days")
        #expect(e[0].alsoNeeds == ["approval from business_owner missing (0 of 1)"])
        // Answered: no longer in the inbox.
        var approved = uc
        approved.approvals = [Fx.approval("priya", "risk_reviewer", on: uc)]
        #expect(Inbox.entries(for: "priya", useCases: [approved], policy: Fx.policy, now: Fx.now).isEmpty)
        var rejected = uc
        rejected.rejections = [Rejection(person: "priya", role: "risk_reviewer", at: Fx.daysAgo(1), comment: "no", digest: uc.materialDigest)]
        #expect(!Inbox.entries(for: "priya", useCases: [rejected], policy: Fx.policy, now: Fx.now).contains { $0.need == .approve })
    }

    @Test func onlyTheNamedOwnerUnlessTheRuleAllowsAnyHolder() {
        let uc = checkpoint()
        #expect(Inbox.entries(for: "omar", useCases: [uc], policy: Fx.policy, now: Fx.now).isEmpty)
        let e = Inbox.entries(for: "omar", useCases: [uc], policy: anyHolderPolicy(distinct: true), now: Fx.now)
        #expect(e.map(\.need) == [.approve])
    }

    @Test func personHoldingTwoRoles() {
        let uc = checkpoint()
        // Not distinct: one approval by Omar fills both rules.
        let both = Inbox.entries(for: "omar", useCases: [uc], policy: anyHolderPolicy(distinct: false), now: Fx.now)
        #expect(both.map(\.message) == ["checkpoint approval as risk reviewer and change approver, waiting 6 days"])
        // Distinct, with Priya's risk approval in: Omar is needed as change approver.
        var withPriya = uc
        withPriya.approvals = [Fx.approval("priya", "risk_reviewer", on: uc)]
        let one = Inbox.entries(for: "omar", useCases: [withPriya], policy: anyHolderPolicy(distinct: true), now: Fx.now)
        #expect(one.map(\.role) == ["change_approver"])
        // Distinct, Omar's approval already counted as change approver: Priya is needed as risk reviewer.
        var withOmar = uc
        withOmar.approvals = [Fx.approval("omar", "risk_reviewer", on: uc)]
        #expect(Inbox.entries(for: "priya", useCases: [withOmar], policy: anyHolderPolicy(distinct: true), now: Fx.now).map(\.role)
                == ["risk_reviewer"])
        // Chen (change approver only) completes it too: Omar then counts as risk reviewer.
        #expect(Inbox.entries(for: "chen", useCases: [withOmar], policy: anyHolderPolicy(distinct: true), now: Fx.now).map(\.role)
                == ["change_approver"])
        // Once Omar and Priya both approved, Chen adds nothing.
        withOmar.approvals.append(Fx.approval("priya", "risk_reviewer", on: uc))
        #expect(Inbox.entries(for: "chen", useCases: [withOmar], policy: anyHolderPolicy(distinct: true), now: Fx.now).isEmpty)
    }

    @Test func voidApprovalNeedsRenewing() {
        var uc = checkpoint()
        uc.approvals = [Fx.approval("priya", "risk_reviewer", on: uc, daysAgo: 4)]
        uc.artifacts["prompt"] = "prompts/kyc@v9"
        let e = Inbox.entries(for: "priya", useCases: [uc], policy: Fx.policy, now: Fx.now)
        #expect(e.map(\.need) == [.renew])
        #expect(e[0].message == "renew checkpoint approval as risk reviewer (prompt changed after approval), waiting 4 days")
        #expect(!e[0].alsoNeeds.contains { $0.hasPrefix("approval by Priya Raman") })
        #expect(e[0].alsoNeeds.contains("approval by Alex Morgan void: prompt changed after approval") == false)
    }

    @Test func separationOfDutiesAndExclusionsMakeSomeoneIneligible() {
        var uc = checkpoint()
        // Omar holds risk_reviewer, but he is this use case's business owner (paired with risk reviewer).
        uc.owners["business_owner"] = "omar"
        let p = anyHolderPolicy(distinct: true)
        #expect(Inbox.entries(for: "omar", useCases: [uc], policy: p, now: Fx.now).filter { $0.need == .approve }.map(\.role)
                == ["change_approver"])
        var standard = checkpoint()
        standard.owners["risk_reviewer"] = "omar"
        standard.owners["business_owner"] = "omar"
        #expect(!Inbox.entries(for: "omar", useCases: [standard], policy: Fx.policy, now: Fx.now).contains { $0.need == .approve })
        // Excluded role: the technical owner may not approve.
        var tech = checkpoint()
        tech.owners["technical_owner"] = "omar"
        #expect(Inbox.entries(for: "omar", useCases: [tech], policy: anyHolderPolicy(distinct: true, excluded: ["technical_owner"]),
                              now: Fx.now).isEmpty)
        // The submitter is not asked to approve their own work.
        var submitted = checkpoint()
        submitted.submittedBy = "priya"
        #expect(!Inbox.entries(for: "priya", useCases: [submitted], policy: Fx.policy, now: Fx.now).contains { $0.need == .approve })
    }

    @Test func haltedUseCaseAsksNoApprovalsButTellsItsOwners() {
        var uc = checkpoint()
        uc.halted = Halt(by: "kim", at: Fx.daysAgo(2), reason: "bad scans")
        #expect(Inbox.entries(for: "priya", useCases: [uc], policy: Fx.policy, now: Fx.now).map(\.need) == [.halted])
        #expect(Inbox.entries(for: "alex", useCases: [uc], policy: Fx.policy, now: Fx.now)[0].message
                == "halted by Kim Park: bad scans, waiting 2 days")
    }

    @Test func controlBlockersFallToTheirRole() {
        var uc = Fx.ready(stage: "implementation")
        uc.stageEnteredAt = Fx.daysAgo(3)
        uc.controls["eval-report"] = nil
        uc.controls["monitoring-plan"] = nil
        let sam = Inbox.entries(for: "sam", useCases: [uc], policy: Fx.policy, now: Fx.now)
        #expect(sam.map(\.message) == ["evidence for eval-report as technical owner (Evaluation report), waiting 3 days"])
        #expect(sam[0].alsoNeeds == ["no evidence for monitoring-plan (Monitoring plan)"])
        let kim = Inbox.entries(for: "kim", useCases: [uc], policy: Fx.policy, now: Fx.now)
        #expect(kim.map(\.control) == ["monitoring-plan"])
        // Nobody named for the control's role: it falls to the stage's owner.
        uc.owners["ops_owner"] = nil
        let sam2 = Inbox.entries(for: "sam", useCases: [uc], policy: Fx.policy, now: Fx.now)
        #expect(Set(sam2.map(\.need)) == [.evidence, .owner])
        #expect(sam2.contains { $0.need == .owner && $0.role == "ops_owner"
            && $0.message == "name an operations owner for implementation, waiting 3 days" })
    }

    @Test func attestationFallsToTheNamedRiskReviewer() {
        var uc = Fx.ready(stage: "checkpoint", tier: "high")
        uc.controls["human-oversight"] = nil
        let e = Inbox.entries(for: "priya", useCases: [uc], policy: Fx.policy, now: Fx.now)
        #expect(e.map(\.need) == [.approve, .attest])
    }

    @Test func missingStageOwnerFallsToTheSubmitter() {
        let uc = Fx.useCase(owners: ["technical_owner": "sam"], problem: "p", metric: "m", submittedBy: "zoe")
        let e = Inbox.entries(for: "zoe", useCases: [uc], policy: Fx.policy, now: Fx.now)
        #expect(e.map(\.need) == [.owner])
        #expect(e[0].role == "business_owner")
    }

    @Test func fieldsAndRejectionsFallToTheStageOwner() {
        var uc = Fx.useCase(owners: ["business_owner": "alex", "technical_owner": "sam"], problem: "", metric: "m")
        #expect(Inbox.entries(for: "alex", useCases: [uc], policy: Fx.policy, now: Fx.now).map(\.message)
                == ["fill in the problem statement, waiting 2 days"])
        uc = checkpoint()
        uc.rejections = [Rejection(person: "alex", role: "business_owner", at: Fx.daysAgo(1), comment: "scope creep", digest: uc.materialDigest)]
        // Sam submitted the work into checkpoint: the rework is his.
        let rework = Inbox.entries(for: "sam", useCases: [uc], policy: Fx.policy, now: Fx.now).first { $0.need == .rework }
        #expect(rework?.message == "rework: rejected by Alex Morgan (business_owner) on 2026-11-25: scope creep, waiting 1 day")
        #expect(!Inbox.entries(for: "priya", useCases: [uc], policy: Fx.policy, now: Fx.now).contains { $0.need == .rework })
        // Never to the rejecter, even when they submitted it.
        uc.submittedBy = "alex"
        #expect(!Inbox.entries(for: "alex", useCases: [uc], policy: Fx.policy, now: Fx.now).contains { $0.need == .rework })
        #expect(Inbox.entries(for: "sam", useCases: [uc], policy: Fx.policy, now: Fx.now).contains { $0.need == .rework })
    }

    @Test func escalationsWaiversReviewsAndStalls() {
        var uc = Fx.ready(stage: "production")
        uc.stageEnteredAt = Fx.date("2026-08-01T00:00:00Z")
        uc.escalations = [Escalation(to: "zoe", by: "alex", at: Fx.daysAgo(2), reason: "needs a decision on budget")]
        uc.controls["exception-runbook"] = nil
        uc.waivers = [Waiver(control: "exception-runbook", by: "omar", reason: "r", at: Fx.daysAgo(20), until: Fx.day("2026-11-30"))]
        #expect(Inbox.entries(for: "zoe", useCases: [uc], policy: Fx.policy, now: Fx.now).map(\.message)
                == ["escalated by Alex Morgan: needs a decision on budget, waiting 2 days"])
        #expect(Inbox.entries(for: "omar", useCases: [uc], policy: Fx.policy, now: Fx.now).map(\.message)
                == ["waiver you granted for exception-runbook expires 2026-11-30 (in 4 days)"])
        let kim = Inbox.entries(for: "kim", useCases: [uc], policy: Fx.policy, now: Fx.now)
        #expect(kim.map(\.message) == ["production review was due 2026-10-30, 27 days overdue"])
        // Due within the week counts too.
        uc.stageEnteredAt = Fx.daysAgo(85)
        #expect(Inbox.entries(for: "kim", useCases: [uc], policy: Fx.policy, now: Fx.now).map(\.need) == [.review])
        uc.stageEnteredAt = Fx.daysAgo(60)
        #expect(Inbox.entries(for: "kim", useCases: [uc], policy: Fx.policy, now: Fx.now).isEmpty)

        var stalled = Fx.ready(stage: "implementation")
        stalled.stageEnteredAt = Fx.daysAgo(50)
        #expect(Inbox.entries(for: "chen", useCases: [stalled], policy: Fx.policy, now: Fx.now).map(\.message)
                == ["stalled in Implementation: 50 days, SLA 45, waiting 50 days"])
    }

    @Test func orderedByUrgencyThenOldestFirst() {
        var a = checkpoint(daysAgo: 2)
        a.id = "UC-0001"
        var b = checkpoint(daysAgo: 9)
        b.id = "UC-0002"
        var c = Fx.ready(stage: "production")
        c.id = "UC-0003"
        c.escalations = [Escalation(to: "priya", by: "alex", at: Fx.daysAgo(1), reason: "help")]
        let e = Inbox.entries(for: "priya", useCases: [a, b, c], policy: Fx.policy, now: Fx.now)
        #expect(e.map(\.id) == ["UC-0003", "UC-0002", "UC-0001", "UC-0002"])
        #expect(e.map(\.need) == [.escalation, .approve, .approve, .stalled])
    }

    @Test func allPeopleGrouped() {
        let uc = checkpoint()
        let all = Inbox.all(useCases: [uc], policy: Fx.policy, now: Fx.now)
        #expect(all.map(\.person) == ["alex", "priya"])
        #expect(all.allSatisfy { $0.entries.count == 1 })
    }

    @Test func allAgreesWithEachPersonsInbox() {
        var a = checkpoint(daysAgo: 9)
        a.approvals = [Fx.approval("priya", "risk_reviewer", on: a, daysAgo: 4)]
        a.artifacts["prompt"] = "v9"
        var b = Fx.ready(stage: "production")
        b.id = "UC-0002"
        b.stageEnteredAt = Fx.date("2026-08-01T00:00:00Z")
        b.halted = Halt(by: "kim", at: Fx.daysAgo(3), reason: "r")
        b.escalations = [Escalation(to: "zoe", by: "alex", at: Fx.daysAgo(1), reason: "r")]
        var c = Fx.useCase(owners: ["technical_owner": "dana"], problem: "", metric: "", submittedBy: "zoe")
        c.id = "UC-0003"
        let d = { var uc = Fx.ready(stage: "implementation"); uc.id = "UC-0004"; uc.controls["eval-report"] = nil
                  uc.waivers = [Waiver(control: "eval-report", by: "omar", reason: "r", at: Fx.daysAgo(3), until: Fx.day("2026-11-28"))]
                  return uc }()
        for policy in [Fx.policy, anyHolderPolicy(distinct: true)] {
            let ucs = [a, b, c, d]
            let all = Inbox.all(useCases: ucs, policy: policy, now: Fx.now)
            let each = policy.people.map { PersonInbox(person: $0.id, entries: Inbox.entries(for: $0.id, useCases: ucs, policy: policy, now: Fx.now)) }
                .filter { !$0.entries.isEmpty }
            #expect(Set(all.map(\.person)) == Set(each.map(\.person)))
            for box in each { #expect(all.first { $0.person == box.person }?.entries == box.entries) }
            #expect(all.count >= 6)
        }
    }

    @Test func retiredAsksNothing() {
        var uc = Fx.useCase(stage: "retired", owners: Fx.fullOwners)
        uc.escalations = [Escalation(to: "zoe", by: "alex", at: Fx.daysAgo(2), reason: "r")]
        #expect(Inbox.all(useCases: [uc], policy: Fx.policy, now: Fx.now).isEmpty)
    }
}
