import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// `perform` end to end with the real decider.
@Suite struct PerformTests {
    @Test func aUseCaseWalksThroughRealDecisions() throws {
        let b = try TestBoard()
        defer { b.remove() }
        let now = TestBoard.t0
        let s = b.store
        let created = try s.perform(.create(title: "Fraud alert summarisation", tier: "medium", problem: "Analysts read 40 alerts an hour",
                                            metric: "Triage time halved"), on: nil, actor: "alex", osUser: "alex", now: now)
        #expect(created.useCase.id == "UC-0001")
        #expect(created.event.action == .create)
        try s.perform(.assign(role: "business_owner", person: "alex"), on: "UC-0001", actor: "alex", osUser: "alex", now: now)
        try s.perform(.assign(role: "technical_owner", person: "sam"), on: "UC-0001", actor: "alex", osUser: "alex", now: now)
        let advanced = try s.perform(.advance(comment: "scoped"), on: "UC-0001", actor: "alex", osUser: "alex", now: now)
        #expect(advanced.useCase.stage == "specification")
        // A refusal changes nothing.
        let logBefore = try b.read("audit/UC-0001.jsonl")
        #expect(throws: Refusal.self) {
            try s.perform(.assign(role: "risk_reviewer", person: "nobody"), on: "UC-0001", actor: "alex", osUser: "alex", now: now)
        }
        #expect(try b.read("audit/UC-0001.jsonl") == logBefore)
        #expect(try s.verify().ok)
        #expect(try s.load().useCases[0] == advanced.useCase)
        let replayed = try UseCase.replay(try s.events(for: "UC-0001"))
        var file = advanced.useCase
        file.audit = AuditAnchor()
        #expect(replayed == file)
    }

    @Test func boardEventsChainAndReadBack() throws {
        let b = try TestBoard()
        defer { b.remove() }
        for i in 0..<5 {
            try b.store.appendBoardEvent(.standup, details: EventDetails(summary: "stand-up \(i)"), actor: "alex", osUser: "alex",
                                         now: TestBoard.t0.addingTimeInterval(Double(i) * 86_400))
        }
        let all = try b.store.boardEvents()
        #expect(all.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(try b.store.boardEvents(count: 2) == Array(all.suffix(2)))
        #expect(try b.store.verify().ok)
    }

    @Test func discoverFindsTheNearestBoardOrSaysHowToMakeOne() throws {
        let b = try TestBoard()
        defer { b.remove() }
        let deep = b.root.appendingPathComponent("usecases/sub")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        #expect(try BoardStore.discover(explicit: nil, environment: [:], cwd: deep.path).root.path == b.root.path)
        #expect(try BoardStore.discover(explicit: b.root.path, environment: [:], cwd: "/").root.path == b.root.path)
        #expect(try BoardStore.discover(explicit: nil, environment: ["GATEBOARD_BOARD": b.root.path], cwd: "/").root.path == b.root.path)
        do {
            _ = try BoardStore.discover(explicit: nil, environment: [:], cwd: "/proc")
            Issue.record("found a board in /proc")
        } catch let StoreError.noBoard(message) {
            #expect(message.contains("gateboard init DIR"))
            #expect(message.contains("--board DIR"))
            #expect(message.contains("GATEBOARD_BOARD"))
        }
        #expect(throws: StoreError.self) { _ = try BoardStore.discover(explicit: "/nonexistent", environment: [:], cwd: "/") }
    }
}
