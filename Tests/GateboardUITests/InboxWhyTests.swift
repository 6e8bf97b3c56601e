import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// The inbox's "Why" pane: why the entry is there and for how long, the digest an approval is
/// bound to, the evidence references, what else the gate needs — at a glance (issue 9).
@Suite struct InboxWhyTests {
    /// UC-0001 with artifacts and evidence, so the pane has something to show.
    static func board() -> Board {
        var board = Fixture.board
        let i = board.useCases.firstIndex { $0.id == "UC-0001" }!
        board.useCases[i].artifacts = ["model": "claims-triage-v3", "prompt": "prompts/triage.md"]
        board.useCases[i].controls["eval-report"] = ControlState(evidence: [
            Evidence(ref: "s3://evals/claims-triage-v3.html", by: "priya", at: Fixture.daysAgo(2)),
            Evidence(ref: "docs/eval-addendum.md", by: "priya", at: Fixture.daysAgo(1)),
        ])
        return board
    }

    func inboxAtApproval(width: Int = 120, height: Int = 40) -> AppState {
        var s = Fixture.state(width: width, height: height, actor: "ana")
        s = Fixture.run(s, [.boardLoaded(Self.board())] + Fixture.keys("5")).0
        let row = s.queue!.rows.firstIndex { $0.id == "UC-0001" && $0.line.segments.map(\.text).joined().contains("approv") }!
        s = Fixture.run(s, Array(repeating: Msg.key(.char("j")), count: row)).0
        return s
    }

    @Test func showsMessageDigestEvidenceAndWhatElseIsNeeded() throws {
        let s = inboxAtApproval()
        let uc = try #require(s.board.useCase("UC-0001"))
        let screen = render(s).text
        let why = screen.components(separatedBy: "Why · UC-0001").last ?? ""
        #expect(why.contains("Claims triage assistant"))
        #expect(why.contains("why: checkpoint approval as business owner, waiting 9 days"))
        #expect(why.contains("an approval now is bound to material digest \(uc.materialDigest.prefix(12))"))
        #expect(why.contains("(model, prompt)"))
        #expect(why.contains("evidence eval-report: s3://evals/claims-triage-v3.html"))
        #expect(why.contains("docs/eval-addendum.md"))
        #expect(why.contains("also needs:"))
    }

    @Test func anEntryWithoutEvidenceSaysSo() {
        let s = Fixture.run(Fixture.state(width: 100, height: 30, actor: "ana"), Fixture.keys("5")).0
        let why = render(s).text.components(separatedBy: "Why ·").last ?? ""
        #expect(why.contains("why: halted by"))
        #expect(why.contains("material digest "))
        #expect(why.contains("no evidence recorded"))
    }

    /// Opening the inbox asks the loop for the work windows; once they arrive, an approval the
    /// window excludes (Ana submitted this work earlier) leaves the inbox, as `approve` would
    /// refuse it (issue 13).
    @Test func theInboxDropsAnApprovalTheWorkWindowExcludes() throws {
        var board = Self.board()
        let g = board.policy.gates.firstIndex { $0.from == "checkpoint" }!
        board.policy.gates[g].base.noSelfApproval = true
        var s = Fixture.state(width: 120, height: 40, actor: "ana")
        var effects: [Effect]
        (s, effects) = Fixture.run(s, [.boardLoaded(board)] + Fixture.keys("5"))
        #expect(effects.contains(.loadRoleHistories("ana")))
        let approving = { (s: AppState) in
            s.queue!.rows.contains { $0.id == "UC-0001" && $0.line.segments.map(\.text).joined().contains("approv") }
        }
        #expect(approving(s))
        let uc = try #require(s.board.useCase("UC-0001"))
        let mark = RoleHistory.Mark(seq: 3, at: Fixture.daysAgo(20))
        let history = RoleHistory(useCase: "UC-0001", windowStart: mark,
                                  submissions: [RoleHistory.Submission(person: "ana", stage: uc.stage, mark: mark)])
        let count = s.inboxCount ?? 0
        (s, _) = Fixture.run(s, [.roleHistoriesLoaded(["UC-0001": history])])
        #expect(!approving(s))
        #expect(s.inboxCount == count - 1)
    }

    @Test func snapshot() {
        Snapshot.check(render(inboxAtApproval(width: 120, height: 30)), "inbox-why-120x30")
    }
}
