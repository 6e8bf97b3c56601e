import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// Issue 16: with signing on, only the holder of a person's key decides as that person; a
/// decision typed into a file or a log line forged without the key does not count.
@Suite struct SignedDecisionsTests {
    static let kim = InProcessSigner.random()
    static let rio = InProcessSigner.random()
    static let stranger = InProcessSigner.random()

    static func people(kimKey: String = "\"\(kim.publicKey.text) kim@laptop\"") -> String {
        """
          - {id: alex, name: Alex Example, function: product, roles: [business_owner]}
          - {id: sam, name: Sam Example, function: engineering, roles: [technical_owner]}
          - {id: rio, name: Rio Example, function: risk, roles: [risk_reviewer, change_approver], keys: ["\(rio.publicKey.text)"]}
          - {id: kim, name: Kim Example, function: operations, roles: [ops_owner, stop_ship], keys: [\(kimKey)]}
        """
    }

    /// A board whose policy lists kim's and rio's keys, signing as given, UC-0001 created.
    static func board(signing: SigningMode = .decisions, kimKey: String? = nil) throws -> TestBoard {
        let b = try TestBoard()
        let people = kimKey.map { Self.people(kimKey: $0) } ?? Self.people()
        try b.write("gateboard.yaml", DefaultPolicyText.policyYAML(name: "Signed", people: people, signing: signing))
        try b.create()
        return b
    }

    static func log(_ b: TestBoard) throws -> [AuditEvent] {
        try AuditChain.decode(b.read("audit/UC-0001.jsonl"), display: "audit/UC-0001.jsonl")
    }

    // MARK: - Policy

    @Test func keysAndSigningParse() throws {
        let text = DefaultPolicyText.policyYAML(name: "K", people: Self.people(kimKey: """
            {key: "\(Self.kim.publicKey.text)", validFrom: 2026-01-01, validUntil: 2026-06-30}
            """), signing: .all)
        let policy = try PolicyParser.parse(text: text, display: "gateboard.yaml").get()
        #expect(policy.signing == .all)
        let kim = try #require(policy.person("kim"))
        #expect(kim.keys.map(\.key) == [Self.kim.publicKey])
        #expect(kim.keys[0].validUntil == Day("2026-06-30"))
        #expect(policy.keyOwner(Self.rio.publicKey)?.person.id == "rio")
        // A policy that says nothing about signing: off.
        #expect(try PolicyParser.parse(text: DefaultPolicyText.policyYAML(name: "K"), display: "p").get().signing == .off)
        let off = text.replacingOccurrences(of: "signing: all", with: "signing: off")
        #expect(try PolicyParser.parse(text: off, display: "p").get().signing == .off)
    }

    /// Each bad key is a located diagnostic (file:line:col), naming what is wrong.
    @Test(arguments: [
        ("\"ssh-ed25519 AAAA%%%\"", "base64 is malformed"),
        ("\"ssh-ed25519 \(Data(SignedDecisionsTests.kim.publicKey.blob.dropLast(5)).base64EncodedString())\"", "truncated"),
        ("\"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC\"", "is not accepted"),
        ("\"ssh-ed25519\"", "not an OpenSSH public key line"),
        ("\"\(SignedDecisionsTests.rio.publicKey.text)\"", "duplicate key"),
        ("{key: \"\(SignedDecisionsTests.kim.publicKey.text)\", validUntil: 2026-13-01}", "expected a date"),
        ("{key: \"\(SignedDecisionsTests.kim.publicKey.text)\", validFrom: 2026-06-01, validUntil: 2026-01-01}", "before validFrom"),
        ("{key: \"\(SignedDecisionsTests.kim.publicKey.text)\", until: 2026-01-01}", "until"),
    ])
    func badKeysAreLocated(key: String, message: String) throws {
        let text = DefaultPolicyText.policyYAML(name: "K", people: Self.people(kimKey: key), signing: .decisions)
        guard case .failure(let invalid) = PolicyParser.parse(text: text, display: "gateboard.yaml") else {
            Issue.record("accepted \(key)")
            return
        }
        let d = try #require(invalid.diagnostics.first { $0.message.contains(message) }, "\(invalid.diagnostics)")
        let kimLine = text.components(separatedBy: "\n").firstIndex { $0.contains("id: kim") }! + 1
        #expect(d.line == kimLine)
        #expect(d.column != nil)
    }

    @Test func aBadSigningModeIsLocated() throws {
        let text = DefaultPolicyText.policyYAML(name: "K", signing: .decisions).replacingOccurrences(of: "signing: decisions", with: "signing: sometimes")
        guard case .failure(let invalid) = PolicyParser.parse(text: text, display: "gateboard.yaml") else {
            Issue.record("accepted")
            return
        }
        #expect(invalid.diagnostics.contains { $0.message.contains("expected off, decisions or all") && $0.line != nil })
    }

    // MARK: - Signing at action time

    @Test func aDecisionIsSignedByTheActorsKey() throws {
        let b = try Self.board()
        defer { b.remove() }
        b.store.signer = Self.kim
        try b.record("UC-0001", .halt, EventDetails(reason: "Wrong answers"), by: "kim")
        let events = try Self.log(b)
        // The create is not a decision: unsigned, and fine.
        #expect(events[0].signature == nil)
        let halt = events[1]
        #expect(halt.signature != nil)
        let policy = try b.store.loadPolicy()
        #expect(SignatureCheck.verdict(halt, origin: events[0].id, policy: policy) == .signed(fingerprint: Self.kim.publicKey.fingerprint))
        #expect(try b.store.verify().ok)
    }

    /// No signer, another person's key, a key on nobody's entry: refused, and nothing written.
    @Test(arguments: [("none", Refusal.Code.unsigned), ("rio", .signatureMismatch), ("stranger", .unknownKey)])
    func theKeyDecidesWhoActs(signer: String, code: Refusal.Code) throws {
        let b = try Self.board()
        defer { b.remove() }
        b.store.signer = ["rio": Self.rio, "stranger": Self.stranger][signer].map { $0 as any EventSigner }
        let logBefore = try b.read("audit/UC-0001.jsonl"), fileBefore = try b.read("usecases/UC-0001.yaml")
        #expect {
            try b.record("UC-0001", .halt, EventDetails(reason: "Wrong answers"), by: "kim")
        } throws: { ($0 as? Refusal)?.code == code }
        #expect(try b.read("audit/UC-0001.jsonl") == logBefore)
        #expect(try b.read("usecases/UC-0001.yaml") == fileBefore)
    }

    @Test func unsignedTellsTheStepsToFix() throws {
        let b = try Self.board()
        defer { b.remove() }
        do {
            try b.record("UC-0001", .assign, EventDetails(role: "business_owner", person: "alex"), by: "alex")
            Issue.record("not refused")
        } catch let r as Refusal {
            #expect(r.code == .unsigned)
            #expect(r.message.contains("keys:") && r.message.contains("ssh-agent") && r.message.contains("--key"))
        }
    }

    @Test func aRevokedKeyDoesNotSignNow() throws {
        let b = try Self.board(kimKey: "{key: \"\(Self.kim.publicKey.text)\", validUntil: 2026-01-01}")
        defer { b.remove() }
        b.store.signer = Self.kim
        #expect {
            try b.record("UC-0001", .halt, EventDetails(reason: "Wrong answers"), by: "kim")
        } throws: { ($0 as? Refusal)?.code == .unsigned && "\($0)".contains("revoked") }
    }

    /// Signing off: nothing is signed, nothing is asked for.
    @Test func signingOffSignsNothing() throws {
        let b = try Self.board(signing: .off)
        defer { b.remove() }
        try b.record("UC-0001", .halt, EventDetails(reason: "x"), by: "kim")
        #expect(try Self.log(b).allSatisfy { $0.signature == nil })
        #expect(try b.store.verify().ok)
    }

    // MARK: - What counts

    /// rio signs an approval of UC-0001; a forger appends the same line claiming sam, unsigned,
    /// a minute later, the chain and the file made consistent.
    static func forgeApproval(_ b: TestBoard) throws {
        b.store.signer = Self.rio
        let uc = try b.store.recordedUseCase("UC-0001")
        try b.record("UC-0001", .approve, EventDetails(role: "risk_reviewer", digest: uc.materialDigest, basis: uc.materialBasis), by: "rio")
        var events = try Self.log(b)
        var forged = events[1]
        forged.id = "forged"
        forged.actor = "sam"
        forged.signature = nil
        forged.at = forged.at.addingTimeInterval(60)
        events.append(forged)
        try IntegrityTests.writeConsistent(b, events)
    }

    /// An approval appended to the log without the key (a consistent chain, a matching file)
    /// is not counted by the engine, and `verify` names its line.
    @Test func aForgedApprovalDoesNotCount() throws {
        let b = try Self.board()
        defer { b.remove() }
        try Self.forgeApproval(b)
        let state = try b.store.recordedUseCase("UC-0001")
        let policy = try b.store.loadPolicy()
        let standings = ApprovalCount.standings(state, policy: policy, now: TestBoard.t0.addingTimeInterval(120))
        #expect(standings.map(\.void) == [false, true])
        #expect(ApprovalCount.voidMessage(standings[1], policy: policy) == "approval by Sam Example not counted: no valid signature")
        let report = try b.store.verify()
        #expect(report.problems.contains { $0.path.hasSuffix("audit/UC-0001.jsonl") && $0.line == 3 && $0.message.contains("unsigned decision") },
                "\(report.problems)")
    }

    /// A signature over other bytes, in another namespace, truncated, base64 garbage, or copied
    /// onto another event: each is a bad signature, and the decision does not count.
    @Test(arguments: ["other bytes", "namespace", "truncated", "garbage", "copied", "stranger", "other person"])
    func badSignaturesAreRejected(kind: String) throws {
        let b = try Self.board()
        defer { b.remove() }
        b.store.signer = Self.kim
        try b.record("UC-0001", .halt, EventDetails(reason: "Wrong answers"), by: "kim")
        var events = try Self.log(b)
        let origin = events[0].id
        var halt = events[1]
        let blob = [UInt8](Data(base64Encoded: halt.signature!)!)
        switch kind {
        case "other bytes": halt.details.reason = "Fine after all"
        case "namespace": halt.signature = Data(Self.kim.sshsig(SignedPayload.bytes(halt, origin: origin), namespace: "git")).base64EncodedString()
        case "truncated": halt.signature = Data(blob.dropLast(9)).base64EncodedString()
        case "garbage": halt.signature = "U1NIU0lH!!not base64"
        case "copied": halt.id = "another-event"
        case "stranger": halt.signature = Data(Self.stranger.sshsig(SignedPayload.bytes(halt, origin: origin))).base64EncodedString()
        default: halt.signature = Data(Self.rio.sshsig(SignedPayload.bytes(halt, origin: origin))).base64EncodedString()
        }
        events[1] = halt
        try IntegrityTests.writeConsistent(b, events)
        let policy = try b.store.loadPolicy()
        guard case .bad = SignatureCheck.verdict(halt, origin: origin, policy: policy) else {
            Issue.record("\(kind) accepted")
            return
        }
        let report = try b.store.verify()
        #expect(report.problems.contains { $0.line == 2 && $0.message.contains("bad signature") }, "\(report.problems)")
    }

    /// A key given an end after it signed: the earlier decision keeps its meaning; a decision
    /// dated after the end does not count.
    @Test func revocationEndsLaterSignaturesOnly() throws {
        let b = try Self.board()
        defer { b.remove() }
        b.store.signer = Self.kim
        try b.record("UC-0001", .halt, EventDetails(reason: "a"), by: "kim", at: TestBoard.t0)
        try b.record("UC-0001", .resume, EventDetails(reason: "b"), by: "kim", at: TestBoard.t0.addingTimeInterval(3 * 86_400))
        let end = Day(containing: TestBoard.t0.addingTimeInterval(86_400))
        try b.write("gateboard.yaml", DefaultPolicyText.policyYAML(name: "Signed", people: Self.people(kimKey: "{key: \"\(Self.kim.publicKey.text)\", validUntil: \(end)}"), signing: .decisions))
        let report = try b.store.verify()
        #expect(report.problems.count == 1, "\(report.problems)")
        #expect(report.problems.first?.line == 3 && report.problems.first?.message.contains("revoked") == true)
    }

    /// A key removed from the policy after it signed (the documented way is `validUntil`, which
    /// keeps the meaning): deletion is loud, never silent. The decision it signed no longer
    /// counts, `verify` reports its line, and the removal is named since the last verify.
    @Test func aRemovedKeyIsLoudAndAnEndedOneKeepsTheMeaning() throws {
        let b = try Self.board()
        defer { b.remove() }
        _ = b.store.keyChangesSinceLastVerify()
        b.store.signer = Self.kim
        try b.record("UC-0001", .halt, EventDetails(reason: "a"), by: "kim", at: TestBoard.t0)
        #expect(try b.store.verify().problems.isEmpty)
        let noKey = Self.people().replacingOccurrences(of: ", keys: [\"\(Self.kim.publicKey.text) kim@laptop\"]", with: "")
        try b.write("gateboard.yaml", DefaultPolicyText.policyYAML(name: "Signed", people: noKey, signing: .decisions))
        let removed = try b.store.verify()
        #expect(removed.problems.contains { $0.line == 2 && $0.message.contains("no person in the policy lists") }, "\(removed.problems)")
        #expect(b.store.keyChangesSinceLastVerify().contains("key \(Self.kim.publicKey.fingerprint) of kim removed since the last verify in this clone"))
        // Ended instead (validUntil after the halt): the halt keeps its meaning.
        let ended = Self.people(kimKey: "{key: \"\(Self.kim.publicKey.text)\", validUntil: \(Day(containing: TestBoard.t0))}")
        try b.write("gateboard.yaml", DefaultPolicyText.policyYAML(name: "Signed", people: ended, signing: .decisions))
        #expect(try b.store.verify().problems.isEmpty)
        let events = try Self.log(b)
        #expect(SignatureCheck.verdict(events[1], origin: events[0].id, policy: try b.store.loadPolicy()).counts)
    }

    /// The payload leaves out what a merge rewrites: seq, prev, state and the use case id.
    @Test func thePayloadSurvivesRenumbering() throws {
        let b = try Self.board()
        defer { b.remove() }
        b.store.signer = Self.kim
        try b.record("UC-0001", .halt, EventDetails(reason: "Wrong answers"), by: "kim")
        let events = try Self.log(b)
        var moved = events[1]
        moved.seq = 7
        moved.prev = String(repeating: "a", count: 64)
        moved.state = String(repeating: "b", count: 64)
        moved.useCase = "UC-0009"
        let policy = try b.store.loadPolicy()
        #expect(SignatureCheck.verdict(moved, origin: events[0].id, policy: policy).counts)
        #expect(SignedPayload.bytes(moved, origin: "x") == SignedPayload.bytes(events[1], origin: "x"))
        // …and the origin binds it to its use case: in another use case's log it proves nothing.
        #expect(!SignatureCheck.verdict(moved, origin: "another-create", policy: policy).counts)
    }

    @Test func thePayloadIsDocumentedJSON() throws {
        let e = AuditEvent(seq: 3, id: "e1", at: TestBoard.t0, actor: "omar", osUser: "o", action: .approve, useCase: "UC-0002",
                           details: EventDetails(role: "risk_reviewer", digest: "d"), state: "s", prev: "p")
        let text = String(decoding: SignedPayload.bytes(e, origin: "c1"), as: UTF8.self)
        #expect(text == #"{"action":"approve","actor":"omar","at":"2026-11-18T11:06:40Z","details":{"digest":"d","role":"risk_reviewer"},"id":"e1","origin":"c1","osUser":"o","payload":"gateboard-event-1","schema":1}"#)
    }

    /// Trust on first use: verify says which keys and people changed since the last verify here.
    @Test func keyChangesSinceTheLastVerifyAreNamed() throws {
        let b = try Self.board()
        defer { b.remove() }
        #expect(b.store.keyChangesSinceLastVerify().isEmpty)        // first use: remembered
        #expect(b.store.keyChangesSinceLastVerify().isEmpty)        // nothing changed
        let people = Self.people(kimKey: "\"\(Self.stranger.publicKey.text)\"") + "\n  - {id: eve, name: Eve, function: risk, roles: [risk_reviewer]}"
        try b.write("gateboard.yaml", DefaultPolicyText.policyYAML(name: "Signed", people: people, signing: .decisions))
        let notes = b.store.keyChangesSinceLastVerify()
        #expect(notes.contains("key \(Self.stranger.publicKey.fingerprint) of kim added since the last verify in this clone"), "\(notes)")
        #expect(notes.contains("key \(Self.kim.publicKey.fingerprint) of kim removed since the last verify in this clone"))
        #expect(notes.contains("person eve added since the last verify in this clone"))
        #expect(b.store.keyChangesSinceLastVerify().isEmpty)
    }

    /// An unsigned line placed beside a genuine signed approval, same person and time but
    /// another role, does not borrow its signature.
    @Test func aForgedTwinDoesNotBorrowASignature() throws {
        let b = try Self.board()
        defer { b.remove() }
        b.store.signer = Self.rio
        let uc = try b.store.recordedUseCase("UC-0001")
        try b.record("UC-0001", .approve, EventDetails(role: "risk_reviewer", digest: uc.materialDigest, basis: uc.materialBasis), by: "rio")
        var events = try Self.log(b)
        var twin = events[1]
        twin.id = "twin"
        twin.signature = nil
        twin.details.role = "change_approver"
        events.insert(twin, at: 1)
        try IntegrityTests.writeConsistent(b, events)
        let state = try b.store.recordedUseCase("UC-0001")
        let standings = ApprovalCount.standings(state, policy: try b.store.loadPolicy(), now: TestBoard.t0.addingTimeInterval(60))
        #expect(standings.map { "\($0.approval.role) \($0.void)" } == ["change_approver true", "risk_reviewer false"])
    }

    /// `signing on` on a board with history: earlier unsigned decisions keep their meaning
    /// ("before signing"), later ones must be signed; a switch by a key on nobody's entry
    /// writes nothing; a second, later switch does not move the boundary.
    @Test func switchingSigningOnKeepsThePast() throws {
        let b = try Self.board(signing: .off)
        defer { b.remove() }
        let uc = try b.store.recordedUseCase("UC-0001")
        try b.record("UC-0001", .approve, EventDetails(role: "risk_reviewer", digest: uc.materialDigest, basis: uc.materialBasis), by: "rio")
        let before = try b.read("audit/UC-0001.jsonl")
        b.store.signer = Self.stranger
        #expect(throws: Refusal.self) { try b.store.switchSigningOn(.decisions, actor: "kim", osUser: "t", now: TestBoard.t0) }
        #expect(try b.read("audit/UC-0001.jsonl") == before)
        #expect(try b.store.loadPolicy().signing == .off)

        b.store.signer = Self.kim
        #expect(try b.store.switchSigningOn(.decisions, actor: "kim", osUser: "t", now: TestBoard.t0) == ["UC-0001"])
        let policy = try b.store.loadPolicy()
        #expect(policy.signing == .decisions)
        var state = try b.store.recordedUseCase("UC-0001")
        #expect(state.approvals.map(\.signature.counts) == [true])
        var check = SignatureCheck.check(try Self.log(b), policy: policy, display: "log")
        #expect(check.problems.isEmpty, "\(check.problems)")
        #expect(check.verdicts[1] == .beforeSigning)
        #expect(try b.store.verify().ok)

        // After the switch: an unsigned decision (forged) does not count; a second switch appended
        // later by a valid key does not launder it.
        b.store.signer = nil
        var events = try Self.log(b)
        var forged = events[1]
        forged.id = "forged"
        forged.actor = "sam"
        forged.at = forged.at.addingTimeInterval(60)
        events.append(forged)
        var second = events[2]
        second.id = "second"
        second.at = forged.at.addingTimeInterval(60)
        second.signature = Data(Self.kim.sshsig(SignedPayload.bytes(second, origin: events[0].id))).base64EncodedString()
        events.append(second)
        try IntegrityTests.writeConsistent(b, events)
        state = try b.store.recordedUseCase("UC-0001")
        #expect(state.approvals.map(\.signature.counts) == [true, false])
        check = SignatureCheck.check(events, policy: policy, display: "log")
        #expect(check.problems.count == 1 && check.problems[0].line == 4, "\(check.problems)")
    }
}
