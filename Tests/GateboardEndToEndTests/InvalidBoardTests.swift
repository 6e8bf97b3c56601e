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
        let file = board.url("usecases/\(id).yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "tier: medium", with: "tier: extreme\ncolour: blue")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: file)
        let r = try board.run(["validate", "--json"])
        #expect(r.status == 3)
        let o = try r.object()
        #expect(o["ok"] as? Bool == false)
        let diagnostics = o["diagnostics"] as? [[String: Any]] ?? []
        #expect(diagnostics.count >= 2, "unknown tier and unknown key both reported: \(r.stdout)")
        #expect(diagnostics.allSatisfy { ($0["path"] as? String)?.contains(id) == true })
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
