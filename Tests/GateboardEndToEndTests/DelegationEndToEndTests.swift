import Foundation
import Testing

/// Delegation through the real binary: `delegate` records a board event, the delegate approves
/// for the delegator ("for Rita Lindqvist"), the gate counts it, `log`, `show --json`, `inbox`
/// say so; each rule refused with a clear message and nothing written; with signed decisions,
/// real ssh-keygen keys: only the delegator's key records a delegation, the delegate signs
/// with their own.
@Suite struct DelegationEndToEndTests {
    /// A use case at checkpoint on the fixture board (Rita named risk reviewer), on 2026-10-22.
    static func atCheckpoint(_ board: FixtureBoard) throws -> Walkthrough {
        let w = try Walkthrough(board: board)
        try w.toSpecification()
        try w.toImplementation()
        try w.toCheckpoint()
        return w
    }

    func boardLog(_ b: FixtureBoard) -> Data { (try? Data(contentsOf: b.url("audit/_board.jsonl"))) ?? Data() }

    @Test func aDelegateApprovesForTheDelegatorAndTheGateCountsIt() throws {
        let b = try FixtureBoard()
        let w = try Self.atCheckpoint(b)
        // Pat is a risk reviewer but not the one named: refused before any delegation.
        #expect(try b.run(["approve", w.id], as: "pat", now: "2026-10-23T08:00:00Z").status == 1)
        let d = try b.run(["delegate", "--to", "pat", "--until", "2026-11-05", "--json"], as: "rita", now: "2026-10-23T08:30:00Z")
        #expect(d.status == 0, "\(d)")
        let list = try b.run(["delegate", "--list", "--json"], now: "2026-10-23T08:40:00Z").object()
        let listed = try #require((list["delegations"] as? [[String: Any]])?.first)
        #expect(listed["from"] as? String == "rita" && listed["to"] as? String == "pat" && listed["state"] as? String == "in_force")
        #expect(listed["start"] as? String == "2026-10-23" && listed["until"] as? String == "2026-11-05")
        let inbox = try b.run(["inbox"], as: "pat", now: "2026-10-23T08:45:00Z")
        #expect(inbox.stdout.contains("Rita Lindqvist's risk reviewer approvals: you until 2026-11-05"), "\(inbox)")
        #expect(inbox.stdout.contains("checkpoint approval as risk reviewer for Rita Lindqvist"), "\(inbox)")
        let json = try b.run(["inbox", "--json"], as: "pat", now: "2026-10-23T08:45:00Z").array()
        #expect(json.contains { $0["id"] as? String == w.id && $0["for"] as? String == "rita" })
        let ok = try b.run(["approve", w.id, "--comment", "covering for Rita"], as: "pat", now: "2026-10-23T09:00:00Z")
        #expect(ok.status == 0, "\(ok)")
        #expect(ok.stdout.contains("approved as risk reviewer for Rita Lindqvist (delegation from 2026-10-23)"), "\(ok)")
        try b.act(["approve", w.id], as: "ana", now: "2026-10-23T10:00:00Z")
        // The gate counts Pat's approval for Rita's rule: the use case advances.
        try b.act(["advance", w.id], as: "ben", now: "2026-10-24T09:00:00Z")
        #expect(try w.stage() == "release")
        let log = try b.run(["log", w.id])
        #expect(log.stdout.split(separator: "\n").contains {
            $0.contains("Pat Moreau") && $0.hasSuffix("approved as risk reviewer for Rita Lindqvist (delegation from 2026-10-23): \"covering for Rita\"")
        }, "\(log)")
        let events = try b.run(["log", w.id, "--json"]).array()
        let approve = try #require(events.last { $0["action"] as? String == "approve" && $0["actor"] as? String == "pat" })
        #expect((approve["details"] as? [String: Any])?["for"] as? String == "rita")
        #expect(try b.run(["log"]).stdout.contains("delegated risk reviewer to Pat Moreau from 2026-10-23 until 2026-11-05"))
        #expect(try b.run(["verify"]).status == 0)
    }

    @Test func theDelegatesShowJSONAndCancel() throws {
        let b = try FixtureBoard()
        let w = try Self.atCheckpoint(b)
        try b.act(["delegate", "--to", "pat", "--until", "2026-11-05"], as: "rita", now: "2026-10-23T08:30:00Z")
        try b.act(["approve", w.id], as: "pat", now: "2026-10-23T09:00:00Z")
        let show = try b.run(["show", w.id, "--json"]).object()
        let approval = try #require((show["approvals"] as? [[String: Any]])?.first)
        #expect(approval["person"] as? String == "pat" && approval["for"] as? String == "rita" && approval["void"] as? Bool == false)
        #expect(try b.run(["show", w.id]).stdout.contains("Pat Moreau for Rita Lindqvist (delegation from 2026-10-23) as risk reviewer"))
        // Cancelled: Pat can no longer decide for Rita (a rejection now is refused).
        let c = try b.run(["delegate", "--cancel"], as: "rita", now: "2026-10-23T11:00:00Z")
        #expect(c.status == 0 && c.stdout.contains("Cancelled: Rita Lindqvist → Pat Moreau"), "\(c)")
        let r = try b.run(["reject", w.id, "--comment", "wait"], as: "pat", now: "2026-10-23T12:00:00Z")
        #expect(r.status == 1, "\(r)")
        #expect(try b.run(["delegate", "--cancel"], as: "rita", now: "2026-10-23T12:30:00Z").status == 1)
        let list = try b.run(["delegate", "--list"], now: "2026-10-23T13:00:00Z")
        #expect(list.stdout.contains("(cancelled 2026-10-23) — cancelled"), "\(list)")
        #expect(try b.run(["verify"]).status == 0)
    }

    @Test func eachBadDelegationIsRefusedAndNothingIsWritten() throws {
        let b = try FixtureBoard()
        _ = try b.create("Something")
        try b.act(["delegate", "--to", "pat", "--until", "2026-12-01"], as: "rita")
        let before = boardLog(b)
        let cases: [([String], String, String, String)] = [
            (["--to", "rita", "--until", "2026-12-01"], "rita", "self_delegation", "Rita Lindqvist cannot delegate to themselves"),
            (["--to", "carl", "--until", "2026-12-01", "--role", "risk_reviewer"], "pat", "role_not_allowed",
             "Carl Jensen is not allowed the role risk reviewer by the policy"),
            (["--to", "rita", "--until", "2026-11-19"], "pat", "delegation_in_past", "a delegation until 2026-11-19 would already be over (today is 2026-11-20)"),
            (["--to", "rita", "--from", "2026-11-19", "--until", "2026-11-30"], "pat", "delegation_in_past", "a delegation cannot start in the past"),
            (["--to", "rita", "--from", "2026-12-05", "--until", "2026-12-01"], "pat", "delegation_in_past",
             "the delegation would start on 2026-12-05, after it ends on 2026-12-01"),
            (["--to", "pat", "--from", "2026-11-25", "--until", "2026-12-20"], "rita", "delegation_overlap",
             "Rita Lindqvist already delegates risk reviewer to Pat Moreau from 2026-11-20 until 2026-12-01"),
            (["--to", "rita", "--from", "2026-11-28", "--until", "2026-11-29"], "pat", "delegation_circular",
             "a circular delegation: Pat Moreau → Rita Lindqvist → Pat Moreau"),
            (["--to", "nobody", "--until", "2026-12-01"], "pat", "unknown_person", "unknown person nobody"),
        ]
        for (args, who, code, message) in cases {
            let r = try b.run(["delegate"] + args + ["--json"], as: who)
            #expect(r.status == 1, "\(args): \(r)")
            let o = try r.object()
            #expect(o["code"] as? String == code, "\(args): \(r)")
            #expect((o["message"] as? String)?.contains(message) == true, "\(args): \(r)")
            #expect(boardLog(b) == before, "\(args) wrote to the board log")
        }
        // A usage error: no --until.
        #expect(try b.run(["delegate", "--to", "pat"], as: "rita").status == 2)
    }

    /// Signed decisions with real ssh-keygen keys for Rita and Pat: the delegation is Rita's
    /// signed decision (Pat's key cannot record it), Pat signs the approval with his own key.
    @Test func withSignedDecisionsTheDelegateSignsWithTheirOwnKey() throws {
        let keys = FileManager.default.temporaryDirectory.appendingPathComponent("gb-dkeys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: keys) }
        var pub: [String: String] = [:]
        for name in ["rita", "pat"] {
            let r = try Shell.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", keys.appendingPathComponent(name).path])
            guard r.status == 0 else { throw TestFailure("ssh-keygen: \(r.stderr)") }
            pub[name] = try String(contentsOf: keys.appendingPathComponent(name + ".pub"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let people = FixtureBoard.people
            .replacingOccurrences(of: "{id: rita, name: Rita Lindqvist, function: risk, roles: [risk_reviewer]}",
                                  with: "{id: rita, name: Rita Lindqvist, function: risk, roles: [risk_reviewer], keys: [\"\(pub["rita"]!)\"]}")
            .replacingOccurrences(of: "{id: pat, name: Pat Moreau, function: risk, roles: [risk_reviewer]}",
                                  with: "{id: pat, name: Pat Moreau, function: risk, roles: [risk_reviewer], keys: [\"\(pub["pat"]!)\"]}")
        let b = try FixtureBoard(people: people)
        let w = try Self.atCheckpoint(b)
        let env = SignedDecisionsEndToEndTests.env()
        func key(_ n: String) -> String { keys.appendingPathComponent(n).path }
        let on = try b.run(["signing", "on", "--key", key("rita")], as: "rita", now: "2026-10-22T12:00:00Z", environment: env)
        #expect(on.status == 0, "\(on)")
        // Pat cannot record Rita's delegation with his key, nor without one.
        let before = boardLog(b)
        let forged = try b.run(["delegate", "--to", "pat", "--until", "2026-11-05", "--key", key("pat"), "--json"], as: "rita",
                               now: "2026-10-23T08:00:00Z", environment: env)
        let forgedCode = try forged.object()["code"] as? String
        #expect(forged.status == 1 && forgedCode == "signature_mismatch", "\(forged)")
        let unsigned = try b.run(["delegate", "--to", "pat", "--until", "2026-11-05", "--json"], as: "rita",
                                 now: "2026-10-23T08:00:00Z", environment: env)
        let unsignedCode = try unsigned.object()["code"] as? String
        #expect(unsigned.status == 1 && unsignedCode == "unsigned", "\(unsigned)")
        #expect(boardLog(b) == before)
        let d = try b.run(["delegate", "--to", "pat", "--until", "2026-11-05", "--key", key("rita")], as: "rita",
                          now: "2026-10-23T08:30:00Z", environment: env)
        #expect(d.status == 0, "\(d)")
        // The delegate signs with his own key; Rita's key would claim Rita, not Pat.
        let wrong = try b.run(["approve", w.id, "--key", key("rita")], as: "pat", now: "2026-10-23T09:00:00Z", environment: env)
        #expect(wrong.status == 1, "\(wrong)")
        let ok = try b.run(["approve", w.id, "--key", key("pat")], as: "pat", now: "2026-10-23T09:00:00Z", environment: env)
        #expect(ok.status == 0, "\(ok)")
        let log = try b.run(["log", w.id], environment: env)
        #expect(log.stdout.split(separator: "\n").contains {
            $0.contains("Pat Moreau") && $0.hasSuffix("approved as risk reviewer for Rita Lindqvist (delegation from 2026-10-23)  ✓ signed")
        }, "\(log)")
        #expect(try b.run(["log"], environment: env).stdout.contains("delegated risk reviewer to Pat Moreau from 2026-10-23 until 2026-11-05  ✓ signed"))
        let show = try b.run(["show", w.id, "--json"], environment: env).object()
        #expect((show["approvals"] as? [[String: Any]])?.first?["void"] as? Bool == false)
        let verify = try b.run(["verify"], environment: env)
        #expect(verify.status == 0, "\(verify)")
    }

    /// The TUI on the sample (Omar has delegated to Sofia): Sofia's inbox says whose approvals
    /// she holds and lists them "for Omar Haddad"; approving one records it for him.
    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func theDelegatesTUIInboxShowsTheDelegation() throws {
        let (copy, tui) = try TUIJobsTests.start("sofia", "Sofia Brandt", copy: try SampleBoardTests.Copy())
        try tui.send("5")
        let screen = try tui.waitFor("Omar Haddad's risk reviewer approvals: you until 2026-12-11")
        #expect(screen.contains("approval as risk reviewer for Omar Haddad"), "\(screen)")
        try tui.send("q")
        try tui.waitForExit()
        _ = copy
    }
}
