import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// Issue 15, "reviewers see what they approve": a renew entry says what changed since your
/// approval, from the log — "prompt v6 → v7 · Priya Raman · 2026-11-25".
@Suite struct RenewChangeTests {
    /// UC-0001 approved by Omar on prompt v6; the prompt is v7 now.
    static let board: Board = {
        var board = Fixture.board
        let i = board.useCases.firstIndex { $0.id == "UC-0001" }!
        let basis = ["prompt": "v6", "tier": "high"]
        board.useCases[i].approvals = [Approval(person: "omar", role: "risk_reviewer", at: Fixture.daysAgo(3),
                                                digest: MaterialDigest.of(basis), basis: basis)]
        board.useCases[i].artifacts = ["prompt": "v7"]
        return board
    }()

    static func edit(_ seq: Int, _ artifacts: [String: String] = [:], tier: TierID? = nil, by: PersonID = "priya",
                     daysAgo: Double = 1) -> AuditEvent {
        AuditEvent(seq: seq, id: "ed\(seq)", at: Fixture.daysAgo(daysAgo), actor: by, osUser: by, action: .edit,
                   useCase: "UC-0001", details: EventDetails(tier: tier, artifacts: artifacts))
    }

    static var approval: Approval { board.useCase("UC-0001")!.approvals[0] }

    @Test func theEditAfterTheApprovalIsSaidInWords() {
        let now = Self.board.useCase("UC-0001")!.materialBasis
        let words = ApprovalChange.words(since: Self.approval, now: now, events: [Self.edit(7, ["prompt": "v7"])],
                                         policy: Fixture.policy)
        #expect(words == "prompt v6 \u{2192} v7 \u{00B7} Priya Raman \u{00B7} 2026-11-25")
        // Two edits that set it: the last one says who, and how many there were.
        let two = ApprovalChange.words(since: Self.approval, now: now,
                                       events: [Self.edit(8, ["prompt": "v7"], by: "ana", daysAgo: 0.5), Self.edit(7, ["prompt": "v6b"])],
                                       policy: Fixture.policy)
        #expect(two == "prompt v6 \u{2192} v7 \u{00B7} Ana Souza \u{00B7} 2026-11-26 \u{00B7} 2 edits")
        // The tier too, after the artifacts.
        var tiered = now
        tiered["tier"] = "medium"
        #expect(ApprovalChange.words(since: Self.approval, now: tiered, events: [Self.edit(7, ["prompt": "v7"], tier: "medium")],
                                     policy: Fixture.policy)
                == "prompt v6 \u{2192} v7, risk tier high \u{2192} medium \u{00B7} Priya Raman \u{00B7} 2026-11-25")
    }

    @Test func aNewVersionOfTheSamePathIsSaidAsVersions() {
        #expect(ApprovalChange.transition("prompts/prefill.md@v6", "prompts/prefill.md@v7") == "v6 \u{2192} v7")
        #expect(ApprovalChange.transition("prompts/a.md@v6", "prompts/b.md@v7") == "prompts/a.md@v6 \u{2192} prompts/b.md@v7")
        #expect(ApprovalChange.transition("prompts/a.md", "prompts/a.md@v2") == "prompts/a.md \u{2192} prompts/a.md@v2")
        #expect(ApprovalChange.transition(nil, "m@1") == "none \u{2192} m@1")
        #expect(ApprovalChange.transition("m@1", nil) == "m@1 \u{2192} removed")
    }

    @Test func nothingIsClaimedWithoutAnEditThatChangedIt() {
        let now = Self.board.useCase("UC-0001")!.materialBasis
        // No edit in the log (content changed on disk), an edit before the approval, an edit of
        // another field, an edit that set what the approval already had: nothing to say.
        for events in [[], [Self.edit(2, ["prompt": "v7"], daysAgo: 5)], [Self.edit(7, ["model": "m2"])], [Self.edit(7, ["prompt": "v6"])]] {
            #expect(ApprovalChange.words(since: Self.approval, now: now, events: events, policy: Fixture.policy) == nil, "\(events)")
        }
        // Only a content id changed: the void reason says it.
        var blob = Self.approval
        blob.basis = ["prompt": "v7", "prompt#blob": String(repeating: "a", count: 40), "tier": "high"]
        var current = blob.basis
        current["prompt#blob"] = String(repeating: "b", count: 40)
        #expect(ApprovalChange.words(since: blob, now: current, events: [Self.edit(7, ["prompt": "v7"])], policy: Fixture.policy) == nil)
    }

    @Test func theInboxRenewEntryShowsWhatChanged() throws {
        var s = Fixture.run(Fixture.state(width: 200, height: 50, actor: "omar", board: Self.board), Fixture.keys("5")).0
        let entry = try #require(s.queue?.rows.firstIndex { $0.id == "UC-0001" })
        #expect(!render(s).text.contains("v6 \u{2192} v7"), "nothing claimed before the log is read")
        s = Fixture.run(s, [.approvalEditsLoaded(["UC-0001": [Self.edit(7, ["prompt": "v7"])]])]).0
        s.queue?.index = entry
        let screen = render(s).text
        let row = screen.components(separatedBy: "\n").first { $0.contains("renew") && $0.contains("UC-0001") } ?? ""
        #expect(row.contains("prompt v6 \u{2192} v7 \u{00B7} Priya Raman \u{00B7} 2026-11-25"), "\(screen)")
        #expect(screen.contains("changed since your approval: prompt v6 \u{2192} v7"), "the Why pane says it too:\n\(screen)")
    }
}
