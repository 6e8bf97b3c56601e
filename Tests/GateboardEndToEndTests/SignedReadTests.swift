import Foundation
import Testing

/// Issue 16: `list` and `show` (text and JSON) tell a decision that does not count for want of
/// a valid signature as `check` does ("approval by … not counted: no valid signature").
@Suite struct SignedReadTests {
    /// Two approvals recorded with signing off, then `signing: decisions` written into the
    /// policy by hand, no switch recorded: every decision must be signed, so neither counts.
    static func board() throws -> (FixtureBoard, String) {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        try walk.toSpecification()
        try walk.toImplementation()
        try walk.toCheckpoint()
        try board.act(["approve", walk.id, "--comment", "evals hold"], as: "rita", now: "2026-10-23T09:00:00Z")
        try board.act(["approve", walk.id], as: "ana", now: "2026-10-23T10:00:00Z")
        let policy = board.url("gateboard.yaml")
        let text = try String(contentsOf: policy, encoding: .utf8)
        try text.replacingOccurrences(of: "signing: off", with: "signing: decisions").write(to: policy, atomically: true, encoding: .utf8)
        return (board, walk.id)
    }

    static let now = "2026-10-24T09:00:00Z"
    static let rita = "approval by Rita Lindqvist not counted: no valid signature"

    @Test func checkShowAndListAgree() throws {
        let (board, id) = try Self.board()
        let check = try board.run(["check", id], now: Self.now)
        #expect(check.status == 1 && check.stdout.contains(Self.rita), "\(check)")
        let show = try board.run(["show", id], now: Self.now)
        #expect(show.status == 0 && show.stdout.contains(Self.rita), "\(show)")
        let showJSON = try board.run(["show", id, "--json"], now: Self.now)
        #expect(showJSON.stdout.contains(Self.rita), "\(showJSON)")
        let checkJSON = try board.run(["check", id, "--json"], now: Self.now)
        // The gate in show's JSON is check's.
        let gate = { (s: String) throws -> String in
            let o = try JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any]
            let g = try JSONSerialization.data(withJSONObject: o["gate"] ?? [:], options: [.sortedKeys])
            return String(decoding: g, as: UTF8.self)
        }
        #expect(try gate(showJSON.stdout) == gate(checkJSON.stdout))
        let list = try board.run(["list"], now: Self.now)
        #expect(list.stdout.contains(id) && !list.stdout.contains("ready"), "\(list)")
        let listJSON = try board.run(["list", "--json"], now: Self.now)
        #expect(listJSON.stdout.contains(Self.rita), "\(listJSON)")
    }
}
