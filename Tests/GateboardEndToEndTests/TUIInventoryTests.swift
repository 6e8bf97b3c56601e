import Foundation
import Testing

/// The `n` form's template picker and the detail's Inventory section, in the real TUI.
@Suite(.serialized) struct TUIInventoryTests {
    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func newFromATemplateThenTheDetailShowsItsFields() throws {
        let board = try InventoryFieldsEndToEndTests.board()
        let tui = try TUITmux(board: board.path, as: "ana", now: "2026-10-23T09:00:00Z")
        try tui.waitFor("you: Ana Ortiz")
        try tui.send("n")
        try tui.waitFor("New use case")
        try tui.waitFor("none  document-extraction  customer-assistant")
        try tui.send("Billing assistant", literal: true)
        // Title → Tier → Problem → Metric → Template; → twice: none, document-extraction, customer-assistant.
        try tui.send("Tab")
        try tui.send("Tab")
        try tui.send("Tab")
        try tui.send("Tab")
        try tui.send("Right")
        try tui.send("Right")
        try tui.waitFor("customer-assistant")
        try tui.send("Enter")
        try tui.answerDefaultScreening()
        var screen = try tui.waitFor("create recorded on UC-0001")
        #expect(screen.contains("edit recorded on UC-0001"), "\(screen)")
        try tui.send("Enter")
        screen = try tui.waitFor("Inventory")
        #expect(screen.contains("template: Customer-facing assistant"), "\(screen)")
        #expect(screen.contains("Deployment context: customer_facing"), "\(screen)")
        #expect(screen.contains("Intended purpose: not set"), "\(screen)")
        try tui.send("q")
        try tui.waitForExit()

        let file = try String(contentsOf: board.url("usecases/UC-0001.yaml"), encoding: .utf8)
        #expect(file.contains("template: customer-assistant"))
        #expect(file.contains("risk_reviewer: rita") && file.contains("ops_owner: olga"), "default owners: \(file)")
        #expect(try board.run(["verify"]).status == 0)
    }
}
