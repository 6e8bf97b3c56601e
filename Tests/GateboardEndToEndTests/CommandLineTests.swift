import Foundation
import Testing

/// The command line itself: help, version, completion, usage errors and exit codes.
@Suite struct CommandLineTests {
    @Test func versionAndHelp() throws {
        let v = try GateboardBinary.run(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.contains("0."))
        let h = try GateboardBinary.run(["--help"])
        #expect(h.status == 0)
        for sub in ["init", "validate", "list", "show", "check", "policy", "advance", "waive", "verify", "log"] {
            #expect(h.stdout.contains(sub), "help lists \(sub)")
        }
        let sub = try GateboardBinary.run(["advance", "--help"])
        #expect(sub.status == 0)
        #expect(sub.stdout.contains("--as"))
        #expect(sub.stdout.contains("--board"))
    }

    @Test func boardAndActorBeforeTheSubcommand() throws {
        let board = try FixtureBoard()
        let after = try GateboardBinary.run(["list", "--board", board.path, "--json"])
        let before = try GateboardBinary.run(["--board", board.path, "list", "--json"])
        let equals = try GateboardBinary.run(["--board=\(board.path)", "list", "--json"])
        #expect(after.status == 0)
        #expect(before.status == 0 && before.stdout == after.stdout)
        #expect(equals.status == 0 && equals.stdout == after.stdout)
    }

    @Test func completionScripts() throws {
        for shell in ["bash", "zsh", "fish"] {
            let r = try GateboardBinary.run(["--generate-completion-script", shell])
            #expect(r.status == 0)
            #expect(r.stdout.contains("gateboard"))
        }
    }

    @Test func usageErrorsExitTwo() throws {
        let board = try FixtureBoard()
        #expect(try GateboardBinary.run(["frobnicate"]).status == 2)
        #expect(try board.run(["show"]).status == 2)                           // missing id
        #expect(try board.run(["list", "--stage", "nowhere"]).status == 2)
        #expect(try board.run(["waive", "UC-0001", "eval-report", "--reason", "x", "--until", "soon"], as: "rita").status == 2)
        #expect(try board.run(["change", "UC-0001", "--kind", "vibes", "--summary", "x"], as: "olga").status == 2)
        let badNow = try board.run(["list"], now: "next tuesday")
        #expect(badNow.status == 2)
        #expect(badNow.stderr.contains("GATEBOARD_NOW"))
    }

    @Test func unknownUseCaseIsAUsageError() throws {
        let board = try FixtureBoard()
        let r = try board.run(["show", "UC-9999"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("UC-9999"))
        let j = try board.run(["check", "UC-9999", "--json"])
        #expect(j.status == 2)
        #expect(try j.object()["code"] as? String == "not_found")
    }

    @Test func noBoardSaysHowToMakeOne() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("gb-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let r = try GateboardBinary.run(["list"], cwd: empty.path)
        #expect(r.status == 3)
        #expect(r.stderr.contains("init") || r.stderr.contains("--board"))
    }

    @Test func boardFoundFromEnvironmentAndParentDirectory() throws {
        let board = try FixtureBoard()
        let viaEnv = try GateboardBinary.run(["validate"], environment: ["GATEBOARD_BOARD": board.path])
        #expect(viaEnv.status == 0, "\(viaEnv)")
        let sub = board.url("usecases")
        let viaCwd = try GateboardBinary.run(["validate"], cwd: sub.path)
        #expect(viaCwd.status == 0, "\(viaCwd)")
    }

    @Test func unidentifiedActorIsReadOnly() throws {
        let board = try FixtureBoard()
        // No --as, no GATEBOARD_USER, and the test's OS user is no one's login.
        let r = try board.run(["new", "--title", "Anything", "--tier", "low"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--as"))
        #expect(r.stderr.contains("GATEBOARD_USER"))
        let j = try board.run(["new", "--title", "Anything", "--tier", "low", "--json"])
        #expect(j.status == 1)
        let o = try j.object()
        #expect(o["ok"] as? Bool == false)
        #expect(o["code"] as? String == "read_only")
        // Reading still works.
        #expect(try board.run(["list"]).status == 0)
    }

    @Test func unknownPersonIsRefused() throws {
        let board = try FixtureBoard()
        let r = try board.run(["new", "--title", "Anything", "--tier", "low"], as: "mallory")
        #expect(r.status == 1)
        #expect(r.stderr.contains("mallory"))
    }

    @Test func actorFromFlagBeatsEnvironment() throws {
        let board = try FixtureBoard()
        let r = try board.run(["new", "--title", "Flag wins", "--tier", "low", "--as", "ben", "--json"], as: "ana")
        #expect(r.status == 0, "\(r)")
        let event = try r.object()["event"] as? [String: Any]
        #expect(event?["actor"] as? String == "ben")
    }
}
