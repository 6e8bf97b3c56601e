import Foundation
import Testing

/// Kill -9 at random moments while several processes act on one board, and many processes
/// racing on one use case. Afterwards: the board validates, `verify` passes (or reports only a
/// torn final line, which the next action sets aside), every action that reported success is
/// in the log exactly once, and the chain and quorum decisions hold.
/// Quick run: 16 rounds of 3 processes (a few dozen kills); `GATEBOARD_STRESS=1`: 240 rounds
/// (several hundred kills).
@Suite struct ReliabilityCrashTests {
    struct Tally {
        var started = 0, succeeded = 0, killed = 0, killedButRecorded = 0, refusedOrFailed = 0
        var failures: [String] = []
        /// Actions that completed an interrupted one first (rolled the file forward, or set a
        /// torn line aside): the kills that landed between the writes.
        var repairs = 0
    }

    /// Runs `rounds` rounds: each starts `width` actions at once (comments on two use cases, and
    /// creations), kills a random subset at a random moment, and records what reported success.
    static func killLoop(board: FixtureBoard, ids: [String], rounds: Int, width: Int, seed: UInt64) throws -> (Tally, Set<String>, Set<String>) {
        var rng = Reliability.Random(seed: seed)
        var tally = Tally()
        var succeeded = Set<String>()   // the unique texts of actions that exited 0
        var killedTexts = Set<String>()
        // How long an action takes here (debug or release build, busy or idle machine), so
        // the kills can land anywhere from startup to after the commit.
        var durations: [Double] = []
        for i in 0..<3 {
            let t0 = Date()
            let r = try GateboardBinary.run(["comment", ids[0], "timing \(i)", "--board", board.path], user: "ana")
            guard r.status == 0 else { throw TestFailure("timing run failed: \(r)") }
            durations.append(Date().timeIntervalSince(t0))
        }
        let typical = durations.sorted()[1]
        for round in 0..<rounds {
            var running: [(GateboardBinary.Running, String)] = []
            for w in 0..<width {
                let text = "r\(round)-w\(w)-\(rng.next() % 100_000)"
                let args: [String]
                switch rng.below(5) {
                case 0: args = ["new", "--title", text, "--tier", "low"]
                case 1: args = ["evidence", ids[rng.below(ids.count)], "spec-reference", "--ref", text]
                default: args = ["comment", ids[rng.below(ids.count)], text]
                }
                // Evidence from the technical owner; comments and creations from anyone.
                let user = args[0] == "evidence" ? "ben" : ["ana", "ben", "rita"][w % 3]
                running.append((try GateboardBinary.start(args, board: board.path, user: user,
                                                          environment: ["GATEBOARD_LOCK_TIMEOUT": "30"]), text))
                tally.started += 1
            }
            // Kill each with probability 2/3, at a random moment between 20% and 160% of a
            // typical action's time from the start (three at once take longer than one, so
            // kills land in loading, waiting for the lock, writing the log, writing the file
            // and after the commit).
            let started = Date()
            let victims = running.filter { _ in rng.below(3) < 2 }
                .map { ($0.0, typical * (0.2 + 1.4 * Double(rng.below(1000)) / 1000)) }
                .sorted { $0.1 < $1.1 }
            for (p, at) in victims {
                let pid = p.process.processIdentifier
                if rng.below(2) == 0 {
                    // Targeted: wait until this process holds the write lock (it writes "PID
                    // command" into the lock file), then kill it 0–8 ms into its critical
                    // section — re-read, decide, append to the log, write the use case file.
                    let lockFile = board.path + "/.gateboard.lock"
                    let deadline = Date().addingTimeInterval(typical * 4)
                    while p.process.isRunning && Date() < deadline {
                        if let holder = try? String(contentsOfFile: lockFile, encoding: .utf8), holder.hasPrefix("\(pid) ") { break }
                        usleep(200)
                    }
                    usleep(UInt32(rng.below(8_000)))
                } else {
                    let wait = at - Date().timeIntervalSince(started)
                    if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
                }
                kill(pid, SIGKILL)
            }
            for (p, text) in running {
                let r = p.wait()
                if p.process.terminationReason == .uncaughtSignal {
                    tally.killed += 1
                    killedTexts.insert(text)
                } else if r.status == 0 {
                    tally.succeeded += 1
                    if (r.stdout + r.stderr).contains("rolled forward") || (r.stdout + r.stderr).contains("set aside") { tally.repairs += 1 }
                    succeeded.insert(text)
                } else {
                    tally.refusedOrFailed += 1
                    tally.failures.append("exit \(r.status): \(r.stderr.prefix(300))")
                }
            }
        }
        return (tally, succeeded, killedTexts)
    }

    /// The board after the crashes: valid, verified (a torn tail aside), and holding every
    /// success exactly once.
    static func checkAfterCrashes(board: FixtureBoard, succeeded: Set<String>, killed: Set<String>, repairs: inout Int) throws -> Int {
        let validate = try board.run(["validate"])
        #expect(validate.status == 0, "\(validate)")
        let verify = try board.run(["verify"])
        if verify.status != 0 {
            let problems = verify.stdout.split(separator: "\n").filter { $0.contains(".jsonl:") }
            #expect(!problems.isEmpty && problems.allSatisfy { $0.contains("torn final line") }, "only torn tails may remain: \(verify)")
        }
        // Every recorded text: comments, evidence refs and titles of every use case.
        let events = try board.run(["log", "--json"]).array()
        var seen: [String: Int] = [:]
        for e in events {
            let d = e["details"] as? [String: Any] ?? [:]
            for key in ["comment", "ref", "title"] { if let t = d[key] as? String { seen[t, default: 0] += 1 } }
        }
        let missing = succeeded.filter { seen[$0] == nil }
        #expect(missing.isEmpty, "actions that reported success are missing: \(missing.sorted())")
        let doubled = seen.filter { $0.value > 1 && (succeeded.contains($0.key) || killed.contains($0.key)) }
        #expect(doubled.isEmpty, "recorded twice: \(doubled)")
        // The board takes writes again, sets any torn tail aside, and then verifies cleanly.
        let list = try board.run(["list", "--json"]).array()
        for uc in list {
            guard let id = uc["id"] as? String else { continue }
            let r = try board.run(["comment", id, "after the crashes"], as: "ana")
            #expect(r.status == 0, "\(id): \(r)")
            if (r.stdout + r.stderr).contains("rolled forward") || (r.stdout + r.stderr).contains("set aside") { repairs += 1 }
        }
        let clean = try board.run(["verify"])
        #expect(clean.status == 0, "\(clean)")
        return killed.filter { seen[$0] != nil }.count
    }

    @Test func killNineDuringConcurrentActions() throws {
        let board = try FixtureBoard()
        let ids = [try board.create("Fraud alert summarisation"), try board.create("KYC document verification")]
        try board.act(["assign", ids[0], "technical_owner", "ben"], as: "ana")
        try board.act(["assign", ids[1], "technical_owner", "ben"], as: "ana")
        let rounds = Reliability.stress ? 240 : 16
        let (tally, succeeded, killed) = try Self.killLoop(board: board, ids: ids, rounds: rounds, width: 3, seed: 0xC0FFEE)
        var repairs = tally.repairs
        let recordedAnyway = try Self.checkAfterCrashes(board: board, succeeded: succeeded, killed: killed, repairs: &repairs)
        #expect(tally.killed >= rounds, "the loop should kill often: \(tally)")
        // An action that was not killed may only fail by waiting too long for the lock.
        for f in tally.failures { #expect(f.contains("locked"), "an action failed after the crashes: \(f)") }
        print("crash: \(tally.started) actions in \(rounds) rounds of 3 at once; \(tally.killed) killed with SIGKILL (\(recordedAnyway) of those had already committed; \(repairs) later actions completed an interrupted one), \(tally.succeeded) reported success and all are in the log, \(tally.refusedOrFailed) refused or failed")
    }

    /// Many processes on one use case at once: no lost update, a contiguous chain.
    @Test func manyWritersOnOneUseCase() throws {
        let board = try FixtureBoard()
        let id = try board.create("Payment-collection reminders")
        let writers = Reliability.stress ? 8 : 4
        let each = Reliability.stress ? 25 : 6
        var running: [GateboardBinary.Running] = []
        for w in 0..<writers {
            // Each writer runs its comments one after another, as a shell loop would.
            let script = (0..<each).map { "\"$GB\" comment \(id) 'writer \(w) comment \($0)' --board \"$B\" || exit 1" }.joined(separator: "\n")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", script]
            p.environment = ProcessInfo.processInfo.environment.merging(
                ["GB": GateboardBinary.path, "B": board.path, "GATEBOARD_USER": ["ana", "ben", "rita", "pat"][w % 4],
                 "GATEBOARD_NOW": GateboardBinary.defaultNow, "GATEBOARD_LOCK_TIMEOUT": "60"]) { _, b in b }
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            running.append(GateboardBinary.Running(process: p, out: URL(fileURLWithPath: "/dev/null"), err: URL(fileURLWithPath: "/dev/null")))
        }
        for r in running {
            r.process.waitUntilExit()
            #expect(r.process.terminationStatus == 0)
        }
        let events = try board.run(["log", id, "--json"]).array()
        let comments = Set(events.compactMap { ($0["details"] as? [String: Any])?["comment"] as? String })
        #expect(comments.count == writers * each, "every comment recorded once: \(comments.count) of \(writers * each)")
        #expect(events.compactMap { $0["seq"] as? Int } == Array(1...events.count))
        #expect(try board.run(["verify"]).status == 0)
        print("concurrency: \(writers) writers × \(each) comments on one use case: \(comments.count) recorded, chain intact")
    }

    /// Two reviewers approve while three advances race them, with a quorum of two: an advance
    /// may only succeed once both approvals are in the log before it, and only one may.
    @Test func quorumHoldsUnderRacingAdvances() throws {
        let board = try FixtureBoard { text in
            text.replacingOccurrences(of: "- {role: risk_reviewer, control: checkpoint-signoff}",
                                      with: "- {role: risk_reviewer, control: checkpoint-signoff, quorum: 2, anyHolder: true}")
                .replacingOccurrences(of: "      - {role: business_owner}\n", with: "")
        }
        let walk = try Walkthrough(board: board)
        try walk.toSpecification()
        try walk.toImplementation()
        try walk.toCheckpoint()
        let template = board.path
        let rounds = Reliability.stress ? 30 : 4
        var advancedEarly = 0, advanced = 0
        for round in 0..<rounds {
            let dir = try Reliability.copyBoard(template)
            defer { try? FileManager.default.removeItem(at: dir) }
            let now = "2026-10-23T09:00:00Z"
            var running: [GateboardBinary.Running] = []
            let jobs: [([String], String)] = [(["approve", walk.id], "rita"), (["approve", walk.id], "pat"),
                                              (["advance", walk.id], "rita"), (["advance", walk.id], "pat"), (["advance", walk.id], "ana")]
            for (args, user) in (round % 2 == 0 ? jobs : jobs.reversed()) {
                running.append(try GateboardBinary.start(args + ["--board", dir.path], now: now, user: user,
                                                         environment: ["GATEBOARD_LOCK_TIMEOUT": "60"]))
            }
            let results = running.map { $0.wait() }
            #expect(results.allSatisfy { $0.status == 0 || $0.status == 1 }, "\(results)")
            let events = try GateboardBinary.run(["log", walk.id, "--json", "--board", dir.path]).array()
            let actions = events.compactMap { $0["action"] as? String }
            func field(_ i: Int, _ key: String) -> String? { (events[i]["details"] as? [String: Any])?[key] as? String }
            guard let entry = actions.indices.last(where: { actions[$0] == "advance" && field($0, "to") == "checkpoint" }) else {
                Issue.record("no advance into checkpoint: \(actions)")
                continue
            }
            let outs = actions.indices.filter { actions[$0] == "advance" && field($0, "from") == "checkpoint" }
            #expect(outs.count <= 1, "advanced out of checkpoint twice: \(actions)")
            if let out = outs.first {
                advanced += 1
                if actions[entry..<out].filter({ $0 == "approve" }).count < 2 { advancedEarly += 1 }
            }
            #expect(try GateboardBinary.run(["verify", "--board", dir.path]).status == 0)
        }
        #expect(advancedEarly == 0, "an advance got through before the quorum was reached")
        print("quorum: \(rounds) races of 2 approvals against 3 advances; \(advanced) advanced, never before the quorum")
    }
}
