import Foundation
import Testing
@testable import GateboardCore

/// Issue 17: content ids in the material basis, drift observed on read, void reasons in words,
/// and only well-formed companion entries accepted by an edit.
@Suite struct ContentBindingCoreTests {
    static let blobA = "3f2a1c9d0e5b7a8c4d2e1f0a9b8c7d6e5f4a3b2c"
    static let blobB = "9b0d4e1a2b3c4d5e6f708192a3b4c5d6e7f80912"

    @Test func anOldUseCaseKeepsItsBasisAndDigest() {
        let uc = Fx.useCase(stage: "checkpoint", artifacts: ["prompt": "prompts/prefill.md@v7"])
        #expect(uc.materialBasis == ["prompt": "prompts/prefill.md@v7", "tier": "medium"])
        #expect(uc.observing([:]) == uc)
        #expect(uc.contentChecks(current: [:]).map(\.state) == [.external])
    }

    @Test func contentIsInTheDigestAndDriftVoidsInWords() {
        var uc = Fx.useCase(stage: "checkpoint", artifacts: ["prompt": "prompts/prefill.md@v7", "prompt#blob": Self.blobA])
        #expect(uc.materialDigest != uc.observing(["prompt#blob": Self.blobB]).materialDigest)
        #expect(MaterialDigest.encoding(uc.materialBasis).count > MaterialDigest.encoding(["prompt": "prompts/prefill.md@v7", "tier": "medium"]).count)
        uc.approvals = [Fx.approval("omar", "risk_reviewer", on: uc)]
        #expect(uc.approvals[0].basis["prompt#blob"] == Self.blobA)
        let withOther = uc.observing(["prompt#blob": Self.blobB])
        let same = ApprovalCount.standings(uc.observing(["prompt#blob": Self.blobA]), policy: Fx.policy, now: Fx.now)
        #expect(same.map(\.void) == [false])
        let drifted = ApprovalCount.standings(withOther, policy: Fx.policy, now: Fx.now)
        #expect(drifted.map(\.void) == [true])
        #expect(drifted[0].reason == "prompts/prefill.md changed since approval (blob 3f2a1c9 → 9b0d4e1)")
        let gone = ApprovalCount.standings(uc.observing(["prompt#blob": ContentBinding.missing]), policy: Fx.policy, now: Fx.now)
        #expect(gone[0].reason == "prompts/prefill.md is missing (blob 3f2a1c9 at approval)")
        #expect(uc.contentChecks(current: ["prompt#blob": Self.blobB]).map(\.problem)
                == ["prompts/prefill.md changed since it was recorded (blob 3f2a1c9 → 9b0d4e1)"])
        // A reference edit that also records new content is told once, as a reference change.
        var edited = uc
        edited.artifacts = ["prompt": "prompts/prefill.md@v8", "prompt#blob": Self.blobB]
        #expect(ContentBinding.voidReason(from: uc.approvals[0].basis, to: edited.materialBasis) == "prompt changed after approval")
    }

    @Test func anEditAcceptsOnlyWellFormedCompanionEntries() throws {
        let uc = Fx.useCase(stage: "implementation", owners: Fx.fullOwners)
        let actor = Fx.fullOwners["technical_owner"]!
        func edit(_ a: [String: String]) throws(Refusal) {
            _ = try ActionDecider.decide(.edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: a),
                                         on: uc, actor: actor, policy: Fx.policy, now: Fx.now)
        }
        try edit(["prompt": "p.md", "prompt#blob": Self.blobA])
        try edit(["prompt": "p.md", "prompt#blob": "tree:" + Self.blobA])
        for bad in [["pro#mpt": "p.md"], ["prompt#blob": "not-an-id"], ["#blob": Self.blobA], ["a#b#blob": Self.blobA],
                    ["prompt#blob": Self.blobA.uppercased()]] {
            #expect(throws: Refusal.self, "\(bad)") { try edit(bad) }
        }
    }
}
