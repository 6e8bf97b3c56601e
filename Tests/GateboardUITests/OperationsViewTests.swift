import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// Live cards show their monitors' worst level and open incidents; the detail lists monitors
/// and the incident timeline. Boards without either draw exactly as before.
@Suite struct OperationsViewTests {
    func board() -> Board {
        var b = Fixture.board
        b.policy.monitors = [MonitorRule(name: "deflection", tiers: ["low"], direction: .below, warn: 0.3, breach: 0.2,
                                         staleAfterDays: 7, onBreach: .review)]
        let i = b.useCases.firstIndex { $0.id == "UC-0010" }!
        b.useCases[i].monitors["deflection"] = MonitorStatus(level: .breach, since: Fixture.daysAgo(1), value: 0.15, breaches: 1, pending: .review)
        var inc = Incident(number: 1, severity: 2, summary: "answers cite a withdrawn policy", openedBy: "kenji", openedAt: Fixture.daysAgo(2),
                           owner: "kenji", ackDue: Fixture.daysAgo(1.9), resolveDue: Fixture.daysAgo(-1))
        inc.notes = [IncidentNote(by: "priya", at: Fixture.daysAgo(1), text: "index rebuilt")]
        b.useCases[i].incidents = [inc]
        return b
    }

    @Test func liveCardsShowMonitorsAndIncidents() {
        let state = Fixture.state(board: board())
        let uc = state.board.useCases.first { $0.id == "UC-0010" }!
        let marks = CardView.marks(uc, state: state)
        #expect(marks.text.contains("mon:breach"))
        #expect(marks.text.contains("inc:1 sev2"))
        // UC-0006 is live and halted with the same monitor but no sample for 40 days: silent.
        let silent = state.board.useCases.first { $0.id == "UC-0006" }!
        #expect(CardView.marks(silent, state: state).text.contains("mon:silent"))
    }

    @Test func detailShowsMonitorsAndTheIncidentTimeline() {
        let state = Fixture.state(board: board())
        let uc = state.board.useCases.first { $0.id == "UC-0010" }!
        let text = OperationsView.detailLines(uc, state: state).map(\.text).joined(separator: "\n")
        #expect(text.contains("deflection breach 0.15"))
        #expect(text.contains("review pending"))
        #expect(text.contains("UC-0010#I1 sev2 OPEN answers cite a withdrawn policy"))
        #expect(text.contains("index rebuilt"))
    }

    @Test func boardsWithoutOperationsAreUnchanged() {
        let state = Fixture.state()
        for uc in state.board.useCases {
            #expect(OperationsView.cardMarks(uc, state: state).isEmpty)
            #expect(OperationsView.detailLines(uc, state: state).isEmpty)
        }
    }
}

private extension StyledLine {
    var text: String { segments.map(\.text).joined() }
}
