import Foundation
import Testing

/// Issue 9 end to end: a reviewer opens their inbox in the real TUI, approves from it, and the
/// entry leaves the list at once while the audit log records the approval.
@Suite(.serialized) struct TUIInboxTests {
    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func reviewerApprovesFromTheInboxAndTheEntryLeaves() throws {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        try walk.toSpecification()
        try walk.toImplementation()
        try walk.toCheckpoint()
        // Inbox rows show the title between the id and the reason (issue 15).
        let entry = "\(walk.id) KYC document verification  checkpoint approval as risk reviewer"

        let tui = try TUITmux(board: board.path, as: "rita", now: "2026-10-23T09:00:00Z")
        try tui.waitFor("you: Rita Lindqvist")
        try tui.send("5")
        var screen = try tui.waitFor(entry)
        #expect(screen.contains("need you"), "the header counts what needs Rita:\n\(screen)")
        #expect(screen.contains("material digest"), "the why pane shows what the approval binds to:\n\(screen)")

        try tui.send("a")
        try tui.waitFor("Approve \(walk.id)")
        try tui.send("signed off from the inbox", literal: true)
        try tui.send("Enter")
        screen = try tui.waitFor("approve recorded on \(walk.id)")
        #expect(!screen.contains(entry), "the approved entry leaves the inbox at once:\n\(screen)")
        try tui.send("q")
        try tui.waitForExit()

        let log = try String(contentsOf: board.url("audit/\(walk.id).jsonl"), encoding: .utf8)
        let last = try JSONSerialization.jsonObject(with: Data(log.split(separator: "\n").last!.utf8)) as! [String: Any]
        #expect(last["action"] as? String == "approve")
        #expect(last["actor"] as? String == "rita")
        let details = last["details"] as? [String: Any]
        #expect(details?["comment"] as? String == "signed off from the inbox")
        #expect(details?["role"] as? String == "risk_reviewer")
        #expect(try board.run(["verify"]).status == 0)
    }
}
