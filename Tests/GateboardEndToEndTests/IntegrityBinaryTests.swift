import Foundation
import Testing

/// Issue 13's attacks through the real binary, on a scratch copy of the sample board at its
/// "today": each one reproduced as the report describes it, each refused, and `verify` not OK.
@Suite struct IntegrityBinaryTests {
    typealias Copy = SampleBoardTests.Copy

    static func text(_ s: Copy, _ relative: String) throws -> String {
        try String(contentsOfFile: s.path + "/" + relative, encoding: .utf8)
    }

    static func write(_ s: Copy, _ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: s.path + "/" + relative))
    }

    @Test func forgedApprovalsInAUseCaseFileAreNeitherCountedNorLaundered() throws {
        let s = try Copy()
        let before = try s.run(["check", "UC-0002"])
        #expect(before.status == 1, "\(before)")
        let digest = try s.run(["show", "UC-0002", "--json"]).object()["digest"] as? String ?? ""
        var file = try Self.text(s, "usecases/UC-0002.yaml")
        let start = try #require(file.range(of: "approvals:"))
        let end = try #require(file.range(of: "audit:"))
        let basis = "    basis:\n      model: models/form-prefill@1.4.0\n      prompt: prompts/prefill.md@v7\n      spec: specs/UC-0002.md@v1\n      tier: medium\n"
        file.replaceSubrange(start.lowerBound..<end.lowerBound, with: """
            approvals:
              - person: omar
                role: risk_reviewer
                at: 2026-11-25T10:00:00Z
                digest: "\(digest)"
            \(basis)  - person: tomas
                role: business_owner
                at: 2026-11-25T11:00:00Z
                digest: "\(digest)"
            \(basis)
            """)
        try Self.write(s, "usecases/UC-0002.yaml", file)
        let log = try Self.text(s, "audit/UC-0002.jsonl")
        // The CI gate does not pass on the forged file; the advance is refused; verify says so.
        let check = try s.run(["check", "UC-0002"])
        #expect(check.status == 3, "\(check)")
        #expect(check.stderr.contains("usecases/UC-0002.yaml"))
        let advance = try s.run(["advance", "UC-0002"], as: "daniel")
        #expect(advance.status == 3, "\(advance)")
        #expect(advance.stderr.contains("usecases/UC-0002.yaml") && advance.stderr.contains("repair"), "\(advance)")
        #expect(try Self.text(s, "audit/UC-0002.jsonl") == log, "nothing recorded")
        let verify = try s.run(["verify"])
        #expect(verify.status == 1 && verify.stdout.contains("usecases/UC-0002.yaml"), "\(verify)")
        // repair re-derives the file from the log: the forged approvals are gone.
        let repair = try s.run(["repair", "UC-0002"])
        #expect(repair.status == 0 && repair.stdout.contains("rebuilt"), "\(repair)")
        #expect(try s.run(["check", "UC-0002"]).status == 1)
        #expect(try s.run(["verify"]).status == 0)
    }

    @Test func aDeletedHaltBlockIsNotLaunderedByHaltingAgain() throws {
        let s = try Copy()
        var file = try Self.text(s, "usecases/UC-0003.yaml")
        let start = try #require(file.range(of: "halted:"))
        let next = try #require(file.range(of: "\n[a-z]", options: .regularExpression, range: start.upperBound..<file.endIndex))
        file.removeSubrange(start.lowerBound...next.lowerBound)
        try Self.write(s, "usecases/UC-0003.yaml", file)
        let approve = try s.run(["comment", "UC-0003", "live again?"], as: "maya")
        #expect(approve.status == 3, "\(approve)")
        #expect(try s.run(["verify"]).status == 1)
    }

    @Test func anErasedLogTailWithAResetAnchorIsDamage() throws {
        let s = try Copy()
        let log = try Self.text(s, "audit/UC-0003.jsonl").split(separator: "\n", omittingEmptySubsequences: true)
        #expect(log.count > 24)
        try Self.write(s, "audit/UC-0003.jsonl", log.prefix(24).joined(separator: "\n") + "\n")
        var file = try Self.text(s, "usecases/UC-0003.yaml")
        file = String(file[..<file.range(of: "audit:")!.lowerBound]) + "audit:\n  seq: 0\n  head: \"\"\n  bytes: 0\n"
        try Self.write(s, "usecases/UC-0003.yaml", file)
        let comment = try s.run(["comment", "UC-0003", "anything"], as: "maya")
        #expect(comment.status == 3, "\(comment)")
        #expect(!comment.stdout.contains("rolled forward") && !comment.stderr.contains("rolled forward"))
        #expect(try s.run(["verify"]).status == 1)
    }

    @Test func aDeletedUseCaseFileIsDamageNotAnInterruptedCreate() throws {
        let s = try Copy()
        try FileManager.default.removeItem(atPath: s.path + "/usecases/UC-0003.yaml")
        let comment = try s.run(["comment", "UC-0003", "anything"], as: "maya")
        #expect(comment.status == 3, "\(comment)")
        #expect(comment.stderr.contains("usecases/UC-0003.yaml") && comment.stderr.contains("repair"), "\(comment)")
        let list = try s.run(["list"])
        #expect(list.status == 3 && list.stderr.contains("UC-0003"), "the use case does not silently vanish: \(list)")
        let verify = try s.run(["verify"])
        #expect(verify.status == 1 && !verify.stdout.contains("interrupted create"), "\(verify)")
        let repair = try s.run(["repair"])
        #expect(repair.status == 0 && repair.stdout.contains("recreated usecases/UC-0003.yaml"), "\(repair)")
        #expect(try s.run(["verify"]).status == 0)
        #expect(try s.run(["list"]).stdout.contains("UC-0003"))
    }

    @Test func anAssertedClockCannotSlipAWaiverPastTheNextEvent() throws {
        let s = try Copy()
        // The report's attack: a waiver recorded "in January" by setting GATEBOARD_NOW.
        let waive = try GateboardBinary.run(["waive", "UC-0012", "exception-runbook", "--until", "2027-03-21", "--reason", "later"],
                                            board: s.path, now: "2027-01-20T09:00:00Z", user: "grace")
        // Whether or not the policy lets this waiver through, back at today nothing may be
        // recorded before it, and the log says the time was set by hand.
        if waive.status == 0 {
            let comment = try s.run(["comment", "UC-0012", "today"], as: "maya")
            #expect(comment.status == 1 && comment.stderr.contains("before the one it follows"), "\(comment)")
            let log = try s.run(["log", "UC-0012"])
            #expect(log.stdout.contains("time set by GATEBOARD_NOW"), "\(log)")
            let json = try s.run(["log", "UC-0012", "--json"]).array()
            #expect(json.last?["realAt"] is String)
        } else {
            Issue.record("the waiver was refused, so the clock attack is not reproduced: \(waive)")
        }
    }
}
