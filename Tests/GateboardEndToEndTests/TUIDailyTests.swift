import Foundation
import Testing

/// Issue 15, what was left of the daily jobs, on the frozen sample in the real binary under
/// tmux, read off the screen: the stand-up's counts lead to their rows and `S` asks from when;
/// a renew entry says what changed since the approval; pickers narrow as you type; `/` picks
/// whose log the Log shows.
@Suite(.serialized) struct TUIDailyTests {
    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func standupCountsLeadToTheirRowsAndSinceIsAsked() throws {
        let (copy, tui) = try TUIJobsTests.start("maya", "Maya Lindgren")
        try tui.send("3")
        try tui.waitFor("since 2026-11-24 09:30 (last)")
        // The sample's stand-up: 1 approval given, 1 waiver expiring, 1 unowned (the CLI agrees).
        try tui.send("Tab")
        var screen = try tui.waitFor("approvals: 1 shown")
        let listed = screen.components(separatedBy: "\n").filter { $0.contains("UC-0") && !$0.contains("Why") }
        #expect(listed.count == 1, "only the use case behind the count:\n\(screen)")
        try tui.send("Tab")
        try tui.waitFor("waivers expiring: 1 shown")
        try tui.send("Escape")
        screen = try tui.waitForAbsence("waivers expiring: 1 shown")
        #expect(screen.contains("Stand-up \u{00B7}"), "Esc shows every row again, still in the stand-up:\n\(screen)")
        // S: a week back; the summary then says since when.
        try tui.send("S")
        try tui.waitFor("Stand-up: changes since")
        try tui.send(" -1w", literal: true)   // a leading space: tmux would take "-1w" for an option
        try tui.send("Enter")
        try tui.waitFor("since 2026-11-19 00:00 (S)")
        // A date after now stays in the form, said why.
        try tui.send("S")
        try tui.waitFor("Stand-up: changes since")
        try tui.send("C-u")
        try tui.send("+14d", literal: true)
        try tui.send("Enter")
        try tui.waitFor("is after now")
        try tui.send("Escape")
        try tui.send("q")
        try tui.waitForExit()
        withExtendedLifetime(copy) {}
    }

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func renewSaysWhatChangedPickersNarrowAndTheLogFollowsTheFilter() throws {
        let (copy, tui) = try TUIJobsTests.start("omar", "Omar Haddad", width: 160, height: 40)
        // The renew entry: Daniel moved the prompt from v6 to v7 after Omar's approval.
        try tui.send("5")
        var screen = try tui.waitFor("prompt v6 \u{2192} v7 \u{00B7} Daniel Osei \u{00B7} 2026-11-19")
        let row = screen.components(separatedBy: "\n").first { $0.contains("renew") && $0.contains("UC-0002") } ?? ""
        #expect(row.contains("v6 \u{2192} v7"), "on the entry's row:\n\(screen)")
        try tui.send("Escape")
        // The escalate picker narrows to what is typed; Backspace widens.
        try tui.send("x")
        screen = try tui.waitFor("Escalate UC-")
        #expect(screen.contains("holds"), "each person says what they hold:\n\(screen)")
        try tui.send("daniel", literal: true)
        screen = try tui.waitFor("\u{203A} daniel  1 of")
        #expect(screen.contains("Daniel Osei"))
        for _ in 0..<6 { try tui.send("BSpace") }
        try tui.waitForAbsence("\u{203A} daniel")
        try tui.send("Escape")
        // The Log under a filter: whose log is chosen by it, ] walks the matches.
        try tui.send("4")
        try tui.send("/")
        try tui.send("tier:high", literal: true)
        try tui.send("Enter")
        screen = try tui.waitFor("/tier:high: ")
        let title = try #require(screen.components(separatedBy: "\n").first { $0.contains("Log \u{00B7} UC-") })
        let first = String(title[try #require(title.range(of: "UC-")).lowerBound...].prefix(7))
        try tui.send("]")
        screen = try tui.waitUntil(seconds: 15, "another use case's log") { s in
            s.components(separatedBy: "\n").contains { $0.contains("Log \u{00B7} UC-") && !$0.contains(first) }
        }
        #expect(screen.contains("/tier:high: "), "\(screen)")
        try tui.send("q")
        try tui.waitForExit()
        withExtendedLifetime(copy) {}
    }

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func theBoardGivesItsSpareHeightAwayAndCollapsesEmptyStages() throws {
        let (copy, tui) = try TUIJobsTests.start("maya", "Maya Lindgren")
        var screen = try tui.waitFor("Owners \u{00B7} UC-")
        // + twice: the board on the whole screen, no panes; + again: back to normal.
        try tui.send("+")
        try tui.waitFor("the board on half the screen")
        try tui.send("+")
        screen = try tui.waitForAbsence("Owners \u{00B7} UC-")
        #expect(screen.contains("the board on the whole screen"), "\(screen)")
        try tui.send("+")
        try tui.waitFor("Owners \u{00B7} UC-")
        // A filter that empties stages: they become strips, the matching cards take the width.
        try tui.send("/")
        try tui.send("stage:check", literal: true)
        try tui.send("Enter")
        screen = try tui.waitFor("filter: stage:check")
        let top = screen.components(separatedBy: "\n").first { $0.hasPrefix("\u{250C}") } ?? ""
        #expect(top.contains("Checkpoint review") && !top.contains("Scoped problem") && !top.contains("scoped"),
                "one framed column, the rest strips:\n\(screen)")
        try tui.send("q")
        try tui.waitForExit()
        withExtendedLifetime(copy) {}
    }
}
