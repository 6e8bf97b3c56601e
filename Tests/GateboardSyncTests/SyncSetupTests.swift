import Foundation
import GateboardCore
import GateboardStore
@testable import GateboardSync
import Testing

@Suite(.serialized) struct SyncSetupTests {
    @Test func setupWritesAttributesIgnoresAndDriversOnceAndKeepsExistingLines() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        let attributes = try String(contentsOf: a.board.appendingPathComponent(".gitattributes"), encoding: .utf8)
        #expect(attributes.contains("audit/*.jsonl -text merge=gateboard-audit\n"))
        #expect(attributes.contains("usecases/*.yaml -text merge=gateboard-usecase\n"))
        let ignore = try String(contentsOf: a.board.appendingPathComponent(".gitignore"), encoding: .utf8)
        for line in [".gateboard.lock", ".gateboard/", ".*.tmp-*"] { #expect(ignore.contains(line + "\n")) }
        #expect(try a.git(["config", "merge.gateboard-audit.driver"]) == "gateboard merge-driver %O %A %B %P\n")
        #expect(try a.git(["config", "merge.gateboard-usecase.driver"]) == "gateboard merge-driver %O %A %B %P\n")
        // The setup files were committed by the first sync; the lock file never is.
        let tracked = try a.git(["ls-files"])
        #expect(tracked.contains("\(GitSandbox.boardFolder)/.gitattributes"))
        #expect(!tracked.contains(".gateboard.lock"))
        #expect(FileManager.default.fileExists(atPath: a.board.appendingPathComponent(".gateboard.lock").path))

        // Again: nothing to do. A user's own line survives.
        try (attributes + "*.png binary\n").write(to: a.board.appendingPathComponent(".gitattributes"), atomically: true, encoding: .utf8)
        let again = try GitSetup.run(board: a.board, executable: "gateboard", environment: sandbox.env)
        #expect(again.lines == ["already set up"])
        // A path with a space is quoted for the shell git runs the driver with.
        _ = try GitSetup.run(board: a.board, executable: "/opt/my tools/gateboard", environment: sandbox.env)
        #expect(try a.git(["config", "merge.gateboard-audit.driver"]) == "'/opt/my tools/gateboard' merge-driver %O %A %B %P\n")
        #expect(GitSetup.cloneCommands().first == "git config merge.gateboard-audit.name 'Gateboard audit log: merge events by id'")
    }

    @Test func unsyncedCountsUncommittedFilesAndCommitsAhead() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        #expect(UnsyncedActions.of(board: a.board, environment: sandbox.env) == UnsyncedActions(uncommittedFiles: 0, commitsAhead: 0))
        let id = try a.create("Invoice matching", at: "2026-10-01T08:00:00Z")
        #expect(UnsyncedActions.of(board: a.board, environment: sandbox.env)?.uncommittedFiles == 2)   // log and use case
        #expect(AutoCommit.afterAction(board: a.board, environment: sandbox.env) == nil)
        try a.act(.comment(text: "hi"), on: id, as: "ana", at: "2026-10-01T09:00:00Z")
        #expect(AutoCommit.afterAction(board: a.board, names: ["ana": "Ana Ortiz"], environment: sandbox.env) == nil)
        let state = try #require(UnsyncedActions.of(board: a.board, environment: sandbox.env))
        #expect(state == UnsyncedActions(uncommittedFiles: 0, commitsAhead: 2))
        #expect(state.total == 2)
        // Auto-commit: one commit per action, authored as the acting person.
        #expect(try a.git(["log", "-2", "--format=%s|%an"]) == "gateboard: comment \(id)|Ana Ortiz\ngateboard: new \(id)|ana\n")
        _ = try a.sync(push: true)
        #expect(UnsyncedActions.of(board: a.board, environment: sandbox.env)?.isClean == true)
        var env = sandbox.env
        env["GIT_CEILING_DIRECTORIES"] = sandbox.root.path
        let plain = sandbox.url("plain")
        _ = try BoardStore.initialize(at: plain, name: "Plain")
        #expect(UnsyncedActions.of(board: plain, environment: env) == nil)
        #expect(AutoCommit.afterAction(board: plain, environment: env)?.contains("not committed") == true)
    }

    @Test func pushRacedBySomeoneElseMergesAgainAndPushes() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        let id = try a.create("Invoice matching", at: "2026-10-01T08:00:00Z")
        _ = try a.sync(push: true)
        let b = try sandbox.clone("b")
        // A commits an action but has not pushed; B's pre-push hook pushes it first, once.
        try a.act(.comment(text: "from a"), on: id, as: "ana", at: "2026-10-02T08:00:00Z")
        _ = AutoCommit.afterAction(board: a.board, environment: sandbox.env)
        let hook = b.dir.appendingPathComponent(".git/hooks/pre-push")
        let marker = sandbox.url("raced")
        try """
            #!/bin/sh
            [ -e '\(marker.path)' ] && exit 0
            touch '\(marker.path)'
            unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
            git -C '\(a.dir.path)' push --quiet origin main
            exit 0
            """.write(to: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        try b.act(.comment(text: "from b"), on: id, as: "ben", at: "2026-10-02T09:00:00Z")
        let report = try b.sync(push: true)
        #expect(FileManager.default.fileExists(atPath: marker.path))
        #expect(report.pushed && report.merge == .merged)
        _ = try a.sync(push: false)
        #expect(try a.snapshot() == b.snapshot())
        #expect(try a.eventIDs().count == 3)
    }

    @Test func mergeDriverMergesLogsAndRebuildsUseCasesDuringAPlainGitMerge() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        let id = try a.create("Invoice matching", at: "2026-10-01T08:00:00Z")
        try a.act(.assign(role: "stop_ship", person: "olga"), on: id, as: "ana", at: "2026-10-01T08:30:00Z")
        _ = try a.sync(push: true)
        let b = try sandbox.clone("b")
        try a.act(.halt(reason: "drift"), on: id, as: "olga", at: "2026-10-02T08:00:00Z")
        _ = try a.sync(push: true)
        try b.act(.halt(reason: "outage"), on: id, as: "olga", at: "2026-10-02T09:00:00Z")
        _ = AutoCommit.afterAction(board: b.board, environment: sandbox.env)
        try b.git(["fetch", "--quiet", "origin"])
        // A plain `git merge` that stops before committing, as git would call the driver:
        // keep ours for the moment, then run the driver on the three versions ourselves.
        try b.git(["-c", "merge.gateboard-audit.driver=true", "-c", "merge.gateboard-usecase.driver=true",
                   "merge", "--no-commit", "--no-ff", "--quiet", "origin/main"])
        let prefix = GitSandbox.boardFolder + "/"
        let logPath = prefix + "audit/\(id).jsonl", ucPath = prefix + "usecases/\(id).yaml"
        let base = try b.git(["merge-base", "HEAD", "MERGE_HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        for path in [logPath, ucPath] {
            let o = sandbox.url("O"), t = sandbox.url("B")
            try Data(try b.git(["show", "\(base):\(path)"]).utf8).write(to: o)
            try Data(try b.git(["show", "MERGE_HEAD:\(path)"]).utf8).write(to: t)
            let outcome = MergeDriver.run(base: o.path, current: b.dir.appendingPathComponent(path).path, other: t.path,
                                          path: path, repository: b.dir)
            #expect(outcome.status == 0, "\(outcome.messages)")
            if path == logPath { #expect(outcome.messages.first?.contains("duplicate_halt") == true) }
        }
        #expect(try b.store.verify().ok)
        #expect(try b.store.load().useCase(id)?.halted?.reason == "drift")
        // The same bytes as `sync` produces on the other clone.
        try b.git(["commit", "--quiet", "-am", "merge"])
        try b.git(["push", "--quiet", "origin", "HEAD:main"])
        _ = try a.sync(push: false)
        #expect(try a.snapshot() == b.snapshot())
        // A file the driver does not know is refused, so git reports a conflict.
        #expect(MergeDriver.run(base: "/dev/null", current: "/dev/null", other: "/dev/null", path: "README.md",
                                repository: b.dir).status == 1)
    }
}
