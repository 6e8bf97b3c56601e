import Foundation
import Testing

/// I/O failures injected into the real binary with `strace -e inject=` (each write, fsync,
/// rename, ftruncate and fchmod of an action failed in turn), a disk filled to every level
/// around what an action needs, and a read-only bind mount. The invariant each time: the
/// action either happened completely (exit 0, or a failure only after its commit) or not at
/// all (exit 3 with a message, every file as before, no temp file) — and `verify` passes.
@Suite(.serialized) struct ReliabilityFaultTests {
    static func sh(_ command: String) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command + " >/dev/null 2>&1"]
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    static let straceWorks = sh("strace -f -qq -o /dev/null -e trace=fsync /bin/true") == 0
    static let canMount = FilesystemFailureTests.canMount

    /// A small board with one use case and some history.
    final class Template: @unchecked Sendable {
        let board: FixtureBoard
        let id: String
        init() throws {
            board = try FixtureBoard()
            id = try board.create("Payment-collection reminders")
            try board.act(["comment", id, "before"], as: "ana")
        }
    }
    static let template = Result { try Template() }

    enum Outcome { case unchanged, committed }

    /// Checks the invariant after an action that may have failed; returns what happened.
    static func checkAtomic(_ dir: String, before: [String: String], result r: GateboardBinary.Result, id: String,
                            text: String, label: String) throws -> Outcome? {
        let after = Reliability.fingerprint(dir)
        let log = (try? String(contentsOfFile: dir + "/audit/\(id).jsonl", encoding: .utf8)) ?? ""
        let committed = log.contains(text)
        let temps = after.keys.filter { $0.contains(".tmp") }
        #expect(temps.isEmpty, "\(label): temp files left: \(temps)")
        let verify = try GateboardBinary.run(["verify", "--board", dir])
        #expect(verify.status == 0, "\(label): verify after the fault: \(verify)")
        if committed {
            #expect(r.status == 0 || r.status == 3, "\(label): \(r)")
            return .committed
        }
        #expect(r.status == 3, "\(label): a failed action exits 3: \(r)")
        #expect(!r.stderr.isEmpty, "\(label): says what failed")
        #expect(after == before, "\(label): a failed action changed the board: \(Reliability.difference(before, after))")
        return after == before ? .unchanged : nil
    }

    @Test(.enabled(if: straceWorks, "skipped: strace is not installed or ptrace is not permitted"))
    func injectedSystemCallFailures() throws {
        let t = try Self.template.get()
        let board = t.board, id = t.id
        var syscalls: [(String, String)] = [("write", "ENOSPC"), ("fsync", "EIO"), ("rename", "EIO"),
                                            ("ftruncate", "EIO"), ("fchmod", "EPERM")]
        if Reliability.stress { syscalls += [("openat", "EACCES"), ("write", "EIO"), ("fsync", "ENOSPC"), ("close", "EIO")] }
        var injected = 0, unchanged = 0, committed = 0
        for (call, error) in syscalls {
            for n in 1...60 {
                let dir = try Reliability.copyBoard(board.path)
                defer { try? FileManager.default.removeItem(at: dir) }
                let trace = dir.path + ".trace"
                defer { try? FileManager.default.removeItem(atPath: trace) }
                let text = "injected \(call) \(n)"
                let before = Reliability.fingerprint(dir.path)
                let names = call == "rename" ? "rename,renameat,renameat2" : (call == "fsync" ? "fsync,fdatasync" : call)
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/usr/bin/strace")
                p.arguments = ["-f", "-qq", "-o", trace, "-e", "trace=\(names)", "-e", "inject=\(names):error=\(error):when=\(n)",
                               GateboardBinary.path, "comment", id, text, "--board", dir.path]
                p.environment = ProcessInfo.processInfo.environment.merging(
                    ["GATEBOARD_USER": "ana", "GATEBOARD_NOW": GateboardBinary.defaultNow]) { _, b in b }
                let out = Pipe(), err = Pipe()
                p.standardOutput = out
                p.standardError = err
                try p.run()
                let o = out.fileHandleForReading.readDataToEndOfFile()
                let e = err.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                let r = GateboardBinary.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                                               stderr: String(decoding: e, as: UTF8.self))
                let hit = ((try? String(contentsOfFile: trace, encoding: .utf8)) ?? "").contains("INJECTED")
                guard hit else { break }   // the action makes fewer than n such calls
                injected += 1
                switch try Self.checkAtomic(dir.path, before: before, result: r, id: id, text: text, label: "\(call) #\(n) → \(error)") {
                case .unchanged: unchanged += 1
                case .committed: committed += 1
                case nil: break
                }
            }
        }
        #expect(injected >= 8)
        print("faults: \(injected) injected system-call failures; \(unchanged) left the board unchanged (exit 3), \(committed) failed after the commit point and the action is complete")
    }

    @Test(.enabled(if: canMount, "skipped: mounting a tmpfs is not permitted here"))
    func diskFullAtEveryLevel() throws {
        let t = try Self.template.get()
        let board = t.board, id = t.id
        let mount = FileManager.default.temporaryDirectory.appendingPathComponent("gb-rel-full-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        guard Self.sh("mount -t tmpfs -o size=2m tmpfs '\(mount.path)'") == 0 else { throw TestFailure("mount failed") }
        defer { _ = Self.sh("umount '\(mount.path)'"); try? FileManager.default.removeItem(at: mount) }
        // 24 KB, several pages of log and file, in 9,600 characters (within a comment's limit).
        let big = String(repeating: "0123\u{1D538}\u{1D539}\u{1D53B}\u{1D53C}", count: 1_200)
        var unchanged = 0, committed = 0
        let levels = Reliability.stress ? 40 : 10
        for pages in 0..<levels {
            let dir = mount.path + "/board"
            _ = Self.sh("rm -rf '\(dir)' '\(mount.path)/filler'")
            guard Self.sh("cp -R '\(board.path)' '\(dir)'") == 0 else { throw TestFailure("copy failed") }
            _ = Self.sh("dd if=/dev/zero of='\(mount.path)/filler' bs=4k count=100000")
            _ = Self.sh("truncate -s -\(pages * 4)K '\(mount.path)/filler'")
            let before = Reliability.fingerprint(dir)
            let text = big + " \(pages)"
            let r = try GateboardBinary.run(["comment", id, text, "--board", dir], user: "ana")
            switch try Self.checkAtomic(dir, before: before, result: r, id: id, text: text, label: "\(pages) pages free") {
            case .unchanged:
                unchanged += 1
                #expect(r.stderr.contains("disk is full") || r.stderr.contains("No space"), "\(r)")
            case .committed: committed += 1
            case nil: break
            }
        }
        #expect(unchanged > 0 && committed > 0, "the sweep crosses the point where the action fits: \(unchanged) / \(committed)")
        print("disk full: \(levels) fill levels; \(unchanged) refused with nothing changed, \(committed) completed")
    }

    @Test(.enabled(if: canMount, "skipped: mounting is not permitted here"))
    func readOnlyBindMount() throws {
        let t = try Self.template.get()
        let board = t.board, id = t.id
        let dir = try Reliability.copyBoard(board.path)
        let ro = FileManager.default.temporaryDirectory.appendingPathComponent("gb-rel-ro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: ro, withIntermediateDirectories: true)
        defer {
            _ = Self.sh("umount '\(ro.path)'")
            try? FileManager.default.removeItem(at: ro)
            try? FileManager.default.removeItem(at: dir)
        }
        guard Self.sh("mount --bind '\(dir.path)' '\(ro.path)' && mount -o remount,ro,bind '\(ro.path)'") == 0 else {
            // Mounting is permitted (the test is enabled), so a failed bind mount is a failure.
            throw TestFailure("mount --bind and remount,ro failed on \(ro.path)")
        }
        let before = Reliability.fingerprint(ro.path)
        for (args, user) in [(["comment", id, "x"], "ana"), (["new", "--title", "Another", "--tier", "low"], "ana"),
                             (["assign", id, "business_owner", "ana"], "ana"), (["standup", "--mark"], "ana"),
                             (["halt", id, "--reason", "r"], "olga")] {
            let r = try GateboardBinary.run(args + ["--board", ro.path], user: user)
            #expect(r.status == 3, "\(args): \(r)")
            #expect(r.stderr.lowercased().contains("read-only"), "\(args): names the cause: \(r.stderr)")
        }
        for args in [["list"], ["show", id], ["log"], ["verify"], ["validate"], ["triage"], ["standup"], ["report"]] {
            let r = try GateboardBinary.run(args + ["--board", ro.path], user: "ana")
            #expect(r.status == 0, "\(args) on a read-only board: \(r)")
        }
        #expect(Reliability.fingerprint(ro.path) == before)
    }
}
