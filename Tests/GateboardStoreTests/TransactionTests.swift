import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

@Suite struct TransactionTests {
    @Test func initLoadsAnEmptyBoardWithTheDefaultPolicy() throws {
        let b = try TestBoard(name: "Northwind")
        defer { b.remove() }
        let board = try b.store.load()
        #expect(board.policy.name == "Northwind")
        #expect(board.policy.stages.count == 7)
        #expect(board.useCases.isEmpty)
        #expect(throws: StoreError.self) { _ = try BoardStore.initialize(at: b.root, name: "again") }
        let ignore = String(decoding: try b.read(".gitignore"), as: UTF8.self)
        #expect(ignore.contains(".gateboard.lock"))
    }

    @Test func createAllocatesIdsAndWritesLogThenFile() throws {
        let b = try TestBoard()
        defer { b.remove() }
        let one = try b.create()
        let two = try b.create(title: "Second")
        #expect(one.id == "UC-0001")
        #expect(two.id == "UC-0002")
        let loaded = try b.store.load()
        #expect(loaded.useCases.map(\.id) == ["UC-0001", "UC-0002"])
        #expect(loaded.useCases[0] == one)
        let events = try b.store.events(for: "UC-0001")
        #expect(events.count == 1)
        #expect(events[0].prev == SHA256Hex.zero)
        let replayed = try UseCase.replayedForTest(events)
        #expect(events[0].state == SHA256Hex.of(bytes: Array(UseCaseEmitter.body(replayed).utf8)))
        let logBytes = try b.read("audit/UC-0001.jsonl")
        #expect(one.audit.seq == 1 && one.audit.bytes == logBytes.count)
    }

    @Test func eventsChainAndRecentEventsReadsTheTail() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.create()
        for i in 0..<30 {
            try b.record("UC-0001", .comment, EventDetails(comment: "note \(i)"))
        }
        try b.record("uc-0001", .assign, EventDetails(role: "business_owner", person: "alex"))
        let all = try b.store.events(for: "UC-0001")
        #expect(all.count == 32)
        #expect(all.map(\.seq) == Array(1...32))
        for i in 1..<all.count {
            let lines = String(decoding: try b.read("audit/UC-0001.jsonl"), as: UTF8.self).split(separator: "\n")
            #expect(all[i].prev == SHA256Hex.of(bytes: Array(lines[i - 1].utf8)))
        }
        let recent = try b.store.recentEvents(for: "UC-0001", count: 3)
        #expect(recent == Array(all.suffix(3)))
        #expect(try b.store.recentEvents(for: "UC-0001", count: 100) == all)
        #expect(try b.store.useCase("UC-0001").owners["business_owner"] == "alex")
    }

    @Test func unknownUseCaseIsNotFound() throws {
        let b = try TestBoard()
        defer { b.remove() }
        #expect(throws: StoreError.notFound("UC-0042")) {
            try b.record("UC-0042", .comment, EventDetails(comment: "x"))
        }
        #expect(throws: StoreError.self) {
            try b.record("../etc/passwd", .comment, EventDetails(comment: "x"))
        }
    }
}

extension UseCase {
    static func replayedForTest(_ events: [AuditEvent]) throws -> UseCase { try UseCase.replay(events) }
}
