import Foundation
import GateboardCore
import GateboardStore
@testable import GateboardSync
import GateboardTestSupport
import Testing

/// Symbolic links that arrive with a pull: a collaborator commits a link where a board file
/// or folder goes and pushes. Sync refuses it naming the path, nothing outside the
/// repository changes, and the local board stays as it was.
@Suite(.serialized) struct SyncSymlinkTests {
    /// `a` and `b` share a use case; `b` then records an action of its own when `bActs` (so
    /// a sync merges), and `a` commits `plant`'s paths (relative to the board; added even if
    /// ignored) with a comment of its own and pushes with plain git, as an attacker would.
    func attack(_ sandbox: GitSandbox, bActs: Bool = true, plant: (Clone) throws -> [String]) throws -> (a: Clone, b: Clone, id: UseCaseID) {
        let a = try sandbox.makeRemoteWithBoard()
        let id = try a.create("Invoice matching", at: "2026-10-01T08:00:00Z")
        _ = try a.sync(push: true)
        let b = try sandbox.clone("b")
        if bActs { try b.act(.comment(text: "from b"), on: id, as: "ben", at: "2026-10-02T09:00:00Z") }
        try a.act(.comment(text: "from a"), on: id, as: "ana", at: "2026-10-02T08:00:00Z")
        let planted = try plant(a)
        try a.git(["add", "-A", "--", GitSandbox.boardFolder])
        if !planted.isEmpty { try a.git(["add", "-A", "-f", "--"] + planted.map { GitSandbox.boardFolder + "/" + $0 }) }
        try a.git(["commit", "--quiet", "-m", "innocent"])
        try a.git(["push", "--quiet", "origin", "main"])
        return (a, b, id)
    }

    /// Lets a plain `git pull --ff-only` bring whatever the remote has into `b`'s working tree.
    func plainPull(_ b: Clone) throws {
        // Our own lock file (ignored, regular) would stand in git's way; a link stays.
        let lock = b.board.appendingPathComponent(".gateboard.lock").path
        var st = stat()
        if lstat(lock, &st) == 0, st.st_mode & S_IFMT == S_IFREG { unlink(lock) }
        _ = try b.git(["pull", "--quiet", "--ff-only"])
    }

    func expectRefused(_ b: Clone, naming path: String) {
        do {
            _ = try b.sync(push: false)
            Issue.record("sync was not refused")
        } catch {
            let text = "\(error)"
            #expect(text.contains("symbolic link"), "\(text)")
            #expect(text.contains(path), "\(text)")
        }
    }

    /// The name sync's old temporary file had, in this process: `.<name>.<pid>.sync.tmp`.
    @Test func aLinkAtSyncsTemporaryNameIsRefused() throws {
        let sandbox = try GitSandbox()
        let victim = try Victim(in: sandbox.root)
        let temp = "audit/.UC-0001.jsonl.\(getpid()).sync.tmp"
        let (_, b, _) = try attack(sandbox) { a in
            #expect(symlink(victim.file, a.board.appendingPathComponent(temp).path) == 0)
            return [temp]
        }
        let before = try b.snapshot()
        expectRefused(b, naming: temp)
        #expect(victim.snapshot() == ["victim.txt": "precious\n"])
        #expect(try b.snapshot() == before)
        var st = stat()
        #expect(lstat(b.board.appendingPathComponent("audit/UC-0001.jsonl").path, &st) == 0 && st.st_mode & S_IFMT == S_IFREG)
        #expect(lstat(b.board.appendingPathComponent(temp).path, &st) != 0)
        #expect(try b.store.verify().ok)
    }

    @Test func aCommittedLockLinkIsRefusedAndNeverTruncates() throws {
        let sandbox = try GitSandbox()
        let victim = try Victim(in: sandbox.root)
        let (_, b, _) = try attack(sandbox, bActs: false) { a in
            let lock = a.board.appendingPathComponent(".gateboard.lock").path
            unlink(lock)
            #expect(symlink(victim.file, lock) == 0)
            return [".gateboard.lock"]
        }
        let before = try b.snapshot()
        expectRefused(b, naming: ".gateboard.lock")
        expectRefused(b, naming: ".gateboard.lock")
        #expect(try b.snapshot() == before)
        // The link brought by a plain `git pull` instead: sync and actions never open through it.
        try plainPull(b)
        var st = stat()
        #expect(lstat(b.board.appendingPathComponent(".gateboard.lock").path, &st) == 0 && st.st_mode & S_IFMT == S_IFLNK)
        expectRefused(b, naming: ".gateboard.lock")
        #expect(throws: StoreError.self) { try b.act(.comment(text: "x"), on: "UC-0001", as: "ana", at: "2026-10-03T08:00:00Z") }
        #expect(try String(contentsOfFile: victim.file, encoding: .utf8) == "precious\n")
    }

    @Test func anAuditFolderLinkedOutsideIsRefused() throws {
        let sandbox = try GitSandbox()
        let victim = try Victim(in: sandbox.root)
        let (_, b, _) = try attack(sandbox) { a in
            let audit = a.board.appendingPathComponent("audit")
            try FileManager.default.moveItem(at: audit, to: victim.dir.appendingPathComponent("audit"))
            #expect(symlink(victim.dir.appendingPathComponent("audit").path, audit.path) == 0)
            return ["audit"]
        }
        let outside = victim.snapshot()
        let before = try b.snapshot()
        expectRefused(b, naming: GitSandbox.boardFolder + "/audit")
        #expect(victim.snapshot() == outside)
        #expect(try b.snapshot() == before)
        #expect(try b.store.verify().ok)
    }

    /// The folder holding the board replaced by a link: every board path would resolve
    /// outside the repository after the merge.
    @Test func theBoardFolderLinkedOutsideIsRefused() throws {
        let sandbox = try GitSandbox()
        let victim = try Victim(in: sandbox.root)
        let (_, b, _) = try attack(sandbox) { a in
            try FileManager.default.moveItem(at: a.board, to: victim.dir.appendingPathComponent("board"))
            #expect(symlink(victim.dir.appendingPathComponent("board").path, a.board.path) == 0)
            return []
        }
        let outside = victim.snapshot()
        let before = try b.snapshot()
        expectRefused(b, naming: GitSandbox.boardFolder + " -> " + victim.dir.appendingPathComponent("board").path)
        #expect(victim.snapshot() == outside)
        #expect(try b.snapshot() == before)
    }

    /// Disk full (or any failing call) while sync writes the merged files: the merge is
    /// abandoned, nothing is half-written, and the local board is exactly as it was.
    @Test func everyInjectedFailureWhileMergingLeavesTheBoardIntact() throws {
        let sandbox = try GitSandbox()
        let (_, b, _) = try attack(sandbox) { _ in [] }
        let before = try b.snapshot()
        var k = 0
        var failures = 0
        while true {
            k += 1
            let faulty = FaultyFileSystem(failAt: k)
            var syncer = Syncer(board: b.board, environment: sandbox.env)
            syncer.fileSystem = faulty
            do {
                let report = try syncer.sync(push: false)
                #expect(report.merge == .merged)
                guard let failed = faulty.failed else { break }
                // Only a close, or the folder's fsync after the rename, may fail unnoticed:
                // the data is durable. Undo the merge and go on with the next call.
                #expect(["close", "fsync directory"].contains(failed), "failure of \(failed) at call \(k) went unnoticed")
                _ = try b.git(["reset", "--quiet", "--hard", "HEAD^"])
                #expect(try b.snapshot() == before)
                continue
            } catch {
                failures += 1
                #expect("\(error)".contains("nothing was changed"), "call \(k) (\(faulty.failed ?? "")): \(error)")
                #expect(try b.snapshot() == before, "call \(k) (\(faulty.failed ?? "")) changed the board")
                #expect(try b.git(["status", "--porcelain", "--", GitSandbox.boardFolder]).isEmpty)
                #expect(!(try GitRunner(directory: b.dir, environment: sandbox.env).run(["rev-parse", "-q", "--verify", "MERGE_HEAD"]).ok))
                let stray = try FileManager.default.contentsOfDirectory(atPath: b.board.appendingPathComponent("audit").path)
                    + FileManager.default.contentsOfDirectory(atPath: b.board.appendingPathComponent("usecases").path)
                #expect(!stray.contains { $0.contains(".tmp") }, "\(stray)")
                #expect(try b.store.verify().ok)
            }
            if k > 200 { Issue.record("sync never succeeded"); break }
        }
        #expect(failures >= 6)
        #expect(try b.store.verify().ok)
    }
}

/// The same attacks through the real binary: `gateboard sync`, an action after a plain
/// `git pull`, `validate` and `verify`.
@Suite(.serialized, .enabled(if: SyncBinary.available, "no gateboard binary: run swift build, or set GATEBOARD_BIN"))
struct SyncSymlinkBinaryTests {
    @Test func aPulledAuditFolderLinkIsRefusedEverywhere() throws {
        let sandbox = try GitSandbox()
        let victim = try Victim(in: sandbox.root)
        let (_, b, id) = try SyncSymlinkTests().attack(sandbox, bActs: false) { a in
            let audit = a.board.appendingPathComponent("audit")
            try FileManager.default.moveItem(at: audit, to: victim.dir.appendingPathComponent("audit"))
            #expect(symlink(victim.dir.appendingPathComponent("audit").path, audit.path) == 0)
            return ["audit"]
        }
        let outside = victim.snapshot()
        let env = sandbox.env.merging(["GATEBOARD_NOW": "2026-10-03T08:00:00Z"]) { $1 }
        let sync = try SyncBinary.run(["sync"], in: b.board, env: env)
        #expect(sync.status == 3, "\(sync.stdout)\(sync.stderr)")
        #expect(sync.stderr.contains("\(GitSandbox.boardFolder)/audit -> \(victim.dir.path)/audit"), "\(sync.stderr)")
        // The link arrives anyway, with a plain git pull.
        try SyncSymlinkTests().plainPull(b)
        let link = b.board.appendingPathComponent("audit").path
        let act = try SyncBinary.run(["comment", id, "written where?"], in: b.board, env: env, user: "ana")
        #expect(act.status == 3, "\(act.stdout)\(act.stderr)")
        #expect(act.stderr.contains(link) && act.stderr.contains("symbolic link to \(victim.dir.path)/audit"), "\(act.stderr)")
        let validate = try SyncBinary.run(["validate"], in: b.board, env: env)
        #expect(validate.status == 3 && !validate.stdout.contains("board OK"), "\(validate.stdout)")
        #expect(validate.stdout.contains("\(link): is a symbolic link to \(victim.dir.path)/audit"), "\(validate.stdout)")
        let verify = try SyncBinary.run(["verify"], in: b.board, env: env)
        #expect(verify.status == 1, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("\(link): is a symbolic link to \(victim.dir.path)/audit"), "\(verify.stdout)")
        let again = try SyncBinary.run(["sync"], in: b.board, env: env)
        #expect(again.status == 3 && again.stderr.contains(link), "\(again.stderr)")
        #expect(victim.snapshot() == outside)
    }

    @Test func aPulledLockLinkNeverTruncatesItsTarget() throws {
        let sandbox = try GitSandbox()
        let victim = try Victim(in: sandbox.root)
        let (_, b, _) = try SyncSymlinkTests().attack(sandbox, bActs: false) { a in
            let lock = a.board.appendingPathComponent(".gateboard.lock").path
            unlink(lock)
            #expect(symlink(victim.file, lock) == 0)
            return [".gateboard.lock"]
        }
        let sync = try SyncBinary.run(["sync"], in: b.board, env: sandbox.env)
        #expect(sync.status == 3 && sync.stderr.contains(".gateboard.lock -> \(victim.file)"), "\(sync.stderr)")
        try SyncSymlinkTests().plainPull(b)
        let again = try SyncBinary.run(["sync"], in: b.board, env: sandbox.env)
        #expect(again.status == 3 && again.stderr.contains(".gateboard.lock: is a symbolic link to \(victim.file)"), "\(again.stderr)")
        #expect(try String(contentsOfFile: victim.file, encoding: .utf8) == "precious\n")
    }

    /// Links named like temporary files (sync's old `.X.<pid>.sync.tmp`, the store's
    /// `.X.tmp-…`): sync refuses them, and after a plain pull validate and verify name them.
    @Test(arguments: ["audit/.UC-0001.jsonl.4242.sync.tmp", "usecases/.UC-0001.yaml.4242.sync.tmp", "usecases/.UC-0001.yaml.tmp-4242-1"])
    func aPulledLinkAtATemporaryNameIsRefused(name: String) throws {
        let sandbox = try GitSandbox()
        let victim = try Victim(in: sandbox.root)
        let (_, b, id) = try SyncSymlinkTests().attack(sandbox, bActs: false) { a in
            #expect(symlink(victim.file, a.board.appendingPathComponent(name).path) == 0)
            return [name]
        }
        let env = sandbox.env.merging(["GATEBOARD_NOW": "2026-10-03T08:00:00Z"]) { $1 }
        let sync = try SyncBinary.run(["sync"], in: b.board, env: env)
        #expect(sync.status == 3 && sync.stderr.contains("\(GitSandbox.boardFolder)/\(name) -> \(victim.file)"), "\(sync.stderr)")
        try SyncSymlinkTests().plainPull(b)
        let link = b.board.appendingPathComponent(name).path
        let act = try SyncBinary.run(["comment", id, "beside the link"], in: b.board, env: env, user: "ana")
        #expect(act.status == 0, "\(act.stderr)")
        for (command, status) in [("validate", Int32(3)), ("verify", Int32(1))] {
            let r = try SyncBinary.run([command], in: b.board, env: env)
            #expect(r.status == status && r.stdout.contains("\(link): is a symbolic link to \(victim.file)"), "\(command): \(r.stdout)")
        }
        let again = try SyncBinary.run(["sync"], in: b.board, env: env)
        #expect(again.status == 3 && again.stderr.contains(link), "\(again.stderr)")
        #expect(victim.snapshot() == ["victim.txt": "precious\n"])
    }
}
