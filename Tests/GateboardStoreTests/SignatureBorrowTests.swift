import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// Signed decisions: an approval counts only when the signed line that records it says all it
/// carries. Since delegation an approval also carries whom it was given for and under which
/// delegation; an unsigned copy of a genuine signed approval that adds a 'for' must not borrow
/// the genuine line's signature (it would count as the delegator's approval, given by nobody).
@Suite struct SignatureBorrowTests {
    @Test func anUnsignedCopyClaimingADelegationDoesNotBorrowTheSignature() throws {
        let b = try SignedDecisionsTests.board()
        defer { b.remove() }
        b.store.signer = SignedDecisionsTests.rio
        let uc = try b.store.recordedUseCase("UC-0001")
        try b.record("UC-0001", .approve, EventDetails(role: "risk_reviewer", digest: uc.materialDigest, basis: uc.materialBasis), by: "rio")
        var events = try SignedDecisionsTests.log(b)
        // The forged copy goes before the genuine line (same time), so the genuine one is the
        // last line that looks like it.
        var forged = events[1]
        forged.id = "forged"
        forged.signature = nil
        (forged.details.onBehalfOf, forged.details.delegation) = ("kim", "made-up")
        events.insert(forged, at: 1)
        try IntegrityTests.writeConsistent(b, events)
        let events2 = try SignedDecisionsTests.log(b)
        var state = try #require(try UseCase.replaySteps(events2).last)
        SignatureCheck.mark(&state, events: events2, policy: try b.store.loadPolicy())
        let claimed = try #require(state.approvals.first { $0.onBehalfOf == "kim" })
        #expect(!claimed.signature.counts, "the unsigned claim borrowed the genuine line's signature")
        #expect(state.approvals.first { $0.onBehalfOf == nil }?.signature.counts == true)
    }
}
