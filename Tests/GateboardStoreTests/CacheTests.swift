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
            // Every byte is covered: the index by its checksum (the whole cache is ignored),
            // each stored use case by its own (that one is parsed again from its file).
            for _ in 0..<50 {
                var damaged = bytes
                let at = Int(rng.next() % UInt64(damaged.count))
                damaged[at] ^= 0x20
                try Data(damaged).write(to: URL(fileURLWithPath: cachePath))
                let read = UseCaseCache.read(path: cachePath)
                if let read {
                    #expect(read.entries.values.contains { read.useCase($0) == nil }, "byte \(at): a damaged use case is seen")
                }
                #expect(try b.store.load() == good)
                #expect(b.store.lastLoad.parsed >= 1, "byte \(at)")
                try Data(bytes).write(to: URL(fileURLWithPath: cachePath))
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

@Suite struct ManyFilesTests {
    /// Enough files to take the parallel parse: results and diagnostics in id order.
    @Test func manyFilesLoadInOrderWithEveryProblem() throws {
        let b = try TestBoard()
        defer { b.remove() }
        let valid = try BadInputTests.fixture("valid.yaml")
        for i in 1...90 {
            let id = String(format: "UC-%04d", i)
            var text = valid.replacingOccurrences(of: "id: UC-0001", with: "id: \(id)")
            if i == 17 || i == 63 { text = text.replacingOccurrences(of: "tier: high", with: "tier: [high]") }
            try b.write("usecases/\(id).yaml", text)
        }
        #expect(b.problems() == ["usecases/UC-0017.yaml:6:7: tier: expected text, found a list",
                                 "usecases/UC-0063.yaml:6:7: tier: expected text, found a list"])
        try b.write("usecases/UC-0017.yaml", valid.replacingOccurrences(of: "id: UC-0001", with: "id: UC-0017"))
        try b.write("usecases/UC-0063.yaml", valid.replacingOccurrences(of: "id: UC-0001", with: "id: UC-0063"))
        let board = try b.store.load()
        #expect(board.useCases.map(\.id) == (1...90).map { String(format: "UC-%04d", $0) })
    }
}

@Suite struct XXH64Tests {
    /// Reference values from the xxhash package (Python, XXH64, seed 0).
    @Test func knownValues() {
        #expect(XXH64.hash(Array("".utf8)) == 0xEF46_DB37_51D8_E999)
        #expect(XXH64.hash(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
        #expect(XXH64.hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
        let long = Array(repeating: Array(UInt8(0)...UInt8(255)), count: 3).flatMap { $0 } + Array("xyz".utf8)
        #expect(XXH64.hash(long) == 0xE921_A1B4_5BD7_79F8)
    }

    @Test func everyFlippedBitChangesIt() {
        let base = Array("the cache of a board: stamps and use cases".utf8)
        let h = XXH64.hash(base)
        for i in base.indices {
            for bit in 0..<8 {
                var b = base
                b[i] ^= 1 << bit
                #expect(XXH64.hash(b) != h)
            }
        }
    }
}
