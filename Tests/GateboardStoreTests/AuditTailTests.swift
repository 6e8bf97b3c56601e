import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// `events(for:since:)` and `latestBoardEvent`: the tail of a log, read backwards, stopping at
/// the first event at or before `since`.
@Suite struct AuditTailTests {
    func board(comments: Int) throws -> (TestBoard, [AuditEvent]) {
        let b = try TestBoard()
        try b.create()
        for i in 1...comments {
            try b.record("UC-0001", .comment, EventDetails(comment: "note \(i) " + String(repeating: "x", count: i % 13)),
                         at: TestBoard.t0.addingTimeInterval(Double(i) * 60))
        }
        return (b, try b.store.events(for: "UC-0001"))
    }

    @Test func tailMatchesTheWholeLogFilteredAtEveryCut() throws {
        let (b, all) = try board(comments: 40)
        defer { b.remove() }
        let log = b.store.auditLog("UC-0001")
        for cut in [-1.0, 0, 1, 1.5, 17, 39, 40, 41] {
            let since = TestBoard.t0.addingTimeInterval(cut * 60)
            let expected = all.filter { $0.at > since }
            #expect(try b.store.events(for: "UC-0001", since: since) == expected, "since +\(cut) min")
            // Chunks smaller than a line, and odd sizes, cross line boundaries everywhere.
            for chunk in [1, 7, 64, 333] {
                #expect(try BoardStore.eventsBackwards(log, since: since, chunk: chunk) == expected, "chunk \(chunk), +\(cut) min")
            }
        }
        #expect(try b.store.events(for: "uc-0001", since: .distantPast) == all)
        #expect(try b.store.events(for: "UC-0099", since: .distantPast).isEmpty)   // no log: nothing
    }

    @Test func stopsWithoutReadingOlderEvents() throws {
        let (b, all) = try board(comments: 20)
        defer { b.remove() }
        // Spoil line 3: a whole-log read fails on it, the tail after minute 10 never reaches it.
        var lines = String(decoding: try b.read("audit/UC-0001.jsonl"), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        lines[2] = "{not json"
        try b.write("audit/UC-0001.jsonl", lines.joined(separator: "\n"))
        #expect(throws: (any Error).self) { try b.store.events(for: "UC-0001") }
        let since = TestBoard.t0.addingTimeInterval(10 * 60)
        #expect(try b.store.events(for: "UC-0001", since: since) == all.filter { $0.at > since })
        #expect(throws: (any Error).self) { try b.store.events(for: "UC-0001", since: .distantPast) }
    }

    @Test func forwardsStopsAfterTheFirstMatch() throws {
        let (b, all) = try board(comments: 30)
        defer { b.remove() }
        let log = b.store.auditLog("UC-0001")
        for chunk in [1, 9, 64, 100_000] {
            let upTo = try BoardStore.eventsForwards(log, chunk: chunk) { $0.details.comment?.hasPrefix("note 12 ") == true }
            #expect(upTo == Array(all.prefix(13)), "chunk \(chunk)")
            #expect(try BoardStore.eventsForwards(log, chunk: chunk) { _ in false } == all)
        }
        // Spoil a late line: reading the start never reaches it.
        var lines = String(decoding: try b.read("audit/UC-0001.jsonl"), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        lines[25] = "{not json"
        try b.write("audit/UC-0001.jsonl", lines.joined(separator: "\n"))
        #expect(try b.store.events(for: "UC-0001") { $0.seq == 3 }.count == 3)
        #expect(throws: (any Error).self) { try b.store.events(for: "UC-0001") { _ in false } }
    }

    @Test func tornLastLineIsSkipped() throws {
        let (b, all) = try board(comments: 5)
        defer { b.remove() }
        try b.writeBytes("audit/UC-0001.jsonl", try b.read("audit/UC-0001.jsonl") + Array("{\"seq\":7,\"at\":".utf8))
        #expect(try b.store.events(for: "UC-0001", since: .distantPast) == all)
        for chunk in [1, 5, 100] {
            #expect(try BoardStore.eventsBackwards(b.store.auditLog("UC-0001"), since: .distantPast, chunk: chunk) == all)
        }
    }

    @Test func latestStandupOnTheBoardLog() throws {
        let b = try TestBoard()
        defer { b.remove() }
        #expect(try b.store.latestBoardEvent(.standup, notAfter: TestBoard.t0) == nil)
        for h in [1.0, 2, 3] {
            _ = try b.store.appendBoardEvent(.standup, details: EventDetails(), actor: "alex", osUser: "tester",
                                         now: TestBoard.t0.addingTimeInterval(h * 3600))
        }
        let latest = try b.store.latestBoardEvent(.standup, notAfter: TestBoard.t0.addingTimeInterval(10 * 3600))
        #expect(latest?.at == TestBoard.t0.addingTimeInterval(3 * 3600))
        let earlier = try b.store.latestBoardEvent(.standup, notAfter: TestBoard.t0.addingTimeInterval(2.5 * 3600))
        #expect(earlier?.at == TestBoard.t0.addingTimeInterval(2 * 3600))
        let all = try b.store.boardEvents()
        #expect(Standup.defaultSince(boardEvents: latest.map { [$0] } ?? [], now: TestBoard.t0.addingTimeInterval(10 * 3600))
                == Standup.defaultSince(boardEvents: all, now: TestBoard.t0.addingTimeInterval(10 * 3600)))
    }
}
