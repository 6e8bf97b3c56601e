import Foundation
import Testing

/// The TUI on a board in a git repository: a `git pull` underneath reloads it, the header
/// marks unsynced local work, and `autoCommit` commits each action made from the keyboard.
@Suite(.serialized) struct TUIGitTests {
    static func git(_ args: [String], in dir: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid"] + args
        p.currentDirectoryURL = dir
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw TestFailure("git \(args.joined(separator: " ")) failed in \(dir.path)") }
        return String(decoding: data, as: UTF8.self)
    }

    static func commits(_ dir: URL) throws -> Int {
        Int(try git(["rev-list", "--count", "HEAD"], in: dir).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func pullReloadsUnsyncedMarkAndAutoCommit() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-tui-git-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let mine = root.appendingPathComponent("mine"), theirs = root.appendingPathComponent("theirs")
        let remote = root.appendingPathComponent("remote.git")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let initR = try GateboardBinary.run(["init", mine.path, "--git", "--name", "Shared board"])
        #expect(initR.status == 0, "\(initR)")
        let policy = mine.appendingPathComponent("gateboard.yaml")
        var text = try String(contentsOf: policy, encoding: .utf8)
        text = try FixtureBoard.replacingPeople(in: text, with: FixtureBoard.people)
            .replacingOccurrences(of: "autoCommit: false", with: "autoCommit: true")
        try text.write(to: policy, atomically: true, encoding: .utf8)
        _ = try Self.git(["add", "-A"], in: mine)
        _ = try Self.git(["commit", "-qm", "our people"], in: mine)
        _ = try Self.git(["init", "-q", "--bare", remote.path], in: root)
        _ = try Self.git(["remote", "add", "origin", remote.path], in: mine)
        _ = try Self.git(["push", "-q", "-u", "origin", "HEAD"], in: mine)
        _ = try Self.git(["clone", "-q", remote.path, theirs.path], in: root)

        let now = "2026-10-23T09:00:00Z"
        let tui = try TUITmux(board: mine.path, as: "ana", now: now)
        var screen = try tui.waitFor("you: Ana Ortiz")
        #expect(!screen.contains("unsynced"), "a clean clone has nothing unsynced:\n\(screen)")

        // Someone else acts in their clone and pushes; we pull underneath the open TUI.
        let theirNew = try GateboardBinary.run(["new", "--title", "From team", "--tier", "low", "--board", theirs.path],
                                               now: now, user: "ana")
        #expect(theirNew.status == 0, "\(theirNew)")
        _ = try Self.git(["push", "-q"], in: theirs)
        _ = try Self.git(["pull", "-q", "--ff-only"], in: mine)
        screen = try tui.waitFor("From team")
        #expect(!screen.contains("unsynced"), "a fast-forward pull leaves nothing unsynced:\n\(screen)")

        // An action from the keyboard: committed at once (autoCommit), one commit ahead of the remote.
        let before = try Self.commits(mine)
        try tui.send("n")
        try tui.waitFor("New use case")
        try tui.send("Made in the TUI", literal: true)
        try tui.send("Enter")
        try tui.answerDefaultScreening()
        // Two waits: a capture can catch a frame half drawn (header done, status line not yet).
        try tui.waitFor("create recorded on")
        try tui.waitFor("⇡1 unsynced")
        #expect(try Self.commits(mine) == before + 1)
        #expect(try Self.git(["status", "--porcelain"], in: mine).isEmpty, "the action left nothing uncommitted")

        // When git cannot commit, the action stays recorded and the note says why.
        let lock = mine.appendingPathComponent(".git/index.lock")
        FileManager.default.createFile(atPath: lock.path, contents: Data())
        try tui.send("c")
        try tui.waitFor("Comment on")
        try tui.send("still here", literal: true)
        try tui.send("Enter")
        screen = try tui.waitFor("not committed to git")
        try tui.waitFor("comment recorded on")
        try FileManager.default.removeItem(at: lock)

        // Commit the comment and push from another terminal: no board file changes, yet the mark
        // goes away (re-checked every 15 s while it shows).
        _ = try Self.git(["add", "-A"], in: mine)
        _ = try Self.git(["commit", "-qm", "the comment"], in: mine)
        _ = try Self.git(["push", "-q"], in: mine)
        let deadline = Date().addingTimeInterval(TUITmux.patience)
        while tui.screen().contains("unsynced") && Date() < deadline { usleep(200_000) }
        #expect(!tui.screen().contains("unsynced"), "the mark stayed after the push:\n\(tui.screen())")
        try tui.send("q")
        try tui.waitForExit()
        #expect(try Self.commits(mine) == before + 2)
    }

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func noMarkOutsideGit() throws {
        let board = try FixtureBoard()
        _ = try board.create("Not in git")
        // Acting after the creation: an event may not be dated before the one it follows.
        let tui = try TUITmux(board: board.path, as: "ana", now: GateboardBinary.defaultNow)
        try tui.waitFor("Not in git")
        try tui.send("c")
        try tui.waitFor("Comment on")
        try tui.send("hello", literal: true)
        try tui.send("Enter")
        let screen = try tui.waitFor("comment recorded on")
        #expect(!screen.contains("unsynced"))
        #expect(!screen.contains("not committed"))
        try tui.send("q")
        try tui.waitForExit()
    }
}
