import Foundation
import Testing

/// `gateboard inventory`: the AI register, on a copy of the sample board.
@Suite struct InventoryTests {
    @Test func oneRowPerUseCaseInEachFormat() throws {
        let s = try SampleBoardTests.Copy()
        let csv = try s.run(["inventory"])
        #expect(csv.status == 0, "\(csv)")
        let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 18, "header + 17 use cases")
        #expect(lines[0] == "id,title,status,stage,tier,problem,metric,template,intended_purpose,data_categories,affected_people,"
            + "autonomy_level,vendor_model,deployment_context,planned_go_live,business_owner,technical_owner,risk_reviewer,"
            + "change_approver,ops_owner,stop_ship,artifacts,created_at,created_by")
        // The sample's register: fields and templates on its use cases.
        #expect(lines.contains { $0.hasPrefix("UC-0013,") && $0.contains(",customer-assistant,Answer clients' questions about the status of their filings,personal,customers,human_on_loop,") })
        #expect(lines.contains { $0.hasPrefix("UC-0003,Payment-collection reminders for tax filings,halted,production,medium,") })
        #expect(lines.contains { $0.hasPrefix("UC-0009,") && $0.contains(",retired,retired,") })
        let rows = try s.run(["inventory", "--json"]).array()
        #expect(rows.count == 17)
        let uc1 = try #require(rows.first { $0["id"] as? String == "UC-0001" })
        #expect((uc1["owners"] as? [String: String])?["risk_reviewer"] == "omar")
        #expect((uc1["artifacts"] as? [String: String])?["model"] == "models/doc-verifier@2.3.1")
        let md = try s.run(["inventory", "--markdown"])
        #expect(md.stdout.hasPrefix("# AI register — Fenwick Harbour"))
        #expect(md.stdout.split(separator: "\n").filter { $0.hasPrefix("| UC-") }.count == 17)
        let both = try s.run(["inventory", "--csv", "--json"])
        #expect(both.status == 2)
    }

    /// Board text goes into spreadsheets: no formula, no broken row, no terminal escape.
    @Test func hostileTextCannotBecomeAFormulaOrARow() throws {
        let s = try SampleBoardTests.Copy()
        let title = "=HYPERLINK(\"http://evil\",\"x\"),\u{1B}[31mred"
        let made = try s.run(["new", "--title", title, "--tier", "low", "--problem", "line one\nline two"], as: "maya")
        #expect(made.status == 0, "\(made)")
        let csv = try s.run(["inventory"]).stdout
        let row = try #require(csv.components(separatedBy: "\r\n").first { $0.hasPrefix("UC-0018,") })
        #expect(row.hasPrefix("UC-0018,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\"),"), "\(row)")
        #expect(!csv.contains("\u{1B}"))
        #expect(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 19, "one row per use case")
    }
}
