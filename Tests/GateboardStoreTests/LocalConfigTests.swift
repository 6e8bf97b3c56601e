import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// The user's local settings (config.yaml): parsed strictly, found only in the user's home.
@Suite struct LocalConfigTests {
    @Test func parsesHookAndTimeout() throws {
        let c = try LocalConfig.parse("hook: ~/bin/notify\nhookTimeout: 5\n", display: "config.yaml")
        #expect(c.hook == "~/bin/notify")
        #expect(c.hookTimeout == 5)
        #expect(c.hookPath(environment: ["HOME": "/home/u"]) == "/home/u/bin/notify")
        #expect(try LocalConfig.parse("", display: "config.yaml") == LocalConfig())
    }

    @Test(arguments: [
        ("hok: x\n", "config.yaml:1:1: settings: unknown key 'hok' (did you mean 'hook'?)"),
        ("hook: /x\nhookTimeout: 0\n", "config.yaml:2:14: hookTimeout: must be a whole number from 1 to 300, found 0"),
        ("hook: [a, b]\n", "config.yaml:1:7: hook: expected text, found a list"),
        ("hook: notify.sh\n", "config.yaml:1:7: hook: must be an absolute path or start with ~/, found \"notify.sh\""),
        ("hook: /x\nhook: /y\n", "config.yaml:1:1: duplicate key 'hook' in one mapping"),
    ])
    func badSettingsAreLocated(_ input: (String, String)) {
        #expect(throws: BoardInvalid.self) { try LocalConfig.parse(input.0, display: "config.yaml") }
        do { _ = try LocalConfig.parse(input.0, display: "config.yaml") } catch {
            #expect(error.description == input.1)
        }
    }

    @Test func theDirectoryFollowsXDGAndIgnoresRelativePaths() {
        #expect(LocalConfig.directory(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/gateboard")
        #expect(LocalConfig.directory(environment: ["XDG_CONFIG_HOME": "rel", "HOME": "/h"]) == "/h/.config/gateboard")
        #expect(LocalConfig.directory(environment: ["HOME": "/h"]) == "/h/.config/gateboard")
        #expect(LocalConfig.directory(environment: ["HOME": "relative"]) == nil)
    }

    @Test func hookRunnerReportsEachWayAHookCanFail() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hookrunner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func script(_ name: String, _ body: String) throws -> String {
            let p = dir.appendingPathComponent(name).path
            try ("#!/bin/sh\n" + body + "\n").write(toFile: p, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: p)
            return p
        }
        let env = ProcessInfo.processInfo.environment
        let echo = try script("echo", "cat > '\(dir.path)/in'")
        #expect(HookRunner.run(echo, input: Data("{\"a\":1}\n".utf8), timeout: 5, environment: env) == .succeeded)
        #expect(try String(contentsOfFile: dir.path + "/in", encoding: .utf8) == "{\"a\":1}\n")
        // A large input the hook never reads: no SIGPIPE, no hang.
        let ignore = try script("ignore", "exit 0")
        #expect(HookRunner.run(ignore, input: Data(count: 1_000_000), timeout: 5, environment: env) == .succeeded)
        let fail = try script("fail", "echo nope\nexit 4")
        #expect(HookRunner.run(fail, input: Data(), timeout: 5, environment: env) == .failed(status: "exit 4", output: "nope\n"))
        let hang = try script("hang", "sleep 30")
        let start = Date()
        #expect(HookRunner.run(hang, input: Data(), timeout: 1, environment: env) == .timedOut(seconds: 1))
        // Bounds against a hang (the scripts sleep 30 s), not speed checks: a loaded CI machine is slow.
        #expect(Date().timeIntervalSince(start) < 20)
        // Exits at once but leaves a child holding its output: we do not wait for the child.
        let background = try script("background", "sleep 30 &\nexit 0")
        let start2 = Date()
        #expect(HookRunner.run(background, input: Data(), timeout: 10, environment: env) == .succeeded)
        #expect(Date().timeIntervalSince(start2) < 20)
        let big = try script("big", "head -c 5000000 /dev/zero\nexit 2")
        if case let .failed(_, output) = HookRunner.run(big, input: Data(), timeout: 10, environment: env) {
            #expect(output.utf8.count == HookRunner.outputCap)
        } else {
            Issue.record("expected a failure")
        }
        #expect(HookRunner.run(dir.path + "/missing", input: Data(), timeout: 1, environment: env) == .notRunnable("does not exist"))
        #expect(HookRunner.run(dir.path, input: Data(), timeout: 1, environment: env) == .notRunnable("is not a regular file"))
    }
}
