import Foundation
import Testing

/// Issue 19: a delegate attests for the delegator named on the use case, through the real
/// binary: recorded "for Rita Lindqvist", written to the use case file and read back (the
/// gate's counting is `DelegatedDecisionsTests`'), and `verify` holds; the same delegate may not attest once the delegation is
/// cancelled.
@Suite struct DelegatedAttestationTests {
    @Test func theDelegateAttestsForTheNamedRiskReviewer() throws {
        let b = try FixtureBoard()
        let w = try Walkthrough(board: b)
        try w.toSpecification()
        try w.toImplementation()                                 // Rita named risk reviewer
        // Pat, a risk reviewer but not the one named, may not attest Rita's control yet.
        let before = try b.run(["attest", w.id, "human-oversight"], as: "pat", now: "2026-10-23T08:00:00Z")
        #expect(before.status == 1 && before.stderr.contains("only Rita Lindqvist"), "\(before)")
        try b.act(["delegate", "--to", "pat", "--until", "2026-11-05"], as: "rita", now: "2026-10-23T08:30:00Z")
        let ok = try b.run(["attest", w.id, "human-oversight", "--note", "override screens reviewed"], as: "pat", now: "2026-10-23T09:00:00Z")
        #expect(ok.status == 0, "\(ok)")
        let file = try String(contentsOf: b.url("usecases/\(w.id).yaml"), encoding: .utf8)
        #expect(file.contains("for: rita"), "\(file)")
        let log = try b.run(["log", w.id]).stdout
        #expect(log.contains("attested human-oversight for Rita Lindqvist (delegation from 2026-10-23)"), "\(log)")
        let show = try b.run(["show", w.id, "--json"], now: "2026-10-23T09:30:00Z").object()
        let attestation = ((show["controls"] as? [String: Any])?["human-oversight"] as? [String: Any])?["attestations"] as? [[String: Any]]
        #expect(attestation?.first?["by"] as? String == "pat" && attestation?.first?["for"] as? String == "rita", "\(show)")
        #expect(try b.run(["verify"]).status == 0)
        // Cancelled: a second attestation for Rita is refused.
        try b.act(["delegate", "--cancel"], as: "rita", now: "2026-10-23T10:00:00Z")
        let after = try b.run(["attest", w.id, "human-oversight"], as: "pat", now: "2026-10-23T10:30:00Z")
        #expect(after.status == 1, "\(after)")
    }
}
