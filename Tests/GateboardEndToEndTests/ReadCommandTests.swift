import Foundation
import Testing

/// list, show, check, policy, validate: text and JSON on a small board.
@Suite struct ReadCommandTests {
    /// Two use cases: one in specification with both owners, one fresh in scoped.
    static func smallBoard() throws -> (FixtureBoard, Walkthrough, String) {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        try walk.toSpecification()
        let fresh = try board.create("Support-ticket triage \u{1B}[31mred", tier: "low", problem: "", metric: "",
                                     now: "2026-11-01T09:00:00Z")
        return (board, walk, fresh)
    }

    @Test func validateCountsUseCasesAndPeople() throws {
        let (board, _, _) = try Self.smallBoard()
        let r = try board.run(["validate"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("board OK: 2 use cases, 6 people"))
    }

    @Test func listJSONHasTheDocumentedFields() throws {
        let (board, walk, fresh) = try Self.smallBoard()
        let rows = try board.run(["list", "--json"]).array()
        #expect(rows.count == 2)
        let first = try #require(rows.first { $0["id"] as? String == walk.id })
        #expect(first["title"] as? String == "KYC document verification")
        #expect(first["stage"] as? String == "specification")
        #expect(first["tier"] as? String == "medium")
        #expect(first["daysInStage"] as? Int == 49)          // 2026-10-02 → 2026-11-20
        #expect(first["stalled"] as? Bool == true)           // SLA 21 days for medium
        #expect(first["blockers"] is Int)
        #expect((first["owners"] as? [String: String])?["business_owner"] == "ana")
        let second = try #require(rows.first { $0["id"] as? String == fresh })
        // JSON keeps the exact text, escape sequence included.
        #expect(second["title"] as? String == "Support-ticket triage \u{1B}[31mred")
        #expect(second["stalled"] as? Bool == false)
    }

    @Test func listTextIsAlignedAndEscaped() throws {
        let (board, walk, fresh) = try Self.smallBoard()
        let r = try board.run(["list"])
        #expect(r.status == 0)
        #expect(!r.stdout.contains("\u{1B}"))
        #expect(r.stdout.contains("^[[31mred"))
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID") == true)
        let a = try #require(lines.first { $0.hasPrefix(walk.id) })
        let b = try #require(lines.first { $0.hasPrefix(fresh) })
        // The stage column starts at the same place on every row.
        #expect(a.range(of: "specification")?.lowerBound.utf16Offset(in: a) == b.range(of: "scoped")?.lowerBound.utf16Offset(in: b))
        #expect(a.contains("STALLED"))
    }

    @Test func listFilters() throws {
        let (board, walk, fresh) = try Self.smallBoard()
        let byStage = try board.run(["list", "--stage", "scoped", "--json"]).array()
        #expect(byStage.map { $0["id"] as? String } == [fresh])
        let byOwner = try board.run(["list", "--owner", "ben", "--json"]).array()
        #expect(byOwner.map { $0["id"] as? String } == [walk.id])
        let stalled = try board.run(["list", "--stalled", "--json"]).array()
        #expect(stalled.map { $0["id"] as? String } == [walk.id])
        let none = try board.run(["list", "--stage", "production"])
        #expect(none.status == 0)
        #expect(none.stdout.contains("no use cases match"))
    }

    @Test func showJSONShape() throws {
        let (board, walk, _) = try Self.smallBoard()
        let o = try board.run(["show", walk.id, "--json"]).object()
        for key in ["id", "title", "stage", "tier", "owners", "halted", "gate", "approvals", "waivers",
                    "problem", "metric", "daysInStage", "stalled", "artifacts", "digest", "pathToProduction"] {
            #expect(o[key] != nil, "show --json has \(key)")
        }
        let gate = try #require(o["gate"] as? [String: Any])
        #expect(gate["from"] as? String == "specification")
        #expect(gate["to"] as? String == "implementation")
        #expect(gate["passed"] as? Bool == false)
        let blockers = gate["blockers"] as? [[String: Any]] ?? []
        #expect(blockers.contains { $0["kind"] as? String == "evidence" && $0["control"] as? String == "spec-reference" })
        #expect(blockers.contains { $0["kind"] as? String == "approval" && $0["role"] as? String == "risk_reviewer" })
        let path = o["pathToProduction"] as? [[String: Any]] ?? []
        #expect(path.first?["from"] as? String == "specification")
        #expect(path.last?["to"] as? String == "production")
    }

    @Test func showTextHasGateOwnersAndPath() throws {
        let (board, walk, _) = try Self.smallBoard()
        let r = try board.run(["show", walk.id])
        #expect(r.status == 0)
        for needle in ["KYC document verification", "Specification", "49 days", "STALLED", "Business owner",
                       "Ana Ortiz", "BLOCKED", "Path to production", "Recent activity"] {
            #expect(r.stdout.contains(needle), "show contains \(needle)")
        }
    }

    @Test func checkExitCodesFollowTheGate() throws {
        let board = try FixtureBoard()
        let id = try board.create("Fraud alert summarisation")
        let blocked = try board.run(["check", id])
        #expect(blocked.status == 1)
        #expect(blocked.stdout.contains("BLOCKED"))
        try board.act(["assign", id, "business_owner", "ana"], as: "ana")
        try board.act(["assign", id, "technical_owner", "ben"], as: "ana")
        let passes = try board.run(["check", id, "--json"])
        #expect(passes.status == 0, "\(passes)")
        let gate = try passes.object()["gate"] as? [String: Any]
        #expect(gate?["passed"] as? Bool == true)
        #expect((gate?["blockers"] as? [Any])?.isEmpty == true)
    }

    @Test func policyJSONAndText() throws {
        let board = try FixtureBoard()
        let o = try board.run(["policy", "--json"]).object()
        let stages = o["stages"] as? [[String: Any]] ?? []
        #expect(stages.map { $0["id"] as? String } == ["scoped", "specification", "implementation", "checkpoint", "release", "production", "retired"])
        #expect(stages.first?["ownerRole"] as? String == "business_owner")
        #expect((o["roles"] as? [Any])?.count == 6)
        #expect((o["tiers"] as? [Any])?.count == 3)
        let people = o["people"] as? [[String: Any]] ?? []
        #expect(people.contains { $0["id"] as? String == "ana" && $0["function"] as? String == "product" })
        let controls = o["controls"] as? [[String: Any]] ?? []
        let riskReview = try #require(controls.first { $0["id"] as? String == "risk-review" })
        #expect(riskReview["waivable"] as? Bool == false)
        #expect(riskReview["kind"] as? String == "approval")
        let text = try board.run(["policy"])
        #expect(text.status == 0)
        for needle in ["Stages", "Gates", "Controls", "People", "Waivers", "checkpoint → release", "never waived"] {
            #expect(text.stdout.contains(needle), "policy text contains \(needle)")
        }
    }

    @Test func logTextAndSince() throws {
        let (board, walk, fresh) = try Self.smallBoard()
        let all = try board.run(["log"])
        #expect(all.status == 0)
        #expect(all.stdout.contains(walk.id) && all.stdout.contains(fresh))
        let since = try board.run(["log", "--since", "2026-10-15", "--json"]).array()
        #expect(since.map { $0["useCase"] as? String } == [fresh])
    }

    /// An impossible time is refused, not rolled over (`2026-02-30` was read as 2 March, and
    /// `T24:00:00Z` as midnight of the next day), for the clock and for `--since` alike.
    @Test func impossibleTimesAreRefused() throws {
        let board = try FixtureBoard()
        for bad in ["2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z", "2026-11-26T09:00:60Z"] {
            let clock = try board.run(["list"], now: bad)
            #expect(clock.status != 0, "GATEBOARD_NOW=\(bad) accepted")
            #expect(clock.stderr.contains("GATEBOARD_NOW is not an ISO 8601 time"), "\(clock.stderr)")
            for command in ["log", "standup"] {
                let since = try board.run([command, "--since", bad])
                #expect(since.status != 0, "\(command) --since \(bad) accepted")
                #expect(since.stderr.contains("--since"), "\(since.stderr)")
            }
        }
        #expect(try board.run(["log", "--since", "2026-01-01T10:00:00+02:00"]).status == 0)
    }

    @Test func hostileTextIsEscapedInTextAndExactInJSON() throws {
        let board = try FixtureBoard()
        let hostile = "Fraud \u{1B}]0;pwned\u{07} \u{202E}evil\u{202C} 検証"
        let id = try board.create(hostile, problem: "line one\nline two \u{1B}[2J", metric: "")
        let show = try board.run(["show", id])
        #expect(show.status == 0)
        #expect(!show.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        #expect(show.stdout.contains("検証"))
        #expect(show.stdout.contains("  line two ^[[2J"), "problem keeps its lines, each escaped")
        let json = try board.run(["show", id, "--json"]).object()
        #expect(json["title"] as? String == hostile)
        let log = try board.run(["log", id])
        #expect(!log.stdout.unicodeScalars.contains { $0.value == 0x1B })
        let md = try board.run(["triage", "--markdown"])
        #expect(!md.stdout.unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test func logIncludesBoardEventsOnlyForTheWholeBoard() throws {
        let board = try FixtureBoard()
        let id = try board.create("Support-ticket triage")
        try board.act(["standup", "--mark"], as: "ana")
        let all = try board.run(["log", "--json"]).array()
        #expect(all.contains { $0["action"] as? String == "standup" })
        let one = try board.run(["log", id, "--json"]).array()
        #expect(!one.contains { $0["action"] as? String == "standup" })
    }
}
