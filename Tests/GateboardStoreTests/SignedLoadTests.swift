import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// Issue 16 on the board load (`load()`: the TUI, its live reload, `inbox`, `triage`…): a
/// decision counts there exactly when `check` counts it. Each attack is judged by the load as
/// `recordedUseCase` (what `check` reads) judges it, and does not count.
@Suite struct SignedLoadTests {
    typealias Signed = SignedDecisionsTests

    static let late = TestBoard.t0.addingTimeInterval(600)

    /// The load's marks and `check`'s, for UC-0001's approvals, and the words the gate gives
    /// each void approval (`ApprovalCount.voidMessage`).
    static func marks(_ b: TestBoard) throws -> (load: [Bool], check: [Bool], words: [String]) {
        let board = try b.store.load()
        let loaded = try #require(board.useCase("UC-0001"))
        let recorded = try b.store.recordedUseCase("UC-0001")
        let words = ApprovalCount.standings(loaded, policy: board.policy, now: late).filter(\.void)
            .map { ApprovalCount.voidMessage($0, policy: board.policy) }
        return (loaded.approvals.map(\.signature.counts), recorded.approvals.map(\.signature.counts), words)
    }

    /// The load's marks alone (for a board whose log `check` refuses outright).
    static func loaded(_ b: TestBoard) throws -> [Bool] {
        try #require(b.store.load().useCase("UC-0001")).approvals.map(\.signature.counts)
    }

    /// rio's approval of UC-0001, signed with rio's key.
    static func rioApproves(_ b: TestBoard) throws {
        b.store.signer = Signed.rio
        let uc = try b.store.recordedUseCase("UC-0001")
        try b.record("UC-0001", .approve, EventDetails(role: "risk_reviewer", digest: uc.materialDigest, basis: uc.materialBasis), by: "rio")
    }

    static func text(_ b: TestBoard, _ path: String) throws -> String { String(decoding: try b.read(path), as: UTF8.self) }

    /// rio's signed approval, and an unsigned one claiming sam appended with a consistent chain
    /// and a matching file: the load counts rio's and not sam's, from the cache too.
    @Test func theLoadCountsWhatCheckCounts() throws {
        let b = try Signed.board()
        defer { b.remove() }
        try Signed.forgeApproval(b)
        b.store.cacheClockOffsetNs = 10_000_000_000     // every file counts as old enough to cache
        var m = try Self.marks(b)
        #expect(m.load == [true, false] && m.check == m.load)
        #expect(m.words.contains("approval by Sam Example not counted: no valid signature"), "\(m.words)")
        // Again, the use case and its marks from the cache (no log read: the same answer).
        m = try Self.marks(b)
        #expect(b.store.lastLoad.cached == 1)
        #expect(m.load == [true, false])
        // Signing switched off in the policy: both count again (the marks were the policy's).
        let text = try Self.text(b, "gateboard.yaml")
        try b.write("gateboard.yaml", text.replacingOccurrences(of: "signing: decisions", with: "signing: off"))
        #expect(try Self.marks(b).load == [true, true])
    }

    /// The log alone changed under a cached use case (its file untouched): rio's approval now
    /// carries kim's signature over the same bytes (same length, so the same size). The marks
    /// are judged again from the log, never taken from the cache.
    @Test func aLogChangedUnderTheCacheIsJudgedAgain() throws {
        let b = try Signed.board()
        defer { b.remove() }
        try Self.rioApproves(b)
        b.store.cacheClockOffsetNs = 10_000_000_000
        #expect(try Self.loaded(b) == [true])
        #expect(try Self.loaded(b) == [true] && b.store.lastLoad.cached == 1)
        let events = try Signed.log(b)
        let genuine = try #require(events[1].signature)
        let kims = Data(Signed.kim.sshsig(SignedPayload.bytes(events[1], origin: events[0].id))).base64EncodedString()
        #expect(kims.count == genuine.count)
        let log = try Self.text(b, "audit/UC-0001.jsonl")
        try b.write("audit/UC-0001.jsonl", log.replacingOccurrences(of: genuine, with: kims))
        // (`check` refuses this board outright: the file's anchor no longer names the line.)
        #expect(try Self.loaded(b) == [false], "the cached marks were trusted over a changed log")
        #expect(b.store.lastLoad.cached == 1)
    }

    /// The attacks of a collaborator with write access, each made consistent (chain and file):
    /// a signature valid on another use case's event copied here; a signature by a key whose
    /// `validUntil` had passed; an approval made before signing was switched on, moved after
    /// the switch. None counts, on the load as in `check`.
    @Test(arguments: ["copied from another use case", "revoked key", "moved after the boundary"])
    func attacksDoNotCountOnTheLoad(attack: String) throws {
        let b = try Signed.board(signing: attack == "moved after the boundary" ? .off : .decisions)
        defer { b.remove() }
        b.store.signer = Signed.rio
        var events = try Signed.log(b)
        switch attack {
        case "copied from another use case":
            // rio approves UC-0002 (signed, valid there); the line is copied into UC-0001's log.
            _ = try b.create(title: "Another")
            let other = try b.store.recordedUseCase("UC-0002")
            try b.record("UC-0002", .approve, EventDetails(role: "risk_reviewer", digest: other.materialDigest, basis: other.materialBasis), by: "rio")
            let theirs = try AuditChain.decode(b.read("audit/UC-0002.jsonl"), display: "UC-0002")
            #expect(SignatureCheck.verdict(theirs[1], origin: theirs[0].id, policy: try b.store.loadPolicy()).counts)
            var copied = theirs[1]
            copied.useCase = "UC-0001"
            events.append(copied)
        case "revoked key":
            // rio's key ended the day before the approval's date.
            let end = Day(containing: TestBoard.t0.addingTimeInterval(-86_400))
            let people = Signed.people().replacingOccurrences(of: "keys: [\"\(Signed.rio.publicKey.text)\"]",
                                                              with: "keys: [{key: \"\(Signed.rio.publicKey.text)\", validUntil: \(end)}]")
            let uc = try b.store.recordedUseCase("UC-0001")
            var approve = AuditEvent(seq: 2, id: "revoked", at: TestBoard.t0, actor: "rio", osUser: "t", action: .approve, useCase: "UC-0001",
                                     details: EventDetails(role: "risk_reviewer", digest: uc.materialDigest, basis: uc.materialBasis))
            approve.signature = Data(Signed.rio.sshsig(SignedPayload.bytes(approve, origin: events[0].id))).base64EncodedString()
            events.append(approve)
            try b.write("gateboard.yaml", DefaultPolicyText.policyYAML(name: "Signed", people: people, signing: .decisions))
        default:
            // An unsigned approval before `signing on` (kim's switch) keeps its meaning there…
            try Self.rioApproves(b)
            b.store.signer = Signed.kim
            _ = try b.store.switchSigningOn(.decisions, actor: "kim", osUser: "t", now: TestBoard.t0.addingTimeInterval(60))
            #expect(try Self.marks(b).load == [true])
            // …moved after the switch (dated after it, the chain rebuilt), it is an unsigned decision.
            events = try Signed.log(b)
            var moved = events.remove(at: 1)
            moved.at = TestBoard.t0.addingTimeInterval(120)
            events.append(moved)
        }
        try IntegrityTests.writeConsistent(b, events)
        let m = try Self.marks(b)
        #expect(m.load == [false] && m.check == [false], "\(attack): load \(m.load), check \(m.check)")
        #expect(m.words.contains { $0.hasPrefix("approval by Rio Example not counted: no valid signature") }, "\(m.words)")
    }

    /// An approval claiming a delegation nobody gave (signing off): `check` does not count it,
    /// and neither does the load (the TUI, `list`), from the cache too.
    @Test func aClaimedDelegationNobodyGaveDoesNotCountOnTheLoad() throws {
        let b = try TestBoard()
        defer { b.remove() }
        let (uc, _) = try DelegationStoreTests.claimedDelegation(b)
        b.store.cacheClockOffsetNs = 10_000_000_000
        #expect(try b.store.recordedUseCase(uc.id).approvals.map(\.signature.counts) == [false])
        #expect(try Self.loaded(b) == [false])
        #expect(try Self.loaded(b) == [false] && b.store.lastLoad.cached == 1)
    }
}
