import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

@Suite struct CacheTests {
    /// Sets a file's mtime an hour back, so it is old enough to be cached.
    func age(_ path: String, seconds: Int = 3600) {
        var times = [timespec(tv_sec: time(nil) - seconds, tv_nsec: 0), timespec(tv_sec: time(nil) - seconds, tv_nsec: 0)]
        utimensat(AT_FDCWD, path, &times, 0)
    }

    /// A board whose files look an hour old (their ctime is still now, so they are racy
    /// until the test also backdates the cache snapshot; see `oldBoard`).
    func board(count: Int) throws -> TestBoard {
        let b = try TestBoard()
        for i in 0..<count { try b.create(title: "Use case \(i)") }
        return b
    }

    @Test func aSecondLoadComesFromTheCacheAndMatches() throws {
        let b = try board(count: 5)
        defer { b.remove() }
        let first = try b.store.load()
        #expect(b.store.lastLoad.parsed == 5)
        // Files just written are racy (changed within the last 2 s): not cached yet.
        #expect(b.store.lastLoad.cached == 0)
        try withOldTimestamps(b) {
            let second = try b.store.load()   // parses, and now caches
            #expect(second == first)
            let third = try b.store.load()
            #expect(b.store.lastLoad == (5, 0))
            #expect(third == first)
        }
    }

    /// Runs `body` with the racy window moved so files written a moment ago count as old.
    func withOldTimestamps(_ b: TestBoard, _ body: () throws -> Void) throws {
        b.store.cacheClockOffsetNs = 10_000_000_000
        defer { b.store.cacheClockOffsetNs = 0 }
        try body()
    }

    @Test func anEditOfTheSameSizeIsSeen() throws {
        let b = try board(count: 2)
        defer { b.remove() }
        try withOldTimestamps(b) {
            _ = try b.store.load()
            _ = try b.store.load()
            #expect(b.store.lastLoad.cached == 2)
            // In place, same size, mtime put back: only ctime tells.
            let path = b.path("usecases/UC-0001.yaml")
            var st = stat()
            stat(path, &st)
            let text = String(decoding: try b.read("usecases/UC-0001.yaml"), as: UTF8.self)
                .replacingOccurrences(of: "Use case 0", with: "Use case X")
            let h = FileHandle(forWritingAtPath: path)!
            h.write(Data(text.utf8))
            h.closeFile()
            var times = [st.st_atim, st.st_mtim]
            utimensat(AT_FDCWD, path, &times, 0)
            let board = try b.store.load()
            #expect(board.useCases[0].title == "Use case X")
            #expect(b.store.lastLoad == (1, 1))
        }
    }

    @Test func aDamagedOrForeignCacheIsIgnored() throws {
        let b = try board(count: 3)
        defer { b.remove() }
        try withOldTimestamps(b) {
            let good = try b.store.load()
            _ = try b.store.load()
            let cachePath = UseCaseCache.path(root: b.root)
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cachePath)))
            var rng = SeededRandom(seed: 7)
            for _ in 0..<50 {
                var damaged = bytes
                damaged[Int(rng.next() % UInt64(damaged.count))] ^= 0x20
                try Data(damaged).write(to: URL(fileURLWithPath: cachePath))
                #expect(UseCaseCache.read(path: cachePath) == nil)
                #expect(try b.store.load() == good)
            }
            bytes = Array("not a cache at all".utf8)
            try Data(bytes).write(to: URL(fileURLWithPath: cachePath))
            #expect(try b.store.load() == good)
            #expect(b.store.lastLoad.parsed == 3)
        }
    }

    @Test func aPolicyChangeRechecksCachedUseCases() throws {
        let b = try board(count: 2)
        defer { b.remove() }
        try withOldTimestamps(b) {
            _ = try b.store.load()
            _ = try b.store.load()
            #expect(b.store.lastLoad.cached == 2)
            let policy = String(decoding: try b.read("gateboard.yaml"), as: UTF8.self)
                .replacingOccurrences(of: "  - {id: alex, name: Alex Example, function: product, roles: [business_owner]}\n", with: "")
            try b.write("gateboard.yaml", policy)
            let p = b.problems()
            #expect(p == ["usecases/UC-0001.yaml:9:14: submittedBy: unknown person 'alex'",
                          "usecases/UC-0001.yaml:11:12: createdBy: unknown person 'alex'",
                          "usecases/UC-0002.yaml:9:14: submittedBy: unknown person 'alex'",
                          "usecases/UC-0002.yaml:11:12: createdBy: unknown person 'alex'"])
        }
    }
}

@Suite struct CacheRefreshTests {
    @Test func aChangedFileIsCachedAgain() throws {
        let b = try TestBoard()
        defer { b.remove() }
        for i in 0..<3 { try b.create(title: "Use case \(i)") }
        b.store.cacheClockOffsetNs = 10_000_000_000
        _ = try b.store.load()
        try b.record("UC-0002", .comment, EventDetails(comment: "x"))
        _ = try b.store.load()
        #expect(b.store.lastLoad == (2, 1))
        _ = try b.store.load()
        #expect(b.store.lastLoad == (3, 0))
    }
}
