import Foundation
import GateboardCore
@testable import GateboardStore
@testable import GateboardSync
import Testing

/// Two clones open incidents on the same live use case, each numbering its own `#I1`, and
/// `gateboard sync` merges them through a bare remote: both incidents stand, numbered 1 and 2
/// in the merged order (by time), the clones converge, the board verifies, and each clone's
/// later acts stay with its own incident. Before later incident events carried `openedAt`,
/// b's acknowledgement and resolution of its `#I1` landed on a's incident after the merge.
@Suite(.serialized) struct IncidentSyncTests {
    func incident(_ uc: UseCase, _ summary: String) throws -> Incident {
        try #require(uc.incidents.first { $0.summary == summary })
    }

    @Test func incidentsOpenedInTwoClonesBothStandAfterSync() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        let id = try a.create("Invoice matching", at: "2026-10-01T08:00:00Z")
        try a.act(.assign(role: "ops_owner", person: "olga"), on: id, as: "ana", at: "2026-10-01T08:10:00Z")
        // Straight to production through the transaction: the gates are not what is tested.
        _ = try a.store.transact(on: id, actor: "ana", osUser: "ana", now: Clone.at("2026-10-01T09:00:00Z")) { _, _ in
            (.advance, EventDetails(from: "scoped", to: "production"))
        }
        _ = try a.sync(push: true)
        let b = try sandbox.clone("b")
        try a.act(.incident(.open(severity: 2, summary: "from a", serious: nil, halt: false, owner: nil)), on: id, as: "olga", at: "2026-10-02T08:00:00Z")
        _ = try a.sync(push: true)
        try b.act(.incident(.open(severity: 3, summary: "from b", serious: nil, halt: false, owner: nil)), on: id, as: "olga", at: "2026-10-02T09:00:00Z")
        #expect(try b.store.load().useCase(id)?.incidents.map(\.number) == [1])   // b's own #I1 before the merge
        try b.act(.incident(.ack(number: 1, note: nil)), on: id, as: "olga", at: "2026-10-02T09:30:00Z")
        try b.act(.incident(.resolve(number: 1, rootCause: "b's cause", action: "b's fix", change: nil)), on: id, as: "olga", at: "2026-10-02T10:00:00Z")
        _ = try b.sync(push: true)
        _ = try a.sync(push: false)
        #expect(try a.snapshot() == b.snapshot())
        for clone in [a, b] {
            let uc = try #require(try clone.store.load().useCase(id))
            #expect(uc.incidents.count == 2)
            #expect(Set(uc.incidents.map(\.number)) == [1, 2])
            #expect(try clone.store.verify().ok)
            // b's acknowledgement and resolution belong to b's incident, whatever its number now.
            let fromA = try incident(uc, "from a"), fromB = try incident(uc, "from b")
            #expect(fromB.rootCause == "b's cause" && fromB.ackedAt != nil, "\(fromB)")
            #expect(fromA.rootCause == nil && fromA.ackedAt == nil && fromA.isOpen, "\(fromA)")
        }
    }
}
