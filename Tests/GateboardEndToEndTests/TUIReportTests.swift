import Foundation
import Testing

/// Issue 5's portfolio health in the real TUI: view `6` shows what `gateboard report` computes
/// from the audit logs, and follows a change made by another process.
@Suite(.serialized) struct TUIReportTests {
    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func reportViewFollowsTheBoard() throws {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        try walk.toSpecification()
        try walk.toImplementation()

        let tui = try TUITmux(board: board.path, as: "ana", now: "2026-10-23T09:00:00Z")
        try tui.waitFor("you: Ana")
        try tui.send("6")
        _ = try tui.waitFor("Use cases per stage")
        // The whole report, not a frame caught half drawn on a loaded machine.
        var screen = try tui.waitFor("Days per stage")
        #expect(screen.contains("\(walk.id) implementation"), "the walk is a pilot in implementation:\n\(screen)")
        #expect(screen.contains("0 in production"), "\(screen)")

        // Another process moves it on: the live reload recomputes the report.
        try walk.toCheckpoint()
        screen = try tui.waitFor("\(walk.id) checkpoint")
        #expect(!screen.contains("\(walk.id) implementation"), "\(screen)")

        // The report shows no use case: action keys explain instead of acting.
        try tui.send("a")
        try tui.waitFor("the report acts on no use case")
        try tui.send("Escape")
        try tui.waitFor("Owners")
        try tui.send("q")
        try tui.waitForExit()
    }
}
