import Foundation
import Testing

/// Incidents and monitors through triage, inbox, stand-up, report and the release gate, on a
/// copy of the sample board given monitors and the monitors-defined control.
@Suite struct OperationsSurfacingEndToEndTests {
    typealias Copy = SampleBoardTests.Copy

    func board(monitors: Bool = true) throws -> Copy {
        let s = try SignalEndToEndTests().board()
        let url = s.dir.appendingPathComponent("gateboard.yaml")
        var text = try String(contentsOf: url, encoding: .utf8)
        if !monitors {
            text = text.components(separatedBy: "\nmonitors:\n").first! + "\n"
        }
        text = text.replacingOccurrences(of: "  - id: ops-owner-named\n", with: """
          - id: monitors-defined
            title: Production monitors defined
            kind: monitors-defined
            references: [EU AI Act Art. 72]
          - id: ops-owner-named

        """)
        // The release gate (the last one): medium tier needs monitors defined.
        let last = try #require(text.range(of: "    anyRejectionBlocks: true\n", options: .backwards))
        text.replaceSubrange(last, with: "    anyRejectionBlocks: true\n    tiers:\n      medium:\n        controls: [monitors-defined]\n")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return s
    }

    func reasons(_ s: Copy, _ id: String) throws -> [[String: Any]] {
        let entries = try s.run(["triage", "--json"]).array()
        return entries.first { $0["id"] as? String == id }?["reasons"] as? [[String: Any]] ?? []
    }

    @Test func triageInboxStandupAndReport() throws {
        let s = try board()
        #expect(try s.run(["validate"]).status == 0)
        #expect(try s.run(["incident", "open", "UC-0001", "--severity", "1", "--summary", "leak", "--serious-kind", "death"], as: "priya").status == 0)
        #expect(try s.run(["signal", "UC-0001", "precision", "0.5", "--at", "2026-11-26T08:00:00Z"], as: "probe").status == 0)
        let codes = try reasons(s, "UC-0001").compactMap { $0["code"] as? String }
        for c in ["incident_open", "report_due", "monitor_breach", "monitoring_silent"] { #expect(codes.contains(c), "\(c) in \(codes)") }
        let open = try #require(try reasons(s, "UC-0001").first { $0["code"] as? String == "incident_open" })
        #expect(open["message"] as? String == "incident UC-0001#I1 open, severity 1: leak")
        // The owner (ops owner nadia) has the incident; the technical owner priya the retraining.
        let nadia = try s.run(["inbox", "--as", "nadia", "--json"]).json()
        #expect(String(describing: nadia).contains("incident"))
        let priya = try s.run(["inbox", "--as", "priya", "--json"]).json()
        #expect(String(describing: priya).contains("retrain"))
        let standup = try s.run(["standup"])
        #expect(standup.stdout.contains("opened incident UC-0001#I1 (severity 1, serious: death)"))
        #expect(standup.stdout.contains("monitor precision breached (0.5)"))
        let report = try s.run(["report", "--json"]).object()
        let ops = try #require(report["operations"] as? [String: Any])
        #expect(ops["incidents"] as? Int == 1)
        #expect((ops["breaches"] as? [[String: Any]])?.first?["id"] as? String == "UC-0001")
        #expect(try s.run(["report"]).stdout.contains("Production operations"))
    }

    @Test func noMonitorsIsATriageReasonAndBlocksRelease() throws {
        let s = try board(monitors: false)
        let v = try s.run(["validate"])
        #expect(v.status == 0, "\(v)")
        // UC-0003 and UC-0013 are live, medium tier, and the policy declares them no monitors.
        #expect(try reasons(s, "UC-0013").contains { $0["code"] as? String == "no_monitors" })
        // UC-0012 is in release at medium tier: its gate now needs monitors, and a link does not do.
        let check = try s.run(["check", "UC-0012", "--json"])
        #expect(check.stdout.contains("no production monitors defined for UC-0012"), "\(check)")
        let ev = try s.run(["evidence", "UC-0012", "monitors-defined", "--ref", "https://grafana/d/x", "--json"], as: "ravi")
        #expect(ev.status != 0)
        #expect(try ev.object()["code"] as? String == "invalid_input")
    }
}
