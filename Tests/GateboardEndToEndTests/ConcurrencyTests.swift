import Foundation
import Testing

/// Several processes acting on one use case at once: nothing lost, decisions see each other.
@Suite struct ConcurrencyTests {
    @Test func quorumOfTwoReachedByConcurrentApprovals() throws {
        // Checkpoint sign-off needs two risk reviewers, any holder of the role.
        let board = try FixtureBoard { text in
            text.replacingOccurrences(of: "- {role: risk_reviewer, control: checkpoint-signoff}",
                                      with: "- {role: risk_reviewer, control: checkpoint-signoff, quorum: 2, anyHolder: true}")
        }
        let walk = try Walkthrough(board: board)
        try walk.toSpecification()
        try walk.toImplementation()
        try walk.toCheckpoint()

        let now = "2026-10-23T09:00:00Z"
        var running: [GateboardBinary.Running] = []
        running.append(try GateboardBinary.start(["approve", walk.id, "--board", board.path], now: now, user: "rita"))
        running.append(try GateboardBinary.start(["approve", walk.id, "--board", board.path], now: now, user: "pat"))
        running.append(try GateboardBinary.start(["approve", walk.id, "--board", board.path], now: now, user: "ana"))
        for i in 0..<9 {
            let who = ["ben", "olga", "carl"][i % 3]
            running.append(try GateboardBinary.start(["comment", walk.id, "note \(i)", "--board", board.path], now: now, user: who))
        }
        let results = running.map { $0.wait() }
        for r in results { #expect(r.status == 0, "\(r)") }

        let show = try board.run(["show", walk.id, "--json"]).object()
        let approvals = show["approvals"] as? [[String: Any]] ?? []
        #expect(Set(approvals.compactMap { $0["person"] as? String }) == ["rita", "pat", "ana"])
        let gate = show["gate"] as? [String: Any]
        #expect(gate?["passed"] as? Bool == true, "quorum of two reached: \(show)")
        let events = try board.run(["log", walk.id, "--json"]).array()
        let comments = events.filter { $0["action"] as? String == "comment" }
        #expect(comments.count == 9)
        let seqs = events.compactMap { $0["seq"] as? Int }
        #expect(seqs == Array(1...seqs.count))
        #expect(try board.run(["verify"]).status == 0)
        #expect(try board.act(["advance", walk.id], as: "rita").status == 0)
    }
}
