import Foundation
import GateboardCore
import Testing
@testable import GateboardStore
import GateboardTestSupport

@Suite struct FaultTests {
    func restore(_ b: TestBoard, _ snapshot: [String: [UInt8]]) throws {
        for (relative, bytes) in try b.boardFiles() where snapshot[relative] != bytes {
            if let old = snapshot[relative] { try b.writeBytes(relative, old) } else { try FileManager.default.removeItem(atPath: b.path(relative)) }
        }
    }

    /// Fail each system call of an action in turn: the action reports an I/O error naming a
    /// path, and every file is exactly as before, with no temporary files left.
    @Test(arguments: [false, true])
    func everyInjectedFailureLeavesTheOldState(creating: Bool) throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.create()
        try b.record("UC-0001", .comment, EventDetails(comment: "before"))
        let before = try b.boardFiles()
        var k = 0
        var failuresSeen = 0
        while true {
            k += 1
            let faulty = FaultyFileSystem(failAt: k)
            b.store.fileSystem = faulty
            do {
                if creating { try b.create(title: "New") } else { try b.record("UC-0001", .comment, EventDetails(comment: "after")) }
                b.store.fileSystem = PosixFileSystem()
                if faulty.failed == nil { break }
                // Only a close after a successful fsync, or the directory sync after the rename,
                // may fail unnoticed: the data is durable and the old file already replaced.
                #expect(["close", "open directory", "fsync directory"].contains(faulty.failed!), "failure of \(faulty.failed ?? "") at call \(k) went unnoticed")
                try restore(b, before)
                continue
            } catch let error as StoreError {
                failuresSeen += 1
                guard case .io(let path, let message) = error else {
                    Issue.record("call \(k): unexpected \(error)")
                    break
                }
                #expect(path.hasPrefix(b.root.path), "call \(k) (\(faulty.failed ?? "")): \(path)")
                #expect(message.contains("failed"))
            }
            b.store.fileSystem = PosixFileSystem()
            #expect(try b.boardFiles() == before, "call \(k) (\(faulty.failed ?? "")) changed the board")
            #expect(try b.store.verify().ok)
        }
        #expect(failuresSeen >= 8)
    }

    @Test func tornTailIsSetAsideBeforeTheNextAppend() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.create()
        let h = FileHandle(forWritingAtPath: b.path("audit/UC-0001.jsonl"))!
        h.seekToEndOfFile()
        h.write(Data("{\"action\":\"comm".utf8))
        h.closeFile()
        let outcome = try b.record("UC-0001", .comment, EventDetails(comment: "next"))
        #expect(outcome.notes.count == 1)
        #expect(outcome.notes[0].hasPrefix("UC-0001: set aside a torn final audit line (15 bytes, an interrupted write) as audit/UC-0001.jsonl.torn-"))
        let aside = try FileManager.default.contentsOfDirectory(atPath: b.path("audit")).filter { $0.contains(".torn-") }
        #expect(aside.count == 1)
        #expect(try b.read("audit/" + aside[0]) == Array("{\"action\":\"comm".utf8))
        #expect(try b.store.events(for: "UC-0001").map(\.seq) == [1, 2])
        let report = try b.store.verify()
        #expect(report.ok)
        #expect(report.notes.count == 1)
    }

    @Test func rollForwardAfterACrashBetweenLogAndFile() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.create()
        let fileBefore = try b.read("usecases/UC-0001.yaml")
        try b.record("UC-0001", .assign, EventDetails(role: "business_owner", person: "alex"))
        try b.record("UC-0001", .comment, EventDetails(comment: "x"))
        // The crash: the log holds the events, the file never got them.
        try b.writeBytes("usecases/UC-0001.yaml", fileBefore)
        let report = try b.store.verify()
        #expect(report.ok)
        #expect(report.notes == ["UC-0001: 2 events after the use case file's anchor (an interrupted action); the next action on it rolls the file forward"])
        let outcome = try b.record("UC-0001", .comment, EventDetails(comment: "y"))
        #expect(outcome.notes == ["UC-0001: rolled forward 2 events from the audit log (an earlier action was interrupted)"])
        #expect(outcome.useCase.owners["business_owner"] == "alex")
        #expect(outcome.event.seq == 4)
        #expect(try b.store.verify() == VerifyReport(problems: [], notes: [], useCases: 1, events: 4, bytes: outcome.useCase.audit.bytes))
    }

    @Test func rollForwardOfAnInterruptedCreate() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.create()
        try FileManager.default.removeItem(atPath: b.path("usecases/UC-0001.yaml"))
        #expect(try b.store.verify().notes.count == 1)
        let outcome = try b.record("UC-0001", .comment, EventDetails(comment: "y"))
        #expect(outcome.event.seq == 2)
        #expect(try b.store.verify().ok)
        #expect(try b.store.load().useCases.count == 1)
    }

    @Test func aLogShorterThanTheFileIsRefused() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.create()
        try b.record("UC-0001", .comment, EventDetails(comment: "x"))
        let lines = String(decoding: try b.read("audit/UC-0001.jsonl"), as: UTF8.self).split(separator: "\n")
        try b.write("audit/UC-0001.jsonl", lines[0] + "\n")
        #expect(throws: BoardInvalid.self) { try b.record("UC-0001", .comment, EventDetails(comment: "y")) }
        #expect(try b.store.events(for: "UC-0001").count == 1)
    }

    /// A directory the acting user may not write: the action fails with "permission denied"
    /// naming the path, and nothing changes. Root ignores permission bits, so as root (as in CI)
    /// the board is handed to `nobody` and this thread's file-system uid is switched to it
    /// (`setfsuid` is per thread, and drops the capability that overrides permissions).
    @Test func readOnlyDirectory() throws {
        let b = try TestBoard()
        try b.create()
        let asRoot = getuid() == 0
        if asRoot { try FilesystemUser.give(b.root, to: FilesystemUser.nobody) }
        let before = try b.boardFiles()
        chmod(b.path("usecases"), 0o555)
        chmod(b.path("audit"), 0o555)
        let previous = asRoot ? FilesystemUser.switchThread(to: FilesystemUser.nobody) : nil
        defer {
            if let previous { _ = FilesystemUser.switchThread(to: previous) }
            chmod(b.path("usecases"), 0o755)
            chmod(b.path("audit"), 0o755)
            b.remove()
        }
        // The directory really is closed to this thread, or the test would prove nothing.
        let probe = open(b.path("usecases/.probe"), O_WRONLY | O_CREAT | O_EXCL, 0o644)
        try #require(probe == -1 && errno == EACCES, "usecases/ is writable: the test cannot run here")
        #expect(throws: StoreError.self) { try b.create(title: "Another") }
        do {
            try b.create(title: "Another")
        } catch let StoreError.io(path, message) {
            #expect(path.contains(b.root.path))
            #expect(message.contains("permission denied"))
        }
        if let previous { _ = FilesystemUser.switchThread(to: previous) }
        #expect(try b.boardFiles() == before)
    }

    @Test func permissionBitsArePreserved() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.create()
        chmod(b.path("usecases/UC-0001.yaml"), 0o640)
        try b.record("UC-0001", .comment, EventDetails(comment: "x"))
        var st = stat()
        stat(b.path("usecases/UC-0001.yaml"), &st)
        #expect(st.st_mode & 0o7777 == 0o640)
    }
}

@Suite struct IOErrorMessageTests {
    /// Root ignores directory permissions, so the read-only and permission cases are also
    /// injected through the seam: the message says what happened, with the path.
    @Test(arguments: [(EROFS, "the file system is read-only"), (EACCES, "permission denied"), (ENOSPC, "the disk is full")])
    func messagesSayWhatHappened(code: Int32, words: String) throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.create()
        b.store.fileSystem = FaultyFileSystem(failAt: 1, code: code)
        do {
            try b.record("UC-0001", .comment, EventDetails(comment: "x"))
            Issue.record("no error")
        } catch let StoreError.io(path, message) {
            #expect(path == b.path("audit/UC-0001.jsonl"))
            #expect(message.contains(words))
            #expect(message.hasSuffix("nothing was changed"))
        }
    }
}

/// Acting as an unprivileged user on one thread of a process that runs as root.
enum FilesystemUser {
    static let nobody: uid_t = 65534

    /// `setfsuid(2)`, which Glibc's Swift module does not declare. Returns the previous fsuid.
    /// Linux only changes the calling thread's file-system uid; from 0 to another uid it also
    /// clears CAP_DAC_OVERRIDE and friends from the thread's effective set, and back to 0
    /// restores them.
    static func switchThread(to uid: uid_t) -> uid_t {
        typealias SetFSUID = @convention(c) (uid_t) -> Int32
        guard let symbol = dlsym(nil, "setfsuid") else { fatalError("no setfsuid") }
        return uid_t(unsafeBitCast(symbol, to: SetFSUID.self)(uid))
    }

    /// chown -R: the board belongs to `uid`, as a board of a non-root user would.
    static func give(_ root: URL, to uid: uid_t) throws {
        var paths = [root.path]
        if let e = FileManager.default.enumerator(atPath: root.path) {
            for case let relative as String in e { paths.append(root.path + "/" + relative) }
        }
        for path in paths where lchown(path, uid, uid) != 0 {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
