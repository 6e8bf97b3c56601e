import Foundation
import Testing

/// The shipped sample board, on a scratch copy at the sample's "today": it verifies, and the
/// ritual commands (triage, stand-up, inbox) show what the board exists to catch.
@Suite struct SampleBoardTests {
    static let today = "2026-11-26T09:00:00Z"

    /// A scratch copy of sample-data/, removed afterwards. `frozen`: the sample as it was before
    /// operations, signing and content binding were added to it (Tests/Fixtures/
    /// sample-before-operations), for tests written against that board that add their own
    /// policy sections.
    final class Copy {
        let dir: URL
        var path: String { dir.path }
        init(frozen: Bool = false) throws {
            var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
                guard root.path != "/" else { throw TestFailure("no Package.swift above \(#filePath)") }
                root = root.deletingLastPathComponent()
            }
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-sample-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: root.appendingPathComponent(frozen ? "Tests/Fixtures/sample-before-operations" : "sample-data"), to: dir)
        }
        deinit { try? FileManager.default.removeItem(at: dir) }

        func run(_ args: [String], as user: String? = nil) throws -> GateboardBinary.Result {
            try GateboardBinary.run(args, board: path, now: SampleBoardTests.today, user: user)
        }
    }

    @Test func validatesAndVerifies() throws {
        let s = try Copy()
        let v = try s.run(["validate"])
        #expect(v.status == 0, "\(v)")
        #expect(v.stdout.contains("17 use cases, 11 people"))
        let verify = try s.run(["verify", "--json"])
        #expect(verify.status == 0, "\(verify)")
        #expect(try verify.object()["ok"] as? Bool == true)
    }

    @Test func everyStageIsPopulated() throws {
        let s = try Copy()
        let rows = try s.run(["list", "--all", "--json"]).array()
        let stages = Set(rows.compactMap { $0["stage"] as? String })
        #expect(stages == ["scoped", "specification", "implementation", "checkpoint", "release", "production", "retired"])
    }

    @Test func triageShowsEveryReasonWorstFirst() throws {
        let s = try Copy()
        let r = try s.run(["triage", "--json"])
        #expect(r.status == 0)
        let entries = try r.array()
        let codes = Set(entries.flatMap { ($0["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String } })
        for code in ["stalled", "stalling", "no_business_owner", "risk_not_engaged", "no_ops_owner", "metric_not_operational",
                     "approval_waiting", "waiver_expiring", "waiver_expired", "review_overdue", "halted", "park_overdue"] {
            #expect(codes.contains(code), "sample board shows \(code)")
        }
        let severities = entries.compactMap { $0["severity"] as? Int }
        #expect(severities == severities.sorted(by: >))
        #expect(entries.allSatisfy { $0["id"] != nil && $0["title"] != nil && $0["stage"] != nil })
        let text = try s.run(["triage"])
        #expect(text.stdout.hasPrefix("SEVERITY"))
        let md = try s.run(["triage", "--markdown"])
        #expect(md.stdout.hasPrefix("# Triage"))
        #expect(md.stdout.contains("`halted`"))
    }

    @Test func standupSinceTheLastMarkAndMarking() throws {
        let s = try Copy()
        let j = try s.run(["standup", "--json"]).object()
        #expect(j["since"] as? String == "2026-11-24T09:30:00Z")
        let changes = j["changes"] as? [[String: Any]] ?? []
        #expect(!changes.isEmpty)
        #expect(changes.allSatisfy { ($0["at"] as? String ?? "") > "2026-11-24T09:30:00Z" })
        for key in ["summary", "blocked", "mustAct"] { #expect(j[key] != nil, "standup --json has \(key)") }
        let week = try s.run(["standup", "--since", "2026-11-17", "--json"]).object()
        #expect((week["changes"] as? [Any])?.count ?? 0 > changes.count)
        let md = try s.run(["standup", "--markdown"])
        #expect(md.stdout.contains("## Who must act"))
        // Marking needs a person, then moves "since" to now.
        #expect(try s.run(["standup", "--mark"]).status == 1)
        #expect(try s.run(["standup", "--mark"], as: "maya").status == 0)
        let after = try s.run(["standup", "--json"]).object()
        #expect(after["since"] as? String == SampleBoardTests.today)
        #expect(try s.run(["verify"]).status == 0)
    }

    @Test func inboxForAReviewerAndForEveryone() throws {
        let s = try Copy()
        let omar = try s.run(["inbox", "--json"], as: "omar").array()
        #expect(omar.contains { $0["id"] as? String == "UC-0002" && $0["need"] as? String == "renew" })
        #expect(omar.allSatisfy { $0["waitingDays"] is Int && $0["message"] is String && $0["stage"] is String })
        let everyone = try s.run(["inbox", "--all", "--json"]).array()
        #expect(everyone.count > 3)
        #expect(everyone.allSatisfy { $0["person"] is String && $0["entries"] is [Any] })
        // Someone with nothing to do.
        let board = try FixtureBoard()
        let empty = try board.run(["inbox"], as: "pat")
        #expect(empty.status == 0)
        #expect(empty.stdout.contains("nothing needs you"))
        #expect(try board.run(["inbox", "--json"], as: "pat").array().isEmpty)
    }

    @Test func approvingFromTheInboxRemovesTheEntry() throws {
        let s = try Copy()
        let before = try s.run(["inbox", "--json"], as: "omar").array()
        #expect(before.contains { $0["id"] as? String == "UC-0017" && $0["need"] as? String == "approve" })
        let r = try s.run(["approve", "UC-0017", "--comment", "narratives sampled, fine"], as: "omar")
        #expect(r.status == 0, "\(r)")
        let after = try s.run(["inbox", "--json"], as: "omar").array()
        #expect(!after.contains { $0["id"] as? String == "UC-0017" && $0["need"] as? String == "approve" })
        let log = try s.run(["log", "UC-0017", "--json"]).array()
        #expect(log.last?["action"] as? String == "approve")
        #expect(log.last?["actor"] as? String == "omar")
    }

    @Test func portfolioReport() throws {
        let s = try Copy()
        let o = try s.run(["report", "--json"]).object()
        #expect(o["inProduction"] as? Int == 3)
        #expect(o["reachedProduction"] as? Int == 4)
        let stages = o["stages"] as? [[String: Any]] ?? []
        #expect(stages.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == 17)
        let toProd = o["scopedToProduction"] as? [String: Any]
        #expect(toProd?["count"] as? Int == 4)
        #expect((o["throughput"] as? [[String: Any]])?.first?["month"] as? String == "2026-01")
        #expect((o["waiversOpen"] as? [[String: Any]])?.first?["id"] as? String == "UC-0012")
        let text = try s.run(["report"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Use cases per stage"))
        #expect(text.stdout.contains("█"))
        #expect(!text.stdout.split(separator: "\n").contains { $0.hasSuffix(" ") })
        let md = try s.run(["report", "--markdown"])
        #expect(md.stdout.contains("| Stage | Use cases |"))
        #expect(try s.run(["report", "--json", "--markdown"]).status == 2)
    }
}
