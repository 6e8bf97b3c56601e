import Foundation
import Testing
@testable import GateboardCore
@testable import GateboardUI

/// Issue 17 in the TUI: a board observed on disk (`Board.content`) marks drifted use cases on
/// their cards and list rows, the detail says which artifact changed (and that `v` shows the
/// diff), evidence changed since it was added is marked, and `v` offers no `#blob` entry.
@Suite struct ContentDriftTests {
    static let blobA = "3f2a1c9d0e5b7a8c4d2e1f0a9b8c7d6e5f4a3b2c"
    static let blobB = "9b0d4e1a2b3c4d5e6f708192a3b4c5d6e7f80912"

    static func board(observed: Bool) -> Board {
        var board = InboxWhyTests.board()
        let i = board.useCases.firstIndex { $0.id == "UC-0001" }!
        board.useCases[i].artifacts["prompt#blob"] = observed ? blobB : blobA
        var report = Evidence(ref: "docs/eval-addendum.md", by: "priya", at: Fixture.daysAgo(1), hash: blobA)
        if observed { report.current = ObservedContent(blobB) }
        board.useCases[i].controls["eval-report"]!.evidence[1] = report
        if observed {
            board.content["UC-0001"] = [
                ContentCheck(name: "model", ref: "claims-triage-v3", recorded: nil, current: nil),
                ContentCheck(name: "prompt", ref: "prompts/triage.md", recorded: blobA, current: blobB),
            ]
        }
        return board
    }

    func state(_ observed: Bool) -> AppState {
        var s = Fixture.state(actor: nil, board: Self.board(observed: observed))
        s.select(id: "UC-0001")
        return s
    }

    @Test func cardsAndRowsMarkDrift() {
        let drifted = CardView.marks(state(true).board.useCase("UC-0001")!, state: state(true)).segments.map(\.text).joined()
        #expect(drifted.contains("Δdrift"), "\(drifted)")
        let clean = CardView.marks(state(false).board.useCase("UC-0001")!, state: state(false)).segments.map(\.text).joined()
        #expect(!clean.contains("drift"), "\(clean)")
        let compact = CardView.marks(state(true).board.useCase("UC-0001")!, state: state(true), compact: true).segments.map(\.text).joined()
        #expect(compact.contains("Δ") && !compact.contains("drift"))
    }

    @Test func detailSaysWhatChangedAndMarksEvidence() {
        let s = Fixture.run(state(true), [.key(.enter)]).0
        let text = render(s).text
        #expect(text.contains("blob 3f2a1c9  CHANGED, now blob 9b0d4e1: v shows the diff"), "\(text)")
        #expect(text.contains("changed since Priya"), "\(text)")
        let clean = render(Fixture.run(state(false), [.key(.enter)]).0).text
        #expect(!clean.contains("CHANGED") && !clean.contains("changed since"), "\(clean)")
    }

    @Test func vOffersNoRecordedContentIDs() {
        let after = Fixture.run(state(true), Fixture.keys("v")).0
        guard case .picker(let p) = after.modal else { Issue.record("no picker"); return }
        #expect(p.options.map(\.detail) == ["s3://evals/claims-triage-v3.html", "docs/eval-addendum.md", "claims-triage-v3", "prompts/triage.md"])
    }
}
