import Foundation
import GateboardCore
@testable import GateboardStore
@testable import GateboardSync
import Testing

/// Issue 16: a signed event stays verifiable after sync merges two clones that both signed,
/// renumbering and re-chaining their logs (the payload holds no seq, prev, state or use case id).
@Suite struct SignedSyncTests {
    static let olga = InProcessSigner.random()
    static let ana = InProcessSigner.random()

    @Test func signedDecisionsSurviveAMergeThatRenumbersAndRechains() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        let people = GitSandbox.people
            .replacingOccurrences(of: "roles: [ops_owner, stop_ship]}", with: "roles: [ops_owner, stop_ship], keys: [\"\(Self.olga.publicKey.text)\"]}")
            .replacingOccurrences(of: "roles: [business_owner], login: ana}", with: "roles: [business_owner], login: ana, keys: [\"\(Self.ana.publicKey.text)\"]}")
        try DefaultPolicyText.policyYAML(name: "Sync test board", people: people, signing: .decisions)
            .write(to: a.board.appendingPathComponent("gateboard.yaml"), atomically: true, encoding: .utf8)
        func act(_ c: Clone, _ action: Action, _ id: UseCaseID?, as actor: PersonID, _ signer: InProcessSigner?, at time: String) throws -> UseCaseID {
            let store = c.store
            store.signer = signer
            return try store.perform(action, on: id, actor: actor, osUser: actor, now: Clone.at(time)).useCase.id
        }
        let create = Action.create(title: "Shared", tier: "medium", problem: "p", metric: "m")
        let uc1 = try act(a, create, nil, as: "ana", nil, at: "2026-10-01T08:00:00Z")
        _ = try a.sync(push: true)
        let b = try sandbox.clone("b")
        // Both clones sign decisions on UC-0001 and each creates (and signs on) its own UC-0002.
        _ = try act(a, .halt(reason: "from a"), uc1, as: "olga", Self.olga, at: "2026-10-02T09:00:00Z")
        _ = try act(b, .assign(role: "business_owner", person: "ana"), uc1, as: "ana", Self.ana, at: "2026-10-02T09:30:00Z")
        let ucA = try act(a, create, nil, as: "ana", nil, at: "2026-10-02T10:00:00Z")
        _ = try act(a, .halt(reason: "a's own"), ucA, as: "olga", Self.olga, at: "2026-10-02T10:01:00Z")
        let ucB = try act(b, create, nil, as: "ana", nil, at: "2026-10-02T10:30:00Z")
        _ = try act(b, .halt(reason: "b's own"), ucB, as: "olga", Self.olga, at: "2026-10-02T10:31:00Z")
        #expect(ucA == ucB, "both clones took the same next id")
        _ = try a.sync(push: true)
        _ = try b.sync(push: true)
        _ = try a.sync(push: false)

        for clone in [a, b] {
            let report = try clone.store.verify()
            #expect(report.ok, "\(report.problems)")
            let policy = try clone.store.loadPolicy()
            var signed = 0
            for id in ["UC-0001", "UC-0002", "UC-0003"] {
                let events = try clone.store.events(for: id)
                let check = SignatureCheck.check(events, policy: policy, display: id)
                #expect(check.problems.isEmpty, "\(check.problems)")
                signed += check.verdicts.filter { if case .signed = $0 { true } else { false } }.count
            }
            // Two decisions on UC-0001 (one from each clone), one on each of the other two.
            #expect(signed == 4)
        }
        // The renumbered use case's halt is b's, still b's signature, in a log now named UC-0003.
        let moved = try b.store.events(for: "UC-0003")
        #expect(moved.contains { $0.details.reason == "b's own" && $0.signature != nil })
    }
}
