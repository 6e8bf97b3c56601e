import Foundation
import Testing

/// Every refusal the issue lists, through the real binary: exit 1, the reason in words (and
/// its code in `--json`), and the board byte for byte unchanged — a refused attempt leaves no
/// record on disk (the design keeps none).
@Suite struct ReliabilityAuthorizationTests {
    /// The fixture people plus Dana, who may hold both technical owner and risk reviewer
    /// (roles the policy's separation of duties keeps apart on one use case).
    static let people = FixtureBoard.people + """

      - {id: dana, name: Dana Whitfield, function: engineering, roles: [technical_owner, risk_reviewer]}
    """

    /// UC-0001 at checkpoint, moved there by Ana (its business owner), approved by Rita;
    /// UC-0002 scoped with Dana as technical owner; a copy of the board with UC-0001 halted.
    final class Boards: @unchecked Sendable {
        let board: FixtureBoard
        let halted: URL
        let id: String
        let other: String
        init() throws {
            board = try FixtureBoard(people: ReliabilityAuthorizationTests.people)
            let walk = try Walkthrough(board: board)
            try walk.toSpecification()
            try walk.toImplementation()
            let b = board, u = walk.id
            try b.act(["edit", u, "--artifact", "model=models/kyc@3"], as: "ben", now: "2026-10-10T09:00:00Z")
            try b.act(["assign", u, "ops_owner", "olga"], as: "ana", now: "2026-10-10T10:00:00Z")
            try b.act(["evidence", u, "eval-report", "--ref", "evals/kyc.html"], as: "ben", now: "2026-10-20T09:00:00Z")
            try b.act(["evidence", u, "rollback-plan", "--ref", "runbooks/kyc.md"], as: "ben", now: "2026-10-20T09:05:00Z")
            try b.act(["evidence", u, "monitoring-plan", "--ref", "dashboards/kyc"], as: "olga", now: "2026-10-21T09:00:00Z")
            try b.act(["advance", u], as: "ana", now: "2026-10-22T09:00:00Z")
            try b.act(["approve", u, "--comment", "evals hold"], as: "rita", now: "2026-10-23T09:00:00Z")
            id = u
            other = try b.create("Support-ticket triage")
            try b.act(["assign", other, "technical_owner", "dana"], as: "ana")
            halted = try Reliability.copyBoard(b.path)
            let h = try GateboardBinary.run(["halt", u, "--reason", "wrong answers in the pilot"], board: halted.path, user: "olga")
            guard h.status == 0 else { throw TestFailure("halt failed: \(h)") }
        }
        deinit { try? FileManager.default.removeItem(at: halted) }
    }
    static let boards = Result { try Boards() }

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var onHalted = false
        /// Arguments; "ID" and "OTHER" stand for the two use cases.
        var args: [String]
        var user: String?
        var code: String
        /// Words the reason must contain.
        var reason: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "wrong role approves", args: ["approve", "ID"], user: "carl", code: "role_not_allowed",
             reason: "cannot approve"),
        Case(name: "someone outside the work adds evidence", args: ["evidence", "ID", "exception-runbook", "--ref", "x"], user: "carl",
             code: "role_not_allowed", reason: "cannot add evidence"),
        Case(name: "unknown person", args: ["approve", "ID"], user: "mallory", code: "unknown_person", reason: "mallory"),
        Case(name: "nobody identified", args: ["comment", "ID", "hello"], user: nil, code: "read_only", reason: "not identified"),
        Case(name: "self-approval: moved it into the stage", args: ["approve", "ID"], user: "ana", code: "self_approval",
             reason: "moved it into"),
        Case(name: "the technical owner approves", args: ["approve", "ID"], user: "ben", code: "role_not_allowed",
             reason: "cannot approve"),
        Case(name: "double approval", args: ["approve", "ID"], user: "rita", code: "already_approved", reason: "already approved"),
        Case(name: "approving a halted use case", onHalted: true, args: ["approve", "ID"], user: "pat", code: "halted",
             reason: "halted"),
        Case(name: "advancing past a blocking gate", args: ["advance", "ID"], user: "rita", code: "gate_blocked",
             reason: "cannot move to"),
        Case(name: "advancing a halted use case", onHalted: true, args: ["advance", "ID"], user: "rita", code: "gate_blocked",
             reason: "halted"),
        Case(name: "waiving an approval", args: ["waive", "ID", "checkpoint-signoff", "--reason", "r", "--until", "2026-12-01"],
             user: "pat", code: "not_waivable", reason: "never waived"),
        Case(name: "waiving an unwaivable control", args: ["waive", "ID", "stop-ship-named", "--reason", "r", "--until", "2026-12-01"],
             user: "pat", code: "not_waivable", reason: "can never be waived"),
        Case(name: "waiver past the tier's limit", args: ["waive", "ID", "exception-runbook", "--reason", "r", "--until", "2027-06-01"],
             user: "pat", code: "waiver_too_long", reason: "at most"),
        Case(name: "waiver already expired", args: ["waive", "ID", "exception-runbook", "--reason", "r", "--until", "2026-01-01"],
             user: "pat", code: "waiver_in_past", reason: "already have expired"),
        Case(name: "self-granted waiver", args: ["waive", "ID", "exception-runbook", "--reason", "r", "--until", "2026-12-01"],
             user: "rita", code: "self_waiver", reason: "independent of the work"),
        Case(name: "waiver by someone who may not grant them", args: ["waive", "ID", "exception-runbook", "--reason", "r", "--until", "2026-12-01"],
             user: "carl", code: "role_not_allowed", reason: "cannot grant waivers"),
        Case(name: "resume without stop-ship authority", onHalted: true, args: ["resume", "ID", "--reason", "fixed"], user: "rita",
             code: "no_stop_ship_authority", reason: "cannot resume"),
        Case(name: "halt without stop-ship authority", args: ["halt", "ID", "--reason", "r"], user: "ben",
             code: "no_stop_ship_authority", reason: "cannot halt"),
        Case(name: "assigning a role the person may not hold", args: ["assign", "ID", "change_approver", "ben"], user: "ana",
             code: "role_not_allowed", reason: "may not hold the role"),
        Case(name: "assigning an unknown person", args: ["assign", "ID", "ops_owner", "mallory"], user: "ana",
             code: "unknown_person", reason: "unknown person mallory"),
        Case(name: "assignment breaking separation of duties", args: ["assign", "OTHER", "risk_reviewer", "dana"], user: "ana",
             code: "separation_of_duties", reason: "separation of duties"),
    ]

    @Test(arguments: cases)
    func refused(_ c: Case) throws {
        let boards = try Self.boards.get()
        // Each case on its own copy, so a refusal that wrongly succeeds cannot touch the others.
        let copy = try Reliability.copyBoard(c.onHalted ? boards.halted.path : boards.board.path)
        defer { try? FileManager.default.removeItem(at: copy) }
        let dir = copy.path
        let args = c.args.map { $0 == "ID" ? boards.id : ($0 == "OTHER" ? boards.other : $0) }
        let before = Reliability.fingerprint(dir)
        let text = try Reliability.run(args, board: dir, user: c.user)
        #expect(text.status == 1, "\(c.name): \(text)")
        #expect(text.stderr.contains("refused"), "\(c.name): \(text)")
        #expect(text.stderr.contains(c.reason), "\(c.name): the reason names \"\(c.reason)\": \(text)")
        let json = try Reliability.run(args + ["--json"], board: dir, user: c.user)
        #expect(json.status == 1, "\(c.name): \(json)")
        let o = try json.object()
        #expect(o["ok"] as? Bool == false)
        #expect(o["code"] as? String == c.code, "\(c.name): \(json)")
        #expect((o["message"] as? String ?? o["reason"] as? String ?? "").contains(c.reason) || json.stdout.contains(c.reason),
                "\(c.name): \(json.stdout)")
        let after = Reliability.fingerprint(dir)
        #expect(after == before, "\(c.name): a refusal changed the board: \(Reliability.difference(before, after))")
    }

    /// The refusals are real: the same board lets the right people do each thing.
    @Test func theRightPeopleAreLetThrough() throws {
        let boards = try Self.boards.get()
        let dir = try Reliability.copyBoard(boards.board.path)
        defer { try? FileManager.default.removeItem(at: dir) }
        let id = boards.id
        for (args, user) in [(["waive", id, "exception-runbook", "--reason", "pilot only", "--until", "2026-12-01"], "pat"),
                             (["assign", boards.other, "business_owner", "ana"], "ana"),
                             (["halt", id, "--reason", "r"], "olga"),
                             (["resume", id, "--reason", "fixed"], "olga")] {
            let r = try Reliability.run(args, board: dir.path, user: user)
            #expect(r.status == 0, "\(args) as \(user): \(r)")
        }
        #expect(try Reliability.run(["verify"], board: dir.path).status == 0)
    }
}
