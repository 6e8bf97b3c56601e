import Foundation
import Testing

/// Inventory fields and templates through the binary: `edit --field`, `show`, `list --field`,
/// `inventory` columns, `new --template` and the field control; bad input writes nothing.
@Suite struct InventoryFieldsEndToEndTests {
    /// The default policy with default owners on the customer-assistant template.
    static func board() throws -> FixtureBoard {
        try FixtureBoard { text in
            text.replacingOccurrences(of: "    controls: {scoped: [intended-purpose], checkpoint: [human-oversight]}\n",
                                      with: "    controls: {scoped: [intended-purpose], checkpoint: [human-oversight]}\n    owners: {risk_reviewer: rita, ops_owner: olga}\n")
        }
    }

    func log(_ b: FixtureBoard, _ id: String) throws -> String {
        try String(contentsOf: b.url("audit/\(id).jsonl"), encoding: .utf8)
    }

    @Test func editShowListAndInventory() throws {
        let b = try Self.board()
        let a = try b.create("Invoice extraction")
        let c = try b.create("Support replies")
        try b.act(["edit", a, "--field", "intended_purpose=Extract invoice totals for AP clerks", "--field", "data_categories=financial,documents",
                   "--field", "autonomy_level=human_in_loop", "--field", "planned_go_live=2027-03-01"], as: "ana")
        try b.act(["edit", c, "--field", "data_categories=personal", "--field", "data_categories=documents"], as: "ana")
        let show = try b.run(["show", a]).stdout
        #expect(show.contains("Intended purpose    Extract invoice totals for AP clerks"), "\(show)")
        #expect(show.contains("Data categories     financial, documents"))
        #expect(show.contains("Vendor model        — not set"))
        let json = try b.run(["show", a, "--json"]).object()
        let fields = try #require(json["fields"] as? [String: Any])
        #expect(fields["data_categories"] as? [String] == ["financial", "documents"])
        #expect(fields["planned_go_live"] as? String == "2027-03-01")
        // Replayed from the log: the file is what the events make (verify checks every state).
        #expect(try b.run(["verify"]).status == 0)
        #expect(try log(b, a).contains(#""fields":{"autonomy_level":"human_in_loop","data_categories":["financial","documents"]"#))
        // list --field: equality, list membership, AND of several, and `name=` for not set.
        func ids(_ filters: [String]) throws -> [String] {
            try b.run(["list", "--json"] + filters.flatMap { ["--field", $0] }).array().compactMap { $0["id"] as? String }
        }
        #expect(try ids(["data_categories=documents"]) == [a, c])
        #expect(try ids(["data_categories=documents", "autonomy_level=human_in_loop"]) == [a])
        #expect(try ids(["autonomy_level="]) == [c])
        #expect(try ids(["data_categories=health"]).isEmpty)
        let unknown = try b.run(["list", "--field", "colour=blue"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no field colour; fields: intended_purpose"), "\(unknown)")
        // inventory: every declared field a column / key.
        let csv = try b.run(["inventory"]).stdout.components(separatedBy: "\r\n")
        #expect(csv[0].hasPrefix("id,title,status,stage,tier,problem,metric,template,intended_purpose,data_categories,affected_people,"
            + "autonomy_level,vendor_model,deployment_context,planned_go_live,business_owner"), "\(csv[0])")
        #expect(csv[1].contains(",Extract invoice totals for AP clerks,financial; documents,,human_in_loop,,,2027-03-01,"), "\(csv[1])")
        let rows = try b.run(["inventory", "--json"]).array()
        let row = try #require(rows.first { $0["id"] as? String == c })
        let rowFields = try #require(row["fields"] as? [String: Any])
        #expect(rowFields.count == 7, "every declared field, null when not set")
        #expect(rowFields["vendor_model"] is NSNull)
        #expect(rowFields["data_categories"] as? [String] == ["personal", "documents"])
        #expect(try b.run(["inventory", "--markdown"]).stdout.contains("| planned_go_live |"))
        // `name=` clears.
        try b.act(["edit", a, "--field", "planned_go_live="], as: "ana")
        #expect(try b.run(["show", a, "--json"]).object()["fields"].flatMap { ($0 as? [String: Any])?["planned_go_live"] } == nil)
    }

    @Test func badFieldInputIsRefusedNamingTheFieldAndWritesNothing() throws {
        let b = try Self.board()
        let a = try b.create("Invoice extraction")
        let before = try log(b, a)
        let cases: [([String], String)] = [
            (["--field", "planned_go_live=01/03/2027"], "field planned_go_live is a date: expected YYYY-MM-DD"),
            (["--field", "planned_go_live=2027-02-29"], "field planned_go_live is a date"),
            (["--field", "autonomy_level=Human in loop"], "field autonomy_level must be one of advisory, human_in_loop, human_on_loop, automated"),
            (["--field", "colour=blue"], "unknown field colour"),
            (["--field", "vendor_model=a", "--field", "vendor_model=b"], "field vendor_model takes one value"),
            (["--field", "intended_purpose=" + String(repeating: "x", count: 10_001)], "field intended_purpose is 10,001 characters long"),
            (["--field", "data_categories=ok,\u{1B}[31mred"], "an item of field data_categories contains an escape"),
            (["--field", "noequals"], "--field takes NAME=VALUE"),
            (["--field", "vendor_model=x", "--title", "Other"], "--field and --template are recorded as their own edit"),
            (["--template", "chatbot"], "unknown template chatbot: the policy's templates are document-extraction, customer-assistant"),
        ]
        for (args, message) in cases {
            let r = try b.run(["edit", a] + args, as: "ana")
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        #expect(try log(b, a) == before, "nothing written")
    }

    @Test func newWithATemplateRecordsPresetsOwnersAndTheFieldControl() throws {
        let b = try Self.board()
        let r = try b.act(["new", "--title", "Billing assistant", "--tier", "medium", "--problem", "Customers wait for billing answers",
                           "--metric", "First reply under 1 minute", "--template", "customer-assistant",
                           "--field", "autonomy_level=advisory"], as: "ana")
        #expect(r.stdout.contains("Created UC-0001"), "\(r)")
        #expect(r.stdout.contains("template → customer-assistant"), "\(r)")
        let json = try b.run(["show", "UC-0001", "--json"]).object()
        #expect(json["template"] as? String == "customer-assistant")
        let fields = try #require(json["fields"] as? [String: Any])
        #expect(fields["autonomy_level"] as? String == "advisory", "explicit wins")
        #expect(fields["deployment_context"] as? String == "customer_facing")
        #expect((json["owners"] as? [String: String]) == ["risk_reviewer": "rita", "ops_owner": "olga"])
        let show = try b.run(["show", "UC-0001"]).stdout
        #expect(show.contains("Inventory (template Customer-facing assistant)"), "\(show)")
        #expect(show.contains("Artifacts to fill: spec, model, prompt, policy"), "\(show)")
        // The template's field control blocks the scoped gate, naming the field, until it is set.
        let blockers = (json["gate"] as? [String: Any])?["blockers"] as? [[String: Any]] ?? []
        #expect(blockers.contains { ($0["message"] as? String)?.hasPrefix("field intended_purpose (Intended purpose) not set") == true }, "\(blockers)")
        try b.act(["edit", "UC-0001", "--field", "intended_purpose=Answer billing questions"], as: "ana")
        let after = try b.run(["show", "UC-0001", "--json"]).object()
        let still = (after["gate"] as? [String: Any])?["blockers"] as? [[String: Any]] ?? []
        #expect(!still.contains { ($0["message"] as? String)?.contains("intended_purpose") == true })
        // Unknown template: the names, and nothing written.
        let bad = try b.run(["new", "--title", "X", "--tier", "low", "--template", "chatbot"], as: "ana")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("unknown template chatbot: templates: document-extraction, customer-assistant, internal-summarisation"), "\(bad)")
        let wrong = try b.run(["new", "--title", "X", "--tier", "low", "--template", "document-extraction", "--field", "planned_go_live=soon"], as: "ana")
        #expect(wrong.status == 2 && wrong.stderr.contains("field planned_go_live is a date"), "\(wrong)")
        #expect(!FileManager.default.fileExists(atPath: b.url("usecases/UC-0002.yaml").path), "nothing written")
        // Grouped by template.
        _ = try b.create("Plain one")
        let report = try b.run(["report", "--by", "template"]).stdout
        #expect(report.contains("Customer-facing assistant") && report.contains("No template"), "\(report)")
        let triage = try b.run(["triage", "--by", "template", "--json"]).array()
        #expect(triage.map { $0["template"] as? String } == ["customer-assistant", nil], "\(triage)")
        #expect(try b.run(["verify"]).status == 0)
    }

    @Test func formulaInjectionIsDefusedInFieldValues() throws {
        let b = try Self.board()
        let a = try b.create("Invoice extraction")
        try b.act(["edit", a, "--field", "vendor_model==HYPERLINK(\"http://evil\",\"x\")", "--field", "data_categories=+cmd,@SUM(A1)"], as: "ana")
        let csv = try b.run(["inventory"]).stdout
        let row = try #require(csv.components(separatedBy: "\r\n").first { $0.hasPrefix(a + ",") })
        #expect(row.contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\","), "\(row)")
        #expect(row.contains(",'+cmd; @SUM(A1),"), "\(row)")
    }

    @Test func policyShowsFieldsAndTemplates() throws {
        let b = try Self.board()
        let text = try b.run(["policy"]).stdout
        #expect(text.contains("autonomy_level (choice) — Autonomy level: advisory | human_in_loop | human_on_loop | automated"), "\(text)")
        #expect(text.contains("customer-assistant — Customer-facing assistant"))
        let json = try b.run(["policy", "--json"]).object()
        let fields = try #require(json["fields"] as? [[String: Any]])
        #expect(fields.first { $0["id"] as? String == "planned_go_live" }?["type"] as? String == "date")
        let templates = try #require(json["templates"] as? [[String: Any]])
        #expect(templates.map { $0["id"] as? String } == ["document-extraction", "customer-assistant", "internal-summarisation"])
    }
}
