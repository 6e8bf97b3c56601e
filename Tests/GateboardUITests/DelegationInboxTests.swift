import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// The TUI's inbox for a delegate: a line under the title says whose approvals they hold and
/// until when, and the delegated approvals are listed "for Omar Haddad".
@Suite struct DelegationInboxTests {
    static func board() -> Board {
        var board = Fixture.board
        // UC-0001 at checkpoint waits on Omar's risk-reviewer approval.
        let i = board.useCases.firstIndex { $0.id == "UC-0001" }!
        board.useCases[i].approvals = []
        board.policy.people.append(Person(id: "sofia", name: "Sofia Brandt", function: "risk", roles: ["risk_reviewer"]))
        board.policy.delegations = Delegations([
            Delegation(id: "d1", from: "omar", to: "sofia", role: "risk_reviewer", start: Day("2026-11-25")!, until: Day("2026-12-11")!,
                       recordedAt: Fixture.daysAgo(2)),
        ])
        return board
    }

    @Test func theDelegatesInboxSaysWhoseApprovalsTheyHold() {
        var s = Fixture.state(actor: "sofia", board: Self.board())
        s = Fixture.run(s, [.boardLoaded(Self.board())] + Fixture.keys("5")).0
        let screen = render(s).text
        #expect(screen.contains("Omar Haddad's risk reviewer approvals: you until 2026-12-11 (delegation from 2026-11-25)"), "\(screen)")
        let rows = s.queue?.rows.map { $0.line.segments.map(\.text).joined() } ?? []
        #expect(rows.contains { $0.contains("approval as risk reviewer for Omar Haddad") }, "\(rows)")
        // Without the delegation: neither.
        var plain = Fixture.state(actor: "sofia", board: Self.board())
        var board = Self.board()
        board.policy.delegations = Delegations()
        plain = Fixture.run(plain, [.boardLoaded(board)] + Fixture.keys("5")).0
        #expect(!render(plain).text.contains("approvals: you until"))
    }
}
