import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// Issue 19 with signed decisions: a tier override is a decision, so one appended to the log
/// without the risk reviewer's key accepts nothing, and `verify` names it.
@Suite struct ScreeningSignedTests {
    static let credit: [String: String] = ["annex_iii": "credit", "personal_data": "no", "customer_facing": "no",
                                           "automated_decision": "no", "vendor_model": "no"]

    /// UC-0001 (tier high by default; made low here) screened as an Annex III credit use: proposes high.
    static func board() throws -> TestBoard {
        let b = try SignedDecisionsTests.board()
        var edit = EventDetails()
        edit.tier = "low"
        try b.record("UC-0001", .edit, edit)
        var screen = EventDetails()
        screen.answers = Self.credit
        try b.record("UC-0001", .screen, screen)
        return b
    }

    @Test func aSignedOverrideAcceptsTheLowerTier() throws {
        let b = try Self.board()
        defer { b.remove() }
        let policy = try b.store.loadPolicy()
        #expect(policy.tierShortfall(try b.store.recordedUseCase("UC-0001"))?.open == true)
        b.store.signer = SignedDecisionsTests.rio
        _ = try b.store.perform(.tierOverride(reason: "pilot"), on: "UC-0001", actor: "rio", osUser: "t", now: TestBoard.t0)
        let events = try SignedDecisionsTests.log(b)
        #expect(events.last?.action == .tierOverride)
        #expect(events.last?.signature != nil)
        #expect(policy.tierShortfall(try b.store.recordedUseCase("UC-0001"))?.open == false)
        #expect(try b.store.verify().ok)
    }

    @Test func anUnsignedOverrideAcceptsNothing() throws {
        let b = try Self.board()
        defer { b.remove() }
        var details = EventDetails(reason: "pilot")
        details.tier = "low"
        details.proposed = "high"
        // Without the key: the action itself is refused…
        b.store.signer = nil
        #expect(throws: Refusal.self) {
            try b.store.perform(.tierOverride(reason: "pilot"), on: "UC-0001", actor: "rio", osUser: "t", now: TestBoard.t0)
        }
        // …and a line forged into a consistent chain does not count.
        var events = try SignedDecisionsTests.log(b)
        var forged = events.last!
        forged.id = "forged"
        forged.seq += 1
        forged.action = .tierOverride
        forged.actor = "rio"
        forged.details = details
        forged.signature = nil
        events.append(forged)
        try IntegrityTests.writeConsistent(b, events)
        let state = try b.store.recordedUseCase("UC-0001")
        #expect(state.tierOverride?.reason == "pilot")
        let policy = try b.store.loadPolicy()
        #expect(policy.tierShortfall(state)?.open == true, "the forged override accepts nothing")
        #expect(GateEngine.evaluate(state, policy: policy, now: TestBoard.t0).blockers.contains { $0.kind == .screening })
        let report = try b.store.verify()
        #expect(report.problems.contains { $0.message.contains("unsigned decision") }, "\(report.problems)")
    }
}
