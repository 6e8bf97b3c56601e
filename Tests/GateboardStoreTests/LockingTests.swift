import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

@Suite struct LockingTests {
    @Test func aHeldLockTimesOutNamingTheHolder() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.create()
        let held = try BoardLock.acquire(root: b.root, timeout: 1, command: "gateboard approve UC-0001")
        b.store.lockTimeout = 0.2
        #expect(throws: StoreError.locked(pid: getpid(), command: "gateboard approve UC-0001")) {
            try b.record("UC-0001", .comment, EventDetails(comment: "x"))
        }
        #expect(StoreError.locked(pid: 42, command: "gateboard tui").description == "board is locked by PID 42 (gateboard tui)")
        held.release()
        try b.record("UC-0001", .comment, EventDetails(comment: "x"))
        #expect(try b.store.events(for: "UC-0001").count == 2)
    }

    @Test func lockTimeoutComesFromTheEnvironment() {
        let store = BoardStore(root: URL(fileURLWithPath: "/tmp/x"), environment: ["GATEBOARD_LOCK_TIMEOUT": "0.5"])
        #expect(store.lockTimeout == 0.5)
        #expect(BoardStore(root: URL(fileURLWithPath: "/tmp/x"), environment: [:]).lockTimeout == 5)
    }

    /// Several writers (separate store objects, so separate open file descriptions for flock)
    /// acting on one use case at once: nothing lost, the chain intact.
    @Test func concurrentWritersLoseNothing() async throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.create()
        let root = b.root
        let writers = 6, each = 8
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<writers {
                group.addTask {
                    let store = BoardStore(root: root, environment: ["GATEBOARD_LOCK_TIMEOUT": "30"])
                    for i in 0..<each {
                        _ = try store.transact(on: "UC-0001", actor: "alex", osUser: "w\(w)", now: TestBoard.t0) { uc, _ in
                            (.comment, EventDetails(comment: "writer \(w) #\(i) after seq \(uc!.audit.seq)"))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let events = try b.store.events(for: "UC-0001")
        #expect(events.count == 1 + writers * each)
        #expect(events.map(\.seq) == Array(1...(1 + writers * each)))
        // Each decision saw the state left by the one before it.
        for e in events.dropFirst() {
            #expect(e.details.comment!.hasSuffix("after seq \(e.seq - 1)"))
        }
        #expect(Set(events.compactMap(\.details.comment)).count == writers * each)
        #expect(try b.store.verify().ok)
    }

    /// Creates racing each other get distinct ids.
    @Test func concurrentCreatesGetDistinctIds() async throws {
        let b = try TestBoard()
        defer { b.remove() }
        let root = b.root
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let store = BoardStore(root: root, environment: ["GATEBOARD_LOCK_TIMEOUT": "30"])
                    return try store.transact(on: nil, actor: "alex", osUser: "t", now: TestBoard.t0) { _, _ in
                        (.create, EventDetails(title: "t", tier: "low", stage: "scoped"))
                    }.useCase.id
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(ids) == Set((1...8).map { String(format: "UC-%04d", $0) }))
        #expect(try b.store.verify().ok)
    }
}
