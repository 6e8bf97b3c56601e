import Foundation
import Testing

/// Issue 19 under tmux: `T` records a tier override with a reason as `gateboard tier-override`
/// does, `A` walks the screening again on the highlighted use case and records it as
/// `gateboard screen` does; a key its person may not use says why and opens nothing.
@Suite(.serialized) struct TUIScreenKeysTests {
    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func tierOverrideAndScreenAgainFromTheTUI() throws {
        let b = try FixtureBoard()
        let now = "2026-10-23T09:00:00Z"
        try b.act(["new", "--title", "Credit limit helper", "--tier", "low", "--problem", "Limits are set by hand.",
                   "--metric", "Decisions per day", "--answer", "annex_iii=credit", "--answer", "personal_data=no",
                   "--answer", "customer_facing=no", "--answer", "automated_decision=no", "--answer", "vendor_model=no"],
                  as: "ana", now: now)
        #expect(try b.run(["triage", "--json"], now: now).stdout.contains("tier_below_screening"))

        // Rita, a risk reviewer: T accepts the lower tier; A is not hers to use here.
        var tui = try TUITmux(board: b.path, as: "rita", now: now, width: 110, height: 30)
        try tui.waitFor("you: Rita Lindqvist")
        try tui.send("A")
        try tui.waitFor("screen is unavailable on UC-0001")
        try tui.send("T")
        try tui.waitFor("Accept tier low of UC-0001")
        try tui.waitFor("The screening proposes high")
        try tui.send("Enter")
        try tui.waitFor("Reason is required")
        try tui.send("internal pilot, a human sets every limit", literal: true)
        try tui.send("Enter")
        try tui.waitFor("tier_override recorded on UC-0001")
        // Accepted now: T says there is nothing to accept.
        try tui.send("T")
        try tui.waitFor("already accepted below the proposed high")
        try tui.send("q")
        try tui.waitForExit()
        #expect(!(try b.run(["triage", "--json"], now: now).stdout.contains("tier_below_screening")))

        // Ana, who created it: A walks the five questions from her answers and records new ones.
        tui = try TUITmux(board: b.path, as: "ana", now: now, width: 110, height: 30)
        try tui.waitFor("you: Ana Ortiz")
        try tui.send("A")
        try tui.waitFor("Screen UC-0001")
        try tui.waitFor("as Ana Ortiz · screening 1/5")
        try tui.answerDefaultScreening()
        try tui.waitFor("screen recorded on UC-0001")
        try tui.send("q")
        try tui.waitForExit()
        let file = try String(contentsOf: b.url("usecases/UC-0001.yaml"), encoding: .utf8)
        #expect(file.contains("screening:\n  annex_iii: none\n"), "\(file)")
        let log = try b.run(["log", "UC-0001", "--json"]).array().compactMap { $0["action"] as? String }
        #expect(log.suffix(2) == ["tier_override", "screen"], "\(log)")
        #expect(try b.run(["verify"]).status == 0)
    }
}
