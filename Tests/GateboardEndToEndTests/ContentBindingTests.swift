import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Approvals bound to content: a local artifact's git blob id is recorded with it, the
/// approvals' basis holds it, and content changed on disk voids them and fails `check`,
/// naming the file and both ids. References that cannot be recorded are refused and nothing
/// is written.
@Suite struct ContentBindingTests {
    func write(_ board: FixtureBoard, _ rel: String, _ text: String) throws {
        let url = board.url(rel)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func gitHash(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        p.arguments = ["hash-object", path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The board's use case files and logs, to prove nothing was written.
    func snapshot(_ board: FixtureBoard) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for dir in ["usecases", "audit"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: board.path + "/" + dir)) ?? [] {
                out[dir + "/" + name] = try Data(contentsOf: board.url(dir + "/" + name))
            }
        }
        return out
    }

    @Test func driftedContentVoidsApprovalsAndFailsCheck() throws {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        try write(board, "prompts/kyc.md", "Read the document. Extract the name.\n")
        try walk.toSpecification()
        try walk.toImplementation()
        try walk.toCheckpoint()
        let approved = try gitHash(board.path + "/prompts/kyc.md")
        let yaml = try String(contentsOf: board.url("usecases/\(walk.id).yaml"), encoding: .utf8)
        #expect(yaml.contains(approved), "\(yaml)")
        try walk.toRelease()
        // At release, the change approver's approval is bound to the content too.
        try board.act(["assign", walk.id, "change_approver", "carl"], as: "ana", now: "2026-10-24T10:00:00Z")
        try board.act(["approve", walk.id], as: "carl", now: "2026-10-26T09:00:00Z")
        let log = try String(contentsOf: board.url("audit/\(walk.id).jsonl"), encoding: .utf8)
        let approve = log.split(separator: "\n").last { $0.contains("\"approve\"") }.map(String.init) ?? ""
        #expect(approve.contains("\"prompt#blob\":\"\(approved)\""), "\(approve)")
        let before = try board.run(["check", walk.id])

        // The prompt is edited in place, under the same name.
        try write(board, "prompts/kyc.md", "Read the document. Extract the name and the address.\n")
        let now = try gitHash(board.path + "/prompts/kyc.md")
        let check = try board.run(["check", walk.id])
        #expect(check.status == 1, "\(check)")
        #expect(check.stdout.contains("prompts/kyc.md changed since it was recorded (blob \(approved.prefix(7)) → \(now.prefix(7)))"), "\(check)")
        #expect(check.stdout.contains("approval by Carl Jensen void: prompts/kyc.md changed since approval (blob \(approved.prefix(7)) → \(now.prefix(7)))"), "\(check)")
        // Advancing or deciding on content nobody reviewed is refused, and nothing is written.
        let written = try snapshot(board)
        for (args, who) in [(["advance", walk.id], "carl"), (["approve", walk.id], "rita"), (["reject", walk.id, "--comment", "no"], "rita")] {
            let r = try board.run(args, as: who, now: "2026-10-27T09:00:00Z")
            #expect(r.status == 1 && r.stderr.contains("prompts/kyc.md changed since it was recorded"), "\(args): \(r)")
        }
        #expect(try snapshot(board) == written)
        let json = try board.run(["show", walk.id, "--json"]).object()
        let content = json["artifactContent"] as? [String: [String: Any]] ?? [:]
        #expect(content["prompt"]?["state"] as? String == "drifted", "\(json)")
        #expect(content["prompt"]?["local"] as? Bool == true)
        #expect(content["prompt"]?["hash"] as? String == approved)
        #expect(content["prompt"]?["currentHash"] as? String == now)
        #expect(content["model"]?["state"] as? String == "external")
        #expect(content["model"]?["local"] as? Bool == false)
        #expect(content["model"]?["hash"] is NSNull)
        #expect((json["artifacts"] as? [String: String])?.keys.sorted() == ["model", "prompt"], "\(json)")
        let show = try board.run(["show", walk.id])
        #expect(show.stdout.contains("CHANGED, now blob \(now.prefix(7))"), "\(show)")
        #expect(show.stdout.contains("external — not checked"), "\(show)")

        // Put back, the approvals stand again: nothing was recorded by reading.
        try write(board, "prompts/kyc.md", "Read the document. Extract the name.\n")
        let again = try board.run(["check", walk.id])
        #expect(again.status == before.status && !again.stdout.contains("changed since"), "\(again)")

        // A file that is gone is missing.
        try FileManager.default.removeItem(at: board.url("prompts/kyc.md"))
        let gone = try board.run(["check", walk.id])
        #expect(gone.status == 1 && gone.stdout.contains("prompts/kyc.md is missing"), "\(gone)")
        let goneJSON = try board.run(["check", walk.id, "--json"]).object()
        #expect((goneJSON["artifactContent"] as? [String: [String: Any]])?["prompt"]?["state"] as? String == "missing", "\(goneJSON)")
    }

    @Test func aBoardNotInGitThatMovesKeepsItsReferences() throws {
        let board = try FixtureBoard()
        let id = try board.create("Moving board")
        try write(board, "specs/move.md", "spec\n")
        try board.act(["edit", id, "--artifact", "spec=specs/move.md@v1"], as: "ana")
        let moved = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-moved-\(UUID().uuidString)")
        try FileManager.default.moveItem(at: board.dir, to: moved)
        defer { try? FileManager.default.moveItem(at: moved, to: board.dir) }
        let show = try GateboardBinary.run(["show", id], board: moved.path)
        #expect(show.status == 0 && show.stdout.contains("specs/move.md@v1  blob") && !show.stdout.contains("MISSING"), "\(show)")
        try FileManager.default.moveItem(at: moved.appendingPathComponent("specs/move.md"), to: moved.appendingPathComponent("specs/moved.md"))
        let check = try GateboardBinary.run(["check", id], board: moved.path)
        #expect(check.status == 1 && check.stdout.contains("specs/move.md is missing"), "\(check)")
    }

    @Test func referencesThatCannotBeRecordedAreRefusedAndNothingIsWritten() throws {
        let board = try FixtureBoard()
        let id = try board.create("Hostile references")
        try write(board, "ok.md", "ok\n")
        symlink("/etc", board.path + "/etc-link")
        symlink("/etc/passwd", board.path + "/passwd-link")
        mkfifo(board.path + "/fifo", 0o644)
        try write(board, "big.bin", "")
        truncate(board.path + "/big.bin", (1 << 30) + 1)
        let before = try snapshot(board)
        let cases: [(String, String)] = [
            ("spec=../../etc/passwd", "leaves the repository"),
            ("spec=/etc/passwd", "outside the repository"),
            ("spec=etc-link/passwd", "symbolic link"),
            ("spec=passwd-link", "symbolic link"),
            ("spec=fifo", "FIFO"),
            ("spec=big.bin", "limit on a hashed file"),
            ("spec#blob=e69de29bb2d1d6434b8b29ae775ad8c2e48c5391", "may not hold '#'"),
            ("spec=ok.md\u{1b}[31m", "control"),
            ("spec\nprompt=ok.md", "line break"),
        ]
        for (arg, words) in cases {
            let r = try board.run(["edit", id, "--artifact", arg], as: "ana")
            #expect(r.status != 0, "\(arg): \(r)")
            #expect((r.stderr + r.stdout).contains(words), "\(arg): \(r)")
            #expect(try snapshot(board) == before, "\(arg) wrote something")
        }
        // A file its owner cannot read (root reads everything: then it is simply local).
        try write(board, "secret.md", "s\n")
        chmod(board.path + "/secret.md", 0)
        let secret = try board.run(["edit", id, "--artifact", "spec=secret.md"], as: "ana")
        if getuid() != 0 {
            #expect(secret.status == 1 && secret.stderr.contains("permission denied"), "\(secret)")
        }
    }

    @Test func listFlagsDriftAndRefreshRecordsContentAsAnEvent() throws {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        try write(board, "prompts/kyc.md", "v1\n")
        try walk.toSpecification()
        try walk.toImplementation()
        try walk.toCheckpoint()
        try walk.toRelease()
        var rows = try board.run(["list", "--json"]).array()
        #expect(rows.first?["drift"] as? Bool == false, "\(rows)")
        let nothing = try board.run(["refresh", walk.id], as: "ben")
        #expect(nothing.status == 1 && nothing.stderr.contains("nothing to refresh"), "\(nothing)")

        try write(board, "prompts/kyc.md", "v2\n")
        rows = try board.run(["list", "--json"]).array()
        #expect(rows.first?["drift"] as? Bool == true, "\(rows)")
        #expect(try board.run(["list"]).stdout.contains("DRIFT"))
        let logBefore = try Data(contentsOf: board.url("audit/\(walk.id).jsonl"))
        let refresh = try board.act(["refresh", walk.id, "prompt"], as: "ben", now: "2026-10-27T09:00:00Z")
        #expect(refresh.status == 0, "\(refresh)")
        let log = try Data(contentsOf: board.url("audit/\(walk.id).jsonl"))
        #expect(log.count > logBefore.count)
        let last = String(decoding: log, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        let now = try gitHash(board.path + "/prompts/kyc.md")
        #expect(last.contains("\"edit\"") && last.contains("\"prompt#blob\":\"\(now)\""), "\(last)")
        // No drift now; the release approvals given on v1 are void and must be renewed.
        rows = try board.run(["list", "--json"]).array()
        #expect(rows.first?["drift"] as? Bool == false, "\(rows)")
        let check = try board.run(["check", walk.id])
        #expect(!check.stdout.contains("changed since it was recorded"), "\(check)")
        #expect(try board.run(["verify"]).status == 0)
        #expect(try board.run(["refresh", walk.id, "nosuch"], as: "ben").status == 2)
    }

    /// The sample script writes the files its use cases refer to, and UC-0002's prompt is
    /// edited in place after Omar approved it: `check` names the file and both blob ids, and
    /// Omar's inbox asks him to renew.
    /// The committed sample (what `make sample` writes), not a fresh regeneration: rebuilding
    /// months of signed history took about 90 s of the suite for the same files.
    @Test func theSampleBoardShowsAPromptEditedAfterApproval() throws {
        let sample = try SampleBoardTests.Copy()
        let out = sample.dir
        let blob = try gitHash(out.path + "/prompts/prefill.md")
        let check = try GateboardBinary.run(["check", "UC-0002"], board: out.path, now: "2026-11-26T09:00:00Z")
        #expect(check.status == 1, "\(check)")
        #expect(check.stdout.contains("approval by Omar Haddad void: prompts/prefill.md changed since approval (blob "), "\(check)")
        #expect(check.stdout.contains("→ \(blob.prefix(7)))"), "\(check)")
        let inbox = try GateboardBinary.run(["inbox", "--json"], board: out.path, now: "2026-11-26T09:00:00Z", user: "omar").array()
        #expect(inbox.contains { $0["id"] as? String == "UC-0002" && $0["need"] as? String == "renew" }, "\(inbox)")
        for file in ["specs/UC-0001.md", "evals/UC-0002/report.html", "runbooks/UC-0003-rollback.md", "prompts/kyc-extract.md"] {
            #expect(FileManager.default.fileExists(atPath: out.path + "/" + file), "\(file)")
        }
        #expect(try GateboardBinary.run(["check", "UC-0001"], board: out.path, now: "2026-11-26T09:00:00Z").stdout.contains("changed since") == false)
    }

    /// In production a refresh is a live change: it routes as `change --kind` does.
    @Test func aRefreshInProductionRoutesAsALiveChange() throws {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        try write(board, "prompts/kyc.md", "v1\n")
        try walk.all()
        #expect(try walk.stage() == "production")
        try write(board, "prompts/kyc.md", "v2\n")
        let r = try board.act(["refresh", walk.id], as: "ben", now: "2026-10-28T09:00:00Z")
        #expect(r.status == 0, "\(r)")
        #expect(try walk.stage() == "release", "a prompt change goes back to release")
        let log = try String(contentsOf: board.url("audit/\(walk.id).jsonl"), encoding: .utf8)
        let lines = log.split(separator: "\n")
        #expect(lines.suffix(2).first?.contains("\"change\"") == true && lines.last?.contains("prompt#blob") == true, "\(lines.suffix(2))")
        #expect(try board.run(["verify"]).status == 0)
    }

    @Test func diffShowsWhatChangedSinceTheContentWasRecorded() throws {
        let board = try FixtureBoard()
        let id = try board.create("Diffed prompt")
        try write(board, "prompts/p.md", "line one\nline two\n")
        try board.act(["edit", id, "--artifact", "prompt=prompts/p.md@v1", "--artifact", "model=models/m@1"], as: "ana")
        #expect(try board.run(["diff", id, "prompt"]).stdout.contains("unchanged since its content was recorded"))
        #expect(try board.run(["diff", id, "model"]).stdout.contains("external — not checked"))
        #expect(try board.run(["diff", id, "nosuch"]).status == 2)
        try write(board, "prompts/p.md", "line one\nline 2\n")
        // Not in git: the recorded version is nowhere to be read, and it says so.
        let nogit = try board.run(["diff", id, "prompt"])
        #expect(nogit.status == 1 && nogit.stdout.contains("not among this repository's git objects"), "\(nogit)")
        // In git, with the recorded version committed: a real diff.
        func git(_ args: String...) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            p.arguments = ["-C", board.path, "-c", "user.name=t", "-c", "user.email=t@t"] + args
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
        }
        try write(board, "prompts/p.md", "line one\nline two\n")
        try git("init", "-q")
        try git("add", "prompts/p.md")
        try git("commit", "-q", "-m", "prompt v1")
        try write(board, "prompts/p.md", "line one\nline 2\n")
        let diff = try board.run(["diff", id, "prompt"])
        #expect(diff.status == 0, "\(diff)")
        #expect(diff.stdout.contains("-line two") && diff.stdout.contains("+line 2"), "\(diff)")
        #expect(diff.stdout.contains("(recorded, blob ") && diff.stdout.contains("(now, blob "), "\(diff)")
    }
}
