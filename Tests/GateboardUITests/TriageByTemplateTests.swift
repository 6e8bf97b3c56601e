import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// Triage's `t` (issue 19): the list grouped by template as `triage --by template` groups it
/// (the policy's order, then no template), worst first within each group; `t` again gives the
/// one list back; the highlighted entry and the marks stay.
@Suite struct TriageByTemplateTests {
    static func board() -> Board {
        var board = Fixture.board
        board.policy.templates = [UseCaseTemplate(id: "extraction", name: "Document extraction"),
                                  UseCaseTemplate(id: "assistant", name: "Customer-facing assistant")]
        for (id, t) in [("UC-0007", "assistant"), ("UC-0003", "extraction"), ("UC-0002", "extraction")] {
            board.useCases[board.useCases.firstIndex { $0.id == id }!].template = t
        }
        return board
    }

    static func ids(_ s: AppState) -> [UseCaseID] { s.queue?.rows.map(\.id) ?? [] }

    @Test func tGroupsByTemplateAndBack() {
        let s = Fixture.run(Fixture.state(board: Self.board()), Fixture.keys("2")).0
        let flat = Self.ids(s)
        let entries = Triage.rank(s.board.useCases, policy: s.policy, events: [], now: s.now).map(\.id)
        #expect(flat == entries)
        let marked = Fixture.run(s, [.key(.char(" "))]).0
        let (g, effects) = Fixture.run(marked, Fixture.keys("t"))
        #expect(effects.isEmpty || effects.allSatisfy { if case .loadActivity = $0 { true } else { false } })
        let grouped = Self.ids(g)
        // The same entries; the groups in the policy's order, worst first inside each.
        #expect(Set(grouped) == Set(flat) && grouped.count == flat.count)
        let groups = TemplateGroup.group(s.board.useCases, policy: s.policy)
        let expected = groups.flatMap { grp in entries.filter { grp.useCases.contains($0) } }
        #expect(grouped == expected)
        #expect(grouped.firstIndex(of: "UC-0007")! > grouped.firstIndex(of: "UC-0003")!, "extraction comes before assistant")
        let screen = render(g).text
        #expect(screen.contains("by template, worst first in each (t: one list)"), "\(screen)")
        #expect(screen.contains("by template: Document extraction 2 · Customer-facing assistant 1 · No template"), "\(screen)")
        #expect(screen.contains("Document extraction       score"), "\(screen)")
        #expect(g.message?.text == "triage grouped by template (t: one list, worst first)")
        // The highlight and the mark stay on their entries.
        #expect(g.queue.flatMap { $0.rows[safe: $0.index]?.id } == marked.queue.flatMap { $0.rows[safe: $0.index]?.id })
        #expect(g.marked == marked.marked)
        // t again: one list, worst first.
        let back = Fixture.run(g, Fixture.keys("t")).0
        #expect(Self.ids(back) == flat)
        #expect(!render(back).text.contains("by template:"))
    }
}
