import Foundation
import Testing

/// The real `gateboard` TUI under tmux: keys in, screen out, files checked afterwards.
@Suite(.serialized) struct TUIEndToEndTests {
    func lastEvent(_ board: FixtureBoard, _ id: String) throws -> [String: Any] {
        let log = try String(contentsOf: board.url("audit/\(id).jsonl"), encoding: .utf8)
        let last = log.split(separator: "\n").last!
        return try JSONSerialization.jsonObject(with: Data(last.utf8)) as! [String: Any]
    }

    /// A closed terminal ends the TUI even when its launcher passed `SIGHUP` down blocked (the
    /// test runner itself does: TUIs it started and never quit outlived their tmux servers, each
    /// polling its board forever). The program unblocks the signals it relies on at start.
    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func aHangUpEndsTheTUIEvenWhenItsLauncherBlockedTheSignal() throws {
        let board = try FixtureBoard()
        let tui = try TUITmux(board: board.path, as: "ana", now: GateboardBinary.defaultNow, blocking: ["HUP", "TERM"])
        try tui.waitFor("you: Ana Ortiz")
        let pid = try tui.panePID()
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let blocked = status.split(separator: "\n").first { $0.hasPrefix("SigBlk:") }
            .flatMap { UInt64($0.dropFirst("SigBlk:".count).trimmingCharacters(in: .whitespaces), radix: 16) }
        let mask = try #require(blocked, "no SigBlk line:\n\(status)")
        #expect(mask & (1 << (UInt64(SIGHUP) - 1)) == 0 && mask & (1 << (UInt64(SIGTERM) - 1)) == 0,
                "SIGHUP and SIGTERM still blocked: \(String(mask, radix: 16))")
        try tui.hangUp()
        // Gone, or a zombie waiting for its reaper: either way it no longer runs.
        let deadline = Date().addingTimeInterval(20)
        func running() -> Bool {
            guard let s = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = s.lastIndex(of: ")") else { return false }
            return !s[close...].hasPrefix(") Z")
        }
        while running() && Date() < deadline { usleep(50_000) }
        #expect(!running(), "the TUI (pid \(pid)) outlived its terminal")
    }

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func reviewerApprovesACheckpointFromTheKeyboard() throws {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        try walk.toSpecification()
        try walk.toImplementation()
        try walk.toCheckpoint()
        let before = try lastEvent(board, walk.id)

        let tui = try TUITmux(board: board.path, as: "rita", now: "2026-10-23T09:00:00Z")
        var screen = try tui.waitFor("Checkpoint review")
        #expect(screen.contains("you: Rita Lindqvist"))
        #expect(screen.contains(walk.id) && screen.contains("KYC document"), "\(screen)")
        #expect(screen.contains("blocked: 2"))                   // risk and business owner approvals

        try tui.send("a")
        try tui.waitFor("Approve \(walk.id)")
        try tui.send("evals hold up", literal: true)
        try tui.send("Enter")
        screen = try tui.waitFor("approve recorded on \(walk.id)")
        #expect(screen.contains("blocked: 1"))                   // the gate pane updated after the reload
        try tui.send("q")
        try tui.waitForExit()

        let event = try lastEvent(board, walk.id)
        #expect(event["action"] as? String == "approve")
        #expect(event["actor"] as? String == "rita")
        #expect((event["seq"] as? Int) == (before["seq"] as? Int).map { $0 + 1 })
        let details = event["details"] as? [String: Any]
        #expect(details?["comment"] as? String == "evals hold up")
        let file = try String(contentsOf: board.url("usecases/\(walk.id).yaml"), encoding: .utf8)
        #expect(file.contains("rita"))
        #expect(file.contains("evals hold up"))
        let verify = try board.run(["verify"])
        #expect(verify.status == 0, "\(verify)")
    }

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func refusalIsShownAndNothingIsWritten() throws {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        try walk.toSpecification()
        try walk.toImplementation()
        try walk.toCheckpoint()
        let logBefore = try Data(contentsOf: board.url("audit/\(walk.id).jsonl"))

        // Ben is the technical owner: the checkpoint gate excludes him as an approver.
        let tui = try TUITmux(board: board.path, as: "ben", now: "2026-10-23T09:00:00Z")
        try tui.waitFor("Checkpoint review")
        // The engine is asked before a form opens (issue 15): no form that can only fail.
        try tui.send("a")
        let screen = try tui.waitFor("approve is unavailable on \(walk.id)")
        #expect(screen.contains("Ben Okafor"))
        #expect(!screen.contains("Approve \(walk.id)"), "no form opened:\n\(screen)")
        try tui.send("C-c")
        try tui.waitForExit()
        #expect(try Data(contentsOf: board.url("audit/\(walk.id).jsonl")) == logBefore)
    }

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func triageMarksTwoAndCommentsOnBoth() throws {
        let board = try FixtureBoard()
        // No metric: both need a decision (metric_not_operational).
        let a = try board.create("Claims intake bot", metric: "", now: "2026-10-01T09:00:00Z")
        let b = try board.create("Renewal letters", metric: "", now: "2026-10-02T09:00:00Z")
        let tui = try TUITmux(board: board.path, as: "ana", now: "2026-10-23T09:00:00Z")
        try tui.waitFor("you: Ana Ortiz")
        try tui.send("2")
        try tui.waitFor("Triage ·")
        try tui.send("Space")
        try tui.send("Space")
        try tui.waitFor("2 marked")
        try tui.send("c")
        try tui.waitFor("Comment on 2 marked")
        try tui.send("who owns these?", literal: true)
        try tui.send("Enter")
        let screen = try tui.waitFor("2 done")
        #expect(!screen.contains("2 marked"), "the marks clear after the action:\n\(screen)")
        try tui.send("q")
        try tui.waitForExit()
        for id in [a, b] {
            let event = try lastEvent(board, id)
            #expect(event["action"] as? String == "comment")
            #expect((event["details"] as? [String: Any])?["comment"] as? String == "who owns these?")
        }
        #expect(try board.run(["verify"]).status == 0)
    }

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func liveReloadShowsAnotherProcessesChange() throws {
        let board = try FixtureBoard()
        let id = try board.create("Broker email classifier", now: "2026-10-01T09:00:00Z")
        let tui = try TUITmux(board: board.path, as: "ana", now: "2026-10-23T09:00:00Z", width: 80, height: 24)
        try tui.waitFor("\(id) Broker email classifier")
        try board.act(["edit", id, "--title", "Broker email router"], as: "ana", now: "2026-10-23T09:00:00Z")
        try tui.waitFor("\(id) Broker email router")
        try tui.send("q")
        try tui.waitForExit()
    }
}
