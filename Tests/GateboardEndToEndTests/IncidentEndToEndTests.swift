import Foundation
import Testing

/// `gateboard incident …` through the real binary on a copy of the sample board.
@Suite struct IncidentEndToEndTests {
    typealias Copy = SampleBoardTests.Copy

    func files(_ s: Copy, _ id: String) throws -> [Data] {
        try ["usecases/\(id).yaml", "audit/\(id).jsonl"].map { try Data(contentsOf: s.dir.appendingPathComponent($0)) }
    }

    /// A refusal: non-zero exit, the code in the JSON, and nothing written.
    func refused(_ s: Copy, _ args: [String], as user: String, code: String, id: String = "UC-0001",
                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try files(s, id)
        let r = try s.run(args + ["--json"], as: user)
        #expect(r.status != 0, "\(r)", sourceLocation: sourceLocation)
        #expect((try? r.object()["code"] as? String) == code, "\(r)", sourceLocation: sourceLocation)
        #expect(try files(s, id) == before, "something was written", sourceLocation: sourceLocation)
    }

    @Test func anIncidentFromOpenToResume() throws {
        let s = try Copy(frozen: true)
        let open = try s.run(["incident", "open", "UC-0001", "--severity", "2", "--summary", "misread passports", "--json"], as: "priya")
        #expect(open.status == 0, "\(open)")
        #expect(try open.object()["incident"] as? String == "UC-0001#I1")
        // Only the stop-ship authority halts.
        try refused(s, ["incident", "open", "UC-0001", "--severity", "1", "--summary", "leak", "--halt"], as: "priya", code: "no_stop_ship_authority")
        let halt = try s.run(["incident", "open", "UC-0001", "--severity", "1", "--summary", "leak", "--halt"], as: "nadia")
        #expect(halt.status == 0, "\(halt)")
        #expect(halt.stdout.contains("UC-0001#I2"))
        let list = try s.run(["incident", "list", "--open", "--json"]).array()
        #expect(list.compactMap { $0["id"] as? String }.sorted() == ["UC-0001#I1", "UC-0001#I2"])
        let first = try #require(list.first { $0["id"] as? String == "UC-0001#I1" })
        #expect(first["owner"] as? String == "nadia")
        #expect(first["ackDue"] as? String == "2026-11-26T13:00:00Z")
        #expect(first["resolveDue"] as? String == "2026-11-29T09:00:00Z")
        #expect(first["state"] as? String == "open")
        // No resume while the incident that halted it has no root cause / review.
        try refused(s, ["resume", "UC-0001", "--reason", "fine now"], as: "nadia", code: "incident_open")
        #expect(try s.run(["incident", "ack", "UC-0001#I2"], as: "nadia").status == 0)
        try refused(s, ["incident", "ack", "UC-0001#I2"], as: "nadia", code: "nothing_to_do")
        #expect(try s.run(["incident", "note", "UC-0001#I2", "keys rotated"], as: "priya").status == 0)
        #expect(try s.run(["incident", "resolve", "UC-0001#I2", "--root-cause", "debug logging on", "--action", "logging off, keys rotated"], as: "nadia").status == 0)
        try refused(s, ["incident", "resolve", "UC-0001#I2", "--root-cause", "x", "--action", "y"], as: "nadia", code: "nothing_to_do")
        try refused(s, ["resume", "UC-0001", "--reason", "fine now"], as: "nadia", code: "incident_open")
        // The resolver does not review their own incident.
        try refused(s, ["incident", "review", "UC-0001#I2", "--note", "ok"], as: "nadia", code: "separation_of_duties")
        #expect(try s.run(["incident", "review", "UC-0001#I2", "--note", "logging review added to release checklist"], as: "priya").status == 0)
        let resume = try s.run(["resume", "UC-0001", "--reason", "root cause fixed"], as: "nadia")
        #expect(resume.status == 0, "\(resume)")
        // The history replays to the same files.
        let verify = try s.run(["verify", "--json"])
        #expect(verify.status == 0, "\(verify)")
        let all = try s.run(["incident", "list", "--json"]).array()
        let second = try #require(all.first { $0["id"] as? String == "UC-0001#I2" })
        #expect(second["state"] as? String == "resolved")
        #expect(second["rootCause"] as? String == "debug logging on")
        #expect(second["reviewedBy"] as? String == "priya")
        #expect((second["notes"] as? [[String: Any]])?.first?["text"] as? String == "keys rotated")
        let text = try s.run(["incident", "list"])
        #expect(text.stdout.contains("UC-0001#I1"))
        let log = try s.run(["log", "UC-0001"])
        #expect(log.stdout.contains("opened incident UC-0001#I2 (severity 1) and HALTED it"), "\(log.stdout)")
    }

    @Test func seriousIncidentsCarryTheirReportDeadline() throws {
        let s = try Copy(frozen: true)
        let r = try s.run(["incident", "open", "UC-0001", "--severity", "2", "--summary", "wrong denials", "--serious-kind", "widespread", "--json"], as: "nadia")
        #expect(r.status == 0, "\(r)")
        let i = try #require(try s.run(["incident", "list", "--json"]).array().first)
        #expect(i["serious"] as? String == "widespread")
        #expect(i["reportDue"] as? String == "2026-11-28T09:00:00Z")
        #expect(try s.run(["incident", "report", "UC-0001#I1", "--ref", "MSA-2026-0042"], as: "nadia").status == 0)
        try refused(s, ["incident", "report", "UC-0001#I1", "--ref", "again"], as: "nadia", code: "nothing_to_do")
        let plain = try s.run(["incident", "open", "UC-0001", "--severity", "3", "--summary", "slow", "--serious"], as: "nadia")
        #expect(plain.status == 0)
        let second = try #require(try s.run(["incident", "list", "--json"]).array().first { $0["id"] as? String == "UC-0001#I2" })
        #expect(second["reportDue"] as? String == "2026-12-11T09:00:00Z")   // 15 days
    }

    @Test func badInput() throws {
        let s = try Copy(frozen: true)
        #expect(try s.run(["incident", "open", "UC-0001", "--severity", "2", "--summary", "x"], as: "nadia").status == 0)
        for args in [["incident", "ack", "UC-0001"], ["incident", "ack", "UC-0001#2"], ["incident", "ack", "UC-0001#I0"],
                     ["incident", "open", "UC-0001", "--severity", "5", "--summary", "x"],
                     ["incident", "open", "UC-0001", "--severity", "2", "--summary", " "],
                     ["incident", "open", "UC-0001", "--severity", "2", "--summary", "x", "--serious-kind", "war"],
                     ["incident", "resolve", "UC-0001#I1", "--root-cause", "x", "--action", "y", "--change", "vibes"]] {
            let before = try files(s, "UC-0001")
            let r = try s.run(args, as: "nadia")
            #expect(r.status != 0 && !r.stderr.isEmpty, "\(args): \(r)")
            #expect(try files(s, "UC-0001") == before)
        }
        try refused(s, ["incident", "ack", "UC-0001#I9"], as: "nadia", code: "unknown_incident")
        try refused(s, ["incident", "open", "UC-0002", "--severity", "2", "--summary", "x"], as: "nadia", code: "not_in_production", id: "UC-0002")
        let missing = try s.run(["incident", "open", "UC-0999", "--severity", "2", "--summary", "x", "--json"], as: "nadia")
        #expect(missing.status != 0)
        #expect(try missing.object()["code"] as? String == "not_found")
        // Someone with no part in it cannot acknowledge it.
        try refused(s, ["incident", "ack", "UC-0001#I1"], as: "maya", code: "role_not_allowed")
    }

    /// `policy` as text shows what `policy --json` gives under `monitors` and `incidents`.
    @Test func policyTextShowsMonitorsAndIncidentRules() throws {
        let s = try Copy(frozen: true)
        let policy = s.dir.appendingPathComponent("gateboard.yaml")
        let plain = try s.run(["policy"])
        #expect(plain.stdout.contains("Monitors: none declared"), "\(plain)")
        #expect(plain.stdout.contains("severity 1 does not require a halt"))
        var text = try String(contentsOf: policy, encoding: .utf8)
        text += """
        monitors:
          - {name: precision, tiers: [medium, high], direction: below, warn: 0.9, breach: 0.85, staleAfterDays: 7, onBreach: incident, severity: 1}
          - {name: deflection, useCases: [UC-0013], direction: above, warn: 0.4, breach: 0.55, staleAfterDays: 3, onBreach: halt-request}
        incidents:
          haltOnSeverity1: true
          ackHours: {1: 2, 2: 6, 3: 30, 4: 96}
          resolveHours: {1: 12, 2: 100, 3: 300, 4: 700}
          reportDays: {general: 14, widespread: 3, death: 9}

        """
        try text.write(to: policy, atomically: true, encoding: .utf8)
        let json = try s.run(["policy", "--json"]).object()
        #expect((json["monitors"] as? [[String: Any]])?.count == 2)
        #expect((json["incidents"] as? [String: Any])?["haltOnSeverity1"] as? Bool == true)
        let r = try s.run(["policy"])
        #expect(r.status == 0, "\(r)")
        let lines = r.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        for needle in ["precision tier medium, high below 0.9 0.85 7 days incident (severity 1)",
                       "deflection UC-0013 above 0.4 0.55 3 days halt-request",
                       "1 2 h 12 h", "2 6 h 100 h", "3 30 h 300 h", "4 96 h 700 h",
                       "serious incidents reported within 14 days (general), 3 days (widespread), 9 days (death)",
                       "severity 1 requires a halt by the stop-ship authority"] {
            #expect(lines.contains { $0.contains(needle) }, "policy text lacks '\(needle)': \(r.stdout)")
        }
    }

    /// The owner is the operations owner by default and can be reassigned (to a person of the
    /// policy only); a use case halted for another reason is not resumed past an open severity 1.
    @Test func reassignmentAndNoResumePastAnOpenSeverityOne() throws {
        let s = try Copy(frozen: true)
        #expect(try s.run(["halt", "UC-0001", "--reason", "vendor outage"], as: "nadia").status == 0)
        let open = try s.run(["incident", "open", "UC-0001", "--severity", "1", "--summary", "leak"], as: "priya")
        #expect(open.status == 0, "\(open)")
        #expect(try s.run(["incident", "list", "--json"]).array().first?["owner"] as? String == "nadia")
        try refused(s, ["incident", "assign", "UC-0001#I1", "nobody"], as: "nadia", code: "unknown_person")
        try refused(s, ["incident", "assign", "UC-0001#I1", "ravi"], as: "maya", code: "role_not_allowed")
        let assign = try s.run(["incident", "assign", "UC-0001#I1", "ravi"], as: "nadia")
        #expect(assign.status == 0, "\(assign)")
        #expect(try s.run(["incident", "list", "--json"]).array().first?["owner"] as? String == "ravi")
        // The halt was not the incident's, yet an open severity-1 incident holds the resume.
        try refused(s, ["resume", "UC-0001", "--reason", "vendor back"], as: "nadia", code: "incident_open")
        #expect(try s.run(["incident", "resolve", "UC-0001#I1", "--root-cause", "debug log", "--action", "log off"], as: "ravi").status == 0)
        let resume = try s.run(["resume", "UC-0001", "--reason", "vendor back"], as: "nadia")
        #expect(resume.status == 0, "\(resume)")
    }
}

