import Foundation
import GateboardCore
import GateboardStore
@testable import GateboardSync
import Testing

/// Every way sync can be stopped: a clear, distinct error, and nothing recorded is lost.
@Suite(.serialized) struct SyncFailureTests {
    /// A board in a repository without a remote.
    func localBoard(_ sandbox: GitSandbox) throws -> Clone {
        let dir = sandbox.url("solo")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try sandbox.git(dir, ["init", "--quiet", "-b", "main"])
        let board = dir.appendingPathComponent(GitSandbox.boardFolder)
        _ = try BoardStore.initialize(at: board, name: "Solo")
        try DefaultPolicyText.policyYAML(name: "Solo", people: GitSandbox.people)
            .write(to: board.appendingPathComponent("gateboard.yaml"), atomically: true, encoding: .utf8)
        return Clone(sandbox: sandbox, dir: dir)
    }

    @Test func notAGitRepository() throws {
        let sandbox = try GitSandbox()
        let board = sandbox.url("plain")
        _ = try BoardStore.initialize(at: board, name: "Plain")
        // GIT_CEILING_DIRECTORIES: do not find a repository above the temp directory.
        var env = sandbox.env
        env["GIT_CEILING_DIRECTORIES"] = sandbox.root.path
        #expect(throws: SyncError.notARepository(board.path)) {
            try Syncer(board: board, environment: env).run(push: false)
        }
        #expect(throws: SyncError.notARepository(board.path)) {
            try GitSetup.runUntyped(board: board, environment: env)
        }
        // init --git: setup may create the repository.
        let report = try GitSetup.initialize(board: board, name: "Plain", executable: "gateboard", environment: env)
        #expect(report.initializedRepository)
        #expect(try sandbox.git(board, ["log", "--format=%s"]) == "gateboard: new board Plain\n")
        let tracked = try sandbox.git(board, ["ls-files"])
        #expect(tracked.contains("gateboard.yaml") && tracked.contains(".gitattributes") && tracked.contains(".gitignore"))
        #expect(try sandbox.git(board, ["status", "--porcelain"]).isEmpty)
    }

    @Test func noRemoteCommitsLocallyAndSaysHowToAddOne() throws {
        let sandbox = try GitSandbox()
        let solo = try localBoard(sandbox)
        let id = try solo.create("Invoice matching", at: "2026-10-01T08:00:00Z")
        guard let error = syncFailure(of: { try solo.sync(push: true) }) else {
            Issue.record("sync without a remote succeeded")
            return
        }
        #expect(error == .noRemote(committed: 1))
        #expect(error.description.contains("git remote add origin"))
        // The action is committed, nothing lost, working tree clean.
        #expect(try solo.git(["log", "--format=%s"]).contains("new \(id)"))
        #expect(try solo.git(["status", "--porcelain"]).isEmpty)
        #expect(try solo.store.verify().ok)
    }

    @Test func unreachableRemoteKeepsTheLocalCommit() throws {
        let sandbox = try GitSandbox()
        let solo = try localBoard(sandbox)
        try solo.git(["remote", "add", "origin", sandbox.url("does-not-exist/remote.git").path])
        _ = try solo.create("Invoice matching", at: "2026-10-01T08:00:00Z")
        guard let error = syncFailure(of: { try solo.sync(push: true) }) else {
            Issue.record("sync with an unreachable remote succeeded")
            return
        }
        guard case .unreachable(let remote, _) = error else { Issue.record("wrong error: \(error)"); return }
        #expect(remote == "origin")
        #expect(error.description.contains("cannot reach remote origin"))
        #expect(error.code == "remote_unreachable")
        #expect(try solo.git(["log", "--oneline"]).split(separator: "\n").count == 1)
        #expect(try solo.git(["status", "--porcelain"]).isEmpty)
    }

    @Test func authenticationFailureIsToldApart() throws {
        let sandbox = try GitSandbox()
        let solo = try localBoard(sandbox)
        // A remote helper that fails the way ssh does when the key is refused; no network.
        try solo.git(["remote", "add", "origin", #"ext::sh -c echo% Permission% denied% \(publickey\).>&2;exit% 128"#])
        var env = sandbox.env
        env["GIT_CONFIG_COUNT"] = "1"
        env["GIT_CONFIG_KEY_0"] = "protocol.ext.allow"
        env["GIT_CONFIG_VALUE_0"] = "always"
        _ = try solo.create("Invoice matching", at: "2026-10-01T08:00:00Z")
        guard let error = syncFailure(of: { try Syncer(board: solo.board, environment: env).run(push: true) }) else {
            Issue.record("sync with a refusing remote succeeded")
            return
        }
        guard case .authentication = error else { Issue.record("wrong error: \(error)"); return }
        #expect(error.description.contains("authentication to remote origin failed"))
        #expect(try solo.git(["status", "--porcelain"]).isEmpty)
    }

    @Test func unrelatedChangesInTheWorkingTreeAreLeftAlone() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        let id = try a.create("Invoice matching", at: "2026-10-01T08:00:00Z")
        _ = try a.sync(push: true)
        let b = try sandbox.clone("b")
        // Unrelated work in b: a tracked file edited, an untracked file, a note in the board folder.
        try "draft\n".write(to: b.dir.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)
        try b.git(["add", "notes.md"])
        try b.git(["commit", "--quiet", "-m", "notes"])
        try "draft, edited\n".write(to: b.dir.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)
        try "scratch\n".write(to: b.dir.appendingPathComponent("scratch.txt"), atomically: true, encoding: .utf8)
        try "todo\n".write(to: b.board.appendingPathComponent("TODO.txt"), atomically: true, encoding: .utf8)
        // Concurrent board work on both sides, so sync really merges.
        try a.act(.comment(text: "from a"), on: id, as: "ana", at: "2026-10-02T08:00:00Z")
        _ = try a.sync(push: true)
        try b.act(.comment(text: "from b"), on: id, as: "ben", at: "2026-10-02T09:00:00Z")
        let report = try b.sync(push: true)
        #expect(report.merge == .merged && report.pushed)
        let status = try b.git(["status", "--porcelain"])
        #expect(status.contains(" M notes.md"))
        #expect(status.contains("?? scratch.txt"))
        #expect(status.contains("?? \(GitSandbox.boardFolder)/TODO.txt"))
        #expect(try String(contentsOf: b.dir.appendingPathComponent("notes.md"), encoding: .utf8) == "draft, edited\n")
        let committed = try b.git(["log", "--name-only", "--format=", "origin/main"])
        #expect(!committed.contains("scratch.txt") && !committed.contains("TODO.txt"))
        #expect(try b.store.verify().ok)
    }

    @Test func stagedUnrelatedChangesStopAMergeWithoutLosingAnything() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        let id = try a.create("Invoice matching", at: "2026-10-01T08:00:00Z")
        _ = try a.sync(push: true)
        let b = try sandbox.clone("b")
        try a.act(.comment(text: "from a"), on: id, as: "ana", at: "2026-10-02T08:00:00Z")
        _ = try a.sync(push: true)
        try "staged\n".write(to: b.dir.appendingPathComponent("staged.md"), atomically: true, encoding: .utf8)
        try b.git(["add", "staged.md"])
        try b.act(.comment(text: "from b"), on: id, as: "ben", at: "2026-10-02T09:00:00Z")
        guard let error = syncFailure(of: { try b.sync(push: true) }) else {
            Issue.record("merge over staged changes succeeded")
            return
        }
        guard case .unresolvedConflict(let files, _) = error else { Issue.record("wrong error: \(error)"); return }
        #expect(files == ["staged.md"])
        // The board action was committed; the staged file is still staged.
        #expect(try b.git(["log", "-1", "--format=%s"]).contains("comment \(id)"))
        #expect(try b.git(["diff", "--cached", "--name-only"]) == "staged.md\n")
    }

    @Test func aConflictGitCannotResolveAbortsAndKeepsEverything() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        let id = try a.create("Invoice matching", at: "2026-10-01T08:00:00Z")
        _ = try a.sync(push: true)
        let b = try sandbox.clone("b")
        // Both edit the same line of the policy differently.
        for (clone, days) in [(a, "20"), (b, "25")] {
            let url = clone.board.appendingPathComponent("gateboard.yaml")
            let text = try String(contentsOf: url, encoding: .utf8)
                .replacingOccurrences(of: "sla: {low: 21, medium: 14, high: 14}", with: "sla: {low: \(days), medium: 14, high: 14}")
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try a.act(.comment(text: "from a"), on: id, as: "ana", at: "2026-10-02T08:00:00Z")
        _ = try a.sync(push: true)
        try b.act(.comment(text: "from b"), on: id, as: "ben", at: "2026-10-02T09:00:00Z")
        let headBefore = try b.git(["rev-parse", "HEAD"])
        guard let error = syncFailure(of: { try b.sync(push: true) }) else {
            Issue.record("sync merged a conflicting policy")
            return
        }
        guard case .unresolvedConflict(let files, _) = error else { Issue.record("wrong error: \(error)"); return }
        #expect(files == ["\(GitSandbox.boardFolder)/gateboard.yaml"])
        #expect(error.description.contains("merge was aborted"))
        // The merge was aborted: HEAD is b's own commit with its action, the tree is clean.
        let head = try b.git(["rev-parse", "HEAD"])
        #expect(head != headBefore)   // b's pending action was committed first
        #expect(try b.git(["log", "-1", "--format=%B"]).contains("comment \(id)"))
        #expect(try b.git(["status", "--porcelain"]).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: b.dir.appendingPathComponent(".git/MERGE_HEAD").path))
        #expect(try b.store.verify().ok)
        #expect(try b.eventIDs().contains(b.recorded.last!))
    }

    @Test func detachedHeadIsRefused() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        try a.git(["checkout", "--quiet", "--detach"])
        #expect(syncFailure(of: { try a.sync(push: false) }) == .detachedHead)
    }

    @Test func errorsSayDistinctThings() {
        let errors: [SyncError] = [
            .notARepository("/b"), .noRemote(committed: 0), .unreachable(remote: "origin", detail: "x"),
            .authentication(remote: "origin", detail: "x"), .unresolvedConflict(files: ["f"], detail: ""),
            .detachedHead, .pushRaced(remote: "origin"), .pushRefused(remote: "origin", detail: "x"),
        ]
        #expect(Set(errors.map(\.code)).count == errors.count)
        #expect(Set(errors.map(\.description)).count == errors.count)
        #expect(SyncError.remoteFailure(remote: "o", stderr: "fatal: Authentication failed for 'https://x'") == .authentication(remote: "o", detail: "fatal: Authentication failed for 'https://x'"))
        #expect(SyncError.remoteFailure(remote: "o", stderr: "ssh: Could not resolve hostname x: Name or service not known")
                == .unreachable(remote: "o", detail: "ssh: Could not resolve hostname x: Name or service not known"))
        // A path that happens to hold "403" or "401" (a temporary folder's UUID did, once, in CI) is no
        // authentication failure; git's own HTTP wording is.
        let missing = "fatal: '/tmp/s-AD7C115C-89FE-4030-99EA-554B127B306E/x-401/remote.git' does not appear to be a git repository"
        #expect(SyncError.remoteFailure(remote: "o", stderr: missing) == .unreachable(remote: "o", detail: missing))
        let http = "fatal: unable to access 'https://h/r.git/': The requested URL returned error: 403"
        #expect(SyncError.remoteFailure(remote: "o", stderr: http) == .authentication(remote: "o", detail: http))
    }
}

/// The SyncError a body threw, if any (typed throws kept out of test closures: the
/// compiler of this toolchain crashes on some of them).
func syncFailure(of body: () throws -> Any) -> SyncError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? SyncError
    }
}

extension Syncer {
    func run(push: Bool) throws -> SyncReport { try sync(push: push) }
}

extension GitSetup {
    static func runUntyped(board: URL, environment: [String: String]) throws -> Report {
        try run(board: board, executable: "gateboard", environment: environment)
    }
}
