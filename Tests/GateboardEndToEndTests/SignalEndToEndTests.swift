import Foundation
import Testing

/// `gateboard signal` through the real binary on a copy of the sample board with monitors.
@Suite struct SignalEndToEndTests {
    typealias Copy = SampleBoardTests.Copy

    static let monitors = """
    monitors:
      - {name: precision, tiers: [high], direction: below, warn: 0.9, breach: 0.85, staleAfterDays: 7, onBreach: retrain}
      - {name: complaints, tiers: [medium, high], direction: above, warn: 5, breach: 20, staleAfterDays: 3, onBreach: incident, severity: 2}

    """

    func board() throws -> Copy {
        let s = try Copy(frozen: true)
        let policy = s.dir.appendingPathComponent("gateboard.yaml")
        var text = try String(contentsOf: policy, encoding: .utf8)
        text += Self.monitors
        text = text.replacingOccurrences(of: "  - {id: ravi,", with: "  - {id: probe, name: Monitoring job, function: service, roles: []}\n  - {id: ravi,")
        try text.write(to: policy, atomically: true, encoding: .utf8)
        return s
    }

    func write(_ s: Copy, _ name: String, _ lines: [String]) throws -> String {
        let url = s.dir.appendingPathComponent(name)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func snapshot(_ s: Copy) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for dir in ["usecases", "audit"] {
            for f in try FileManager.default.contentsOfDirectory(atPath: s.dir.appendingPathComponent(dir).path) {
                out[dir + "/" + f] = try Data(contentsOf: s.dir.appendingPathComponent(dir + "/" + f))
            }
        }
        return out
    }

    func line(_ uc: String, _ monitor: String, _ value: String, _ at: String) -> String {
        #"{"useCase":"\#(uc)","monitor":"\#(monitor)","value":\#(value),"at":"\#(at)"}"#
    }

    @Test func transitionsOnlyAndTheirTriggers() throws {
        let s = try board()
        let file = try write(s, "samples.jsonl", [
            line("UC-0001", "precision", "0.93", "2026-11-20T08:00:00Z"),
            line("UC-0001", "precision", "0.84", "2026-11-24T08:00:00Z"),
            line("UC-0001", "precision", "0.88", "2026-11-22T08:00:00Z"),
            line("UC-0001", "precision", "0.92", "2026-11-21T08:00:00Z"),
            line("UC-0013", "complaints", "31", "2026-11-25T08:00:00Z"),
        ])
        let r = try s.run(["signal", "--file", file, "--json"], as: "probe")
        #expect(r.status == 0, "\(r)")
        let cases = try #require(try r.object()["useCases"] as? [[String: Any]])
        let uc1 = try #require(cases.first { $0["id"] as? String == "UC-0001" })
        let levels = (uc1["transitions"] as? [[String: Any]] ?? []).compactMap { $0["level"] as? String }
        #expect(levels == ["ok", "warn", "breach"])   // four samples, three transitions
        let uc13 = try #require(cases.first { $0["id"] as? String == "UC-0013" })
        #expect((uc13["transitions"] as? [[String: Any]])?.first?["incident"] as? String == "UC-0013#I1")
        let show = try s.run(["show", "UC-0001", "--json"]).object()
        let monitors = try #require(show["monitors"] as? [[String: Any]])
        let precision = try #require(monitors.first { $0["name"] as? String == "precision" })
        #expect(precision["level"] as? String == "breach")
        #expect(precision["value"] as? Double == 0.84)
        #expect(precision["pending"] as? String == "retrain")
        #expect(precision["direction"] as? String == "below")
        // complaints never reported on UC-0001 since it went live long ago: silent
        #expect(monitors.first { $0["name"] as? String == "complaints" }?["level"] as? String == "silent")
        let incidents = try s.run(["incident", "list", "--json"]).array()
        #expect(incidents.first?["id"] as? String == "UC-0013#I1")
        #expect(incidents.first?["openedBy"] as? String == "probe")
        // Only the transitions are in the log.
        let log = try String(contentsOf: s.dir.appendingPathComponent("audit/UC-0001.jsonl"), encoding: .utf8)
        #expect(log.components(separatedBy: #""action":"monitor""#).count - 1 == 3)
        #expect(try s.run(["verify"]).status == 0)
        // A sample at the same level records nothing.
        let same = try s.run(["signal", "UC-0001", "precision", "0.83", "--at", "2026-11-25T08:00:00Z", "--json"], as: "priya")
        #expect(same.status == 0, "\(same)")
        #expect(try String(contentsOf: s.dir.appendingPathComponent("audit/UC-0001.jsonl"), encoding: .utf8) == log)
    }

    @Test func aBreachOnAHaltedUseCaseIsRecordedButSetsNothingOff() throws {
        let s = try board()
        let r = try s.run(["signal", "UC-0003", "complaints", "37"], as: "nadia")
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("is halted"))
        #expect(try s.run(["incident", "list", "--json"]).array().isEmpty)
    }

    @Test func badInputRefusesTheUseCaseAndWritesNothing() throws {
        let s = try board()
        let good = line("UC-0001", "precision", "0.93", "2026-11-20T08:00:00Z")
        let cases: [(lines: [String], needle: String)] = [
            ([good, line("UC-0001", "recall", "0.9", "2026-11-21T08:00:00Z")], ":2: UC-0001 has no monitor 'recall'"),
            ([line("UC-0999", "precision", "0.9", "2026-11-21T08:00:00Z")], ":1: no use case UC-0999"),
            ([good, line("UC-0001", "precision", "0.9", "2026-12-21T08:00:00Z")], ":2: the sample is dated 2026-12-21T08:00:00Z, in the future"),
            ([good, line("UC-0001", "precision", "0.9", "2020-01-01T08:00:00Z")], "before UC-0001 reached production"),
            ([good, line("UC-0001", "precision", "0.91", "2026-11-20T08:00:00Z")], ":2: a duplicate sample"),
        ]
        for c in cases {
            let before = try snapshot(s)
            let file = try write(s, "bad.jsonl", c.lines)
            let r = try s.run(["signal", "--file", file], as: "nadia")
            #expect(r.status == 1, "\(c.needle): \(r)")
            #expect(r.stderr.contains(c.needle), "\(c.needle): \(r)")
            #expect(try snapshot(s) == before, "\(c.needle): something was written")
        }
        // Lines that are not samples refuse the whole file, each named by its line.
        for (bad, needle) in [(#"{"useCase":"UC-0001","monitor":"precision","value":"NaN","at":"2026-11-21T08:00:00Z"}"#, "value: expected a number"),
                              (#"{"useCase":"UC-0001","monitor":"precision","value":1e999,"at":"2026-11-21T08:00:00Z"}"#, "number out of range"),
                              (#"{"useCase":"UC-0001","monitor":"precision","value":0.9}"#, "at: expected a time"),
                              (#"{"useCase":"UC-0001","monitor":"precision","value":0.9,"at":"2026-11-21T08:00:00Z","extra":1}"#, "unknown field 'extra'"),
                              ("not json", "not valid JSON")] {
            let before = try snapshot(s)
            let file = try write(s, "bad.jsonl", [good, "", bad])
            let r = try s.run(["signal", "--file", file], as: "nadia")
            #expect(r.status == 2, "\(r)")
            #expect(r.stderr.contains("bad.jsonl:3: " + needle) || r.stderr.contains(needle) && r.stderr.contains(":3:"), "\(r)")
            #expect(try snapshot(s) == before)
        }
        for (args, needle) in [(["UC-0001", "precision", "NaN"], "not a finite number"), (["UC-0001", "precision", "inf"], "not a finite number"),
                               (["UC-0001", "precision", "high"], "is not a number"), (["UC-0001", "precision"], "give a use case, a monitor and a value")] {
            let r = try s.run(["signal"] + args, as: "nadia")
            #expect(r.status == 2 && r.stderr.contains(needle), "\(args): \(r)")
        }
        // Not the ops or technical owner, nor a service account.
        let before = try snapshot(s)
        let r = try s.run(["signal", "UC-0001", "precision", "0.5", "--json"], as: "maya")
        #expect(r.status == 1)
        #expect(((try r.object()["useCases"] as? [[String: Any]])?.first?["error"] as? [String: Any])?["code"] as? String == "role_not_allowed")
        #expect(try snapshot(s) == before)
    }

    /// One use case refused does not hold back another's samples.
    @Test func allOrNothingPerUseCase() throws {
        let s = try board()
        let file = try write(s, "mixed.jsonl", [
            line("UC-0001", "precision", "0.80", "2026-11-20T08:00:00Z"),
            line("UC-0013", "complaints", "3", "2026-11-24T08:00:00Z"),
            line("UC-0013", "complaints", "4", "2030-11-24T08:00:00Z"),
        ])
        let r = try s.run(["signal", "--file", file, "--json"], as: "probe")
        #expect(r.status == 1)
        let cases = try #require(try r.object()["useCases"] as? [[String: Any]])
        #expect(cases.first { $0["id"] as? String == "UC-0001" }?["error"] == nil)
        #expect((cases.first { $0["id"] as? String == "UC-0013" }?["error"] as? [String: Any])?["line"] as? Int == 3)
        let log13 = try String(contentsOf: s.dir.appendingPathComponent("audit/UC-0013.jsonl"), encoding: .utf8)
        #expect(!log13.contains(#""action":"monitor""#))
        let log1 = try String(contentsOf: s.dir.appendingPathComponent("audit/UC-0001.jsonl"), encoding: .utf8)
        #expect(log1.contains(#""action":"monitor""#))
    }

    /// A 100 MB samples file is streamed; a bad line deep inside is named by its number and
    /// nothing is taken.
    @Test func aHundredMegabyteFileIsStreamedWithLineNumbers() throws {
        let s = try board()
        let url = s.dir.appendingPathComponent("big.jsonl")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let h = try FileHandle(forWritingTo: url)
        let pad = String(repeating: "x", count: 900)
        var chunk = ""
        var lines = 0
        var bytes = 0
        let start = Date(timeIntervalSince1970: 1_700_000_000)   // before production: never reached (bad line first)
        // One formatter for all lines: one per line took most of this test's CPU.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        while bytes < 100_000_000 {
            lines += 1
            let at = formatter.string(from: start.addingTimeInterval(Double(lines)))
            let text = lines == 90_000
                ? #"{"useCase":"UC-0001","monitor":"precision","value":"oops","at":"\#(at)"}"#
                : #"{"useCase":"UC-0001","monitor":"precision","value":0.95,"at":"\#(at)","source":"\#(pad)"}"#
            chunk += text + "\n"
            bytes += text.utf8.count + 1
            if chunk.utf8.count > 4_000_000 { h.write(Data(chunk.utf8)); chunk = "" }
        }
        h.write(Data(chunk.utf8))
        try h.close()
        let before = try snapshot(s)
        let r = try s.run(["signal", "--file", url.path], as: "probe")
        #expect(r.status == 2, "\(r.stderr.prefix(500))")
        #expect(r.stderr.contains("big.jsonl:90000: value: expected a number"), "\(r.stderr.prefix(500))")
        #expect(try snapshot(s) == before)
    }
}
