import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// Issue 15, defect 1: an action always applies to the row shown highlighted — after an
/// action, a reload or a live reload, in every view — and every form names its target.
@Suite struct TargetTests {
    /// The highlighted row of the open list.
    func highlighted(_ s: AppState) -> UseCaseID? { s.queue.flatMap { $0.rows[safe: $0.index]?.id } }

    /// What a comment would be recorded on: the keys' target, as the user meets it.
    func commentTarget(_ s: AppState) -> UseCaseID? {
        if case .form(let f) = Fixture.run(s, Fixture.keys("c")).0.modal { return f.subject }
        return nil
    }

    func formTitle(_ s: AppState) -> String? {
        switch s.modal {
        case .form(let f): f.title
        case .picker(let p): p.title
        default: nil
        }
    }

    /// Omar's inbox, on its second entry, having commented there; the comment recorded and the
    /// board reloaded with `change` applied.
    func afterInboxAction(_ change: (Board, UseCaseID) throws -> Board) throws -> (AppState, acted: UseCaseID) {
        var s = Fixture.run(Fixture.state(actor: "omar"), Fixture.keys("5j")).0
        let rows = try #require(s.queue?.rows.map(\.id))
        try #require(Set(rows).count >= 2, "omar's inbox needs two use cases: \(rows)")
        let acted = rows[1]
        #expect(highlighted(s) == acted && commentTarget(s) == acted)
        let effects: [Effect]
        (s, effects) = Fixture.run(s, Fixture.keys("c") + Fixture.keys("noted") + [.key(.enter)])
        #expect(effects == [.perform(.comment(text: "noted"), on: acted)])
        let board = try change(s.board, acted)
        s = Fixture.run(s, [.performed(useCase: acted, message: "comment recorded on \(acted)"), .boardLoaded(board)]).0
        return (s, acted)
    }

    @Test func afterAnInboxActionTheKeysActOnTheNewlyHighlightedEntry() throws {
        // The acted-on entry leaves the inbox (it is no longer omar's to answer), as after an
        // approve: the highlight moves on, and so must every key.
        let (s, acted) = try afterInboxAction { board, id in
            var board = board
            let i = board.useCases.firstIndex { $0.id == id }!
            board.useCases[i].owners = [:]
            board.useCases[i].stage = "production"
            return board
        }
        let shown = try #require(highlighted(s))
        #expect(shown != acted)
        #expect(commentTarget(s) == shown)
        #expect(render(s).text.contains("Why \u{00B7} \(shown)"))
        let comment = Fixture.run(s, Fixture.keys("c")).0
        #expect(formTitle(comment)?.hasPrefix("Comment on \(shown)") == true, "\(formTitle(comment) ?? "no form")")
        let detail = Fixture.run(s, [.key(.enter)]).0
        #expect(render(detail).text.contains("Detail \u{00B7} \(shown)"))
        let (_, effects) = Fixture.run(s, Fixture.keys("c") + Fixture.keys("next") + [.key(.enter)])
        #expect(effects == [.perform(.comment(text: "next"), on: shown)])
    }

    @Test func anEntryStillListedStaysTheTarget() throws {
        let (s, acted) = try afterInboxAction { board, _ in board }
        #expect(highlighted(s) == acted)
        #expect(commentTarget(s) == acted)
        #expect(formTitle(Fixture.run(s, Fixture.keys("c")).0)?.hasPrefix("Comment on \(acted)") == true)
    }

    @Test func aLiveReloadKeepsKeysOnTheHighlightedTriageEntry() throws {
        var s = Fixture.run(Fixture.state(actor: "omar"), Fixture.keys("2jj")).0
        let shown = try #require(highlighted(s))
        // Something else changed on disk: a reload must not move the target.
        s = Fixture.run(s, [.boardLoaded(s.board), .triageHistoryLoaded([])]).0
        #expect(highlighted(s) == shown && commentTarget(s) == shown)
        #expect(formTitle(Fixture.run(s, Fixture.keys("x")).0)?.hasPrefix("Escalate \(shown)") == true)
    }

    @Test func anEmptyListHasNoTarget() {
        // Kenji's inbox may hold entries; an inbox filtered to nothing must not act on the board's card.
        var s = Fixture.state(actor: "omar")
        s.select(id: "UC-0003")
        s = Fixture.run(s, Fixture.keys("5")).0
        s.queue?.rows = []
        let after = Fixture.run(s, Fixture.keys("c")).0
        #expect(after.modal == nil)
    }

    @Test func everyFormNamesItsTargetStageAndRole() throws {
        // Omar named its risk reviewer and business owner too, so every key has something to offer.
        var board = Fixture.withOwner("UC-0004", "risk_reviewer", "omar")
        board = Fixture.withOwner("UC-0004", "change_approver", "omar", board: board)
        var s = Fixture.state(actor: "omar", board: board)
        s.select(id: "UC-0004")               // specification, risk review needed
        let approve = Fixture.run(s, Fixture.keys("a")).0
        #expect(formTitle(approve) == "Approve UC-0004 \u{00B7} specification \u{2192} implementation \u{00B7} as risk reviewer")
        for key in ["c", "r", "<", "o", "e", "x", "p", "d", "E"] {
            let t = formTitle(Fixture.run(s, Fixture.keys(key)).0) ?? ""
            #expect(t.contains("UC-0004 \u{00B7} specification"), "\(key): \(t)")
        }
    }
}
