import Foundation
import Testing

/// Crashes, tampering and out-of-band edits: the board stays readable and `verify` tells.
@Suite struct DurabilityTests {
    @Test func killNineDuringWritesLeavesAValidBoard() throws {
        let board = try FixtureBoard()
        let id = try board.create("Fraud alert summarisation")
        var finished = 0
        for i in 0..<24 {
            let p = try GateboardBinary.start(["comment", id, "write \(i)", "--board", board.path], user: "ana")
            // Kill at a different instant each time: from before startup to mid-write.
            usleep(UInt32((i % 8) * 2_500))
            kill(p.process.processIdentifier, SIGKILL)
            let r = p.wait()
            if r.status == 0 { finished += 1 }
        }
        let validate = try board.run(["validate"])
        #expect(validate.status == 0, "\(validate)")
        let verify = try board.run(["verify"])
        #expect(verify.status == 0, "\(verify)")
        // Every finished write is recorded; and the board still takes writes.
        let comments = try board.run(["log", id, "--json"]).array().filter { $0["action"] as? String == "comment" }
        #expect(comments.count >= finished)
        #expect(try board.act(["comment", id, "after the crashes"], as: "ana").status == 0)
        #expect(try board.run(["verify"]).status == 0)
    }

    @Test func tamperedAuditLineIsCaught() throws {
        let board = try FixtureBoard()
        let id = try board.create("KYC document verification")
        try board.act(["comment", id, "first"], as: "ana")
        try board.act(["comment", id, "second"], as: "ben")
        try board.act(["comment", id, "third"], as: "ana")
        #expect(try board.run(["verify"]).status == 0)
        let log = board.url("audit/\(id).jsonl")
        let text = try String(contentsOf: log, encoding: .utf8)
        try text.replacingOccurrences(of: "second", with: "secund").write(to: log, atomically: true, encoding: .utf8)
        let r = try board.run(["verify"])
        #expect(r.status == 1)
        let out = r.stdout + r.stderr
        #expect(out.contains("\(id).jsonl"))
        #expect(out.contains(":3") || out.contains("line 3"), "names the changed line: \(out)")
        let j = try board.run(["verify", "--json"])
        #expect(j.status == 1)
        #expect(try j.object()["ok"] as? Bool == false)
    }

    @Test func removedNewestLineIsCaught() throws {
        let board = try FixtureBoard()
        let id = try board.create("KYC document verification")
        try board.act(["comment", id, "first"], as: "ana")
        try board.act(["comment", id, "second"], as: "ana")
        let log = board.url("audit/\(id).jsonl")
        var lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        lines.removeLast()
        try (lines.joined(separator: "\n") + "\n").write(to: log, atomically: true, encoding: .utf8)
        let r = try board.run(["verify"])
        #expect(r.status != 0, "\(r)")
    }

    @Test func outOfBandEditIsCaught() throws {
        let board = try FixtureBoard()
        let id = try board.create("Support-ticket triage")
        try board.act(["comment", id, "hello"], as: "ana")
        let file = board.url("usecases/\(id).yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "Support-ticket triage", with: "Support ticket triage")
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(try board.run(["validate"]).status == 0)
        let r = try board.run(["verify"])
        #expect(r.status == 1)
        #expect((r.stdout + r.stderr).contains(id))
    }

    @Test func aHeldLockIsABoundedWaitThenExitThree() throws {
        let board = try FixtureBoard()
        let id = try board.create("Fraud alert summarisation")
        // Another gateboard mid-action holds the lock: simulate it with flock(1).
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The shell takes the lock on fd 9 and becomes `sleep`, which keeps it until terminated.
        holder.arguments = ["-c", "exec 9>>'\(board.path)/.gateboard.lock'; flock -x 9; exec sleep 30"]
        try holder.run()
        defer { holder.terminate(); holder.waitUntilExit() }
        // Wait until the holder has the lock (a non-blocking flock fails), never sleep-and-hope:
        // on a loaded machine the shell may take longer than any fixed pause to get there.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
            probe.arguments = ["-xn", board.path + "/.gateboard.lock", "true"]
            try probe.run()
            probe.waitUntilExit()
            if probe.terminationStatus != 0 { break }
            usleep(20_000)
        }
        let start = Date()
        let r = try board.run(["comment", id, "while locked", "--json"], as: "ana", environment: ["GATEBOARD_LOCK_TIMEOUT": "0.5"])
        // Far below the holder's 30 s: the wait was bounded (a bound against a hang, not a speed check).
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(r.status == 3, "\(r)")
        let o = try r.object()
        #expect(o["code"] as? String == "locked")
        #expect((o["message"] as? String)?.contains("locked") == true)
        // Reading is not blocked by a writer.
        #expect(try board.run(["show", id]).status == 0)
    }
}
