import Foundation
import Testing

/// Output that cannot be written is an error (exit 3, a message naming the problem), never a
/// silent success: a script writing `list --json > inventory.json` on a full disk must not get
/// a truncated file and exit 0. A reader that closed the pipe (`| head -1`) stays quiet.
@Suite struct OutputFailureTests {
    /// Every reading command in text and JSON, and an action in both.
    static func commands(_ id: String) -> [[String]] {
        [["list"], ["list", "--json"], ["show", id], ["show", id, "--json"], ["log"], ["log", "--json"],
         ["triage"], ["triage", "--json"], ["report"], ["report", "--json"], ["check", id], ["policy"],
         ["inbox", "--all"], ["standup"], ["validate"], ["verify"],
         ["comment", id, "text out", "--as", "ana"], ["comment", id, "json out", "--as", "ana", "--json"]]
    }

    static func board() throws -> (FixtureBoard, String) {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        try walk.toSpecification()
        return (board, walk.id)
    }

    struct Outcome {
        var status: Int32
        var signalled: Bool
        var stdout: String
        var stderr: String
    }

    /// Runs the binary through /bin/sh with `redirect` applied to its stdout.
    static func run(_ args: [String], board: FixtureBoard, redirect: String) throws -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "exec \"$0\" \"$@\" \(redirect)", GateboardBinary.path] + args + ["--board", board.path]
        return try collect(p, stdout: nil)
    }

    static func collect(_ p: Process, stdout: Any?) throws -> Outcome {
        var env = ProcessInfo.processInfo.environment
        env["GATEBOARD_NOW"] = GateboardBinary.defaultNow
        env["GATEBOARD_USER"] = nil
        p.environment = env
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("gb-out-\(UUID().uuidString)")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("gb-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        p.standardOutput = try stdout ?? FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return Outcome(status: p.terminationStatus, signalled: p.terminationReason == .uncaughtSignal,
                       stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                       stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    @Test func aFullDiskIsExitThreeWithTheReason() throws {
        let (board, id) = try Self.board()
        for args in Self.commands(id) {
            let r = try Self.run(args, board: board, redirect: ">/dev/full")
            #expect(!r.signalled && r.status == 3, "\(args): exit \(r.status)\n\(r.stderr)")
            #expect(r.stderr.contains("gateboard: cannot write output: No space left on device"), "\(args): \(r.stderr)")
        }
    }

    @Test func aClosedStdoutIsExitThreeAndNothingLandsInABoardFile() throws {
        let (board, id) = try Self.board()
        let logBefore = try Data(contentsOf: board.url("audit/\(id).jsonl"))
        for args in Self.commands(id) {
            let r = try Self.run(args, board: board, redirect: ">&-")
            #expect(!r.signalled && r.status == 3, "\(args): exit \(r.status)\n\(r.stderr)")
            #expect(r.stderr.contains("gateboard: cannot write output: Bad file descriptor"), "\(args): \(r.stderr)")
        }
        // The two comments were recorded, and the board still verifies: no output went into
        // a file the command opened on descriptor 1.
        let log = try Data(contentsOf: board.url("audit/\(id).jsonl"))
        #expect(log.count > logBefore.count)
        let verify = try board.run(["verify"])
        #expect(verify.status == 0, "\(verify)")
        let events = try board.run(["log", id, "--json"]).array()
        #expect(events.filter { $0["action"] as? String == "comment" }.count == 2)
    }

    @Test func anActionWhoseOutputIsLostSaysItWasRecorded() throws {
        let (board, id) = try Self.board()
        let r = try Self.run(["comment", id, "lost", "--as", "ana"], board: board, redirect: ">/dev/full")
        #expect(r.status == 3)
        #expect(r.stderr.contains("the action was recorded as event #"), "\(r.stderr)")
        #expect(r.stderr.contains("of \(id)"), "\(r.stderr)")
    }

    /// The reader has gone before anything is written: the write fails with EPIPE and the
    /// process ends by SIGPIPE, with no message (git and ls do the same).
    @Test func aClosedPipeIsQuiet() throws {
        let (board, id) = try Self.board()
        for args in Self.commands(id) {
            let pipe = Pipe()
            try pipe.fileHandleForReading.close()
            let p = Process()
            p.executableURL = URL(fileURLWithPath: GateboardBinary.path)
            p.arguments = args + ["--board", board.path]
            let r = try Self.collect(p, stdout: pipe)
            #expect(r.signalled && r.status == SIGPIPE, "\(args): exit \(r.status) signalled \(r.signalled)")
            #expect(r.stderr.isEmpty, "\(args): \(r.stderr)")
        }
    }

    @Test func headOneGetsTheFirstLineAndNoNoise() throws {
        let (board, id) = try Self.board()
        for args in [["list"], ["list", "--json"], ["log"], ["show", id]] {
            let r = try Self.run(args, board: board, redirect: "| head -1")
            #expect(r.status == 0)
            #expect(r.stderr.isEmpty, "\(args): \(r.stderr)")
            #expect(r.stdout.split(separator: "\n").count == 1, "\(args): \(r.stdout)")
        }
    }

    /// A message that cannot be written to stderr is dropped; it does not crash the process
    /// (it did: Foundation's FileHandle traps on a failed write) or change the exit code.
    @Test func anUnwritableStderrDoesNotCrash() throws {
        let (board, id) = try Self.board()
        let missing = try Self.run(["show", "UC-9999"], board: board, redirect: "2>/dev/full")
        #expect(!missing.signalled && missing.status == 2, "exit \(missing.status) signalled \(missing.signalled)")
        let both = try Self.run(["show", id], board: board, redirect: ">/dev/full 2>&-")
        #expect(!both.signalled && both.status == 3, "exit \(both.status) signalled \(both.signalled)")
    }

    /// The streamed `list --json` (64 KB at a time, straight to the descriptor) on a board big
    /// enough to need several writes: still exit 3 on a full disk.
    @Test func aLongStreamedListIsCheckedToo() throws {
        let board = try FixtureBoard()
        // Titles at their 200-character limit, in four-byte characters: 800 bytes each.
        let title = String(repeating: "𝔏", count: 200)
        for _ in 0..<80 { _ = try board.create(title) }
        let ok = try Self.run(["list", "--json"], board: board, redirect: "| wc -c")
        #expect((Int(ok.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 64 * 1024)
        let r = try Self.run(["list", "--json"], board: board, redirect: ">/dev/full")
        #expect(r.status == 3)
        #expect(r.stderr.contains("No space left on device"))
    }
}
