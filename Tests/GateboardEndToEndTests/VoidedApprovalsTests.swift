import Foundation
import Testing

/// The approvals an action voided come from the store as data (`ActionOutcome.voidedApprovals`)
/// and are told once each, in the engine's words; approvals already void are not told again.
@Suite struct VoidedApprovalsTests {
    @Test func anEditTellsEachApprovalItVoidedOnce() throws {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        try walk.toSpecification()
        try walk.toImplementation()
        try walk.toCheckpoint()
        try board.act(["approve", walk.id], as: "rita", now: "2026-10-23T09:00:00Z")
        try board.act(["approve", walk.id], as: "ana", now: "2026-10-23T10:00:00Z")
        let first = try board.act(["edit", walk.id, "--artifact", "prompt=prompts/kyc.md@v3", "--json"], as: "ben",
                                  now: "2026-10-24T09:00:00Z").object()
        let voided = first["voidedApprovals"] as? [[String: Any]] ?? []
        #expect(Set(voided.compactMap { $0["person"] as? String }) == ["rita", "ana"])
        #expect(voided.allSatisfy { ($0["reason"] as? String)?.contains("prompt") == true }, "\(voided)")
        let notes = first["notes"] as? [String] ?? []
        #expect(notes.filter { $0.hasPrefix("approval by Rita Lindqvist void") }.count == 1, "\(notes)")
        #expect(notes.filter { $0.hasPrefix("approval by Ana Ortiz void") }.count == 1, "\(notes)")
        #expect(!notes.contains { $0.range(of: #"^[0-9]+ approvals? void"#, options: .regularExpression) != nil }, "\(notes)")

        // The approvals are void already: a second change voids nothing and says nothing of them.
        let second = try board.act(["edit", walk.id, "--artifact", "prompt=prompts/kyc.md@v4", "--json"], as: "ben",
                                   now: "2026-10-24T10:00:00Z").object()
        #expect((second["voidedApprovals"] as? [Any])?.isEmpty == true)
        #expect(!((second["notes"] as? [String]) ?? []).contains { $0.contains("void") }, "\(second)")
        let text = try board.act(["edit", walk.id, "--artifact", "prompt=prompts/kyc.md@v5"], as: "ben",
                                 now: "2026-10-24T11:00:00Z")
        #expect(!text.stdout.contains("void"), "\(text.stdout)")
    }
}
