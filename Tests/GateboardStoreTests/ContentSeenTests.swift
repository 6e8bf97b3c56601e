import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// Issue 17's warm read: the load cache keeps each local reference's stat stamp and the id it
/// saw (`ContentSeen`), so a warm `list` or TUI load only stats each file. The cache must
/// never hide drift: every test first plants a *false* id in the kept observations (stamps
/// untouched), shows the warm load believes it (so the fast path is what is tested), then
/// changes the file and requires exactly what a load without any cache
/// (`GATEBOARD_NO_CACHE`) says.
@Suite struct ContentSeenTests {
    static let fake = String(repeating: "f", count: 40)
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    /// A board with UC-0001 whose artifact `prompt` (p.md) and evidence (e.md) record their
    /// blob ids, and UC-0002 with no content; loaded twice with the racy window moved back,
    /// so the cache keeps every file and every observation.
    func warmBoard() throws -> TestBoard {
        let b = try TestBoard()
        try b.create(title: "One")
        try b.create(title: "Two")
        try b.write("p.md", "prompt v1\n")
        try b.write("e.md", "evidence\n")
        let refs = LocalReferences(board: b.root.path)
        guard case let .local(_, p, _) = try refs.resolve("p.md"), case let .local(_, e, _) = try refs.resolve("e.md") else {
            throw CocoaError(.fileNoSuchFile)
        }
        try b.record("UC-0001", .edit, EventDetails(artifacts: ["prompt": "p.md", ContentBinding.key("prompt"): p]))
        try b.record("UC-0001", .evidence, EventDetails(control: "spec-reference", ref: "e.md", digest: e))
        b.store.cacheClockOffsetNs = 10_000_000_000
        _ = try b.store.loadRowsObserved(now: Self.now)
        _ = try b.store.loadRowsObserved(now: Self.now)
        return b
    }

    /// What the warm load says of UC-0001 (reference → id on disk, only those that differ),
    /// checked against the TUI's load and against a load with no cache at all.
    func drift(_ b: TestBoard, _ comment: Comment) throws -> [String: String] {
        let rows = try b.store.loadRowsObserved(now: Self.now).drift
        let board = try b.store.loadObserved().drift
        let cold = BoardStore(root: b.root, environment: ["GATEBOARD_NO_CACHE": "1"])
        let uncached = try cold.loadRowsObserved(now: Self.now).drift
        #expect(rows.keys.sorted() == board.keys.sorted(), comment)
        #expect(rows["UC-0002"] == nil, comment)
        func map(_ d: ContentDrift?) -> [String: String] {
            Dictionary(uniqueKeysWithValues: (d?.differing ?? [:]).map { (String($0.key.split(separator: "\u{0}")[0]), $0.value) })
        }
        #expect(map(rows["UC-0001"]) == map(board["UC-0001"]), comment)
        if map(rows["UC-0001"]).values.contains(Self.fake) { return map(rows["UC-0001"]) }
        #expect(map(rows["UC-0001"]) == map(uncached["UC-0001"]), "cached and uncached differ: \(comment)")
        return map(rows["UC-0001"])
    }

    /// Rewrites the cache with every kept observation's id replaced by `fake`, stamps kept.
    func plant(_ b: TestBoard) throws {
        let path = UseCaseCache.path(root: b.root)
        var cache = try #require(UseCaseCache.read(path: path))
        var planted = 0
        for (name, e) in cache.entries {
            guard let seen = cache.content(e), !seen.isEmpty else { continue }
            var entry = e
            entry.content = .decoded(seen.map { s in
                var s = s
                if s.stamp != nil { s.current = Self.fake; planted += 1 }
                return s
            })
            cache.entries[name] = entry
        }
        #expect(planted == 2, "both references kept with a stamp")
        cache.write(path: path)
    }

    func stamp(_ path: String) -> stat {
        var st = stat()
        lstat(path, &st)
        return st
    }

    @Test func aWarmLoadTakesTheKeptObservationWithoutReading() throws {
        let b = try warmBoard()
        defer { b.remove() }
        #expect(try drift(b, "nothing changed").isEmpty)
        try plant(b)
        #expect(try drift(b, "planted") == ["p.md": Self.fake, "e.md": Self.fake])
        // Still believed on the next load: a warm load that found every stamp unchanged
        // writes nothing.
        let before = stamp(UseCaseCache.path(root: b.root))
        #expect(try drift(b, "planted again") == ["p.md": Self.fake, "e.md": Self.fake])
        #expect(stamp(UseCaseCache.path(root: b.root)).st_ino == before.st_ino)
    }

    @Test func anEditInPlaceOfTheSameSizeWithItsMtimePutBackIsSeen() throws {
        let b = try warmBoard()
        defer { b.remove() }
        try plant(b)
        let old = stamp(b.path("p.md"))
        let h = try #require(FileHandle(forWritingAtPath: b.path("p.md")))
        h.write(Data("prompt v2\n".utf8))
        h.closeFile()
        var times = [old.st_atim, old.st_mtim]
        utimensat(AT_FDCWD, b.path("p.md"), &times, 0)
        #expect(stamp(b.path("p.md")).st_mtim.tv_nsec == old.st_mtim.tv_nsec)
        let now = try GitObjectID.fileBlob(in: AT_FDCWD, name: b.path("p.md"), path: "p.md", limits: .init()).id
        #expect(try drift(b, "edited")["p.md"] == now)
    }

    @Test func aFileReplacedByALinkToTheSameContentOutsideIsMissing() throws {
        let b = try warmBoard()
        defer { b.remove() }
        try plant(b)
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-outside-\(UUID().uuidString).md").path
        defer { unlink(outside) }
        try Data("prompt v1\n".utf8).write(to: URL(fileURLWithPath: outside))
        unlink(b.path("p.md"))
        #expect(symlink(outside, b.path("p.md")) == 0)
        #expect(try drift(b, "symlink")["p.md"] == ContentBinding.missing)
    }

    @Test func aDeletedFileIsMissing() throws {
        let b = try warmBoard()
        defer { b.remove() }
        try plant(b)
        unlink(b.path("e.md"))
        #expect(try drift(b, "deleted") == ["p.md": Self.fake, "e.md": ContentBinding.missing])
    }

    @Test func aFileMadeUnreadableIsLookedAtAgain() throws {
        let b = try warmBoard()
        defer { b.remove() }
        try plant(b)
        chmod(b.path("p.md"), 0)
        defer { chmod(b.path("p.md"), 0o644) }
        // Only its change time moved: looked at again, it is missing to a user who cannot read
        // it, and unchanged to root (who can).
        #expect(try drift(b, "chmod 0")["p.md"] == (getuid() == 0 ? nil : ContentBinding.missing))
    }

    @Test func aFileRenamedIntoPlaceIsSeen() throws {
        let b = try warmBoard()
        defer { b.remove() }
        try plant(b)
        try b.write("p.md.new", "prompt v3\n")
        #expect(rename(b.path("p.md.new"), b.path("p.md")) == 0)
        let now = try GitObjectID.fileBlob(in: AT_FDCWD, name: b.path("p.md"), path: "p.md", limits: .init()).id
        #expect(try drift(b, "renamed")["p.md"] == now)
    }

    /// The racy rule: an observation whose stamp is not older than the load (by the timestamp
    /// window) is kept without its stamp, so the next load looks at the file again; a same-
    /// second edit that left every stat field as it was would otherwise be believed.
    @Test func aRacilyCleanObservationIsNeverTrusted() throws {
        let b = try warmBoard()
        defer { b.remove() }
        // The racy window back where it belongs: p.md, written a moment ago, is racy now.
        b.store.cacheClockOffsetNs = 0
        try b.write("p.md", "prompt v4\n")
        let edited = try drift(b, "edited now")["p.md"]
        #expect(edited != nil && edited != Self.fake)
        let cache = try #require(UseCaseCache.read(path: UseCaseCache.path(root: b.root)))
        let seen = try #require(cache.entries["UC-0001.yaml"].flatMap { cache.content($0) })
        #expect(seen.first { $0.ref == "p.md" }?.stamp == nil, "a racy stamp is not kept")
        #expect(seen.first { $0.ref == "e.md" }?.stamp != nil)
        // And directly: the same file seen from a load that began before its last change, or
        // within the window after it, is not validated by stat.
        let mtime = FileStamp(stamp(b.path("p.md"))).mtimeNs
        for (snapshot, kept) in [(mtime, false), (mtime + 1_000_000_000, false), (mtime + 3_000_000_000, true)] {
            let look = ContentLook(observer: ContentObserver(board: b.root), snapshot: snapshot)
            defer { look.end() }
            let s = look.see(ref: "p.md", recorded: Self.fake)
            #expect((s.stamp != nil) == kept, "snapshot \(snapshot - mtime) ns after the change")
            #expect(s.current == (try GitObjectID.fileBlob(in: AT_FDCWD, name: b.path("p.md"), path: "p.md", limits: .init()).id))
        }
    }

    /// The TUI's one-pass load gives the board the old two-pass observation gave.
    @Test func theObservedBoardIsTheOneObservedAfterLoading() throws {
        let b = try warmBoard()
        defer { b.remove() }
        try b.write("p.md", "prompt v5\n")
        unlink(b.path("e.md"))
        let onePass = try ContentRead.observedBoard(store: b.store)
        let twoPass = ContentRead.observedBoard(try b.store.load(), root: b.root)
        #expect(onePass == twoPass)
        #expect(onePass.content == twoPass.content)
        #expect(onePass.drifted("UC-0001") && !onePass.drifted("UC-0002"))
        let evidence = onePass.useCase("UC-0001")!.evidenceItems
        #expect(evidence.map(\.evidence.contentState) == twoPass.useCase("UC-0001")!.evidenceItems.map(\.evidence.contentState))
        #expect(evidence.first?.evidence.contentState == .missing)
    }
}
