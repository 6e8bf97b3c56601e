import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// Issue 19: the New-use-case form walks the policy's risk screening, one step per question,
/// shows the proposed tier and its reasons, and only then creates; a refusal keeps the form
/// and every answer.
@Suite struct ScreeningWalkTests {
    static let policy: Policy = {
        var p = Fixture.policy
        p.screening = Screening(questions: [
            ScreeningQuestion(id: "annex_iii", text: "Decisions about people in an Annex III area?", kind: .choice, choices: [
                ScreeningChoice(id: "none", text: "No"), ScreeningChoice(id: "credit", text: "Credit scoring"),
            ]),
            ScreeningQuestion(id: "personal_data", text: "Personal data?", kind: .yesno),
            ScreeningQuestion(id: "data", text: "Which data?", kind: .multi, choices: [
                ScreeningChoice(id: "health", text: "Health"), ScreeningChoice(id: "contact", text: "Contact details"),
                ScreeningChoice(id: "location", text: "Location"),
            ]),
        ], rules: [
            ScreeningRule(id: "annex", when: [ScreeningCondition(question: "annex_iii", anyOf: ["credit"])], tier: "high",
                          reason: "decides about credit (Annex III)"),
            ScreeningRule(id: "pd", when: [ScreeningCondition(question: "personal_data", anyOf: ["yes"])], tier: "medium",
                          reason: "processes personal data"),
        ])
        return p
    }()

    static func state(actor: PersonID = "ana", width: Int = 80, height: Int = 24) -> AppState {
        Fixture.state(width: width, height: height, actor: actor, board: Board(policy: policy, useCases: Fixture.board.useCases))
    }

    func walk(_ s: AppState) -> ScreeningWalk? {
        guard case .form(let f) = s.modal else { return nil }
        return f.walk
    }

    @Test func enterWalksEveryQuestionThenShowsTheProposalThenCreates() {
        var (s, effects) = Fixture.run(Self.state(), Fixture.keys("n") + Fixture.keys("Credit bot") + [.key(.enter)])
        #expect(effects.isEmpty)
        #expect(walk(s)?.step == 0)
        #expect(render(s).text.contains("Decisions about people in an Annex III area?"))
        #expect(render(s).text.contains("screening 1/3"))
        // A digit picks a choice and moves on; y/n answer a yes/no question.
        (s, effects) = Fixture.run(s, Fixture.keys("2"))
        #expect(walk(s)?.step == 1)
        (s, effects) = Fixture.run(s, Fixture.keys("y"))
        #expect(walk(s)?.step == 2)
        // A multi question: Space ticks, j moves, Enter answers.
        (s, effects) = Fixture.run(s, [.key(.char(" ")), .key(.char("j")), .key(.char("j")), .key(.char(" "))])
        #expect(render(s).text.contains("[x] Health"))
        (s, effects) = Fixture.run(s, [.key(.enter)])
        #expect(walk(s)?.isSummary == true)
        #expect(walk(s)?.answers == ["annex_iii": "credit", "personal_data": "yes", "data": "health,location"])
        let summary = render(s).text
        #expect(summary.contains("Screening proposes tier high"))
        #expect(summary.contains("decides about credit (Annex III)"))
        #expect(summary.contains("tier low is below high"))
        #expect(effects.isEmpty)
        (s, effects) = Fixture.run(s, [.key(.enter)])
        #expect(effects == [.perform(.create(title: "Credit bot", tier: "low", problem: "", metric: "",
                                             answers: ["annex_iii": "credit", "personal_data": "yes", "data": "health,location"]), on: nil)])
    }

    @Test func backGoesToTheQuestionBeforeWithItsAnswerKept() {
        var (s, _) = Fixture.run(Self.state(), Fixture.keys("n") + Fixture.keys("Bot") + [.key(.enter)] + Fixture.keys("1") + Fixture.keys("n"))
        #expect(walk(s)?.step == 2)
        (s, _) = Fixture.run(s, [.key(.left)])
        #expect(walk(s)?.step == 1)
        #expect(walk(s)?.cursor == 1, "the recorded no is highlighted")
        (s, _) = Fixture.run(s, [.key(.left), .key(.left)])
        #expect(walk(s)?.step == nil, "back on the form's fields")
        guard case .form(let f) = s.modal else { Issue.record("form closed"); return }
        #expect(f.value("Title") == "Bot")
        #expect(f.walk?.answers == ["annex_iii": "none", "personal_data": "no"])
    }

    @Test func aTierAtTheProposalSaysSoAndARefusalKeepsTheFormAndAnswers() {
        // Read-only: the engine refuses the create; the form stays with its input and answers.
        var (s, effects) = Fixture.run(Self.state(), Fixture.keys("n") + [.key(.tab), .key(.right), .key(.right)]
            + [.key(.enter)] + Fixture.keys("2") + Fixture.keys("y") + [.key(.enter)])
        #expect(walk(s)?.isSummary == true)
        #expect(render(s).text.contains("tier high is at or above the proposal"))
        (s, effects) = Fixture.run(s, [.key(.enter)])
        #expect(effects.isEmpty, "a blank title is refused before anything is sent")
        guard case .form(let f) = s.modal else { Issue.record("form closed"); return }
        #expect(f.error == "Title is required")
        #expect(f.walk?.step == nil)
        #expect(f.walk?.answers["annex_iii"] == "credit")
        // Typing the title and Enter now creates without walking again.
        (s, effects) = Fixture.run(s, Fixture.keys("Loan helper") + [.key(.enter)])
        #expect(effects.count == 1)
    }

    @Test func escapeCancelsFromAnyQuestion() {
        let (s, effects) = Fixture.run(Self.state(), Fixture.keys("n") + Fixture.keys("Bot") + [.key(.enter), .key(.escape)])
        #expect(s.modal == nil)
        #expect(effects.isEmpty)
    }

    @Test func withoutQuestionsEnterCreatesAsBefore() {
        let effects = Fixture.run(Fixture.state(actor: "ana"), Fixture.keys("n") + Fixture.keys("Bot") + [.key(.enter)]).1
        #expect(effects == [.perform(.create(title: "Bot", tier: "low", problem: "", metric: ""), on: nil)])
    }

    @Test func theDetailShowsTheProposalItsReasonsAndTheOverride() {
        let s = Self.state()
        var uc = Fixture.board.useCases[0]
        func text() -> String {
            DetailView.lines(uc, state: s, width: 100).map { $0.segments.map(\.text).joined() }.joined(separator: "\n")
        }
        #expect(text().contains("not screened"))
        uc.tier = "low"
        uc.screening = ["annex_iii": "credit", "personal_data": "no", "data": ""]
        #expect(text().contains("proposes High risk"))
        #expect(text().contains("· decides about credit (Annex III) → tier high"))
        #expect(text().contains("✗ tier low is below the proposal high"))
        uc.tierOverride = TierOverride(by: "omar", at: Fixture.now, reason: "pilot on synthetic data", tier: "low", proposed: "high")
        #expect(text().contains("tier low accepted below high by Omar Haddad: pilot on synthetic data"))
    }
}
