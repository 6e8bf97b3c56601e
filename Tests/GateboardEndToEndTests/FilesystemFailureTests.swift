import Foundation
import Testing

/// A read-only board directory and a full disk: exit 3, a clear message, nothing changed,
/// no temp files. These need a tmpfs mount (tests run as root, which ignores permissions).
@Suite(.serialized) struct FilesystemFailureTests {
    static let canMount: Bool = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gb-mountprobe-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        guard shell("mount -t tmpfs -o size=1m tmpfs '\(dir.path)'") == 0 else { return false }
        _ = shell("umount '\(dir.path)'")
        return true
    }()

    @discardableResult
    static func shell(_ command: String) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command + " >/dev/null 2>&1"]
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// A fixture board copied onto its own small tmpfs.
    static func mounted(sizeKB: Int) throws -> (FixtureBoard, URL, String) {
        let board = try FixtureBoard()
        let id = try board.create("Payment-collection reminders")
        try board.act(["comment", id, "before"], as: "ana")
        let mount = FileManager.default.temporaryDirectory.appendingPathComponent("gb-mnt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        guard shell("mount -t tmpfs -o size=\(sizeKB)k tmpfs '\(mount.path)'") == 0 else { throw TestFailure("mount failed") }
        guard shell("cp -R '\(board.path)/.' '\(mount.path)/'") == 0 else { throw TestFailure("copy failed") }
        return (board, mount, id)
    }

    static func snapshot(_ dir: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)
        while let u = e?.nextObject() as? URL {
            if let d = try? Data(contentsOf: u) { out[u.path] = d } else { out[u.path] = Data() }
        }
        return out
    }

    @Test(.enabled(if: canMount, "skipped: mounting a tmpfs is not permitted here"))
    func readOnlyBoardIsAClearErrorAndUnchanged() throws {
        let (_, mount, id) = try Self.mounted(sizeKB: 2048)
        defer { Self.shell("umount '\(mount.path)'"); try? FileManager.default.removeItem(at: mount) }
        #expect(Self.shell("mount -o remount,ro '\(mount.path)'") == 0)
        let before = Self.snapshot(mount)
        let r = try GateboardBinary.run(["comment", id, "on a read-only disk", "--board", mount.path], user: "ana")
        #expect(r.status == 3, "\(r)")
        #expect(!r.stderr.isEmpty)
        #expect(Self.snapshot(mount) == before)
        // Reading works on a read-only board.
        #expect(try GateboardBinary.run(["list", "--board", mount.path]).status == 0)
        #expect(try GateboardBinary.run(["verify", "--board", mount.path]).status == 0)
    }

    @Test(.enabled(if: canMount, "skipped: mounting a tmpfs is not permitted here"))
    func diskFullIsAClearErrorAndLeavesNoTrace() throws {
        let (_, mount, id) = try Self.mounted(sizeKB: 512)
        defer { Self.shell("umount '\(mount.path)'"); try? FileManager.default.removeItem(at: mount) }
        let filler = mount.appendingPathComponent("filler")
        Self.shell("dd if=/dev/zero of='\(filler.path)' bs=4k count=100000")
        let before = Self.snapshot(mount)
        let big = String(repeating: "\u{1D538}", count: 10_000)   // 40 KB, at a comment's length limit
        let r = try GateboardBinary.run(["comment", id, big, "--board", mount.path], user: "ana")
        #expect(r.status == 3, "\(r)")
        #expect(!r.stderr.isEmpty)
        #expect(Self.snapshot(mount) == before, "nothing changed, no temp files")
        try FileManager.default.removeItem(at: filler)
        #expect(try GateboardBinary.run(["validate", "--board", mount.path]).status == 0)
        #expect(try GateboardBinary.run(["verify", "--board", mount.path]).status == 0)
        #expect(try GateboardBinary.run(["comment", id, "space again", "--board", mount.path], user: "ana").status == 0)
    }
}
