import Foundation
import Testing
@testable import GateboardCore

/// Decides an action and, when allowed, applies the event the way the store will.
func perform(_ action: Action, on uc: UseCase, as actor: PersonID, policy: Policy = Fx.policy,
             at now: Date = Fx.now) throws -> UseCase {
    let (verb, details) = try ActionDecider.decide(action, on: uc, actor: actor, policy: policy, now: now)
    let e = AuditEvent(seq: uc.audit.seq + 1, id: "e\(uc.audit.seq + 1)", at: now, actor: actor, osUser: "t",
                       action: verb, useCase: uc.id, details: details)
    var next = try uc.applying(e)
    next.audit.seq += 1
    return next
}

func refusal(_ action: Action, on uc: UseCase?, as actor: PersonID, policy: Policy = Fx.policy,
             at now: Date = Fx.now) -> Refusal? {
    do {
        _ = try ActionDecider.decide(action, on: uc, actor: actor, policy: policy, now: now)
        return nil
    } catch {
        return error
    }
}

@Suite struct RefusalTableTests {
    struct Case: CustomStringConvertible {
        var name: String
        var action: Action
        var uc: UseCase?
        var actor: PersonID
        var code: Refusal.Code
        var message: String? = nil
        var description: String { name }
    }

    static var cases: [Case] {
        let scoped = Fx.useCase(owners: ["business_owner": "alex", "technical_owner": "sam"])
        let checkpoint: UseCase = {
            var uc = Fx.ready(stage: "checkpoint")
            uc.owners["business_owner"] = "dana"
            return uc
        }()
        let approved: UseCase = {
            var uc = Fx.ready(stage: "checkpoint")
            uc.approvals = [Fx.approval("priya", "risk_reviewer", on: uc)]
            return uc
        }()
        let halted: UseCase = {
            var uc = Fx.ready(stage: "checkpoint")
            uc.halted = Halt(by: "kim", at: Fx.daysAgo(1), reason: "bad outputs")
            return uc
        }()
        let production = Fx.ready(stage: "production")
        let parked: UseCase = {
            var uc = scoped
            uc.parked = Park(by: "alex", at: Fx.daysAgo(1), reason: "budget", review: Fx.day("2026-12-20"))
            return uc
        }()
        let missingEval: UseCase = {
            var uc = Fx.ready(stage: "implementation", tier: "high")
            uc.controls["eval-report"] = nil
            return uc
        }()
        let retired = Fx.useCase(stage: "retired", owners: Fx.fullOwners)
        return [
            Case(name: "unknown actor", action: .comment(text: "hi"), uc: scoped, actor: "mallory", code: .unknownPerson),
            Case(name: "unknown role", action: .assign(role: "ceo", person: "alex"), uc: scoped, actor: "alex", code: .unknownRole),
            Case(name: "unknown person assigned", action: .assign(role: "ops_owner", person: "nobody"), uc: scoped, actor: "alex",
                 code: .unknownPerson),
            Case(name: "unknown control", action: .evidence(control: "nope", ref: "x", note: nil), uc: scoped, actor: "sam",
                 code: .unknownControl),
            Case(name: "unknown stage", action: .returnTo(stage: "limbo", comment: "c"), uc: checkpoint, actor: "sam",
                 code: .unknownStage),
            Case(name: "unknown tier on create", action: .create(title: "T", tier: "extreme", problem: "", metric: ""), uc: nil,
                 actor: "alex", code: .unknownTier),
            Case(name: "unknown tier on edit", action: .edit(title: nil, problem: nil, metric: nil, tier: "extreme", artifacts: [:]),
                 uc: scoped, actor: "alex", code: .unknownTier),
            Case(name: "role not allowed", action: .assign(role: "risk_reviewer", person: "sam"), uc: scoped, actor: "alex",
                 code: .notAllowedRole, message: "Sam Lee may not hold the role risk reviewer (their roles: technical owner)"),
            Case(name: "separation of duties", action: .assign(role: "technical_owner", person: "dana"), uc: {
                var uc = scoped; uc.owners["technical_owner"] = nil; uc.owners["risk_reviewer"] = "priya"; uc.owners["business_owner"] = "alex"
                var p = uc; p.owners["change_approver"] = "dana"; return p }(), actor: "alex", code: .separationOfDuties,
                 message: "Dana Okafor cannot be the technical owner of UC-0007: they are its change approver, and one person may not hold both (separation of duties)"),
            Case(name: "non-contributor assigns", action: .assign(role: "ops_owner", person: "kim"), uc: scoped, actor: "zoe",
                 code: .notAllowedRole),
            Case(name: "excluded approver", action: .approve(comment: nil), uc: {
                var uc = checkpoint; uc.owners["technical_owner"] = "dana"; return uc }(), actor: "dana", code: .selfApproval),
            Case(name: "submitter approves", action: .approve(comment: nil), uc: {
                var uc = checkpoint; uc.submittedBy = "dana"; return uc }(), actor: "dana", code: .selfApproval,
                 message: "Dana Okafor cannot approve UC-0007: they moved it into Checkpoint review, and the gate forbids approving your own work"),
            Case(name: "approver without the role", action: .approve(comment: nil), uc: checkpoint, actor: "kim", code: .notAllowedRole,
                 message: "Kim Park cannot approve UC-0007: the gate for leaving Checkpoint review needs risk reviewer (Priya Raman) and business owner (Dana Okafor)"),
            Case(name: "other risk reviewer when one is named", action: .approve(comment: nil), uc: checkpoint, actor: "omar",
                 code: .notAllowedRole),
            Case(name: "approver in a separated role", action: .approve(comment: nil), uc: {
                var uc = checkpoint; uc.owners["risk_reviewer"] = "omar"; uc.owners["business_owner"] = "omar"; return uc }(),
                 actor: "omar", code: .separationOfDuties,
                 message: "Omar Haddad cannot approve UC-0007: they are its business owner (separation of duties)"),
            Case(name: "double approval", action: .approve(comment: nil), uc: approved, actor: "priya", code: .alreadyApproved),
            Case(name: "approve halted", action: .approve(comment: nil), uc: halted, actor: "priya", code: .halted),
            Case(name: "approve in production", action: .approve(comment: nil), uc: production, actor: "priya", code: .invalidTarget),
            Case(name: "approve a gate without approvals", action: .approve(comment: nil), uc: scoped, actor: "priya", code: .invalidTarget),
            Case(name: "reject without comment", action: .reject(comment: "  "), uc: checkpoint, actor: "priya", code: .invalidInput),
            Case(name: "reject without the role", action: .reject(comment: "no"), uc: checkpoint, actor: "kim", code: .notAllowedRole),
            Case(name: "withdraw nothing", action: .withdraw(comment: nil), uc: checkpoint, actor: "priya", code: .nothingToDo),
            Case(name: "advance blocked", action: .advance(comment: nil), uc: checkpoint, actor: "sam", code: .gateBlocked),
            Case(name: "advance halted", action: .advance(comment: nil), uc: halted, actor: "sam", code: .gateBlocked),
            Case(name: "advance parked", action: .advance(comment: nil), uc: parked, actor: "alex", code: .gateBlocked),
            Case(name: "advance from production", action: .advance(comment: nil), uc: production, actor: "kim", code: .invalidTarget),
            Case(name: "advance by outsider", action: .advance(comment: nil), uc: checkpoint, actor: "zoe", code: .notAllowedRole),
            Case(name: "return forward", action: .returnTo(stage: "release", comment: "c"), uc: checkpoint, actor: "sam",
                 code: .invalidTarget),
            Case(name: "return to same stage", action: .returnTo(stage: "checkpoint", comment: "c"), uc: checkpoint, actor: "sam",
                 code: .invalidTarget),
            Case(name: "return to retired", action: .returnTo(stage: "retired", comment: "c"), uc: checkpoint, actor: "sam",
                 code: .invalidTarget),
            Case(name: "return without comment", action: .returnTo(stage: "scoped", comment: ""), uc: checkpoint, actor: "sam",
                 code: .invalidInput),
            Case(name: "waive without waiver role", action: .waive(control: "eval-report", reason: "r", until: Fx.day("2026-12-10")),
                 uc: missingEval, actor: "chen", code: .notAllowedRole, message: "Chen Wu cannot grant waivers: only a risk reviewer can"),
            Case(name: "waive unwaivable control", action: .waive(control: "ops-owner-named", reason: "r", until: Fx.day("2026-12-10")),
                 uc: missingEval, actor: "omar", code: .notWaivable),
            Case(name: "waive never-waive control", action: .waive(control: "risk-review", reason: "r", until: Fx.day("2026-12-10")),
                 uc: missingEval, actor: "omar", code: .notWaivable),
            Case(name: "waive too long", action: .waive(control: "eval-report", reason: "r", until: Fx.day("2026-12-27")),
                 uc: missingEval, actor: "omar", code: .waiverTooLong,
                 message: "a waiver for a high-tier use case runs at most 30 days: until 2026-12-26 at the latest"),
            Case(name: "waive in the past", action: .waive(control: "eval-report", reason: "r", until: Fx.day("2026-11-25")),
                 uc: missingEval, actor: "omar", code: .waiverInPast),
            Case(name: "self-granted waiver", action: .waive(control: "eval-report", reason: "r", until: Fx.day("2026-12-10")),
                 uc: missingEval, actor: "priya", code: .selfWaiver),
            Case(name: "waiver by submitter", action: .waive(control: "eval-report", reason: "r", until: Fx.day("2026-12-10")),
                 uc: { var uc = missingEval; uc.submittedBy = "omar"; return uc }(), actor: "omar", code: .selfWaiver),
            Case(name: "waive without reason", action: .waive(control: "eval-report", reason: " ", until: Fx.day("2026-12-10")),
                 uc: missingEval, actor: "omar", code: .invalidInput),
            Case(name: "waive a satisfied control", action: .waive(control: "rollback-plan", reason: "r", until: Fx.day("2026-12-10")),
                 uc: missingEval, actor: "omar", code: .nothingToDo),
            Case(name: "halt without authority", action: .halt(reason: "r"), uc: production, actor: "sam", code: .noStopShipAuthority,
                 message: "Sam Lee cannot halt UC-0007: only Kim Park, its stop-ship authority, or a stop-ship authority can"),
            Case(name: "halt halted", action: .halt(reason: "r"), uc: halted, actor: "kim", code: .halted),
            Case(name: "resume without authority", action: .resume(reason: "fixed"), uc: halted, actor: "priya", code: .noStopShipAuthority),
            Case(name: "resume running", action: .resume(reason: "r"), uc: production, actor: "kim", code: .notHalted),
            Case(name: "change before production", action: .change(kind: .model, summary: "s"), uc: checkpoint, actor: "sam",
                 code: .notInProduction),
            Case(name: "review before production", action: .review(comment: nil), uc: checkpoint, actor: "sam", code: .notInProduction),
            Case(name: "park in the past", action: .park(reason: "r", review: Fx.day("2026-11-26")), uc: scoped, actor: "alex",
                 code: .invalidInput),
            Case(name: "park parked", action: .park(reason: "r", review: Fx.day("2026-12-30")), uc: parked, actor: "alex", code: .parked),
            Case(name: "unpark running", action: .unpark(reason: nil), uc: scoped, actor: "alex", code: .notParked),
            Case(name: "retire without reason", action: .retire(reason: ""), uc: scoped, actor: "alex", code: .invalidInput),
            Case(name: "empty comment", action: .comment(text: " \n"), uc: scoped, actor: "zoe", code: .invalidInput),
            Case(name: "escalate to unknown", action: .escalate(to: "ghost", reason: "r"), uc: scoped, actor: "zoe", code: .unknownPerson),
            Case(name: "escalate to self", action: .escalate(to: "zoe", reason: "r"), uc: scoped, actor: "zoe", code: .invalidInput),
            Case(name: "edit nothing", action: .edit(title: "KYC document verification", problem: nil, metric: nil, tier: nil, artifacts: [:]),
                 uc: scoped, actor: "alex", code: .nothingToDo),
            Case(name: "edit blank title", action: .edit(title: " ", problem: nil, metric: nil, tier: nil, artifacts: [:]),
                 uc: scoped, actor: "alex", code: .invalidInput),
            Case(name: "edit artifact named tier", action: .edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: ["tier": "x"]),
                 uc: scoped, actor: "alex", code: .invalidInput),
            Case(name: "attest by the wrong person", action: .attest(control: "human-oversight", note: nil), uc: checkpoint, actor: "omar",
                 code: .notAllowedRole),
            Case(name: "attest an evidence control", action: .attest(control: "eval-report", note: nil), uc: checkpoint, actor: "sam",
                 code: .invalidInput),
            Case(name: "evidence for an owner control", action: .evidence(control: "ops-owner-named", ref: "x", note: nil), uc: checkpoint,
                 actor: "sam", code: .invalidInput),
            Case(name: "evidence without a ref", action: .evidence(control: "eval-report", ref: "", note: nil), uc: checkpoint,
                 actor: "sam", code: .invalidInput),
            Case(name: "retired refuses approve", action: .approve(comment: nil), uc: retired, actor: "priya", code: .retired),
            Case(name: "retired refuses edit", action: .edit(title: "x", problem: nil, metric: nil, tier: nil, artifacts: [:]),
                 uc: retired, actor: "alex", code: .retired),
            Case(name: "retired refuses retire", action: .retire(reason: "again"), uc: retired, actor: "alex", code: .retired),
            Case(name: "create without title", action: .create(title: "", tier: "low", problem: "", metric: ""), uc: nil, actor: "alex",
                 code: .invalidInput),
        ]
    }

    @Test(arguments: cases)
    func refused(_ c: Case) {
        let r = refusal(c.action, on: c.uc, as: c.actor)
        #expect(r?.code == c.code, "\(c.name): \(r?.message ?? "allowed")")
        if let m = c.message { #expect(r?.message == m) }
        #expect(r?.message.isEmpty == false)
    }

    @Test func gateBlockedCarriesEveryBlocker() {
        let uc = Fx.useCase()
        let r = refusal(.advance(comment: nil), on: uc, as: "sam")
        #expect(r?.blockers == GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now).blockers)
        #expect(r?.blockers.count == 4)
        #expect(r?.message.hasPrefix("UC-0007 cannot move to Specification: 4 blockers: no business owner named;") == true)
    }

    @Test func retiredStillTakesComments() throws {
        let uc = Fx.useCase(stage: "retired")
        let (verb, d) = try ActionDecider.decide(.comment(text: "lessons learned"), on: uc, actor: "zoe", policy: Fx.policy, now: Fx.now)
        #expect(verb == .comment)
        #expect(d.comment == "lessons learned")
    }
}

@Suite struct DecisionTests {
    @Test func createCarriesEverythingReplayNeeds() throws {
        let (verb, d) = try ActionDecider.decide(.create(title: "Fraud alert summaries", tier: "high", problem: "p", metric: "m"),
                                                 on: nil, actor: "alex", policy: Fx.policy, now: Fx.now)
        #expect(verb == .create)
        #expect(d == EventDetails(title: "Fraud alert summaries", problem: "p", metric: "m", tier: "high", stage: "scoped"))
        let e = AuditEvent(seq: 1, id: "a", at: Fx.now, actor: "alex", osUser: "t", action: verb, useCase: "UC-0001", details: d)
        let uc = try UseCase.replay([e])
        #expect(uc.stage == "scoped")
        #expect(uc.tier == "high")
        #expect(uc.submittedBy == "alex")
    }

    @Test func approveCarriesDigestAndBasisAndTheRoleItCountsFor() throws {
        let uc = Fx.ready(stage: "checkpoint")
        let (verb, d) = try ActionDecider.decide(.approve(comment: "looks right"), on: uc, actor: "alex", policy: Fx.policy, now: Fx.now)
        #expect(verb == .approve)
        #expect(d.role == "business_owner")
        #expect(d.digest == uc.materialDigest)
        #expect(d.basis == uc.materialBasis)
        #expect(d.comment == "looks right")
    }

    @Test func approvalRoleFollowsTheAssignment() throws {
        // Omar holds both roles, Priya only risk: after Priya approves, Omar counts as change approver.
        var p = Fx.policy
        let i = p.gates.firstIndex { $0.from == "checkpoint" }!
        p.gates[i] = Gate(from: "checkpoint", base: GateRequirements(
            approvals: [ApprovalRule(role: "risk_reviewer", anyHolder: true), ApprovalRule(role: "change_approver", anyHolder: true)],
            distinctApprovers: true))
        var uc = Fx.ready(stage: "checkpoint")
        uc = try perform(.approve(comment: nil), on: uc, as: "priya", policy: p)
        let (_, d) = try ActionDecider.decide(.approve(comment: nil), on: uc, actor: "omar", policy: p, now: Fx.now)
        #expect(d.role == "change_approver")
    }

    @Test func voidApprovalCanBeRenewed() throws {
        var uc = Fx.ready(stage: "checkpoint")
        uc = try perform(.approve(comment: nil), on: uc, as: "priya")
        #expect(refusal(.approve(comment: nil), on: uc, as: "priya")?.code == .alreadyApproved)
        uc = try perform(.edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: ["prompt": "prompts/kyc@v4"]), on: uc, as: "sam")
        uc = try perform(.approve(comment: "re-checked v4"), on: uc, as: "priya")
        #expect(uc.approvals.count == 2)
        uc = try perform(.approve(comment: nil), on: uc, as: "alex")
        #expect(GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now).passed)
    }

    @Test func editSaysWhichApprovalsItVoids() throws {
        var uc = Fx.ready(stage: "checkpoint")
        uc = try perform(.approve(comment: nil), on: uc, as: "priya")
        uc = try perform(.approve(comment: nil), on: uc, as: "alex")
        let (verb, d) = try ActionDecider.decide(.edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: ["prompt": "v5"]),
                                                 on: uc, actor: "sam", policy: Fx.policy, now: Fx.now)
        #expect(verb == .edit)
        #expect(d.artifacts == ["prompt": "v5"])
        let voided = ActionDecider.voidedBy(edit: d, on: uc, actor: "sam", policy: Fx.policy, now: Fx.now)
        #expect(voided.map(\.approval.person) == ["priya", "alex"])
        #expect(voided.map(\.reason) == ["prompt changed after approval", "prompt changed after approval"])
        let notes = ActionDecider.consequences(of: verb, details: d, on: uc, actor: "sam", policy: Fx.policy, now: Fx.now)
        #expect(notes == ["approval by Priya Raman void: prompt changed after approval",
                          "approval by Alex Morgan void: prompt changed after approval"])
        // A title edit voids nothing.
        let (_, d2) = try ActionDecider.decide(.edit(title: "New title", problem: nil, metric: nil, tier: nil, artifacts: [:]),
                                               on: uc, actor: "sam", policy: Fx.policy, now: Fx.now)
        #expect(ActionDecider.voidedBy(edit: d2, on: uc, actor: "sam", policy: Fx.policy, now: Fx.now).isEmpty)
    }

    @Test func consequencesOfMovesAndRejectionClearing() throws {
        var uc = Fx.ready(stage: "production")
        let (verb, d) = try ActionDecider.decide(.change(kind: .prompt, summary: "tone"), on: uc, actor: "kim", policy: Fx.policy, now: Fx.now)
        #expect(ActionDecider.consequences(of: verb, details: d, on: uc, actor: "kim", policy: Fx.policy, now: Fx.now)
                == ["sent back to Governed release for review"])
        uc = Fx.ready(stage: "checkpoint")
        uc = try perform(.approve(comment: nil), on: uc, as: "alex")
        uc = try perform(.reject(comment: "no fallback"), on: uc, as: "priya")
        let (ev, ed) = try ActionDecider.decide(.edit(title: nil, problem: nil, metric: nil, tier: "high", artifacts: [:]),
                                                on: uc, actor: "sam", policy: Fx.policy, now: Fx.now)
        #expect(ActionDecider.consequences(of: ev, details: ed, on: uc, actor: "sam", policy: Fx.policy, now: Fx.now)
                == ["approval by Alex Morgan void: risk tier changed after approval", "rejection by Priya Raman cleared: the work changed"])
    }

    @Test func editRecordsOnlyWhatChanges() throws {
        let uc = Fx.ready(stage: "implementation")
        let (_, d) = try ActionDecider.decide(.edit(title: uc.title, problem: "new", metric: nil, tier: "high",
                                                    artifacts: ["model": uc.artifacts["model"]!, "spec": "docs/spec.md", "gone": ""]),
                                              on: uc, actor: "sam", policy: Fx.policy, now: Fx.now)
        #expect(d == EventDetails(problem: "new", tier: "high", artifacts: ["spec": "docs/spec.md"]))
    }

    @Test func rejectionThenWithdrawAndApprovalReplacesRejection() throws {
        var uc = Fx.ready(stage: "checkpoint")
        uc = try perform(.approve(comment: nil), on: uc, as: "alex")
        uc = try perform(.reject(comment: "no fallback for low-confidence scans"), on: uc, as: "priya")
        #expect(GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now).blockers.contains { $0.kind == .rejection })
        #expect(refusal(.withdraw(comment: nil), on: uc, as: "alex")?.code == .nothingToDo)
        let withdrawn = try perform(.withdraw(comment: "discussed"), on: uc, as: "priya")
        #expect(withdrawn.rejections.isEmpty)
        uc = try perform(.approve(comment: "fallback added"), on: uc, as: "priya")
        #expect(uc.rejections.isEmpty)
        #expect(GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now).passed)
        // Rejecting after approving withdraws the approval.
        uc = try perform(.reject(comment: "changed my mind"), on: uc, as: "alex")
        #expect(!uc.approvals.contains { $0.person == "alex" })
    }

    @Test func anAnswerForAGateAlreadyLeftDoesNotCountOnTheNextOne() throws {
        // Two merged histories: one side advanced, the other approved the old gate meanwhile.
        var uc = Fx.ready(stage: "specification")
        let (verb, d) = try ActionDecider.decide(.approve(comment: nil), on: uc, actor: "priya", policy: Fx.policy, now: Fx.now)
        #expect(d.stage == "specification")
        uc.stage = "implementation"
        let e = AuditEvent(seq: 2, id: "x", at: Fx.now, actor: "priya", osUser: "t", action: verb, useCase: uc.id, details: d)
        #expect(try uc.applying(e).approvals.isEmpty)
        var r = d
        r.comment = "no"
        let rejection = AuditEvent(seq: 3, id: "y", at: Fx.now, actor: "priya", osUser: "t", action: .reject, useCase: uc.id, details: r)
        #expect(try uc.applying(rejection).rejections.isEmpty)
        // Events without a stage (older logs) still apply.
        var old = d
        old.stage = nil
        let legacy = AuditEvent(seq: 4, id: "z", at: Fx.now, actor: "priya", osUser: "t", action: .approve, useCase: uc.id, details: old)
        #expect(try uc.applying(legacy).approvals.count == 1)
    }

    @Test func volunteeringForAVacantRole() throws {
        let uc = Fx.useCase(owners: ["business_owner": "alex"])
        let (verb, d) = try ActionDecider.decide(.assign(role: "ops_owner", person: "kim"), on: uc, actor: "kim",
                                                 policy: Fx.policy, now: Fx.now)
        #expect(verb == .assign)
        #expect(d == EventDetails(role: "ops_owner", person: "kim"))
        var taken = uc
        taken.owners["ops_owner"] = "dana"
        #expect(refusal(.assign(role: "ops_owner", person: "kim"), on: taken, as: "kim")?.code == .notAllowedRole)
    }

    @Test func waiverWithinLimitsIsGranted() throws {
        var uc = Fx.ready(stage: "implementation", tier: "high")
        uc.controls["eval-report"] = nil
        let (verb, d) = try ActionDecider.decide(.waive(control: "eval-report", reason: "synthetic pilot", until: Fx.day("2026-12-26")),
                                                 on: uc, actor: "omar", policy: Fx.policy, now: Fx.now)
        #expect(verb == .waive)
        #expect(d == EventDetails(control: "eval-report", reason: "synthetic pilot", until: Fx.day("2026-12-26")))
    }

    @Test func changeRoutesByKind() throws {
        let uc = Fx.ready(stage: "production")
        let expected: [ChangeKind: StageID] = [.model: "checkpoint", .prompt: "release", .policy: "checkpoint", .data: "implementation"]
        for (kind, stage) in expected {
            let (verb, d) = try ActionDecider.decide(.change(kind: kind, summary: "s"), on: uc, actor: "kim", policy: Fx.policy, now: Fx.now)
            #expect(verb == .change)
            #expect(d.to == stage)
            #expect(d.from == "production")
            #expect(d.kind == kind)
        }
    }

    @Test func haltAndResumeByStopShip() throws {
        var uc = Fx.ready(stage: "production")
        uc.owners["stop_ship"] = nil
        uc = try perform(.halt(reason: "misrouted payments"), on: uc, as: "kim")
        #expect(uc.halted?.by == "kim")
        uc = try perform(.resume(reason: "fixed"), on: uc, as: "kim")
        #expect(uc.halted == nil)
    }

    /// The whole path: every decision replays into a state the next decision accepts.
    @Test func walkFromScopedToProductionAndBackThroughAChange() throws {
        let (_, cd) = try ActionDecider.decide(.create(title: "Payment reminders", tier: "medium", problem: "", metric: ""),
                                               on: nil, actor: "alex", policy: Fx.policy, now: Fx.now)
        var uc = try UseCase.created(by: AuditEvent(seq: 1, id: "e1", at: Fx.now, actor: "alex", osUser: "t", action: .create,
                                                    useCase: "UC-0001", details: cd))
        uc.audit.seq = 1
        let steps: [(Action, PersonID)] = [
            (.assign(role: "business_owner", person: "alex"), "alex"),
            (.assign(role: "technical_owner", person: "sam"), "alex"),
            (.edit(title: nil, problem: "Late tax filings cost fees", metric: "Late filings down 30% per quarter", tier: nil,
                   artifacts: ["prompt": "prompts/remind@v1"]), "alex"),
            (.advance(comment: nil), "alex"),
            (.assign(role: "risk_reviewer", person: "priya"), "sam"),
            (.evidence(control: "spec-reference", ref: "docs/spec.md", note: nil), "sam"),
            (.approve(comment: "risk reviewed"), "priya"),
            (.advance(comment: nil), "sam"),
            (.evidence(control: "eval-report", ref: "evals/r1.html", note: nil), "sam"),
            (.evidence(control: "rollback-plan", ref: "docs/rollback.md", note: nil), "sam"),
            (.assign(role: "ops_owner", person: "kim"), "sam"),
            (.evidence(control: "monitoring-plan", ref: "docs/monitoring.md", note: nil), "kim"),
            (.advance(comment: nil), "sam"),
            (.approve(comment: nil), "priya"),
            (.approve(comment: nil), "alex"),
            (.advance(comment: nil), "priya"),
            (.assign(role: "change_approver", person: "chen"), "alex"),
            (.assign(role: "stop_ship", person: "kim"), "kim"),
            (.evidence(control: "exception-runbook", ref: "docs/runbook.md", note: nil), "kim"),
            (.approve(comment: nil), "chen"),
            (.advance(comment: nil), "chen"),
            (.review(comment: "first review"), "kim"),
            (.change(kind: .model, summary: "new model version"), "kim"),
        ]
        for (action, actor) in steps {
            uc = try perform(action, on: uc, as: actor)
        }
        #expect(uc.stage == "checkpoint")
        #expect(uc.approvals.isEmpty)
        #expect(uc.submittedBy == "kim")
    }
}
