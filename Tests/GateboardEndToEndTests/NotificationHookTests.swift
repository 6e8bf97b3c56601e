import Foundation
import Testing

/// Notification hooks through the real binary on a copy of the sample board: the hook gets one
/// JSON object after the action lands; it can never fail, block or delay the action beyond its
/// timeout; and nothing in the board can configure one.
@Suite struct NotificationHookTests {
    /// A scratch home with a gateboard config dir, a sample board copy, and a place for hooks.
    final class Setup {
        let sample: SampleBoardTests.Copy
        let home: URL
        var config: URL { home.appendingPathComponent("xdg/gateboard") }
        init() throws {
            sample = try SampleBoardTests.Copy()
            home = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-hook-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: home.appendingPathComponent("xdg/gateboard"), withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: home) }

        var environment: [String: String] {
            ["HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent("xdg").path, "GIT_CONFIG_NOSYSTEM": "1",
             "GIT_CONFIG_GLOBAL": home.appendingPathComponent("gitconfig").path]
        }

        /// Writes an executable hook script and configures it in config.yaml.
        @discardableResult
        func hook(_ body: String, timeout: Int? = nil, executable: Bool = true) throws -> String {
            let path = home.appendingPathComponent("hook.sh").path
            try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: path)
            var yaml = "hook: \(path)\n"
            if let timeout { yaml += "hookTimeout: \(timeout)\n" }
            try yaml.write(to: config.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
            return path
        }

        func file(_ name: String) -> String { home.appendingPathComponent(name).path }

        func act(_ args: [String], as user: String, environment extra: [String: String] = [:], cwd: String? = nil) throws
            -> (GateboardBinary.Result, TimeInterval) {
            let start = Date()
            let r = try GateboardBinary.run(args, board: sample.path, now: SampleBoardTests.today, user: user,
                                            environment: environment.merging(extra) { _, b in b }, cwd: cwd)
            return (r, Date().timeIntervalSince(start))
        }

        /// The action landed: its event is the last line of the use case's log.
        func lastAction(_ id: String) throws -> String {
            let log = try String(contentsOfFile: sample.path + "/audit/\(id).jsonl", encoding: .utf8)
            return String(log.split(separator: "\n").last ?? "")
        }
    }

    @Test func hookReceivesTheEventTheSummaryAndWhoseInboxChanged() throws {
        let s = try Setup()
        try s.hook("cat > '\(s.file("got.json"))'\necho \"$GATEBOARD_HOOK_EVENT $GATEBOARD_HOOK_USE_CASE\" > '\(s.file("env.txt"))'")
        let (r, _) = try s.act(["assign", "UC-0004", "ops_owner", "nadia"], as: "lena")
        #expect(r.status == 0, "\(r)")
        #expect(r.stderr.isEmpty, "\(r)")
        let data = try Data(contentsOf: URL(fileURLWithPath: s.file("got.json")))
        let o = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let event = try #require(o["event"] as? [String: Any])
        #expect(event["action"] as? String == "assign")
        #expect(event["useCase"] as? String == "UC-0004")
        let uc = try #require(o["useCase"] as? [String: Any])
        #expect(uc["id"] as? String == "UC-0004")
        #expect((uc["owners"] as? [String: String])?["ops_owner"] == "nadia")
        let notify = try #require(o["notify"] as? [[String: Any]])
        // Nadia now owes the monitoring plan; Lena no longer has to find an ops owner.
        #expect(notify.contains { $0["person"] as? String == "nadia" && $0["change"] as? String == "gained"
            && $0["need"] as? String == "evidence" && ($0["message"] as? String ?? "").contains("monitoring-plan") })
        #expect(notify.contains { $0["person"] as? String == "lena" && $0["change"] as? String == "lost"
            && $0["need"] as? String == "owner" })
        #expect(try String(contentsOfFile: s.file("env.txt"), encoding: .utf8) == "assign UC-0004\n")
    }

    @Test func aHangingHookIsKilledAtItsTimeoutWithWhatItStarted() throws {
        let s = try Setup()
        // The background child would leave a mark after 3 s if the timeout spared it.
        try s.hook("(sleep 3; touch '\(s.file("survivor"))') &\nsleep 60", timeout: 1)
        let (r, took) = try s.act(["comment", "UC-0004", "ping"], as: "lena")
        #expect(r.status == 0, "\(r)")
        // Far below the 60 s the hook would sleep: the timeout cut it (a bound, not a speed check).
        #expect(took < 30, "took \(took) s")
        #expect(r.stdout.contains("UC-0004"))
        #expect(r.stderr.contains("did not finish within 1 s"), "\(r)")
        #expect(try s.lastAction("UC-0004").contains("\"comment\""))
        Thread.sleep(forTimeInterval: 3.5)
        #expect(!FileManager.default.fileExists(atPath: s.file("survivor")), "the hook's process group was killed")
    }

    @Test func theDefaultTimeoutIsTenSeconds() throws {
        let s = try Setup()
        try s.hook("sleep 60")
        let (r, took) = try s.act(["comment", "UC-0004", "ping"], as: "lena")
        #expect(r.status == 0, "\(r)")
        #expect(took >= 9.5 && took < 45, "took \(took) s")
        #expect(r.stderr.contains("did not finish within 10 s"), "\(r)")
    }

    @Test func aFailingHookIsANoteNotAFailure() throws {
        let s = try Setup()
        try s.hook("echo 'webhook refused: 403' >&2\nexit 7")
        let (r, _) = try s.act(["comment", "UC-0004", "ping", "--json"], as: "lena")
        #expect(r.status == 0, "\(r)")
        #expect(try r.object()["ok"] as? Bool == true, "stdout stays the action's JSON")
        #expect(r.stderr.contains("failed (exit 7): webhook refused: 403"), "\(r)")
        #expect(try s.lastAction("UC-0004").contains("\"comment\""))
    }

    @Test func megabytesOfOutputAreCappedAndDoNotBlock() throws {
        let s = try Setup()
        // 8 MB on stdout without reading stdin, then a failure: the pipe never fills up.
        try s.hook("head -c 8000000 /dev/zero | tr '\\\\0' x\nexit 1", timeout: 20)
        let (r, took) = try s.act(["comment", "UC-0004", "ping"], as: "lena")
        #expect(r.status == 0, "\(r)")
        #expect(took < 15, "took \(took) s")
        #expect(r.stderr.contains("failed (exit 1)"))
        #expect(r.stderr.utf8.count < 2000, "the note quotes at most the start of the output")
    }

    @Test func aHookThatIsNotExecutableIsNoted() throws {
        let s = try Setup()
        try s.hook("touch '\(s.file("ran"))'", executable: false)
        let (r, _) = try s.act(["comment", "UC-0004", "ping"], as: "lena")
        #expect(r.status == 0, "\(r)")
        #expect(r.stderr.contains("is not executable"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: s.file("ran")))
    }

    @Test func aBrokenConfigIsANoteNamingTheLine() throws {
        let s = try Setup()
        try "hook: /bin/true\nhookTimeout: 9999\n".write(to: s.config.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        let (r, _) = try s.act(["comment", "UC-0004", "ping"], as: "lena")
        #expect(r.status == 0, "\(r)")
        #expect(r.stderr.contains("config.yaml:2:14: hookTimeout: must be a whole number from 1 to 300"), "\(r)")
    }

    @Test func gitConfigCanNameTheHook() throws {
        let s = try Setup()
        let path = try s.hook("touch '\(s.file("ran"))'")
        try FileManager.default.removeItem(at: s.config.appendingPathComponent("config.yaml"))
        try "[gateboard]\n\thook = \(path)\n".write(toFile: s.file("gitconfig"), atomically: true, encoding: .utf8)
        let (r, _) = try s.act(["comment", "UC-0004", "ping"], as: "lena")
        #expect(r.status == 0, "\(r)")
        #expect(FileManager.default.fileExists(atPath: s.file("ran")))
    }

    /// A board arrives by `git pull`: nothing in it may choose a program to run.
    @Test func aBoardCannotConfigureAHook() throws {
        let s = try Setup()
        let marker = s.file("ran")
        let script = s.sample.path + "/notify.sh"
        try "#!/bin/sh\ntouch '\(marker)'\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        // 1. A settings file inside the board, found from the board as working directory, with
        //    XDG_CONFIG_HOME relative (the XDG rule: ignored) and HOME elsewhere.
        for dir in [".gateboard", ".config/gateboard", "cfg/gateboard"] {
            try FileManager.default.createDirectory(atPath: s.sample.path + "/" + dir, withIntermediateDirectories: true)
            try "hook: \(script)\n".write(toFile: s.sample.path + "/\(dir)/config.yaml", atomically: true, encoding: .utf8)
        }
        var (r, _) = try s.act(["comment", "UC-0004", "ping"], as: "lena",
                               environment: ["XDG_CONFIG_HOME": "cfg"], cwd: s.sample.path)
        #expect(r.status == 0, "\(r)")
        #expect(!FileManager.default.fileExists(atPath: marker), "a settings file in the board ran a program")
        // 2. A relative hook path in the user's own settings would resolve against the working
        //    directory (the board): refused with a note, nothing run.
        try "hook: notify.sh\n".write(to: s.config.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        (r, _) = try s.act(["comment", "UC-0004", "ping"], as: "lena", cwd: s.sample.path)
        #expect(r.status == 0, "\(r)")
        #expect(r.stderr.contains("hook: must be an absolute path or start with ~/"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: marker), "a relative hook ran the board's program")
        try FileManager.default.removeItem(at: s.config.appendingPathComponent("config.yaml"))
        try "[gateboard]\n\thook = notify.sh\n".write(toFile: s.file("gitconfig"), atomically: true, encoding: .utf8)
        (r, _) = try s.act(["comment", "UC-0004", "ping"], as: "lena", cwd: s.sample.path)
        #expect(r.status == 0, "\(r)")
        #expect(r.stderr.contains("git config gateboard.hook: must be an absolute path"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: marker), "a relative git-config hook ran the board's program")
        // 3. A hook key in the policy is not a setting: the policy refuses it, and nothing runs.
        let policy = s.sample.path + "/gateboard.yaml"
        let text = try String(contentsOfFile: policy, encoding: .utf8)
        try ("hook: \(script)\n" + text).write(toFile: policy, atomically: true, encoding: .utf8)
        (r, _) = try s.act(["comment", "UC-0004", "ping"], as: "lena")
        #expect(r.status != 0, "\(r)")
        #expect(r.stderr.contains("unknown key 'hook'"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: marker), "a policy key ran a program")
    }
}

/// In the TUI the hook runs in the background: the board stays usable, and a failure shows in
/// the status line.
@Suite struct NotificationHookTUITests {
    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func aFailingHookShowsInTheStatusLine() throws {
        let s = try NotificationHookTests.Setup()
        try s.hook("cat > '\(s.file("got.json"))'\necho 'webhook down' >&2\nexit 5")
        let tui = try TUITmux(board: s.sample.path, as: "lena", now: SampleBoardTests.today, environment: s.environment)
        try tui.waitFor("you: Lena Vogt")
        try tui.send("c")
        try tui.waitFor("Comment on")
        try tui.send("checking in from the board", literal: true)
        try tui.send("Enter")
        let screen = try tui.waitFor("failed (exit 5): webhook down")
        #expect(screen.contains("notification hook"), "\(screen)")
        let data = try Data(contentsOf: URL(fileURLWithPath: s.file("got.json")))
        let o = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((o["event"] as? [String: Any])?["action"] as? String == "comment")
        try tui.send("q")
        try tui.waitForExit()
    }
}
