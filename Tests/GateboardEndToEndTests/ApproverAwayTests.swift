import Foundation
import Testing

/// The policy's `away:` list through the real binary: triage names approvals that wait on
/// someone away; `policy --json` shows the list; a bad entry is a located diagnostic and the
/// board refuses actions until it is fixed.
@Suite struct ApproverAwayEndToEndTests {
    @Test func triageNamesApprovalsWaitingOnSomeoneAway() throws {
        let s = try SampleBoardTests.Copy(frozen: true)
        let policy = s.path + "/gateboard.yaml"
        let text = try String(contentsOfFile: policy, encoding: .utf8)
        let before = try s.run(["triage", "--json"]).array()
        #expect(!before.contains { ($0["reasons"] as? [[String: Any]] ?? []).contains { $0["code"] as? String == "approver_away" } })
        try (text + "\naway:\n  - {person: omar, from: 2026-11-25, until: 2026-12-11, note: Annual leave}\n")
            .write(toFile: policy, atomically: true, encoding: .utf8)
        let entries = try s.run(["triage", "--json"]).array()
        let away = entries.filter { ($0["reasons"] as? [[String: Any]] ?? []).contains { $0["code"] as? String == "approver_away" } }
        #expect(Set(away.compactMap { $0["id"] as? String }) == ["UC-0002", "UC-0008", "UC-0014", "UC-0017"])
        let uc17 = try #require(entries.first { $0["id"] as? String == "UC-0017" })
        let reason = (uc17["reasons"] as? [[String: Any]])?.first { $0["code"] as? String == "approver_away" }
        #expect(reason?["message"] as? String
            == "checkpoint approval as risk reviewer waits on Omar Haddad, away until 2026-12-11; "
            + "nobody is delegated to give it (gateboard delegate --as omar --to PERSON --until DAY --role risk_reviewer)")
        let p = try s.run(["policy", "--json"]).object()
        #expect((p["away"] as? [[String: Any]])?.first?["until"] as? String == "2026-12-11")
        #expect(try s.run(["policy"]).stdout.contains("Away: Omar Haddad 2026-11-25 to 2026-12-11 (Annual leave)"))
    }

    @Test func aBadAwayEntryIsLocatedAndNothingIsWritten() throws {
        let s = try SampleBoardTests.Copy(frozen: true)
        let policy = s.path + "/gateboard.yaml"
        let text = try String(contentsOfFile: policy, encoding: .utf8)
        try (text + "\naway:\n  - {person: omr, from: 2026-11-25, until: 2026-12-11}\n")
            .write(toFile: policy, atomically: true, encoding: .utf8)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).count + 2
        let log = try Data(contentsOf: URL(fileURLWithPath: s.path + "/audit/UC-0017.jsonl"))
        let r = try s.run(["comment", "UC-0017", "hello"], as: "priya")
        #expect(r.status == 3, "\(r)")
        #expect(r.stderr.contains("gateboard.yaml:\(line):14: away.person: unknown person 'omr' (did you mean 'omar'?)"), "\(r)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.path + "/audit/UC-0017.jsonl")) == log)
    }
}
