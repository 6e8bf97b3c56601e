import Foundation
import GateboardCore
import Testing
@testable import GateboardStore
import GateboardTestSupport

/// No path component below the board root is followed if it is a symbolic link, for reading
/// or writing: a link planted (or pulled) anywhere in the board is refused with a message
/// naming it, nothing outside the board changes, and `validate` and `verify` report it.
@Suite struct SymlinkTests {
    /// Replaces a board folder with a link to a copy of it outside the board.
    func linkFolder(_ b: TestBoard, _ folder: String, into victim: Victim) throws {
        let outside = victim.dir.appendingPathComponent(folder)
        try FileManager.default.copyItem(atPath: b.path(folder), toPath: outside.path)
        try FileManager.default.removeItem(atPath: b.path(folder))
        #expect(symlink(outside.path, b.path(folder)) == 0)
    }

    func validateProblems(_ b: TestBoard) -> [Diagnostic] {
        do {
            _ = try b.store.validate()
            Issue.record("validate passed")
            return []
        } catch let e as BoardInvalid {
            return e.diagnostics
        } catch {
            Issue.record("validate threw \(error)")
            return []
        }
    }

    func expectRefused(_ body: () throws -> Void, naming link: String, target: String) {
        do {
            try body()
            Issue.record("not refused")
        } catch {
            let text = "\(error)"
            #expect(text.contains(link), "\(text)")
            #expect(text.contains("symbolic link to \(target)"), "\(text)")
        }
    }

    @Test(arguments: ["audit", "usecases"])
    func aFolderLinkedOutsideIsNeverWrittenThrough(folder: String) throws {
        let b = try TestBoard()
        let victim = try Victim()
        defer { b.remove(); victim.remove() }
        try b.create()
        try linkFolder(b, folder, into: victim)
        let before = victim.snapshot()
        let target = victim.dir.appendingPathComponent(folder).path
        expectRefused({ try b.record("UC-0001", .comment, EventDetails(comment: "through the link")) }, naming: b.path(folder), target: target)
        expectRefused({ try b.create(title: "Another") }, naming: b.path(folder), target: target)
        #expect(victim.snapshot() == before)
        // validate and verify say so, naming the link and its target.
        let problems = validateProblems(b)
        #expect(problems.contains { $0.path == b.path(folder) && $0.message.contains("symbolic link to \(target)") })
        let report = try b.store.verify()
        #expect(!report.ok)
        #expect(report.problems.contains { $0.path == b.path(folder) && $0.message.contains("symbolic link to \(target)") })
    }

    @Test func aLinkedLockIsNotTruncated() throws {
        let b = try TestBoard()
        let victim = try Victim()
        defer { b.remove(); victim.remove() }
        try b.create()
        try? FileManager.default.removeItem(atPath: b.path(".gateboard.lock"))
        #expect(symlink(victim.file, b.path(".gateboard.lock")) == 0)
        expectRefused({ try b.record("UC-0001", .comment, EventDetails(comment: "x")) }, naming: b.path(".gateboard.lock"), target: victim.file)
        #expect(try String(contentsOfFile: victim.file, encoding: .utf8) == "precious\n")
        #expect(try b.store.verify().problems.contains { $0.path == b.path(".gateboard.lock") })
    }

    @Test func theLinkedPolicyIsRefused() throws {
        let b = try TestBoard()
        let victim = try Victim()
        defer { b.remove(); victim.remove() }
        try b.create()
        let outside = victim.dir.appendingPathComponent("gateboard.yaml").path
        try FileManager.default.moveItem(atPath: b.path("gateboard.yaml"), toPath: outside)
        #expect(symlink(outside, b.path("gateboard.yaml")) == 0)
        #expect(b.problems().contains { $0.hasPrefix("gateboard.yaml: is a symbolic link to \(outside)") }, "\(b.problems())")
        expectRefused({ try b.record("UC-0001", .comment, EventDetails(comment: "x")) }, naming: "gateboard.yaml", target: outside)
    }

    @Test func theCacheFolderLinkedOutsideIsNotWritten() throws {
        let b = try TestBoard()
        let victim = try Victim()
        defer { b.remove(); victim.remove() }
        try b.create()
        try? FileManager.default.removeItem(atPath: b.path(".gateboard"))
        #expect(symlink(victim.dir.path, b.path(".gateboard")) == 0)
        let before = victim.snapshot()
        _ = try? b.store.load()
        _ = try? b.store.loadRows(now: TestBoard.t0)
        _ = try? b.store.loadPolicy()
        #expect(victim.snapshot() == before)
        #expect(try b.store.verify().problems.contains { $0.path == b.path(".gateboard") })
    }

    @Test func aLinkedUseCaseFileOrLogIsNamedWithItsTarget() throws {
        let b = try TestBoard()
        let victim = try Victim()
        defer { b.remove(); victim.remove() }
        try b.create()
        try FileManager.default.removeItem(atPath: b.path("audit/UC-0001.jsonl"))
        #expect(symlink(victim.file, b.path("audit/UC-0001.jsonl")) == 0)
        expectRefused({ try b.record("UC-0001", .comment, EventDetails(comment: "x")) }, naming: b.path("audit/UC-0001.jsonl"), target: victim.file)
        #expect(try String(contentsOfFile: victim.file, encoding: .utf8) == "precious\n")
    }

    /// Links named like temporary files (any of them: sync's old `.X.<pid>.sync.tmp`, the
    /// store's `.X.tmp-…`) are reported, and writes beside them never go through them.
    @Test func linksAtTemporaryNamesAreReportedAndNeverWrittenThrough() throws {
        let b = try TestBoard()
        let victim = try Victim()
        defer { b.remove(); victim.remove() }
        try b.create()
        try FileManager.default.createDirectory(atPath: b.path(".gateboard"), withIntermediateDirectories: true)
        for name in ["audit/.UC-0001.jsonl.\(getpid()).sync.tmp", "usecases/.UC-0001.yaml.\(getpid()).sync.tmp",
                     "usecases/.UC-0001.yaml.tmp-\(getpid())", ".gateboard/cache.bin.tmp-\(getpid())", ".gateboard/.cache.bin.tmp-1-2"] {
            #expect(symlink(victim.file, b.path(name)) == 0, "\(name)")
        }
        try b.record("UC-0001", .comment, EventDetails(comment: "x"))
        _ = try b.store.loadRows(now: TestBoard.t0)
        #expect(try String(contentsOfFile: victim.file, encoding: .utf8) == "precious\n")
        let report = try b.store.verify()
        #expect(report.problems.filter { $0.message.contains("symbolic link to \(victim.file)") }.count == 5)
    }

    /// Temporary files are created with O_EXCL and O_NOFOLLOW under names no one can predict.
    @Test func temporaryFilesAreExclusiveAndUnpredictable() throws {
        final class Recorder: FileSystemCalls, @unchecked Sendable {
            let real = PosixFileSystem()
            var created: [(name: String, flags: Int32)] = []
            func openat(_ dir: Int32, _ name: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
                if flags & O_CREAT != 0 { created.append((name, flags)) }
                return real.openat(dir, name, flags, mode)
            }
            func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int { real.write(fd, buffer) }
            func fsync(_ fd: Int32) -> Int32 { real.fsync(fd) }
            func renameat(_ a: Int32, _ from: String, _ b: Int32, _ to: String) -> Int32 { real.renameat(a, from, b, to) }
            func ftruncate(_ fd: Int32, _ length: off_t) -> Int32 { real.ftruncate(fd, length) }
            func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32 { real.fchmod(fd, mode) }
            func unlinkat(_ dir: Int32, _ name: String, _ flags: Int32) -> Int32 { real.unlinkat(dir, name, flags) }
            func mkdirat(_ dir: Int32, _ name: String, _ mode: mode_t) -> Int32 { real.mkdirat(dir, name, mode) }
            func close(_ fd: Int32) -> Int32 { real.close(fd) }
        }
        let b = try TestBoard()
        defer { b.remove() }
        try b.create()
        let recorder = Recorder()
        b.store.fileSystem = recorder
        try b.record("UC-0001", .comment, EventDetails(comment: "one"))
        try b.record("UC-0001", .comment, EventDetails(comment: "two"))
        let temps = recorder.created.filter { $0.name.contains(".tmp-") }
        #expect(temps.count == 2)
        #expect(Set(temps.map(\.name)).count == 2)
        for t in temps {
            #expect(t.flags & O_EXCL != 0 && t.flags & O_NOFOLLOW != 0, "\(t.name)")
            // `.<name>.tmp-<pid>-<64 random bits in hex>`
            #expect(t.name.split(separator: "-").last.map { $0.count >= 8 } == true, "\(t.name)")
        }
    }

    @Test func initRefusesLinksWhereBoardFilesGo() throws {
        let victim = try Victim()
        defer { victim.remove() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        #expect(symlink(victim.dir.path, dir.appendingPathComponent("audit").path) == 0)
        #expect(symlink(victim.file, dir.appendingPathComponent(".gitignore").path) == 0)
        let before = victim.snapshot()
        #expect(throws: StoreError.self) { _ = try BoardStore.initialize(at: dir, name: "x") }
        #expect(victim.snapshot() == before)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("gateboard.yaml").path))
    }

    /// The board root itself may be reached through a link (what the user passed): only
    /// components below it are refused.
    @Test func theRootMayBeALink() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.create()
        let link = b.root.path + "-link"
        #expect(symlink(b.root.path, link) == 0)
        defer { unlink(link) }
        let viaLink = BoardStore(root: URL(fileURLWithPath: link), environment: [:])
        viaLink.lockTimeout = 10
        _ = try viaLink.transact(on: "UC-0001", actor: "alex", osUser: "t", now: TestBoard.t0) { _, _ in
            (.comment, EventDetails(comment: "via the link"))
        }
        #expect(try viaLink.verify().ok)
        #expect(try viaLink.validate().useCases.count == 1)
    }
}

extension SymlinkTests {
    /// Found by `make stress`: a link in place of the board log made `verify` fail (exit 3)
    /// instead of reporting it.
    @Test func aLinkedBoardLogIsAProblemNotAFailure() throws {
        let b = try TestBoard()
        let victim = try Victim()
        defer { b.remove(); victim.remove() }
        try b.create()
        #expect(symlink(victim.file, b.path("audit/_board.jsonl")) == 0)
        let report = try b.store.verify()
        #expect(report.problems.map(\.path) == [b.path("audit/_board.jsonl")])
        #expect(report.problems.first?.message.contains("symbolic link to \(victim.file)") == true)
        #expect(throws: StoreError.self) {
            try b.store.appendBoardEvent(.standup, details: EventDetails(), actor: "alex", osUser: "t", now: TestBoard.t0)
        }
        #expect(try String(contentsOfFile: victim.file, encoding: .utf8) == "precious\n")
    }
}
