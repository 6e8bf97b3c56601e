import Foundation
import Testing

/// Issue 19 under tmux: the New-use-case form walks the default policy's risk screening, shows
/// the proposal, keeps the answers through a refusal, and records them on the use case.
@Suite(.serialized) struct TUIScreeningTests {
    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func theNewUseCaseFormWalksTheScreening() throws {
        let board = try FixtureBoard()
        let tui = try TUITmux(board: board.path, as: "ana", now: "2026-10-23T09:00:00Z", width: 100, height: 30)
        try tui.waitFor("you: Ana Ortiz")
        try tui.send("n")
        try tui.waitFor("New use case")
        // The tier stays low (the first choice); Enter starts the questions, title still empty.
        try tui.send("Enter")
        try tui.waitFor("screening 1/5")
        try tui.waitFor("Annex III")
        try tui.send("2")                                          // credit
        try tui.waitFor("screening 2/5")
        try tui.send("n")
        try tui.waitFor("screening 3/5")
        try tui.send("Left")                                       // back: the answer is kept
        try tui.waitFor("screening 2/5")
        try tui.send("Enter")
        try tui.waitFor("screening 3/5")
        try tui.send("n")
        try tui.waitFor("screening 4/5")
        try tui.send("n")
        try tui.waitFor("screening 5/5")
        try tui.send("y")
        var screen = try tui.waitFor("screening result")
        #expect(screen.contains("Screening proposes tier high"), "\(screen)")
        #expect(screen.contains("decides about people in an Annex III high-risk area"))
        #expect(screen.contains("tier low is below high"))
        // Creating without a title is refused in the form; the answers stay.
        try tui.send("Enter")
        screen = try tui.waitFor("Title is required")
        try tui.send("Credit limit helper", literal: true)
        try tui.send("Enter")
        try tui.waitFor("UC-0001")
        try tui.send("q")
        try tui.waitForExit()

        let file = try String(contentsOf: board.url("usecases/UC-0001.yaml"), encoding: .utf8)
        #expect(file.contains("title: \"Credit limit helper\""), "\(file)")
        #expect(file.contains("screening:\n  annex_iii: credit\n  automated_decision: \"no\"\n  customer_facing: \"no\"\n  personal_data: \"no\"\n  vendor_model: \"yes\"\n"), "\(file)")
        let triage = try board.run(["triage", "--json"], now: "2026-10-23T09:00:00Z").stdout
        #expect(triage.contains("tier_below_screening"))
        #expect(try board.run(["verify"]).status == 0)
    }
}
