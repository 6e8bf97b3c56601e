import Foundation
import Testing
@testable import GateboardCore

/// Issue 19, risk screening: the rules' evaluation, the answers' checks, the tier shortfall
/// that blocks the gate and shows in triage, and the tier override that accepts it.
@Suite struct ScreeningTests {
    static let answersNone: ScreeningAnswers = [
        "annex_iii": "none", "personal_data": "no", "customer_facing": "no", "automated_decision": "no", "vendor_model": "no",
    ]
    static func answers(_ changes: [String: String]) -> ScreeningAnswers { answersNone.merging(changes) { _, new in new } }

    /// The refusal `body` throws, nil when it throws none.
    func refusal(_ body: () throws -> Void) -> Refusal? {
        do { try body(); return nil } catch let r as Refusal { return r } catch { return nil }
    }

    func proposal(_ a: ScreeningAnswers) -> ScreeningProposal {
        Policy.standardScreening.proposal(for: a, tiers: Fx.policy.tiers)
    }

    @Test func noRuleMatchesNoProposal() {
        let p = proposal(Self.answersNone)
        #expect(p.tier == nil)
        #expect(p.findings.isEmpty)
    }

    @Test func theHighestTierWinsAndEveryMatchingRuleIsAReason() {
        let p = proposal(Self.answers(["annex_iii": "credit", "personal_data": "yes", "vendor_model": "yes"]))
        #expect(p.tier == "high")
        #expect(p.findings.map(\.rule) == ["annex-iii", "personal-data", "vendor-model"])
        #expect(p.tierReasons == ["decides about people in an Annex III high-risk area (EU AI Act Art. 6)"])
        let medium = proposal(Self.answers(["customer_facing": "yes", "automated_decision": "yes"]))
        #expect(medium.tier == "medium")
        #expect(medium.tierReasons.count == 2)
    }

    @Test func aMultiConditionHoldsWhenTheAnswerIncludesAnyValue() throws {
        var s = Screening(questions: [ScreeningQuestion(id: "data", text: "Data?", kind: .multi, choices: [
            ScreeningChoice(id: "health", text: "Health"), ScreeningChoice(id: "biometric", text: "Biometric"),
            ScreeningChoice(id: "contact", text: "Contact"),
        ])])
        s.rules = [ScreeningRule(id: "special", when: [ScreeningCondition(question: "data", anyOf: ["health", "biometric"])],
                                 tier: "high", reason: "special category data")]
        #expect(s.proposal(for: ["data": "contact,biometric"], tiers: Fx.policy.tiers).tier == "high")
        #expect(s.proposal(for: ["data": "contact"], tiers: Fx.policy.tiers).tier == nil)
        #expect(s.proposal(for: ["data": ""], tiers: Fx.policy.tiers).tier == nil)
        // Recorded in the question's order, whatever order they were given in.
        #expect(try s.validate(["data": .list(["contact", "health"])]) == ["data": "health,contact"])
        #expect(try s.validate(["data": .text("contact, health")]) == ["data": "health,contact"])
    }

    @Test func answersOutsideTheQuestionsAreRefused() {
        let s = Policy.standardScreening
        var input = Self.answersNone.mapValues { ScreeningInput.text($0) }
        input["favourite_colour"] = .text("blue")
        #expect(refusal { _ = try s.validate(input) }?.message.contains("unknown screening question 'favourite_colour'") == true)

        input = Self.answersNone.mapValues { ScreeningInput.text($0) }
        input["annex_iii"] = .text("healthcare")
        let outside = refusal { _ = try s.validate(input) }
        #expect(outside?.code == .invalidInput)
        #expect(outside?.message == "screening answer to annex_iii: 'healthcare' is not one of none, credit, employment, essential_services")
        input["annex_iii"] = .list(["credit", "employment"])
        #expect(refusal { _ = try s.validate(input) }?.message.contains("one value expected") == true)
        input["annex_iii"] = .text("credit")
        input["personal_data"] = .text("maybe")
        #expect(refusal { _ = try s.validate(input) }?.message.contains("'maybe' is not one of yes, no") == true)
        input.removeValue(forKey: "personal_data")
        #expect(refusal { _ = try s.validate(input) }?.message.hasPrefix("screening answers missing for personal_data") == true)
    }

    @Test func theTierBelowTheProposalBlocksTheGateAndShowsInTriage() {
        var uc = Fx.useCase(tier: "low")
        uc.screening = Self.answers(["annex_iii": "employment"])
        #expect(Fx.policy.tierShortfall(uc) == TierShortfall(tier: "low", proposed: "high", override: nil))
        let blockers = GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now).blockers.filter { $0.kind == .screening }
        #expect(blockers.count == 1)
        #expect(blockers.first?.role == "risk_reviewer")
        let codes = Triage.reasons(for: uc, policy: Fx.policy, events: [], now: Fx.now).map(\.code)
        #expect(codes.contains(.tierBelowScreening))
        // At or above the proposal: nothing needed.
        uc.tier = "high"
        #expect(Fx.policy.tierShortfall(uc) == nil)
        #expect(!GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now).blockers.contains { $0.kind == .screening })
        #expect(!Triage.reasons(for: uc, policy: Fx.policy, events: [], now: Fx.now).map(\.code).contains(.tierBelowScreening))
    }

    @Test func rulesAddTheirControlsToTheNamedGate() {
        var uc = Fx.ready(stage: "implementation", tier: "medium")
        #expect(!Fx.messages(uc).contains { $0.contains("vendor") })
        uc.screening = Self.answers(["vendor_model": "yes"])
        let gate = GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now)
        #expect(gate.blockers.contains { $0.control == "vendor-assessment" })
        #expect(gate.items.contains { $0.control == "vendor-assessment" && $0.status == .missing })
        // Only at the named gate.
        var spec = uc
        spec.stage = "specification"
        #expect(!GateEngine.evaluate(spec, policy: Fx.policy, now: Fx.now).blockers.contains { $0.control == "vendor-assessment" })
    }

    @Test func aTierOverrideByTheRiskReviewerAcceptsTheTierUntilTheTierOrTheProposalChanges() throws {
        let at = Fx.daysAgo(5)
        var r = try Recorder(id: "UC-0001", tier: "low", at: at)
        try r.act(.screen(answers: Self.answers(["personal_data": "yes"])), as: "alex", at: at)
        #expect(r.uc.screening["personal_data"] == "yes")
        #expect(Fx.policy.tierShortfall(r.uc)?.open == true)
        // Not the business owner; the reason is required.
        #expect(throws: Refusal.self) { try ActionDecider.decide(.tierOverride(reason: "pilot"), on: r.uc, actor: "alex", policy: Fx.policy, now: at) }
        #expect(throws: Refusal.self) { try ActionDecider.decide(.tierOverride(reason: "  "), on: r.uc, actor: "priya", policy: Fx.policy, now: at) }
        try r.act(.tierOverride(reason: "internal pilot on synthetic data"), as: "priya", at: at)
        #expect(r.uc.tierOverride == TierOverride(by: "priya", at: at, reason: "internal pilot on synthetic data", tier: "low", proposed: "medium"))
        #expect(Fx.policy.tierShortfall(r.uc)?.open == false)
        #expect(!GateEngine.evaluate(r.uc, policy: Fx.policy, now: Fx.now).blockers.contains { $0.kind == .screening })
        // A second override has nothing to accept.
        #expect(throws: Refusal.self) { try ActionDecider.decide(.tierOverride(reason: "again"), on: r.uc, actor: "priya", policy: Fx.policy, now: at) }
        // A new screening proposing more: the old override no longer accepts it.
        try r.act(.screen(answers: Self.answers(["annex_iii": "credit"])), as: "alex", at: at)
        #expect(Fx.policy.tierShortfall(r.uc)?.open == true)
        #expect(Fx.policy.tierShortfall(r.uc)?.proposed == "high")
        // The replayed log gives the same state.
        #expect(try UseCase.replay(r.events).tierOverride == r.uc.tierOverride)
        #expect(try UseCase.replay(r.events).screening == r.uc.screening)
    }

    @Test func aTierEditedBelowTheProposalLaterNeedsTheOverride() throws {
        let at = Fx.daysAgo(5)
        var r = try Recorder(id: "UC-0001", tier: "high", at: at)
        try r.act(.screen(answers: Self.answers(["annex_iii": "credit"])), as: "alex", at: at)
        #expect(Fx.policy.tierShortfall(r.uc) == nil, "high is the proposal: nothing needed")
        try r.act(.edit(title: nil, problem: nil, metric: nil, tier: "medium", artifacts: [:]), as: "alex", at: at)
        #expect(Fx.policy.tierShortfall(r.uc)?.open == true)
        #expect(GateEngine.evaluate(r.uc, policy: Fx.policy, now: Fx.now).blockers.contains { $0.kind == .screening })
        try r.act(.tierOverride(reason: "pilot"), as: "priya", at: at)
        #expect(Fx.policy.tierShortfall(r.uc)?.open == false)
        // Lower again: the override accepted medium, not low.
        try r.act(.edit(title: nil, problem: nil, metric: nil, tier: "low", artifacts: [:]), as: "alex", at: at)
        #expect(Fx.policy.tierShortfall(r.uc)?.open == true)
    }

    @Test func theNamedRiskReviewerIsTheOneWhoOverrides() throws {
        let at = Fx.daysAgo(5)
        var r = try Recorder(id: "UC-0001", tier: "low", at: at)
        try r.act(.assign(role: "risk_reviewer", person: "priya"), as: "alex", at: at)
        try r.act(.screen(answers: Self.answers(["annex_iii": "credit"])), as: "alex", at: at)
        #expect(throws: Refusal.self) { try ActionDecider.decide(.tierOverride(reason: "pilot"), on: r.uc, actor: "omar", policy: Fx.policy, now: at) }
        try r.act(.tierOverride(reason: "pilot"), as: "priya", at: at)
    }

    @Test func createCarriesCheckedAnswersAndUnscreenedIsAllowed() throws {
        let (_, d) = try ActionDecider.decide(.create(title: "T", tier: "low", problem: "", metric: "", answers: Self.answersNone),
                                              on: nil, actor: "alex", policy: Fx.policy, now: Fx.now)
        #expect(d.answers == Self.answersNone)
        let (_, none) = try ActionDecider.decide(.create(title: "T", tier: "low", problem: "", metric: ""),
                                                 on: nil, actor: "alex", policy: Fx.policy, now: Fx.now)
        #expect(none.answers == nil)
        #expect(throws: Refusal.self) {
            try ActionDecider.decide(.create(title: "T", tier: "low", problem: "", metric: "", answers: ["annex_iii": "credit"]),
                                     on: nil, actor: "alex", policy: Fx.policy, now: Fx.now)
        }
    }

    @Test func tierOverrideIsASignedDecision() {
        #expect(SigningMode.decisions.requires(.tierOverride))
    }
}
