import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// Key sequences through the reducer: what the screen shows and which effects are asked for.
@Suite struct ReducerTests {
    func at(_ id: UseCaseID, width: Int = 120, height: Int = 40, actor: PersonID? = "omar") -> AppState {
        var s = Fixture.state(width: width, height: height, actor: actor)
        let found = s.select(id: id)
        #expect(found)
        return s
    }

    @Test func movesBetweenStagesAndCards() {
        var s = Fixture.state()
        #expect(s.selectedUseCase?.id == "UC-0003")          // first card of the first stage
        s = Fixture.run(s, Fixture.keys("j")).0
        #expect(s.selectedUseCase?.id == "UC-0007")
        s = Fixture.run(s, Fixture.keys("j")).0                // stays at the bottom
        #expect(s.selectedUseCase?.id == "UC-0007")
        s = Fixture.run(s, Fixture.keys("l")).0                // row kept per column
        #expect(s.selectedUseCase?.id == "UC-0004")
        s = Fixture.run(s, [.key(.right), .key(.right)]).0
        #expect(s.selectedUseCase?.id == "UC-0001")
        s = Fixture.run(s, Fixture.keys("lG")).0
        #expect(s.selectedUseCase?.id == "UC-0005")
        s = Fixture.run(s, Fixture.keys("l")).0
        #expect(s.selectedUseCase?.id == "UC-0006")
        s = Fixture.run(s, Fixture.keys("Gg")).0
        #expect(s.selectedUseCase?.id == "UC-0006")
        s = Fixture.run(s, [.key(.left), .key(.char("h"))]).0
        #expect(s.selectedUseCase?.id == "UC-0001")
    }

    @Test func selectionChangeLoadsActivity() {
        let (s, effects) = Fixture.run(Fixture.state(), Fixture.keys("l"))
        #expect(effects == [.loadActivity(s.selectedUseCase!.id)])
    }

    @Test func narrowListWalksAcrossStages() {
        var s = Fixture.state(width: 80, height: 24)
        s = Fixture.run(s, Fixture.keys("jj")).0
        #expect(s.selectedUseCase?.id == "UC-0004")          // crossed from scoped into specification
        s = Fixture.run(s, Fixture.keys("k")).0
        #expect(s.selectedUseCase?.id == "UC-0007")
        s = Fixture.run(s, Fixture.keys("G")).0
        #expect(s.selectedUseCase?.id == "UC-0010")
        #expect(render(s).text.contains("UC-0010 Policy wording Q&A"))
    }

    @Test func liveFilterByTitleAndOwnerThenEscClears() {
        var s = Fixture.state()
        s = Fixture.run(s, Fixture.keys("/fraud")).0
        #expect(s.columns.flatMap { $0 }.count == 1)
        #expect(s.selectedUseCase?.id == "UC-0002")
        var screen = render(s).text
        #expect(screen.contains("filter: /fraud"))
        // The stages with no match collapse into strips: the match gets the width.
        #expect(s.layout.strips.count == s.columns.count - 1)
        s = Fixture.run(s, [.key(.backspace), .key(.backspace), .key(.backspace), .key(.backspace), .key(.backspace)]
                            + Fixture.keys("山田")).0    // an owner's name
        #expect(Set(s.columns.flatMap { $0 }.map { s.board.useCases[$0].id }).contains("UC-0006"))
        s = Fixture.run(s, [.key(.enter)]).0
        #expect(s.filterInput == nil && s.filter == "山田")
        s = Fixture.run(s, [.key(.escape)]).0
        #expect(s.filter.isEmpty)
        screen = render(s).text
        #expect(!screen.contains("filter:"))
        #expect(s.columns.flatMap { $0 }.count == 10)
    }

    @Test func approveSubmitsTheSameActionAsTheCLI() {
        var start = Fixture.state(board: Fixture.withOwner("UC-0004", "risk_reviewer", "omar"))
        start.select(id: "UC-0004")
        let (s, effects) = Fixture.run(start, Fixture.keys("a") + Fixture.keys("evals ok") + [.key(.enter)])
        #expect(effects == [.perform(.approve(comment: "evals ok"), on: "UC-0004")])
        #expect(Fixture.run(s, [.performed(useCase: "UC-0004", message: "approve recorded")]).0.modal == nil)
    }

    @Test func rejectNeedsAComment() {
        var (s, effects) = Fixture.run(at("UC-0001"), Fixture.keys("r") + [.key(.enter)])
        #expect(effects.isEmpty)
        #expect(render(s).text.contains("Comment is required"))
        (s, effects) = Fixture.run(s, Fixture.keys("no") + [.key(.enter)])
        #expect(effects == [.perform(.reject(comment: "no"), on: "UC-0001")])
    }

    @Test func advanceWhenBlockedShowsTheBlockersInstead() {
        let (s, effects) = Fixture.run(at("UC-0001"), Fixture.keys(">"))
        #expect(effects.isEmpty)
        let screen = render(s).text
        #expect(screen.contains("UC-0001 cannot advance: blocked: 2"))
        #expect(screen.contains("approval by Business owner: 0 of 1"))
        let closed = Fixture.run(s, [.key(.escape)]).0
        #expect(closed.modal == nil)
    }

    @Test func advanceWhenReady() {
        let (_, effects) = Fixture.run(at("UC-0005"), Fixture.keys(">") + [.key(.enter)])
        #expect(effects == [.perform(.advance(comment: nil), on: "UC-0005")])
    }

    @Test func assignPicksRoleThenAnAllowedPerson() {
        // Ana, its business owner: the only business owner is already named, so the engine
        // leaves that role out and the technical owner comes first.
        var s = Fixture.run(at("UC-0003", actor: "ana"), Fixture.keys("o")).0
        #expect(render(s).text.contains("✗ missing"))              // technical owner not named
        s = Fixture.run(s, [.key(.enter)]).0                       // technical_owner
        guard case .picker(let p) = s.modal else { Issue.record("no person picker"); return }
        #expect(p.options.map(\.value) == ["priya"])
        let effects = Fixture.run(s, [.key(.enter)]).1
        #expect(effects == [.perform(.assign(role: "technical_owner", person: "priya"), on: "UC-0003")])
    }

    @Test func waiverValidatesTheDate() {
        var s = Fixture.run(at("UC-0002"), Fixture.keys("w")).0
        s = Fixture.run(s, [.key(.enter)] + Fixture.keys("vendor late") + [.key(.tab)] + Fixture.keys("soon") + [.key(.enter)]).0
        #expect(render(s).text.contains("Until: \"soon\" is not a date (YYYY-MM-DD"))
        var effects: [Effect]
        (s, effects) = Fixture.run(s, [.key(.home), .key(.ctrl("k"))] + Fixture.keys("2026-12-15") + [.key(.enter)])
        // eval-report has evidence: the engine waives only what is missing, so it is not offered.
        #expect(effects == [.perform(.waive(control: "rollback-plan", reason: "vendor late", until: Day("2026-12-15")!), on: "UC-0002")])
    }

    @Test func readOnlyRefusesActionsWithAReason() {
        let (s, effects) = Fixture.run(at("UC-0001", actor: nil), Fixture.keys("a"))
        #expect(effects.isEmpty && s.modal == nil)
        let screen = render(s).text
        #expect(screen.contains("read-only: set GATEBOARD_USER"))
        #expect(screen.contains("read-only"))
    }

    @Test func refusalIsShownAndNothingElseHappens() {
        let refusal = Refusal(.selfApproval, "Omar Haddad cannot approve UC-0001: he submitted it")
        let (s, effects) = Fixture.run(at("UC-0001"), [.refused(refusal)])
        #expect(effects.isEmpty)
        #expect(render(s).text.contains("refused: Omar Haddad cannot approve UC-0001: he submitted it"))
    }

    @Test func performedReloadsAndKeepsTheMovedCardSelected() {
        var (s, effects) = Fixture.run(at("UC-0005"), [.performed(useCase: "UC-0005", message: "advance recorded on UC-0005")])
        #expect(effects == [.reload])
        var board = Fixture.board
        let i = board.useCases.firstIndex { $0.id == "UC-0005" }!
        board.useCases[i].stage = "production"
        (s, effects) = Fixture.run(s, [.boardLoaded(board)])
        #expect(s.selectedUseCase?.id == "UC-0005")
        #expect(s.index.stages[s.selectedColumn].id == "production")
        #expect(render(s).text.contains("advance recorded on UC-0005"))
    }

    @Test func quitAsksOnlyWithUnsavedInput() {
        #expect(Fixture.run(Fixture.state(), Fixture.keys("q")).1 == [.quit])
        // In a text field q is typed; on a choice field with typed input elsewhere it asks.
        var s = Fixture.run(Fixture.state(), Fixture.keys("n") + Fixture.keys("queue bot") + [.key(.tab)]).0
        guard case .form(let f) = s.modal else { Issue.record("no form"); return }
        #expect(f.value("Title") == "queue bot")
        var effects: [Effect]
        (s, effects) = Fixture.run(s, Fixture.keys("q"))
        #expect(effects.isEmpty)
        #expect(render(s).text.contains("The form has unsaved input."))
        (s, effects) = Fixture.run(s, Fixture.keys("x"))     // back to the form
        guard case .form = s.modal else { Issue.record("not back in the form"); return }
        (s, effects) = Fixture.run(s, Fixture.keys("q") + Fixture.keys("y"))
        #expect(effects == [.quit])
    }

    @Test func ctrlCAlwaysQuits() {
        let s = Fixture.run(at("UC-0001"), Fixture.keys("c") + Fixture.keys("half typed")).0
        #expect(Fixture.run(s, [.key(.ctrl("c"))]).1 == [.quit])
    }

    @Test func newUseCaseWithTierChoice() {
        let msgs: [Msg] = Fixture.keys("n") + Fixture.keys("Queue bot") + [.key(.tab), .key(.right), .key(.right), .key(.tab)]
            + Fixture.keys("long waits") + [.key(.enter)]
        let effects = Fixture.run(Fixture.state(), msgs).1
        #expect(effects == [.perform(.create(title: "Queue bot", tier: "high", problem: "long waits", metric: ""), on: nil)])
    }

    @Test func pasteAndCursorEditingInAForm() {
        let msgs: [Msg] = Fixture.keys("c") + [.key(.paste("line one\nline two")), .key(.home), .key(.delete)]
            + Fixture.keys("L") + [.key(.end), .key(.backspace), .key(.left), .key(.left)] + Fixture.keys("X") + [.key(.enter)]
        let effects = Fixture.run(at("UC-0001"), msgs).1
        #expect(effects == [.perform(.comment(text: "Line one line Xtw"), on: "UC-0001")])
    }

    @Test func editorRoundTrip() {
        var (s, effects) = Fixture.run(at("UC-0001"), Fixture.keys("E") + [.key(.enter)])
        #expect(effects == [.openEditor("UC-0001", field: .problem, text: "A real problem")])
        (s, effects) = Fixture.run(s, [.editorFinished("UC-0001", field: .problem, text: "A sharper problem", error: nil)])
        #expect(effects == [.perform(.edit(title: nil, problem: "A sharper problem", metric: nil, tier: nil, artifacts: [:]), on: "UC-0001")])
        (s, effects) = Fixture.run(s, [.editorFinished("UC-0001", field: .problem, text: nil, error: nil)])
        #expect(effects.isEmpty)
        #expect(render(s).text.contains("Problem statement of UC-0001 unchanged"))
    }

    @Test func resizeBelowMinimumAndBack() {
        var s = Fixture.run(at("UC-0001"), [.key(.resize(width: 50, height: 12))]).0
        #expect(render(s).text.contains("terminal too small: 50×12, need 60×16"))
        s = Fixture.run(s, [.key(.resize(width: 120, height: 40))]).0
        #expect(render(s).text.contains("Checkpoint review"))
        #expect(s.selectedUseCase?.id == "UC-0001")
    }

    @Test func mouseClickSelectsACard() {
        let s = Fixture.state()
        let col = s.layout.columns[3]                          // checkpoint
        let (after, _) = Fixture.run(s, [.key(.mouse(MouseEvent(.click, x: col.x + 3, y: col.y + 1)))])
        #expect(after.selectedUseCase?.id == "UC-0001")
    }

    @Test func tabCyclesFocusAndPanesScroll() {
        var s = Fixture.run(at("UC-0001", width: 100, height: 20), [.key(.tab)]).0
        #expect(s.focus == .owners)
        s = Fixture.run(s, Fixture.keys("jj")).0
        #expect(s.paneScroll[.owners] == 2)
        #expect(s.selectedUseCase?.id == "UC-0001")            // j scrolled the pane, not the board
        s = Fixture.run(s, Fixture.keys(String(repeating: "j", count: 50))).0
        let maxScroll = s.paneScroll[.owners]!
        #expect(maxScroll == 2)                                   // 9 lines in a 7-row pane (the board needs 8 rows)
        s = Fixture.run(s, Fixture.keys("k")).0
        #expect(s.paneScroll[.owners] == maxScroll - 1)
        s = Fixture.run(s, [.key(.tab), .key(.tab), .key(.tab)]).0
        #expect(s.focus == .board)
    }

    @Test func helpListsEveryKeyOfTheView() {
        // The overlay scrolls when it is higher than the screen: its first page and its last.
        let help = Fixture.run(Fixture.state(), Fixture.keys("?")).0
        let screen = render(help).text + render(Fixture.run(help, Fixture.keys("G")).0).text
        for key in ["h j k l", "g / G", "Tab", "Enter", "Esc", "/", "a ", "r ", ">", "<", "o ", "e ", "w ", "c ", "! ", "n ", "E ", "q ", "Ctrl-C", "1 2 3 4 5"] {
            #expect(screen.contains(key), "help misses \(key)")
        }
    }

    @Test func triageAndInboxListsActOnTheListedUseCase() {
        var s = Fixture.run(Fixture.state(), Fixture.keys("2")).0
        guard let q = s.queue else { Issue.record("no triage list"); return }
        #expect(!q.rows.isEmpty)
        #expect(s.selectedUseCase?.id == q.rows[0].id)
        s = Fixture.run(s, Fixture.keys("j")).0
        #expect(s.selectedUseCase?.id == q.rows[1].id)
        let effects = Fixture.run(s, Fixture.keys("c") + Fixture.keys("nudge") + [.key(.enter)]).1
        #expect(effects == [.perform(.comment(text: "nudge"), on: q.rows[1].id)])
        s = Fixture.run(s, Fixture.keys("5")).0
        #expect(s.queue?.view == .inbox)
        #expect(render(s).text.contains("Inbox · Omar Haddad"))
        #expect(Fixture.run(s, Fixture.keys("3")).1 == [.loadStandup(.stage, since: nil)])
    }
}

@Suite struct BoardIndexTests {
    /// The search text is lower-cased by byte for ASCII and through Unicode otherwise: both
    /// kinds match whatever case is typed.
    @Test func filterMatchesAsciiAndUnicodeInAnyCase() {
        let index = BoardIndex(board: Fixture.board)
        let ids = { (filter: String) in index.columns(filter: filter).flatMap { $0 }.map { Fixture.board.useCases[$0].id }.sorted() }
        #expect(ids("CLAIMS TRIAGE") == ["UC-0001"])
        #expect(ids("保険金") == ["UC-0005"])
        #expect(ids("山田") == ids("kenji"))             // the owner's name and id
        #expect(!ids("山田").isEmpty)
        #expect(ids("📄") == ["UC-0004"])
        #expect(BoardIndex.lowered("ÉCLAIR Déjà") == Array("éclair déjà".utf8))
        #expect(BoardIndex.lowered("ABC-12") == Array("abc-12".utf8))
    }
}

extension BoardIndex {
    static func lowered(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        appendLowered(text, to: &out)
        return out
    }
}
