import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// `A` and `T` (issue 19): the risk screening walked again on the highlighted use case and
/// recorded as `gateboard screen` records it; a tier below the proposal accepted with a reason
/// as `gateboard tier-override` does; each asked of the engine before it opens.
@Suite struct ScreenKeysTests {
    /// UC-0003 (low, scoped, Ana its business owner) screened as proposing high.
    static func board(screened: Bool = true) -> Board {
        var board = Board(policy: ScreeningWalkTests.policy, useCases: Fixture.board.useCases)
        let i = board.useCases.firstIndex { $0.id == "UC-0003" }!
        if screened { board.useCases[i].screening = ["annex_iii": "credit", "personal_data": "no", "data": ""] }
        return board
    }

    static func state(_ actor: PersonID, board: Board = board()) -> AppState {
        var s = Fixture.state(actor: actor, board: board)
        s.select(id: "UC-0003")
        return s
    }

    func form(_ s: AppState) -> Form? {
        guard case .form(let f)? = s.modal else { return nil }
        return f
    }

    @Test func aWalksTheQuestionsFromTheRecordedAnswersAndRecordsThem() throws {
        var (s, effects) = Fixture.run(Self.state("ana"), Fixture.keys("A"))
        let f = try #require(form(s))
        #expect(f.title == "Screen UC-0003 · scoped → specification · as Ana Souza")
        #expect(f.walk?.step == 0)
        #expect(f.walk?.cursor == 1)
        #expect(render(s).text.contains("Screen UC-0003 · scoped → specification · as Ana Souza · screening 1/3"))
        // ← on the first question stays on it: this form is only its walk.
        (s, effects) = Fixture.run(s, [.key(.left), .key(.tab)])
        #expect(form(s)?.walk?.step == 0)
        (s, effects) = Fixture.run(s, Fixture.keys("1y") + [.key(.enter)])
        #expect(render(s).text.contains("Screening proposes tier medium"))
        #expect(render(s).text.contains("Enter record"))
        (s, effects) = Fixture.run(s, [.key(.enter)])
        #expect(effects == [.perform(.screen(answers: ["annex_iii": "none", "personal_data": "yes", "data": ""]), on: "UC-0003")])
        #expect(form(s)?.submitted == true)
        // Refused by the store after submit: the result again, with the reason; Enter resends.
        (s, effects) = Fixture.run(s, [.refused(Refusal(.notAllowedRole, "Ana Souza may not screen UC-0003 now"))])
        let screen = render(s).text
        #expect(screen.contains("screening result") && screen.contains("Ana Souza may not screen UC-0003 now"), "\(screen)")
        (s, effects) = Fixture.run(s, [.key(.tab), .key(.enter)])
        #expect(effects == [.perform(.screen(answers: ["annex_iii": "none", "personal_data": "yes", "data": ""]), on: "UC-0003")])
    }

    @Test func theSameAnswersAreRefusedOnTheResultBeforeAnythingIsSent() {
        let (s, effects) = Fixture.run(Self.state("ana"), Fixture.keys("A") + [.key(.enter), .key(.enter), .key(.enter), .key(.enter)])
        #expect(effects.isEmpty)
        #expect(render(s).text.contains("already has these screening answers"), "\(render(s).text)")
    }

    @Test func aIsUnavailableWithTheReason() {
        var plain = Fixture.state(actor: "ana")
        plain.select(id: "UC-0003")
        var s = Fixture.run(plain, Fixture.keys("A")).0
        #expect(s.modal == nil)
        #expect(s.message?.text == "screen is unavailable on UC-0003: the policy declares no screening questions (screening: in gateboard.yaml)")
        // Someone who may not change it (no owner, creator or stage owner): the engine's reason.
        s = Fixture.run(Self.state("kenji"), Fixture.keys("A")).0
        #expect(s.modal == nil)
        #expect(s.message?.text.hasPrefix("screen is unavailable on UC-0003: ") == true, "\(String(describing: s.message))")
    }

    @Test func tAcceptsTheLowerTierWithAReason() throws {
        var (s, effects) = Fixture.run(Self.state("omar"), Fixture.keys("T"))
        let f = try #require(form(s))
        #expect(f.title == "Accept tier low of UC-0003 · scoped → specification · as risk reviewer")
        #expect(render(s).text.contains("The screening proposes high: decides about credit (Annex III)"))
        (s, effects) = Fixture.run(s, [.key(.enter)])
        #expect(effects.isEmpty && form(s)?.error == "Reason is required")
        (s, effects) = Fixture.run(s, Fixture.keys("pilot on internal data only") + [.key(.enter)])
        #expect(effects == [.perform(.tierOverride(reason: "pilot on internal data only"), on: "UC-0003")])
    }

    @Test func tIsUnavailableToOthersAndWithoutAShortfall() {
        var s = Fixture.run(Self.state("ana"), Fixture.keys("T")).0
        #expect(s.modal == nil)
        #expect(s.message?.text.contains("only a risk reviewer can") == true, "\(String(describing: s.message))")
        s = Fixture.run(Self.state("omar", board: Self.board(screened: false)), Fixture.keys("T")).0
        #expect(s.modal == nil)
        #expect(s.message?.text.contains("no override needed") == true, "\(String(describing: s.message))")
    }
}
