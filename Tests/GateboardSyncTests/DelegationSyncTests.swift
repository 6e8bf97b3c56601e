import Foundation
import GateboardCore
import GateboardStore
import Testing

/// Delegations recorded apart in two clones that overlap: the sync keeps both board events in
/// the deterministic merge order, the later one is void on every clone, and a decision made
/// under it does not count (a note in verify, not a problem).
@Suite(.serialized) struct DelegationSyncTests {
    @Test func overlappingDelegationsFromTwoClonesResolveTheSameEverywhere() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        let id = try a.create("KYC", at: "2026-10-01T08:00:00Z")
        try a.toImplementation(id, day: "2026-10-02")
        try a.toCheckpoint(id, day: "2026-10-03")
        _ = try a.sync(push: true)
        let b = try sandbox.clone("b")
        // B: Rita delegates to Pat first (07:00); A, not knowing, records an overlapping one (08:00)
        // and Pat approves under it there.
        let early = try b.store.delegate(to: "pat", role: nil, start: Day("2026-10-06")!, until: Day("2026-10-20")!,
                                         actor: "rita", osUser: "rita", now: Clone.at("2026-10-06T07:00:00Z"))
        let late = try a.store.delegate(to: "pat", role: nil, start: Day("2026-10-06")!, until: Day("2026-10-10")!,
                                        actor: "rita", osUser: "rita", now: Clone.at("2026-10-06T08:00:00Z"))
        let approved = try a.act(.approve(comment: nil), on: id, as: "pat", at: "2026-10-06T09:00:00Z")
        #expect(approved.event.details.delegation == late.event.id)
        _ = try a.sync(push: true)
        _ = try b.sync(push: true)
        _ = try a.sync(push: false)
        #expect(try a.snapshot() == b.snapshot())
        for clone in [a, b] {
            let book = try clone.store.loadPolicy().delegations
            #expect(book.all.map(\.id) == [early.event.id, late.event.id])
            #expect(book.all[0].void == nil)
            #expect(book.all[1].void?.contains("already delegates") == true)
            // Pat's approval named the void delegation: it does not count.
            let uc = try clone.store.recordedUseCase(id)
            #expect(uc.approvals.first { $0.person == "pat" }?.signature.counts == false)
            let report = try clone.store.verify()
            #expect(report.ok, "\(report.problems)")
            #expect(report.notes.contains { $0.contains("made under a delegation a sync found void") })
        }
        // Pat may approve again under the delegation that stands.
        let again = try b.act(.approve(comment: "again"), on: id, as: "pat", at: "2026-10-07T09:00:00Z")
        #expect(again.event.details.delegation == early.event.id)
    }
}
