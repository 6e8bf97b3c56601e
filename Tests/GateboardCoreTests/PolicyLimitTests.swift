import Foundation
import Testing
@testable import GateboardCore

/// Issue 13: policy numbers that crashed the engine, dates that trapped, and action text
/// without a length limit.
@Suite struct PolicyLimitTests {
    // MARK: - Arithmetic that trapped

    /// A quorum of Int.max made `ApprovalCount.assign` allocate a slot per unit of quorum
    /// (SIGSEGV in `list`, `check`, `approve`). The parser now refuses it; the engine must
    /// still not allocate by the quorum.
    @Test func aHugeQuorumAllocatesNothing() {
        var policy = Fx.policy
        let i = policy.gates.firstIndex { $0.from == "checkpoint" }!
        policy.gates[i].base.approvals[0].quorum = Int.max
        policy.gates[i].base.distinctApprovers = true
        var uc = Fx.ready(stage: "checkpoint")
        uc.approvals = [Fx.approval("priya", "risk_reviewer", on: uc), Fx.approval("alex", "business_owner", on: uc)]
        let eval = GateEngine.evaluate(uc, policy: policy, now: Fx.now)
        #expect(!eval.passed)
        #expect(eval.blockers.contains { $0.message.contains("1 of \(Int.max)") })
    }

    /// `productionReviewDays` / `waivers.maxDays` of Int.max made Day arithmetic convert a
    /// Double past Int's range (SIGILL in `list`, `triage`, `show`, `inbox`, `waive`).
    @Test func dayArithmeticSaturatesInsteadOfTrapping() {
        let today = Fx.day("2026-11-26")
        #expect(today.adding(days: 30) == Fx.day("2026-12-26"))
        #expect(today.adding(days: -366) == Fx.day("2025-11-25"))
        let far = today.adding(days: Int.max)
        #expect(far > today && far.year > 9999)
        #expect(today.adding(days: Int.min) < today)
        #expect(Day(containing: Date(timeIntervalSince1970: 1e300)).year > 9999)
        #expect(Day(containing: Date(timeIntervalSince1970: -1e300)).year < 0)
        #expect(Timestamp.wholeDays(from: Date(timeIntervalSince1970: -1e300), to: Date(timeIntervalSince1970: 1e300)) > 0)
        #expect(Timestamp.wholeDays(from: Fx.now, to: Date(timeIntervalSince1970: .nan)) == 0)
    }

    /// Even a policy that never went through the parser (every day count Int.max) leaves the
    /// read and decision paths standing.
    @Test func extremeUnvalidatedDaysDoNotTrap() throws {
        var policy = Fx.policy
        for t in policy.tiers.map(\.id) {
            policy.productionReviewDays[t] = Int.max
            policy.waivers.maxDays[t] = Int.max
            for s in policy.stages.indices { policy.stages[s].sla[t] = Int.max }
        }
        for g in policy.gates.indices { policy.gates[g].base.approvalExpiryDays = Int.max }
        var live = Fx.ready(stage: "production")
        live.lastReviewAt = Fx.daysAgo(10)
        var checkpoint = Fx.ready(stage: "checkpoint")
        checkpoint.approvals = [Fx.approval("priya", "risk_reviewer", on: checkpoint)]
        let cases = [live, checkpoint, Fx.ready(stage: "release")]
        for uc in cases {
            _ = GateEngine.evaluate(uc, policy: policy, now: Fx.now)
            _ = GateEngine.pathToProduction(uc, policy: policy, now: Fx.now)
            _ = GateEngine.stableWindow(uc, policy: policy, now: Fx.now)
            _ = GateSummary(uc, policy: policy, policyDigest: 1, now: Fx.now)
        }
        _ = Triage.rank(cases, policy: policy, events: [], now: Fx.now)
        _ = Inbox.all(useCases: cases, policy: policy, now: Fx.now)
        _ = Standup.report(cases, policy: policy, events: [], since: Fx.daysAgo(7), now: Fx.now)
        _ = PortfolioReport.compute(cases, policy: policy, events: [], now: Fx.now)
        var waivable = Fx.ready(stage: "release")
        waivable.controls["exception-runbook"] = nil
        let (action, _) = try ActionDecider.decide(.waive(control: "exception-runbook", reason: "runbook in review",
                                                          until: Fx.day("2027-06-30")),
                                                   on: waivable, actor: "omar", policy: policy, now: Fx.now)
        #expect(action == .waive)
    }

    // MARK: - Field limits

    func refusal(_ action: Action, on uc: UseCase? = Fx.ready(stage: "implementation"), as actor: PersonID = "sam") -> Refusal? {
        do {
            _ = try ActionDecider.decide(action, on: uc, actor: actor, policy: Fx.policy, now: Fx.now)
            return nil
        } catch {
            return error
        }
    }

    @Test func everyTextFieldHasALimit() {
        let long = String(repeating: "A", count: FieldLimits.text + 1)
        let longTitle = String(repeating: "T", count: FieldLimits.title + 1)
        let longRef = "docs/" + String(repeating: "r", count: FieldLimits.reference)
        let until = Fx.day("2026-12-10")
        let cases: [(Action, String)] = [
            (.create(title: longTitle, tier: "low", problem: "", metric: ""), "title"),
            (.create(title: "ok", tier: "low", problem: long, metric: ""), "problem"),
            (.create(title: "ok", tier: "low", problem: "", metric: long), "metric"),
            (.edit(title: longTitle, problem: nil, metric: nil, tier: nil, artifacts: [:]), "title"),
            (.edit(title: nil, problem: long, metric: nil, tier: nil, artifacts: [:]), "problem"),
            (.edit(title: nil, problem: nil, metric: nil, tier: nil,
                   artifacts: [String(repeating: "n", count: FieldLimits.artifactName + 1): "x"]), "artifact name"),
            (.edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: ["prompt": longRef]), "reference of artifact prompt"),
            (.evidence(control: "eval-report", ref: longRef, note: nil), "evidence reference"),
            (.evidence(control: "eval-report", ref: "x", note: long), "note"),
            (.attest(control: "human-oversight", note: long), "note"),
            (.approve(comment: long), "comment"),
            (.reject(comment: long), "comment"),
            (.withdraw(comment: long), "comment"),
            (.advance(comment: long), "comment"),
            (.returnTo(stage: "scoped", comment: long), "comment"),
            (.comment(text: long), "comment"),
            (.review(comment: long), "comment"),
            (.waive(control: "rollback-plan", reason: long, until: until), "reason"),
            (.halt(reason: long), "reason"),
            (.resume(reason: long), "reason"),
            (.park(reason: long, review: until), "reason"),
            (.unpark(reason: long), "reason"),
            (.retire(reason: long), "reason"),
            (.escalate(to: "omar", reason: long), "reason"),
            (.change(kind: .prompt, summary: long), "summary"),
        ]
        for (action, field) in cases {
            let r = refusal(action, on: action.verb == "new" ? nil : Fx.ready(stage: "implementation"))
            #expect(r?.code == .invalidInput, "\(action.verb) \(field)")
            #expect(r?.message.hasPrefix("the \(field) is ") == true, "\(action.verb): \(r?.message ?? "accepted")")
            #expect(r?.message.contains("the limit is ") == true)
        }
        // At the limit, the text is accepted (the policy then judges the action as usual).
        let atLimit = String(repeating: "A", count: FieldLimits.text)
        #expect(refusal(.comment(text: atLimit)) == nil)
        #expect(refusal(.evidence(control: "eval-report", ref: "docs/eval.md", note: atLimit)) == nil)
        #expect(refusal(.create(title: String(repeating: "T", count: FieldLimits.title), tier: "low", problem: "", metric: ""), on: nil) == nil)
    }

    /// Characters, not bytes: 10,000 four-byte characters are within the limit.
    @Test func limitsCountCharacters() {
        #expect(refusal(.comment(text: String(repeating: "𝔸", count: FieldLimits.text))) == nil)
        let r = refusal(.comment(text: String(repeating: "𝔸", count: FieldLimits.text + 1)))
        #expect(r?.message == "the comment is 10,001 characters long; the limit is 10,000 characters — nothing was recorded")
        #expect(FieldLimits.grouped(130_000) == "130,000" && FieldLimits.grouped(999) == "999" && FieldLimits.grouped(1_048_576) == "1,048,576")
    }
}
