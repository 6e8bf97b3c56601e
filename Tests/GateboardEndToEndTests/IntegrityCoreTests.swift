import Foundation
import Testing

/// Issue 13, through the real binary on a copy of sample-data/ at the sample's "today": the
/// ambiguous material digest and separation of duties over the work window.
@Suite struct IntegrityCoreTests {
    typealias Copy = SampleBoardTests.Copy

    static func events(_ s: Copy, _ id: String) throws -> Int {
        try s.run(["log", id, "--json"]).array().count
    }

    /// Edits the copy's policy: `from` (a person's roles and login, as written) becomes `to`.
    static func allow(_ s: Copy, _ from: String, _ to: String) throws {
        let path = s.dir.appendingPathComponent("gateboard.yaml")
        let policy = try String(contentsOf: path, encoding: .utf8)
        guard policy.contains(from) else { throw TestFailure("no \(from) in the sample policy") }
        try policy.replacingOccurrences(of: from, with: to).write(to: path, atomically: true, encoding: .utf8)
    }

    /// Runs actions that must succeed, each as its person.
    static func act(_ s: Copy, _ steps: [([String], String)]) throws {
        for (args, who) in steps {
            let r = try s.run(args, as: who)
            #expect(r.status == 0, "\(args): \(r)")
        }
    }

    static let priyaBoth = ("roles: [technical_owner], login: praman", "roles: [technical_owner, risk_reviewer], login: praman")

    /// The attack: a line break in a reference posing as the prompt kept Sofia's approval.
    @Test func aReferenceWithALineBreakCannotForgeTheDigest() throws {
        let s = try Copy(frozen: true)
        let before = try s.run(["check", "UC-0015"])
        let count = try Self.events(s, "UC-0015")
        let r = try s.run(["edit", "UC-0015", "--artifact", "model=models/confirm-matcher@2.0.0\nprompt=prompts/confirm-parse.md@v3",
                           "--artifact", "prompt="], as: "priya")
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.contains("the reference of artifact model contains a line break (U+000A)"), "\(r)")
        #expect(try Self.events(s, "UC-0015") == count, "nothing recorded")
        #expect(try s.run(["check", "UC-0015"]).stdout == before.stdout)
        // Its siblings: an evidence reference, an artifact name, an escape sequence.
        let evidence = try s.run(["evidence", "UC-0015", "eval-report", "--ref", "evals/a.html\nrollback-plan"], as: "priya")
        #expect(evidence.status == 1 && evidence.stderr.contains("the evidence reference contains a line break"), "\(evidence)")
        let name = try s.run(["edit", "UC-0015", "--artifact", "pro\u{202E}mpt=prompts/x@1"], as: "priya")
        #expect(name.status == 1 && name.stderr.contains("an artifact name contains a bidirectional control (U+202E)"), "\(name)")
        let escape = try s.run(["edit", "UC-0015", "--artifact", "model=m@1\u{1B}[2J"], as: "priya")
        #expect(escape.status == 1 && escape.stderr.contains("contains an escape (U+001B)"), "\(escape)")
        #expect(try Self.events(s, "UC-0015") == count, "nothing recorded")
        #expect(try s.run(["verify"]).status == 0)
    }

    /// A scratch copy of a board under Tests/LegacyBoards/ (written by the binary from before
    /// the material digest's version 2; never regenerated).
    final class Legacy {
        let dir: URL
        var path: String { dir.path }
        init(_ name: String) throws {
            var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
                guard root.path != "/" else { throw TestFailure("no Package.swift above \(#filePath)") }
                root = root.deletingLastPathComponent()
            }
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-legacy-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: root.appendingPathComponent("Tests/LegacyBoards/\(name)"), to: dir)
        }
        deinit { try? FileManager.default.removeItem(at: dir) }
        func run(_ args: [String], as user: String? = nil) throws -> GateboardBinary.Result {
            try GateboardBinary.run(args, board: path, now: SampleBoardTests.today, user: user)
        }
    }

    static let uc2Check = """
        UC-0002  Onboarding automation: account-opening pre-fill
        Gate checkpoint → release: BLOCKED (2 blockers)
          ✗ Checkpoint sign-off (risk reviewer) — approval by Omar Haddad void: prompt changed after approval
          ✗ Approval from business owner — approval from business_owner missing (0 of 1)

        """
    static let uc15Check = """
        UC-0015  Trade confirmation matching
        Gate checkpoint → release: BLOCKED (1 blocker)
          ✓ Checkpoint sign-off (risk reviewer) — approved by Sofia Brandt
          ✗ Approval from business owner — approval from business_owner missing (0 of 1)

        """

    /// The sample board verifies, and `check` says for every use case what it said before the
    /// change (the exit codes and texts below were taken from the binary before it).
    @Test func theSampleBoardStillVerifiesAndChecksAsBefore() throws {
        let s = try Copy(frozen: true)
        let verify = try s.run(["verify"])
        #expect(verify.status == 0, "\(verify)")
        for n in 1...17 {
            let id = String(format: "UC-%04d", n)
            #expect(try s.run(["check", id]).status == (n == 1 ? 0 : 1), "check \(id) as before")
        }
        #expect(try s.run(["check", "UC-0002"]).stdout == Self.uc2Check)
        #expect(try s.run(["check", "UC-0015"]).stdout == Self.uc15Check)
        #expect((try s.run(["show", "UC-0015", "--json"]).object()["digest"] as? String)?.hasPrefix("v2:") == true)
    }

    /// An existing board migrates with no action: it verifies (every recorded state replays
    /// byte for byte, version-1 digests included), its approvals count exactly as before, and
    /// new approvals beside them record version 2.
    @Test func anOldBoardMigratesWithNoAction() throws {
        let s = try Legacy("v1")
        let verify = try s.run(["verify"])
        #expect(verify.status == 0, "\(verify)")
        #expect(try s.run(["check", "UC-0002"]).stdout == Self.uc2Check)
        #expect(try s.run(["check", "UC-0015"]).stdout == Self.uc15Check)
        let approvals = try #require(try s.run(["show", "UC-0015", "--json"]).object()["approvals"] as? [[String: Any]])
        #expect(approvals.map { $0["void"] as? Bool } == [false])
        #expect(approvals.first?["digest"] as? String == "5185849c5e725722dac93bcea78cb2106d2859c31628f295adbcd18913c8e0c5",
                "an old approval keeps its recorded (version 1) digest")
        let void = try s.run(["show", "UC-0002", "--json"]).object()["approvals"] as? [[String: Any]] ?? []
        #expect(void.map { $0["void"] as? Bool } == [true])
        // A new approval beside the old one records version 2, and both count.
        let approve = try s.run(["approve", "UC-0015", "--comment", "ok"], as: "maya")
        #expect(approve.status == 0, "\(approve)")
        let after = try s.run(["show", "UC-0015", "--json"]).object()["approvals"] as? [[String: Any]] ?? []
        #expect(after.map { $0["void"] as? Bool } == [false, false])
        #expect((after.last?["digest"] as? String)?.hasPrefix("v2:") == true)
        #expect(try s.run(["check", "UC-0015"]).status == 0)
        #expect(try s.run(["verify"]).status == 0)
        // The work changes: both approvals are void, the old one by its recorded basis.
        #expect(try s.run(["edit", "UC-0015", "--artifact", "prompt=prompts/confirm-parse.md@v4"], as: "priya").status == 0)
        let changed = try s.run(["show", "UC-0015", "--json"]).object()["approvals"] as? [[String: Any]] ?? []
        #expect(changed.map { $0["void"] as? Bool } == [true, true])
    }

    /// A board on which the old binary already recorded the forgery: it still verifies (the log
    /// is what happened), but Sofia's approval no longer stands.
    @Test func aForgeryRecordedBeforeNoLongerKeepsTheApproval() throws {
        let s = try Legacy("v1-forged")
        #expect(try s.run(["verify"]).status == 0)
        let check = try s.run(["check", "UC-0015"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("approval by Sofia Brandt void: model and prompt changed after approval"), "\(check)")
    }

    /// The attack: Priya (allowed both technical owner and risk reviewer) steps down as
    /// technical owner, names herself risk reviewer, has the work returned and re-advanced,
    /// then approves her own work.
    @Test func aRoleGivenUpOverTheWorkStillExcludesTheApprover() throws {
        let s = try Copy(frozen: true)
        try Self.allow(s, Self.priyaBoth.0, Self.priyaBoth.1)
        try Self.act(s, [
            (["unassign", "UC-0015", "risk_reviewer"], "priya"),
            (["unassign", "UC-0015", "technical_owner"], "priya"),
            (["assign", "UC-0015", "risk_reviewer", "priya"], "priya"),
            (["assign", "UC-0015", "technical_owner", "daniel"], "maya"),
            (["return", "UC-0015", "--to", "implementation", "--comment", "rework"], "maya"),
            (["advance", "UC-0015"], "daniel"),
        ])
        // The inbox agrees with the decision: nothing for Priya to approve on UC-0015.
        let inbox = try s.run(["inbox", "--json"], as: "priya").array()
        #expect(!inbox.contains { $0["id"] as? String == "UC-0015" && ["approve", "renew"].contains($0["need"] as? String) }, "\(inbox)")
        let count = try Self.events(s, "UC-0015")
        let approve = try s.run(["approve", "UC-0015"], as: "priya")
        #expect(approve.status == 1, "\(approve)")
        #expect(approve.stderr.contains("Priya Raman cannot approve UC-0015: priya held technical_owner on UC-0015 until 2026-11-26 "
            + "(event 29): a role held over this work excludes approving as risk_reviewer"), "\(approve)")
        let json = try s.run(["approve", "UC-0015", "--json"], as: "priya")
        #expect(json.stdout.contains("separation_of_duties") || json.stderr.contains("separation_of_duties"), "\(json)")
        #expect(try Self.events(s, "UC-0015") == count, "nothing recorded")
        #expect(try s.run(["approve", "UC-0015"], as: "maya").status == 0)
        let advance = try s.run(["advance", "UC-0015"], as: "daniel")
        #expect(advance.status != 0, "\(advance)")
        let check = try s.run(["check", "UC-0015"])
        #expect(check.status == 1)
        // Sofia, who never held a role over this work beside risk reviewer, is not excluded.
        let verify = try s.run(["verify"])
        #expect(verify.status == 0, "\(verify)")
    }

    /// The same attack with an artifact changed and changed back after stepping down, to make
    /// the work look new: the window starts where the current material first existed.
    @Test func anArtifactChangedAndChangedBackDoesNotLaunderTheRole() throws {
        let s = try Copy(frozen: true)
        try Self.allow(s, Self.priyaBoth.0, Self.priyaBoth.1)
        try Self.act(s, [
            (["unassign", "UC-0015", "risk_reviewer"], "priya"),
            (["unassign", "UC-0015", "technical_owner"], "priya"),
            (["assign", "UC-0015", "risk_reviewer", "priya"], "priya"),
            (["assign", "UC-0015", "technical_owner", "daniel"], "maya"),
            (["edit", "UC-0015", "--artifact", "model=models/confirm-matcher@2.0.1"], "priya"),
            (["edit", "UC-0015", "--artifact", "model=models/confirm-matcher@2.0.0"], "priya"),
            (["return", "UC-0015", "--to", "implementation", "--comment", "rework"], "maya"),
            (["advance", "UC-0015"], "daniel"),
        ])
        let approve = try s.run(["approve", "UC-0015"], as: "priya")
        #expect(approve.status == 1, "\(approve)")
        #expect(approve.stderr.contains("priya held technical_owner on UC-0015 until 2026-11-26 (event 29)"), "\(approve)")
    }

    /// An approval that stands, by someone who then held a role over the work (here: Sofia,
    /// allowed to be technical owner too, is technical owner for a while after approving), is
    /// not counted by `check` (the CI gate) and the inbox says why.
    @Test func theGateDoesNotCountAnApprovalBySomeoneWhoHeldARoleOverTheWork() throws {
        let s = try Copy(frozen: true)
        try Self.allow(s, "roles: [risk_reviewer], login: sbrandt", "roles: [risk_reviewer, technical_owner], login: sbrandt")
        try Self.act(s, [
            (["unassign", "UC-0015", "risk_reviewer"], "maya"),
            (["unassign", "UC-0015", "technical_owner"], "maya"),
            (["assign", "UC-0015", "technical_owner", "sofia"], "maya"),
            (["unassign", "UC-0015", "technical_owner"], "maya"),
            (["assign", "UC-0015", "risk_reviewer", "sofia"], "sofia"),
            (["assign", "UC-0015", "technical_owner", "priya"], "maya"),
        ])
        let check = try s.run(["check", "UC-0015"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("approval by Sofia Brandt not counted: sofia held technical_owner on UC-0015 until 2026-11-26 "
            + "(event 31): a role held over this work excludes approving as risk_reviewer"), "\(check)")
        let show = try s.run(["show", "UC-0015", "--json"]).object()
        #expect((show["gate"] as? [String: Any])?["passed"] as? Bool == false)
        #expect(try s.run(["approve", "UC-0015"], as: "maya").status == 0)
        #expect(try s.run(["advance", "UC-0015"], as: "priya").status == 1, "Sofia's approval does not count")
    }

    /// A waiver must come from someone independent of the work: a role held over it counts.
    @Test func aWaiverFromSomeoneWhoHeldARoleOverTheWorkIsRefused() throws {
        let s = try Copy(frozen: true)
        // Sofia reviews UC-0015 as its risk reviewer, steps down, and would then waive a control.
        let owners = try s.run(["show", "UC-0015", "--json"]).object()["owners"] as? [String: String] ?? [:]
        #expect(owners["risk_reviewer"] == "sofia")
        #expect(try s.run(["unassign", "UC-0015", "risk_reviewer"], as: "sofia").status == 0)
        let waive = try s.run(["waive", "UC-0015", "human-oversight", "--reason", "later", "--until", "2026-12-10"], as: "sofia")
        #expect(waive.status == 1, "\(waive)")
        #expect(waive.stderr.contains("sofia held risk_reviewer on UC-0015 until 2026-11-26"), "\(waive)")
        #expect(waive.stderr.contains("a waiver must come from someone independent of the work"), "\(waive)")
    }
}
