import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// Triage: space marks several entries, one form acts on all of them, marks clear afterwards.
@Suite struct TriageMarkTests {
    func triage(width: Int = 120, height: Int = 40) -> AppState {
        Fixture.run(Fixture.state(width: width, height: height), Fixture.keys("2")).0
    }

    @Test func spaceMarksAndMovesOnAndShowsTheCount() {
        var s = triage()
        guard let rows = s.queue?.rows, rows.count >= 3 else { Issue.record("triage too short"); return }
        s = Fixture.run(s, Fixture.keys("  ")).0
        #expect(s.marked == [rows[0].id, rows[1].id])
        #expect(s.queue?.index == 2)
        var screen = render(s).text
        #expect(screen.contains("2 marked"))
        #expect(screen.split(separator: "\n").filter { $0.contains("●") }.count == 2)
        // Space again on a marked entry unmarks it.
        s = Fixture.run(s, Fixture.keys("k ")).0
        #expect(s.marked == [rows[0].id])
        screen = render(s).text
        #expect(screen.contains("1 marked"))
        // Esc clears the marks first, and only then leaves the view.
        s = Fixture.run(s, [.key(.escape)]).0
        #expect(s.marked.isEmpty && s.view == .triage)
        #expect(render(s).text.contains("1 mark cleared"))
        s = Fixture.run(s, [.key(.escape)]).0
        #expect(s.view == .board)
    }

    @Test func oneFormActsOnEveryMarkedEntryInListOrder() {
        var s = triage()
        let rows = s.queue!.rows
        // Mark the third, then the first: the action still goes in list order.
        s = Fixture.run(s, Fixture.keys("jj ") + [.key(.home)] + Fixture.keys(" ")).0
        let (after, effects) = Fixture.run(s, Fixture.keys("c") + Fixture.keys("please update") + [.key(.enter)])
        #expect(effects == [.performAll(.comment(text: "please update"), on: [rows[0].id, rows[2].id])])
        // The form waits for the loop's answer, then closes.
        #expect(Fixture.run(after, [.performedAll(BatchOutcome(done: [rows[0].id, rows[2].id]))]).0.modal == nil)
        let form = Fixture.run(s, Fixture.keys("c")).0
        #expect(render(form).text.contains("Comment on 2 marked"))
    }

    @Test func parkRetireEscalateAndAssignCarryTheMarks() {
        var s = triage()
        let rows = s.queue!.rows
        s = Fixture.run(s, Fixture.keys("  ")).0
        let ids = [rows[0].id, rows[1].id]
        let park = Fixture.run(s, Fixture.keys("p") + Fixture.keys("no sponsor") + [.key(.tab)] + Fixture.keys("2026-12-31") + [.key(.enter)]).1
        #expect(park == [.performAll(.park(reason: "no sponsor", review: Day("2026-12-31")!), on: ids)])
        let retire = Fixture.run(s, Fixture.keys("d") + Fixture.keys("demo only") + [.key(.enter)]).1
        #expect(retire == [.performAll(.retire(reason: "demo only"), on: ids)])
        // Escalate: pick the person once, then the reason once.
        let esc = Fixture.run(s, Fixture.keys("x") + [.key(.enter)] + Fixture.keys("decide") + [.key(.enter)]).1
        #expect(esc == [.performAll(.escalate(to: Fixture.policy.people[0].id, reason: "decide"), on: ids)])
        // Assign: the role picker says on how many marked entries the role is missing.
        let picker = Fixture.run(s, Fixture.keys("o")).0
        #expect(render(picker).text.contains("Assign an owner of 2 marked"))
        let role = Fixture.policy.roles[0].id
        let holder = Fixture.policy.people.first { $0.roles.contains(role) }!.id
        let assign = Fixture.run(s, Fixture.keys("o") + [.key(.enter), .key(.enter)]).1
        #expect(assign == [.performAll(.assign(role: role, person: holder), on: ids)])
    }

    @Test func resultIsSummarisedAndMarksClearAndTheListReloads() {
        var s = triage()
        s = Fixture.run(s, Fixture.keys("   ")).0
        let outcome = BatchOutcome(done: ["UC-0001", "UC-0002", "UC-0003"],
                                   refused: [.init(id: "UC-0004", reason: "Ana cannot hold technical_owner")])
        let (after, effects) = Fixture.run(s, [.performedAll(outcome)])
        // What was done leaves the marks; the rest stay marked to retry (issue 15).
        #expect(after.marked == s.marked.subtracting(outcome.done))
        #expect(effects.contains(.reload))
        #expect(after.message?.kind == .error)
        #expect(after.message?.text == "3 done, 1 refused: UC-0004: Ana cannot hold technical_owner")
        #expect(render(after).text.contains("3 done, 1 refused: UC-0004: Ana cannot hold technical_owner"))
        let clean = Fixture.run(s, [.performedAll(BatchOutcome(done: ["UC-0001"]))]).0
        #expect(clean.message == .init(kind: .info, text: "1 done"))
    }

    @Test func withoutMarksTheKeysActOnTheSelectedEntry() {
        let s = Fixture.run(triage(), Fixture.keys("j")).0
        let id = s.queue!.rows[1].id
        let effects = Fixture.run(s, Fixture.keys("d") + Fixture.keys("gone") + [.key(.enter)]).1
        #expect(effects == [.perform(.retire(reason: "gone"), on: id)])
    }

    @Test func aMarkedEntryResolvedElsewhereLosesItsMark() {
        var s = triage()
        let first = s.queue!.rows[0].id
        s = Fixture.run(s, Fixture.keys(" ")).0
        #expect(s.marked == [first])
        // The use case is retired by someone else: it leaves the list on reload, and the mark too.
        let board = Board(policy: s.board.policy, useCases: s.board.useCases.filter { $0.id != first })
        s = Fixture.run(s, [.boardLoaded(board)]).0
        #expect(s.queue?.rows.contains { $0.id == first } == false)
        #expect(s.marked.isEmpty)
    }

    @Test func enterOpensTheDetailFromTriageAndEscReturnsToTheList() {
        var s = Fixture.run(triage(), Fixture.keys("j")).0
        let id = s.queue!.rows[1].id
        s = Fixture.run(s, [.key(.enter)]).0
        #expect(s.showingDetail && s.selectedUseCase?.id == id)
        #expect(render(s).text.contains(id))
        // Space in the detail does not mark anything.
        s = Fixture.run(s, Fixture.keys(" ")).0
        #expect(s.marked.isEmpty)
        s = Fixture.run(s, [.key(.escape)]).0
        #expect(!s.showingDetail && s.view == .triage && s.queue?.index == 1)
        #expect(render(s).text.contains("Triage ·"))
    }

    @Test func helpAndStatusLineExplainTheMarks() {
        var s = triage()
        #expect(render(s).text.contains("space mark"))
        let help = render(Fixture.run(s, Fixture.keys("?")).0).text
        #expect(help.contains("mark / unmark the entry"))
        #expect(help.contains("On every marked entry"))
        s = Fixture.run(s, Fixture.keys(" ")).0
        #expect(render(s).text.contains("o x p d c owner, escalate, park, retire, comment: on the 1 marked"))
    }

    @Test func readOnlyCannotActOnMarks() {
        var s = Fixture.run(Fixture.state(actor: nil), Fixture.keys("2")).0
        s = Fixture.run(s, Fixture.keys(" c")).0
        #expect(s.modal == nil)
        #expect(s.message?.kind == .error)
    }
}

@Suite struct TriageMarkSnapshotTests {
    @Test func triageWithMarks() {
        let s = Fixture.run(Fixture.state(width: 120, height: 40), Fixture.keys("2") + Fixture.keys(" j ")).0
        Snapshot.check(render(s), "triage-marked-120x40")
    }

    @Test func parkFormForMarks() {
        let s = Fixture.run(Fixture.state(width: 120, height: 40), Fixture.keys("2") + Fixture.keys("  p")).0
        Snapshot.check(render(s), "triage-marked-park-form-120x40")
    }
}

/// Triage judges risk engagement from the early audit history, read by the loop (not whole logs).
@Suite struct TriageHistoryTests {
    @Test func openingTriageAsksForTheEarlyHistoryAndUsesIt() {
        let (s, effects) = Fixture.run(Fixture.state(), Fixture.keys("2"))
        #expect(effects.contains(.loadTriageHistory))
        func reasons(_ s: AppState, _ id: UseCaseID) -> String {
            s.queue?.rows.first { $0.id == id }?.details.map { $0.segments.map(\.text).joined() }.joined(separator: "\n") ?? ""
        }
        // UC-0002 is in implementation with no risk reviewer: without history, not engaged.
        #expect(reasons(s, "UC-0002").contains("risk not engaged"))
        // Its log says the risk reviewer approved in specification, before the move into build.
        let history = [
            AuditEvent(seq: 1, id: "e1", at: Fixture.daysAgo(40), actor: "ana", osUser: "t", action: .create, useCase: "UC-0002",
                       details: EventDetails(title: "Fraud signal summariser for adjusters", tier: "medium", stage: "specification")),
            AuditEvent(seq: 2, id: "e2", at: Fixture.daysAgo(30), actor: "omar", osUser: "t", action: .approve, useCase: "UC-0002",
                       details: { var d = EventDetails(); d.role = "risk_reviewer"; return d }()),
            AuditEvent(seq: 3, id: "e3", at: Fixture.daysAgo(12), actor: "priya", osUser: "t", action: .advance, useCase: "UC-0002",
                       details: { var d = EventDetails(); d.from = "specification"; d.to = "implementation"; return d }()),
        ]
        let after = Fixture.run(s, [.triageHistoryLoaded(history)]).0
        #expect(!reasons(after, "UC-0002").contains("risk not engaged"))
        // A reload asks again (the loop keeps what cannot have changed).
        #expect(Fixture.run(after, [.boardLoaded(after.board)]).1.contains(.loadTriageHistory))
    }
}
