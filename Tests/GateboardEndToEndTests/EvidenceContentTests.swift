import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Evidence that resolves: a local evidence reference records its file's git blob id when it
/// is added; `show` marks evidence whose file changed or is gone since, and with the policy's
/// `evidenceMustResolve: true` (which `init` writes) such evidence no longer satisfies its
/// control. References that cannot be recorded are refused as an artifact's are.
@Suite struct EvidenceContentTests {
    let content = ContentBindingTests()

    /// A use case in implementation with its checkpoint evidence: the eval report and the
    /// rollback plan local files, the monitoring plan a URL.
    func implementation(_ board: FixtureBoard) throws -> Walkthrough {
        let walk = try Walkthrough(board: board)
        try content.write(board, "evals/kyc-v3.html", "<p>precision 0.94</p>\n")
        try content.write(board, "runbooks/kyc-rollback.md", "1. flag off\n")
        try walk.toSpecification()
        try walk.toImplementation()
        try board.act(["assign", walk.id, "ops_owner", "olga"], as: "ana", now: "2026-10-10T10:00:00Z")
        try board.act(["evidence", walk.id, "eval-report", "--ref", "evals/kyc-v3.html"], as: "ben", now: "2026-10-20T09:00:00Z")
        try board.act(["evidence", walk.id, "rollback-plan", "--ref", "runbooks/kyc-rollback.md"], as: "ben", now: "2026-10-20T09:05:00Z")
        try board.act(["evidence", walk.id, "monitoring-plan", "--ref", "https://grafana.example/d/kyc"], as: "olga", now: "2026-10-21T09:00:00Z")
        return walk
    }

    @Test func localEvidenceRecordsItsBlobAndIsMarkedWhenChangedOrGone() throws {
        let board = try FixtureBoard()
        let walk = try implementation(board)
        let added = try content.gitHash(board.path + "/evals/kyc-v3.html")
        let yaml = try String(contentsOf: board.url("usecases/\(walk.id).yaml"), encoding: .utf8)
        #expect(yaml.contains(added), "\(yaml)")
        let log = try String(contentsOf: board.url("audit/\(walk.id).jsonl"), encoding: .utf8)
        #expect(log.split(separator: "\n").contains { $0.contains("\"evidence\"") && $0.contains(added) }, "\(log)")
        #expect(try board.run(["verify"]).status == 0)
        var json = try board.run(["show", walk.id, "--json"]).object()
        func item(_ control: String) -> [String: Any] {
            let controls = json["controls"] as? [String: [String: Any]] ?? [:]
            return (controls[control]?["evidence"] as? [[String: Any]])?.first ?? [:]
        }
        #expect(item("eval-report")["state"] as? String == "ok", "\(json)")
        #expect(item("eval-report")["local"] as? Bool == true)
        #expect(item("eval-report")["hash"] as? String == added)
        #expect(item("eval-report")["currentHash"] as? String == added)
        #expect(item("monitoring-plan")["state"] as? String == "external")
        #expect(item("monitoring-plan")["local"] as? Bool == false)
        #expect(item("monitoring-plan")["hash"] is NSNull)

        try content.write(board, "evals/kyc-v3.html", "<p>precision 0.81</p>\n")
        let now = try content.gitHash(board.path + "/evals/kyc-v3.html")
        json = try board.run(["show", walk.id, "--json"]).object()
        #expect(item("eval-report")["state"] as? String == "drifted", "\(json)")
        #expect(item("eval-report")["currentHash"] as? String == now)
        let show = try board.run(["show", walk.id])
        #expect(show.stdout.contains("evals/kyc-v3.html  blob \(added.prefix(7)) — CHANGED since Ben Okafor added it on 2026-10-20, now blob \(now.prefix(7))"), "\(show)")
        #expect(show.stdout.contains("https://grafana.example/d/kyc  (external — not checked)"), "\(show)")

        try FileManager.default.removeItem(at: board.url("evals/kyc-v3.html"))
        json = try board.run(["show", walk.id, "--json"]).object()
        #expect(item("eval-report")["state"] as? String == "missing", "\(json)")
        #expect(item("eval-report")["currentHash"] is NSNull)
        #expect(try board.run(["show", walk.id]).stdout.contains("— MISSING (added by Ben Okafor on 2026-10-20)"))
    }

    @Test func evidenceMustResolveBlocksTheGateAndSaysWhy() throws {
        let board = try FixtureBoard()
        let walk = try implementation(board)
        let added = try content.gitHash(board.path + "/evals/kyc-v3.html")
        #expect(try board.run(["check", walk.id]).status == 0)
        try content.write(board, "evals/kyc-v3.html", "<p>precision 0.81</p>\n")
        let now = try content.gitHash(board.path + "/evals/kyc-v3.html")
        let check = try board.run(["check", walk.id])
        #expect(check.status == 1, "\(check)")
        #expect(check.stdout.contains("no longer resolves: evals/kyc-v3.html changed since Ben Okafor added it on 2026-10-20 (blob \(added.prefix(7)) → \(now.prefix(7)))"), "\(check)")
        // Advancing on it is refused (the store alone would judge on what was recorded); nothing is written.
        let written = try content.snapshot(board)
        let advance = try board.run(["advance", walk.id], as: "ben", now: "2026-10-22T09:00:00Z")
        #expect(advance.status == 1 && advance.stderr.contains("no longer resolves"), "\(advance)")
        #expect(try content.snapshot(board) == written)
        // The same reference again, with the content it holds now: recorded, and the gate passes.
        let again = try board.act(["evidence", walk.id, "eval-report", "--ref", "evals/kyc-v3.html"], as: "ben", now: "2026-10-22T09:00:00Z")
        #expect(again.status == 0, "\(again)")
        #expect(try board.run(["check", walk.id]).status == 0)
        // Unchanged since, it is nothing to do.
        #expect(try board.run(["evidence", walk.id, "eval-report", "--ref", "evals/kyc-v3.html"], as: "ben", now: "2026-10-22T10:00:00Z").status != 0)
        // A file that is gone is said so.
        try FileManager.default.removeItem(at: board.url("runbooks/kyc-rollback.md"))
        let gone = try board.run(["check", walk.id])
        #expect(gone.status == 1 && gone.stdout.contains("runbooks/kyc-rollback.md is missing (added by Ben Okafor on 2026-10-20)"), "\(gone)")
        #expect(try board.run(["verify"]).status == 0)
    }

    @Test func withoutEvidenceMustResolveChangedEvidenceIsMarkedButCounts() throws {
        let board = try FixtureBoard { $0.replacingOccurrences(of: "evidenceMustResolve: true", with: "evidenceMustResolve: false") }
        let walk = try implementation(board)
        try content.write(board, "evals/kyc-v3.html", "<p>precision 0.81</p>\n")
        let check = try board.run(["check", walk.id])
        #expect(check.status == 0, "\(check)")
        #expect(check.stdout.contains("evals/kyc-v3.html (changed since Ben Okafor added it on 2026-10-20)"), "\(check)")
        let policy = try board.run(["policy"])
        #expect(policy.stdout.contains("Evidence: a local file changed or gone since it was added is marked, and still counts"), "\(policy)")
        #expect(try board.run(["policy", "--json"]).object()["evidenceMustResolve"] as? Bool == false)
    }

    @Test func initWritesEvidenceMustResolveAndPolicyShowsIt() throws {
        let board = try FixtureBoard()
        let text = try String(contentsOf: board.url("gateboard.yaml"), encoding: .utf8)
        #expect(text.contains("\nevidenceMustResolve: true\n"))
        #expect(try board.run(["policy"]).stdout.contains("Evidence: must resolve"))
        #expect(try board.run(["policy", "--json"]).object()["evidenceMustResolve"] as? Bool == true)
        try text.replacingOccurrences(of: "evidenceMustResolve: true", with: "evidenceMustResolve: often")
            .write(to: board.url("gateboard.yaml"), atomically: true, encoding: .utf8)
        let bad = try board.run(["validate"])
        #expect(bad.status != 0 && bad.stdout.contains("gateboard.yaml:") && bad.stdout.contains(":22: evidenceMustResolve: expected true or false"), "\(bad)")
    }

    @Test func evidenceReferencesThatCannotBeRecordedAreRefusedAndNothingIsWritten() throws {
        let board = try FixtureBoard()
        let id = try board.create("Hostile evidence")
        try content.write(board, "ok.md", "ok\n")
        symlink("/etc", board.path + "/etc-link")
        symlink("/etc/passwd", board.path + "/passwd-link")
        mkfifo(board.path + "/fifo", 0o644)
        try content.write(board, "big.bin", "")
        truncate(board.path + "/big.bin", (1 << 30) + 1)
        let before = try content.snapshot(board)
        let cases: [(String, String)] = [
            ("../../etc/passwd", "leaves the repository"),
            ("/etc/passwd", "outside the repository"),
            ("etc-link/passwd", "symbolic link"),
            ("passwd-link", "symbolic link"),
            ("fifo", "FIFO"),
            ("big.bin", "limit on a hashed file"),
            ("ok.md\u{1b}[31m", "control"),
            ("ok.md\nx", "control"),
        ]
        for (ref, words) in cases {
            let r = try board.run(["evidence", id, "spec-reference", "--ref", ref], as: "ana")
            #expect(r.status != 0, "\(ref): \(r)")
            #expect((r.stderr + r.stdout).contains(words), "\(ref): \(r)")
            #expect(try content.snapshot(board) == before, "\(ref) wrote something")
        }
        try content.write(board, "secret.md", "s\n")
        chmod(board.path + "/secret.md", 0)
        if getuid() != 0 {
            let secret = try board.run(["evidence", id, "spec-reference", "--ref", "secret.md"], as: "ana")
            #expect(secret.status == 1 && secret.stderr.contains("permission denied"), "\(secret)")
            #expect(try content.snapshot(board) == before)
        }
        // A hand-edited hash that is no git object id is refused on read, naming the file and line.
        let ok = try board.act(["evidence", id, "spec-reference", "--ref", "ok.md"], as: "ana")
        #expect(ok.status == 0, "\(ok)")
        let file = board.url("usecases/\(id).yaml")
        let yaml = try String(contentsOf: file, encoding: .utf8)
        let blob = try content.gitHash(board.path + "/ok.md")
        try yaml.replacingOccurrences(of: blob, with: "not-a-hash").write(to: file, atomically: true, encoding: .utf8)
        let show = try board.run(["validate"])
        #expect(show.status != 0 && show.stdout.contains("\(id).yaml:") && show.stdout.contains(": hash: expected a git object id"), "\(show)")
    }
}
