import Foundation
import Testing

/// Issue 19 under tmux: triage's `t` groups the list by template, as `triage --by template`.
@Suite(.serialized) struct TUITriageTemplateTests {
    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func tGroupsTriageByTemplate() throws {
        let b = try FixtureBoard()
        let now = "2026-10-23T09:00:00Z"
        for (title, template) in [("Invoice reader", ["--template", "document-extraction"]), ("Loose idea", [])] {
            try b.act(["new", "--title", title, "--tier", "low", "--problem", "By hand.", "--metric", "Per day"] + template, as: "ana", now: now)
        }
        let cli = try b.run(["triage", "--by", "template"], now: now).stdout
        #expect(cli.contains("== Document extraction (1) ==") && cli.contains("== No template (1) =="), "\(cli)")
        let tui = try TUITmux(board: b.path, as: "ana", now: now, width: 110, height: 30)
        try tui.waitFor("you: Ana Ortiz")
        try tui.send("2")
        try tui.waitFor("need a decision, worst first")
        try tui.send("t")
        let screen = try tui.waitFor("by template: Document extraction 1 · No template 1")
        #expect(screen.contains("by template, worst first in each"), "\(screen)")
        let lines = screen.split(separator: "\n")
        let reader = try #require(lines.firstIndex { $0.contains("Document extraction") && $0.contains("Invoice reader") })
        let loose = try #require(lines.firstIndex { $0.contains("No template") && $0.contains("Loose idea") })
        #expect(reader < loose, "\(screen)")
        try tui.send("t")
        try tui.waitForAbsence("by template:")
        try tui.send("q")
        try tui.waitForExit()
    }
}
