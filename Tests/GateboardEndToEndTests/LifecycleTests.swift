import Foundation
import Testing

/// A use case walked through every gate by the real binary, and the refusals on the way.
@Suite struct LifecycleTests {
    @Test func walksFromScopedToProductionAndALiveChangeGoesBack() throws {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        #expect(try walk.stage() == "scoped")
        try walk.toSpecification()
        #expect(try walk.stage() == "specification")
        try walk.toImplementation()
        #expect(try walk.stage() == "implementation")
        try walk.toCheckpoint()
        #expect(try walk.stage() == "checkpoint")
        try walk.toRelease()
        #expect(try walk.stage() == "release")
        try walk.toProduction()
        #expect(try walk.stage() == "production")

        // A prompt change sends it back to release (the default policy's routing).
        let change = try board.act(["change", walk.id, "--kind", "prompt", "--summary", "tone update", "--json"],
                                   as: "olga", now: "2026-11-10T09:00:00Z")
        let o = try change.object()
        #expect(o["ok"] as? Bool == true)
        #expect(o["action"] as? String == "change")
        #expect(o["stage"] as? String == "release")
        #expect(try walk.stage() == "release")

        // The whole history is there, newest last, and the chain verifies.
        let log = try board.run(["log", walk.id, "--json"])
        #expect(log.status == 0)
        let events = try log.array()
        #expect(events.first?["action"] as? String == "create")
        #expect(events.last?["action"] as? String == "change")
        #expect(events.allSatisfy { ($0["osUser"] as? String)?.isEmpty == false })
        let seqs = events.compactMap { $0["seq"] as? Int }
        #expect(seqs == Array(1...seqs.count))
        #expect(try board.run(["verify"]).status == 0)
        #expect(try board.run(["validate"]).status == 0)
    }

    @Test func advanceWhenBlockedListsEveryBlocker() throws {
        let board = try FixtureBoard()
        let id = try board.create("Onboarding automation", problem: "", metric: "")
        let r = try board.run(["advance", id], as: "ana")
        #expect(r.status == 1)
        #expect(r.stderr.contains("refused"))
        let j = try board.run(["advance", id, "--json"], as: "ana")
        #expect(j.status == 1)
        let o = try j.object()
        #expect(o["ok"] as? Bool == false)
        #expect(o["code"] as? String == "gate_blocked")
        let blockers = o["blockers"] as? [[String: Any]] ?? []
        // Both owners, the problem statement and the metric.
        #expect(blockers.count >= 4)
        #expect(blockers.contains { $0["kind"] as? String == "owner" && $0["role"] as? String == "business_owner" })
        #expect(blockers.contains { $0["kind"] as? String == "field" && $0["field"] as? String == "metric" })
        // Text lists the same blockers.
        for b in blockers {
            #expect(r.stderr.contains(b["message"] as? String ?? "<none>"))
        }
        #expect(try board.run(["check", id]).status == 1)
    }

    @Test func editingAnArtifactVoidsApprovalsAndSaysSo() throws {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        try walk.toSpecification()
        try walk.toImplementation()
        try walk.toCheckpoint()
        try board.act(["approve", walk.id], as: "rita", now: "2026-10-23T09:00:00Z")
        let r = try board.act(["edit", walk.id, "--artifact", "prompt=prompts/kyc.md@v3"], as: "ben", now: "2026-10-24T09:00:00Z")
        #expect(r.stdout.contains("void"))
        #expect(r.stdout.contains("Rita Lindqvist"))
        let show = try board.run(["show", walk.id, "--json"]).object()
        let approvals = show["approvals"] as? [[String: Any]] ?? []
        #expect(approvals.count == 1)
        #expect(approvals.first?["void"] as? Bool == true)
        let check = try board.run(["check", walk.id, "--json"])
        #expect(check.status == 1)
        let gate = try check.object()["gate"] as? [String: Any]
        let blockers = gate?["blockers"] as? [[String: Any]] ?? []
        #expect(blockers.contains { $0["kind"] as? String == "approval" })
    }

    @Test func refusalsSayWhy() throws {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        try walk.toSpecification()
        // A technical owner may not approve the risk review.
        let selfish = try board.run(["approve", walk.id], as: "ben")
        #expect(selfish.status == 1)
        #expect(!selfish.stderr.isEmpty)
        // Separation of duties: the technical owner cannot also be the risk reviewer.
        let sod = try board.run(["assign", walk.id, "risk_reviewer", "ben", "--json"], as: "ana")
        #expect(sod.status == 1)
        #expect(try sod.object()["ok"] as? Bool == false)
        // Owner-named controls can never be waived.
        let waive = try board.run(["waive", walk.id, "technical-owner-named", "--reason", "later", "--until", "2026-12-01"], as: "rita")
        #expect(waive.status == 1)
        // Nothing was recorded by the refusals.
        let events = try board.run(["log", walk.id, "--json"]).array()
        #expect(!events.contains { ($0["action"] as? String) == "waive" })
    }

    @Test func haltBlocksAdvanceAndResumeLiftsIt() throws {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        try walk.all()
        try board.act(["halt", walk.id, "--reason", "false negatives spiking"], as: "olga", now: "2026-11-01T09:00:00Z")
        let show = try board.run(["show", walk.id, "--json"]).object()
        #expect(show["halted"] as? Bool == true)
        let text = try board.run(["show", walk.id])
        #expect(text.stdout.contains("HALTED"))
        try board.act(["resume", walk.id, "--reason", "threshold fixed"], as: "olga", now: "2026-11-02T09:00:00Z")
        #expect(try board.run(["show", walk.id, "--json"]).object()["halted"] as? Bool == false)
    }

    @Test func everyOtherActionRecordsOneEvent() throws {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        try walk.toSpecification()
        try walk.toImplementation()
        try walk.toCheckpoint()
        let id = walk.id
        func json(_ args: [String], as user: String, now: String) throws -> [String: Any] {
            let r = try board.run(args + ["--json"], as: user, now: now)
            guard r.status == 0 else { throw TestFailure("\(args) as \(user): \(r)") }
            return try r.object()
        }
        // Reject, then withdraw: the rejection stops blocking.
        let reject = try json(["reject", id, "--comment", "evals use last year's data"], as: "rita", now: "2026-10-23T09:00:00Z")
        #expect(reject["action"] as? String == "reject")
        let blockers = (reject["gate"] as? [String: Any])?["blockers"] as? [[String: Any]] ?? []
        #expect(blockers.contains { $0["kind"] as? String == "rejection" })
        let withdraw = try json(["withdraw", id], as: "rita", now: "2026-10-23T10:00:00Z")
        #expect(withdraw["ok"] as? Bool == true)
        // Return to implementation and come back.
        let back = try json(["return", id, "--to", "implementation", "--comment", "re-run evals"], as: "rita", now: "2026-10-24T09:00:00Z")
        #expect(back["stage"] as? String == "implementation")
        // A waiver by a risk reviewer who is not on the use case, within the tier's limit.
        let second = try Walkthrough(board: board, title: "Second")
        try second.toSpecification()
        let waive = try json(["waive", second.id, "spec-reference", "--reason", "spec in legal review", "--until", "2026-11-20"],
                             as: "pat", now: "2026-10-25T09:00:00Z")
        #expect(waive["action"] as? String == "waive")
        let tooLong = try board.run(["waive", second.id, "spec-reference", "--reason", "x", "--until", "2027-06-01", "--json"],
                                    as: "pat", now: "2026-10-25T09:00:00Z")
        #expect(tooLong.status == 1)
        #expect(try tooLong.object()["code"] as? String == "waiver_too_long")
        // Escalate, park, unpark, retire.
        let esc = try json(["escalate", id, "--to", "carl", "--reason", "no movement"], as: "ben", now: "2026-10-26T09:00:00Z")
        #expect(esc["action"] as? String == "escalate")
        let park = try json(["park", id, "--reason", "vendor contract", "--review", "2026-12-01"], as: "ana", now: "2026-10-27T09:00:00Z")
        #expect(park["action"] as? String == "park")
        #expect(try board.run(["show", id, "--json"], now: "2026-10-28T09:00:00Z").object()["parked"] != nil)
        _ = try json(["unpark", id], as: "ana", now: "2026-10-29T09:00:00Z")
        let retire = try json(["retire", id, "--reason", "superseded"], as: "ana", now: "2026-10-30T09:00:00Z")
        #expect(retire["stage"] as? String == "retired")
        // Retired: hidden from list unless --all, and only comments are accepted.
        #expect(try board.run(["list", "--json"]).array().map { $0["id"] as? String } == [second.id])
        #expect(try board.run(["list", "--all", "--json"]).array().count == 2)
        let late = try board.run(["approve", id, "--json"], as: "ana")
        #expect(late.status == 1)
        #expect(try late.object()["code"] as? String == "retired")
        let events = try board.run(["log", id, "--json"]).array()
        let actions = events.compactMap { $0["action"] as? String }
        for a in ["reject", "withdraw", "return", "escalate", "park", "unpark", "retire"] {
            #expect(actions.filter { $0 == a }.count == 1, "one \(a) event")
        }
        #expect(try board.run(["verify"]).status == 0)
    }
}
