import Foundation
import Testing

/// Issue 19's delegation from the TUI and its notification hook, through the real binary.
/// `D` lists, `n` picks the delegate and takes the days, `c` cancels; a delegation recorded or
/// cancelled by the CLI in another terminal shows in the open list at once (the board log is
/// watched); `gateboard delegate` and `delegate --cancel` run the hook like every action.
@Suite(.serialized) struct TUIDelegationTests {
    /// A scratch XDG config whose hook appends each input it gets to `got.jsonl`.
    final class Hook {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-dhook-\(UUID().uuidString)")
        var got: URL { home.appendingPathComponent("got.jsonl") }
        init() throws {
            let config = home.appendingPathComponent("xdg/gateboard")
            try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
            let script = home.appendingPathComponent("hook.sh").path
            try "#!/bin/sh\ncat >> '\(got.path)'\n".write(toFile: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
            try "hook: \(script)\n".write(to: config.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        }
        deinit { try? FileManager.default.removeItem(at: home) }
        var environment: [String: String] {
            ["HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent("xdg").path, "GIT_CONFIG_NOSYSTEM": "1",
             "GIT_CONFIG_GLOBAL": home.appendingPathComponent("gitconfig").path]
        }
        /// Each hook input received, in order.
        func inputs() throws -> [[String: Any]] {
            guard let text = try? String(contentsOf: got, encoding: .utf8) else { return [] }
            return try text.split(separator: "\n").map {
                try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
        }
    }

    static func notify(_ input: [String: Any]) -> [(person: String, change: String, useCase: String)] {
        ((input["notify"] as? [[String: Any]]) ?? []).map {
            ($0["person"] as? String ?? "", $0["change"] as? String ?? "", $0["useCase"] as? String ?? "")
        }
    }

    @Test func delegateAndCancelRunTheHookNamingTheDelegateAndTheDelegator() throws {
        let b = try FixtureBoard()
        let w = try DelegationEndToEndTests.atCheckpoint(b)
        let hook = try Hook()
        let r = try b.run(["delegate", "--to", "pat", "--until", "2026-11-05"], as: "rita", now: "2026-10-23T08:30:00Z",
                          environment: hook.environment)
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r)")
        var inputs = try hook.inputs()
        try #require(inputs.count == 1)
        #expect((inputs[0]["event"] as? [String: Any])?["action"] as? String == "delegate")
        #expect(inputs[0]["useCase"] == nil)
        // Pat gains Rita's waiting approval on the use case at checkpoint.
        let gained = Self.notify(inputs[0])
        #expect(gained.contains { $0.person == "pat" && $0.change == "gained" && $0.useCase == w.id }, "\(inputs[0])")
        let c = try b.run(["delegate", "--cancel"], as: "rita", now: "2026-10-23T09:30:00Z", environment: hook.environment)
        #expect(c.status == 0 && c.stderr.isEmpty, "\(c)")
        inputs = try hook.inputs()
        try #require(inputs.count == 2)
        #expect((inputs[1]["event"] as? [String: Any])?["action"] as? String == "delegate_cancel")
        #expect(Self.notify(inputs[1]).contains { $0.person == "pat" && $0.change == "lost" && $0.useCase == w.id }, "\(inputs[1])")
        // A refused delegation runs no hook.
        #expect(try b.run(["delegate", "--to", "rita", "--until", "2026-11-05"], as: "rita", now: "2026-10-23T10:00:00Z",
                          environment: hook.environment).status != 0)
        #expect(try hook.inputs().count == 2)
    }

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func delegateListAndCancelFromTheTUI() throws {
        let b = try FixtureBoard()
        let hook = try Hook()
        let tui = try TUITmux(board: b.path, as: "rita", now: "2026-10-23T09:00:00Z", width: 120, height: 32,
                              environment: hook.environment)
        try tui.waitFor("you: Rita Lindqvist")
        try tui.send("D")
        try tui.waitFor("No delegation in force or to come for you.")
        try tui.send("n")
        try tui.waitFor("Delegate your decisions to")
        try tui.send("pat", literal: true)                  // type-ahead
        try tui.waitFor("1 of 1")
        try tui.send("Enter")
        try tui.waitFor("Delegate to Pat Moreau · from Rita Lindqvist")
        // In the past: refused in the form, the input kept.
        try tui.send("yesterday", literal: true)
        try tui.send("Enter")
        try tui.waitFor("would already be over")
        try tui.send("C-u")
        try tui.send("+14d", literal: true)
        try tui.send("Enter")
        var screen = try tui.waitFor("delegated to Pat Moreau as risk reviewer, from 2026-10-23 until 2026-11-06")
        screen = try tui.waitFor("Rita Lindqvist → Pat Moreau as risk reviewer, from 2026-10-23 until 2026-11-06 · in force · given")
        let list = try b.run(["delegate", "--list", "--json"], now: "2026-10-23T09:00:00Z").object()
        #expect((list["delegations"] as? [[String: Any]])?.first?["to"] as? String == "pat", "\(list)")
        // Cancel it from the list: asked first.
        try tui.send("c")
        try tui.waitFor("Cancel this delegation?")
        try tui.send("y")
        try tui.waitFor("delegation cancelled: to Pat Moreau as risk reviewer")
        try tui.waitFor("No delegation in force or to come for you.")
        // Another terminal records one: the open list shows it (the board log is watched) ...
        try b.act(["delegate", "--to", "pat", "--from", "2026-10-26", "--until", "2026-10-30"], as: "rita", now: "2026-10-23T09:00:00Z")
        try tui.waitFor("from 2026-10-26 until 2026-10-30 · to come · given")
        // ... and cancels it: it goes, and a cancel confirmed after that is refused, nothing written.
        try tui.send("c")
        try tui.waitFor("Cancel this delegation?")
        try b.act(["delegate", "--cancel"], as: "rita", now: "2026-10-23T09:00:00Z")
        let before = try Data(contentsOf: b.url("audit/_board.jsonl"))
        // Whether the TUI has reloaded by now or not, the cancel is refused: by the reducer
        // (the reload brought the cancel) or by the store under its lock; the same sentence.
        try tui.send("y")
        screen = try tui.waitFor("that delegation is no longer in force or to come")
        #expect(try Data(contentsOf: b.url("audit/_board.jsonl")) == before)
        try tui.send("Escape")
        try tui.waitForAbsence("Delegations · Rita Lindqvist")
        // The TUI's delegate and cancel ran the hook too, in the background: both inputs arrive.
        try tui.waitUntil(seconds: TUITmux.patience, "the hook to run twice") { _ in ((try? hook.inputs().count) ?? 0) >= 2 }
        try tui.send("q")
        try tui.waitForExit()
        let actions = try hook.inputs().compactMap { ($0["event"] as? [String: Any])?["action"] as? String }
        #expect(actions == ["delegate", "delegate_cancel"], "\(actions)")
        #expect(try b.run(["verify"]).status == 0)
    }
}
