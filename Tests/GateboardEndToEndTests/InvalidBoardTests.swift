import Foundation
import Testing

/// Broken boards: every problem as path:line:col, exit 3, and nothing written.
@Suite struct InvalidBoardTests {
    @Test func malformedPolicyIsReportedWithPosition() throws {
        let board = try FixtureBoard()
        let policy = board.url("gateboard.yaml")
        var text = try String(contentsOf: policy, encoding: .utf8)
        text = text.replacingOccurrences(of: "idPrefix: UC", with: "idPrefix: UC\nstagez: [oops")
        try text.write(to: policy, atomically: true, encoding: .utf8)
        let r = try board.run(["validate"])
        #expect(r.status == 3)
        #expect(r.stdout.contains("gateboard.yaml:"))
        // path:line:col: message
        let diag = try #require(r.stdout.split(separator: "\n").first { $0.contains("gateboard.yaml:") })
        let parts = diag.split(separator: ":", maxSplits: 3)
        #expect(parts.count == 4)
        #expect(Int(parts[1]) != nil && Int(parts[2].trimmingCharacters(in: .whitespaces)) != nil)
    }

    @Test func everyProblemAtOnceAndOtherCommandsExitThree() throws {
        let board = try FixtureBoard()
        let id = try board.create("Payment-collection reminders")
        let other = try board.create("Support-ticket triage")
        let file = board.url("usecases/\(id).yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "tier: medium", with: "tier: medium\ntitel: typo")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let otherFile = board.url("usecases/\(other).yaml")
        let otherText = try String(contentsOf: otherFile, encoding: .utf8)
        try otherText.replacingOccurrences(of: "tier: medium", with: "tier: extreme").write(to: otherFile, atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: file)
        let r = try board.run(["validate", "--json"])
        #expect(r.status == 3)
        let o = try r.object()
        #expect(o["ok"] as? Bool == false)
        let diagnostics = o["diagnostics"] as? [[String: Any]] ?? []
        #expect(diagnostics.contains { ($0["path"] as? String)?.hasSuffix("\(id).yaml") == true && ($0["message"] as? String)?.contains("title") == true },
                "unknown key with a did-you-mean: \(r.stdout)")
        #expect(diagnostics.contains { ($0["path"] as? String)?.hasSuffix("\(other).yaml") == true && ($0["message"] as? String)?.contains("extreme") == true },
                "unknown tier in the other file, reported in the same run: \(r.stdout)")
        #expect(diagnostics.allSatisfy { $0["line"] is Int && $0["column"] is Int })
        for cmd in [["list"], ["show", id], ["check", id], ["policy"]] {
            let x = try board.run(cmd)
            #expect(x.status == 3, "\(cmd) on an invalid board")
            #expect(x.stderr.contains("\(id).yaml:"))
        }
        // An action on an invalid board writes nothing.
        let act = try board.run(["comment", id, "hello"], as: "ana")
        #expect(act.status == 3)
        #expect(try Data(contentsOf: file) == before)
    }

    @Test func newerSchemaIsRefusedAndNotRewritten() throws {
        let board = try FixtureBoard()
        let policy = board.url("gateboard.yaml")
        var text = try String(contentsOf: policy, encoding: .utf8)
        text = text.replacingOccurrences(of: "schema: 1", with: "schema: 99")
        try text.write(to: policy, atomically: true, encoding: .utf8)
        let r = try board.run(["validate"])
        #expect(r.status == 3)
        #expect(r.stdout.contains("schema"))
        #expect(try String(contentsOf: policy, encoding: .utf8) == text)
    }
}
