import Foundation
import Testing

/// Issue 13 through the real binary on a copy of the sample board at its "today": policy
/// values that validated and then crashed commands, duplicate keys behind a YAML tag, a
/// lookalike person id, and ordinary actions that grew a file past the read limit.
@Suite struct PolicyHardeningEndToEndTests {
    typealias Copy = SampleBoardTests.Copy

    func policy(_ s: Copy) throws -> String { try String(contentsOf: s.dir.appendingPathComponent("gateboard.yaml"), encoding: .utf8) }

    func editPolicy(_ s: Copy, _ old: String, _ new: String) throws {
        let text = try policy(s)
        guard text.components(separatedBy: old).count == 2 else { throw TestFailure("not exactly once in the policy: \(old)") }
        try text.replacingOccurrences(of: old, with: new).write(to: s.dir.appendingPathComponent("gateboard.yaml"), atomically: true, encoding: .utf8)
    }

    func lineOf(_ needle: String, _ s: Copy) throws -> Int {
        try policy(s).components(separatedBy: "\n").firstIndex { $0.contains(needle) }! + 1
    }

    /// Exit 3 naming the file, line and field — never a signal.
    func expectInvalid(_ r: GateboardBinary.Result, _ located: String, _ what: String) {
        #expect(r.status == 3, "\(what): \(r)")
        #expect(r.stdout.contains(located) || r.stderr.contains(located), "\(what): \(r)")
        #expect(!r.stderr.contains("crashed"), "\(what): \(r)")
    }

    @Test func aHugeQuorumIsALocatedDiagnosticNotACrash() throws {
        let s = try Copy(frozen: true)
        try editPolicy(s, "      - {role: business_owner}", "      - {role: business_owner, quorum: 9223372036854775807}")
        let at = "gateboard.yaml:\(try lineOf("quorum: 9223372036854775807", s)):40: gate from checkpoint approvals: quorum: must be a whole number from 1 to 100, found 9223372036854775807"
        expectInvalid(try s.run(["validate"]), at, "validate")
        expectInvalid(try s.run(["list"]), at, "list")
        expectInvalid(try s.run(["check", "UC-0002"]), at, "check")
        expectInvalid(try s.run(["approve", "UC-0002", "--as", "tomas"]), at, "approve")
    }

    @Test func hugeDayCountsAreLocatedDiagnosticsNotCrashes() throws {
        let s = try Copy(frozen: true)
        try editPolicy(s, "productionReviewDays: {low: 180, medium: 90, high: 30}", "productionReviewDays: {low: 180, medium: 9223372036854775807, high: 30}")
        try editPolicy(s, "  maxDays: {low: 90, medium: 60, high: 30}", "  maxDays: {low: 90, medium: 9223372036854775807, high: 30}")
        let review = "gateboard.yaml:\(try lineOf("productionReviewDays:", s)):42: productionReviewDays.medium (days): must be a whole number from 1 to 3650"
        let waiver = "gateboard.yaml:\(try lineOf("  maxDays:", s)):30: waivers.maxDays.medium (days): must be a whole number from 0 to 3650"
        for args in [["validate"], ["list"], ["triage"], ["show", "UC-0012"], ["inbox", "--as", "grace"],
                     ["waive", "UC-0012", "exception-runbook", "--as", "grace", "--until", "2027-01-10", "--reason", "runbook in review"]] {
            let r = try s.run(args)
            expectInvalid(r, review, args[0])
            expectInvalid(r, waiver, args[0])
        }
    }

    @Test func aDuplicateKeyBehindATagIsRefused() throws {
        let s = try Copy(frozen: true)
        try editPolicy(s, "  - {id: maya, name: Maya Lindgren, function: product, roles: [business_owner], login: mlindgren}",
                       "  - id: maya\n    name: Maya Lindgren\n    roles: [business_owner]\n    !x roles: [change_approver]")
        try editPolicy(s, "  maxDays: {low: 90, medium: 60, high: 30}\n", "  maxDays: {low: 90, medium: 60, high: 30}\n  !x maxDays: {low: 3650, medium: 3650, high: 3650}\n")
        let r = try s.run(["validate"])
        let message = "YAML tag '!x' is not allowed in board files (only YAML's standard types, like !!str)"
        expectInvalid(r, "gateboard.yaml:\(try lineOf("!x roles", s)):5: " + message, "validate")
        expectInvalid(r, "gateboard.yaml:\(try lineOf("!x maxDays", s)):3: " + message, "validate")
        // Maya cannot approve as a change approver through it.
        #expect(try s.run(["approve", "UC-0012", "--as", "maya"]).status == 3)
    }

    @Test func aLookalikePersonIdIsRefusedAndASharedNameWarned() throws {
        let s = try Copy(frozen: true)
        let priya = "  - {id: priya, name: Priya Raman, function: engineering, roles: [technical_owner], login: praman}\n"
        try editPolicy(s, priya, priya + "  - {id: pri\u{0443}a, name: Priya Raman, function: risk, roles: [risk_reviewer]}\n")
        let line = try lineOf("pri\u{0443}a", s)
        let r = try s.run(["validate"])
        expectInvalid(r, "gateboard.yaml:\(line):10: person id \"pri\u{0443}a\" contains U+0443 (not ASCII); use only ASCII letters, digits, '_', '-' and '.'", "validate")
        #expect(r.stdout.contains("gateboard.yaml:\(line):23: warning: person pri\u{0443}a has the same display name as priya"))
        // With an ASCII id the board is valid, and the shared name is a warning only.
        try editPolicy(s, "id: pri\u{0443}a,", "id: priya2,")
        let ok = try s.run(["validate"])
        #expect(ok.status == 0, "\(ok)")
        #expect(ok.stdout.contains("gateboard.yaml:\(line):24: warning: person priya2 has the same display name as priya (line \(line - 1)), \"Priya Raman\""))
        #expect(ok.stdout.hasSuffix("board OK: 17 use cases, 12 people\n"))
        let json = try s.run(["validate", "--json"]).object()
        #expect(json["ok"] as? Bool == true)
        let warnings = json["warnings"] as? [[String: Any]] ?? []
        #expect(warnings.count == 1 && warnings.first?["line"] as? Int == line)
    }

    /// The issue's nine 130,000-character notes: each refused, nothing written, and every
    /// reader still works. Then notes within the field limit, until the file would pass 1 MiB.
    @Test func ordinaryActionsCannotGrowAFilePastTheLimit() throws {
        let s = try Copy(frozen: true)
        let file = s.dir.appendingPathComponent("usecases/UC-0004.yaml")
        let before = try Data(contentsOf: file)
        let huge = String(repeating: "A", count: 130_000)
        // Refused each time, so a second try (which would pass 1 MiB together) is refused alike.
        for i in 1...2 {
            let r = try s.run(["evidence", "UC-0004", "eval-report", "--ref", "evals/run-\(i).html", "--note", huge, "--as", "lena", "--json"])
            #expect(r.status == 1, "\(r)")
            let o = try r.object()
            #expect(o["code"] as? String == "invalid_input")
            #expect(o["message"] as? String == "the note is 130,000 characters long; the limit is 10,000 characters — nothing was recorded")
        }
        #expect(try Data(contentsOf: file) == before)
        // Notes at the field limit (four bytes a character) add up: refused once the file would pass 1 MiB.
        let note = String(repeating: "\u{1D538}", count: 10_000)
        var added = 0, refusal: GateboardBinary.Result?
        while added < 40 {
            let r = try s.run(["evidence", "UC-0004", "eval-report", "--ref", "evals/run-\(added).html", "--note", note, "--as", "lena"])
            if r.status != 0 { refusal = r; break }
            added += 1
        }
        #expect(added > 20 && added < 27, "\(added) notes of 40,000 bytes recorded")
        #expect(refusal?.status == 1)
        #expect(refusal?.stderr.contains("would make usecases/UC-0004.yaml") == true
                && refusal?.stderr.contains("the limit for a use case file is 1,048,576 bytes (1 MiB) — nothing was recorded") == true, "\(refusal.map { "\($0)" } ?? "")")
        #expect(try Data(contentsOf: file).count <= 1 << 20)
        for args in [["list"], ["show", "UC-0004"], ["validate"], ["verify"]] {
            let r = try s.run(args)
            #expect(r.status == 0, "\(args[0]) after the refusals: \(r)")
        }
    }

    // MARK: - Random policy numbers

    static let slots: [(old: String, template: String)] = [
        ("      - {role: business_owner}", "      - {role: business_owner, quorum: V}"),
        ("      - {role: change_approver, control: change-approval}", "      - {role: change_approver, control: change-approval, quorum: V}"),
        ("    sla: {low: 10, medium: 7, high: 5}", "    sla: {low: V, medium: V, high: V}"),
        ("productionReviewDays: {low: 180, medium: 90, high: 30}", "productionReviewDays: {low: V, medium: V, high: V}"),
        ("  maxDays: {low: 90, medium: 60, high: 30}", "  maxDays: {low: V, medium: V, high: V}"),
        ("    approvalExpiryDays: 30", "    approvalExpiryDays: V"),
        ("  stallWarnFraction: 0.8", "  stallWarnFraction: V"),
        ("  approvalWaitDays: 5", "  approvalWaitDays: V"),
        ("  haltedDays: 7", "  haltedDays: V"),
        ("  waiverWarnDays: 7", "  waiverWarnDays: V"),
    ]
    static let values = ["0", "-1", "1", "60", "100", "101", "3650", "3651", "9223372036854775807", "-9223372036854775808",
                         "9223372036854775808", "1e30", "0.5", "1.5", ".inf", ".nan", "0x7fffffffffffffff", "five", "~", "[]"]

    /// Random numbers in the policy through validate, list, check, triage and waive: every
    /// command exits with one of the documented codes, never a signal. GATEBOARD_STRESS=1
    /// tries many more policies (`make stress`).
    @Test func randomPolicyNumbersNeverCrashTheBinary() throws {
        let stress = ProcessInfo.processInfo.environment["GATEBOARD_STRESS"] == "1"
        let rounds = stress ? 150 : 6
        var g = Reliability.Random(seed: UInt64(ProcessInfo.processInfo.environment["GATEBOARD_FUZZ_SEED"] ?? "") ?? 13)
        var s = try Copy(frozen: true)
        let original = try policy(s)
        let env = ["SWIFT_BACKTRACE": "enable=no"]
        var commands = 0, valid = 0
        for round in 0..<rounds {
            var text = original
            // One to three numbers at a time, often in range, so that some policies are valid.
            for _ in 0...g.below(3) {
                let slot = Self.slots[g.below(Self.slots.count)]
                let v = switch g.below(3) {
                case 0: Self.values[g.below(Self.values.count)]
                case 1: String(1 + g.below(100))
                default: String(Int(bitPattern: UInt(g.next())) >> g.below(64))
                }
                text = text.replacingOccurrences(of: slot.old, with: slot.template.replacingOccurrences(of: "V", with: v))
            }
            try text.write(to: s.dir.appendingPathComponent("gateboard.yaml"), atomically: true, encoding: .utf8)
            let until = "2026-" + ["11-26", "12-26", "12-31"][g.below(3)]
            for args in [["validate"], ["list"], ["check", "UC-0002"], ["triage"],
                         ["waive", "UC-0012", "exception-runbook", "--as", "grace", "--until", until, "--reason", "fuzz", "--json"]] {
                let r = try GateboardBinary.run(args, board: s.path, now: SampleBoardTests.today, environment: env)
                commands += 1
                #expect([0, 1, 3].contains(r.status) && !r.stderr.contains("crashed"), "round \(round) `\(args.joined(separator: " "))`:\n\(text)\n\(r)")
                if args == ["validate"] && r.status == 0 { valid += 1 }
                if args == ["validate"] && r.status == 3 {
                    let lines = r.stdout.split(separator: "\n").map(String.init)
                    #expect(lines.allSatisfy { $0.contains("gateboard.yaml:") && $0.split(separator: ":").count >= 4 }, "unlocated: \(r.stdout)")
                }
            }
            // A waiver recorded in one round stays: start each round from the sample again.
            if round % 10 == 9 { s = try Copy(frozen: true) }
        }
        print("policy numbers (binary): \(rounds) policies tried (\(valid) valid), \(commands) commands run, 0 crashed")
    }
}
