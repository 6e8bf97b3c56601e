import Foundation
import Testing
@testable import GateboardCore

/// Issue 13, "the material digest is ambiguous": version 2 is length-prefixed, old (version 1)
/// approvals keep their meaning, and names and references refuse control characters.
@Suite struct MaterialDigestTests {
    /// A reference with a line break posing as a second artifact: the version-1 text is the same.
    static let forged: [String: String] = ["model": "models/m@2.0.0\nprompt=prompts/p.md@v3", "tier": "medium"]
    static let honest: [String: String] = ["model": "models/m@2.0.0", "prompt": "prompts/p.md@v3", "tier": "medium"]

    @Test func versionOneCollidesAndVersionTwoDoesNot() {
        #expect(MaterialDigest.legacy(Self.forged) == MaterialDigest.legacy(Self.honest))
        #expect(MaterialDigest.of(Self.forged) != MaterialDigest.of(Self.honest))
        #expect(MaterialDigest.of(Self.honest).hasPrefix("v2:"))
        #expect(MaterialDigest.of(Self.honest).count == 3 + 64)
    }

    @Test func theDocumentedEncoding() {
        let bytes = MaterialDigest.encoding(["tier": "low", "prompt": "p=1\n", "é": ""])
        // Keys in UTF-8 byte order; each key and value a netstring (byte length, colon, bytes, comma).
        #expect(String(decoding: bytes, as: UTF8.self) == "gateboard-material-v2\n6:prompt,4:p=1\n,4:tier,3:low,2:é,0:,")
        #expect(MaterialDigest.of(["tier": "low"]) == "v2:" + SHA256Hex.of(Data("gateboard-material-v2\n4:tier,3:low,".utf8)))
    }

    @Test func bindsJudgesEachVersionByItsOwnRule() {
        #expect(MaterialDigest.binds(MaterialDigest.legacy(Self.honest), to: Self.honest))
        #expect(MaterialDigest.binds(MaterialDigest.of(Self.honest), to: Self.honest))
        #expect(!MaterialDigest.binds(MaterialDigest.of(Self.forged), to: Self.honest))
        #expect(!MaterialDigest.binds("v2:" + MaterialDigest.legacy(Self.honest), to: Self.honest))
    }

    /// Sofia approved the honest basis (an old approval, version-1 digest); a forged edit
    /// that keeps the version-1 text voids it, because the recorded basis differs.
    @Test func anOldApprovalDoesNotSurviveACollidingEdit() {
        var uc = Fx.useCase(stage: "checkpoint", artifacts: ["model": "models/m@2.0.0", "prompt": "prompts/p.md@v3"])
        uc.approvals = [Approval(person: "priya", role: "risk_reviewer", at: Fx.daysAgo(1),
                                 digest: MaterialDigest.legacy(uc.materialBasis), basis: uc.materialBasis)]
        #expect(ApprovalCount.standings(uc, policy: Fx.policy, now: Fx.now).map(\.void) == [false], "an old approval still counts")
        uc.artifacts = ["model": "models/m@2.0.0\nprompt=prompts/p.md@v3"]
        #expect(MaterialDigest.legacy(uc.materialBasis) == uc.approvals[0].digest)
        let s = ApprovalCount.standings(uc, policy: Fx.policy, now: Fx.now)
        #expect(s.map(\.void) == [true])
        #expect(s[0].reason == "model and prompt changed after approval")
    }

    /// An approval recorded without a basis (none in the wild, but the format allows it) is
    /// judged by its digest alone, in its version.
    @Test func anApprovalWithoutBasisIsJudgedByItsDigest() {
        var uc = Fx.useCase(stage: "checkpoint", artifacts: ["model": "m@1"])
        uc.approvals = [Approval(person: "priya", role: "risk_reviewer", at: Fx.daysAgo(1),
                                 digest: MaterialDigest.legacy(uc.materialBasis), basis: [:]),
                        Approval(person: "alex", role: "business_owner", at: Fx.daysAgo(1),
                                 digest: MaterialDigest.of(uc.materialBasis), basis: [:])]
        #expect(ApprovalCount.standings(uc, policy: Fx.policy, now: Fx.now).map(\.void) == [false, false])
        uc.artifacts["model"] = "m@2"
        #expect(ApprovalCount.standings(uc, policy: Fx.policy, now: Fx.now).map(\.void) == [true, true])
    }

    /// A rejection recorded with a version-1 digest still blocks until the work changes.
    @Test func anOldRejectionStillBlocks() {
        var uc = Fx.ready(stage: "checkpoint")
        uc.rejections = [Rejection(person: "priya", role: "risk_reviewer", at: Fx.daysAgo(1), comment: "no",
                                   digest: MaterialDigest.legacy(uc.materialBasis))]
        #expect(Fx.messages(uc).contains { $0.hasPrefix("rejected by Priya Raman") })
        uc.artifacts["prompt"] = "prompts/kyc@v4"
        #expect(!Fx.messages(uc).contains { $0.hasPrefix("rejected by") })
    }

    @Test func newApprovalsAndRejectionsRecordVersionTwo() throws {
        var uc = Fx.ready(stage: "checkpoint")
        uc.owners["risk_reviewer"] = "priya"
        let (_, d) = try ActionDecider.decide(.approve(comment: nil), on: uc, actor: "priya", policy: Fx.policy, now: Fx.now)
        #expect(d.digest == MaterialDigest.of(uc.materialBasis))
        let (_, r) = try ActionDecider.decide(.reject(comment: "no"), on: uc, actor: "priya", policy: Fx.policy, now: Fx.now)
        #expect(r.digest?.hasPrefix("v2:") == true)
    }

    struct Case: CustomStringConvertible {
        var action: Action
        var field: String
        var what: String
        var description: String { field }
    }

    static let hostile: [Case] = [
        Case(action: .edit(title: nil, problem: nil, metric: nil, tier: nil,
                           artifacts: ["model": "models/confirm-matcher@2.0.0\nprompt=prompts/confirm-parse.md@v3", "prompt": ""]),
             field: "the reference of artifact model", what: "a line break (U+000A)"),
        Case(action: .edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: ["model": "m@1\u{1B}[2J"]),
             field: "the reference of artifact model", what: "an escape (U+001B)"),
        Case(action: .edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: ["model": "m@1\u{9B}31m"]),
             field: "the reference of artifact model", what: "a control character (U+009B)"),
        Case(action: .edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: ["model": "m@1\u{7F}"]),
             field: "the reference of artifact model", what: "a control character (U+007F)"),
        Case(action: .edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: ["mo\u{202E}del": "m@1"]),
             field: "an artifact name", what: "a bidirectional control (U+202E)"),
        Case(action: .edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: ["model": "m\u{200B}@1"]),
             field: "the reference of artifact model", what: "an invisible or non-character (U+200B)"),
        Case(action: .edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: ["model": "m\u{00AD}@1"]),
             field: "the reference of artifact model", what: "an invisible or non-character (U+00AD)"),
        Case(action: .edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: ["model": "m@1\u{2028}x"]),
             field: "the reference of artifact model", what: "a line break (U+2028)"),
        Case(action: .evidence(control: "eval-report", ref: "evals/r.html\nmonitoring-plan", note: nil),
             field: "the evidence reference", what: "a line break (U+000A)"),
        Case(action: .evidence(control: "eval-report", ref: "evals/\u{1B}]8;;x\u{7}r.html", note: nil),
             field: "the evidence reference", what: "an escape (U+001B)"),
        Case(action: .assign(role: "risk_reviewer", person: "priya\u{0}"), field: "the person", what: "a control character (U+0000)"),
        Case(action: .assign(role: "risk\u{9}reviewer", person: "priya"), field: "the role", what: "a tab (U+0009)"),
        Case(action: .waive(control: "eval-report\r", reason: "r", until: Day("2026-12-01")!), field: "the control", what: "a line break (U+000D)"),
        Case(action: .returnTo(stage: "scoped\u{FEFF}", comment: "c"), field: "the stage", what: "an invisible or non-character (U+FEFF)"),
        Case(action: .escalate(to: "omar\u{E0041}", reason: "r"), field: "the person", what: "an invisible or non-character (U+E0041)"),
    ]

    @Test(arguments: hostile)
    func controlCharactersInNamesAndReferencesAreRefused(_ c: Case) {
        let uc = Fx.ready(stage: "implementation")
        let r = refusal(c.action, on: uc, as: "sam")
        #expect(r?.code == .invalidInput)
        #expect(r?.message == "\(c.field) contains \(c.what): names, references and ids may not contain control, invisible or bidirectional characters")
    }

    /// Free text keeps its line breaks; plain references and surrounding whitespace still pass.
    @Test func plainReferencesAndFreeTextPass() throws {
        let uc = Fx.ready(stage: "implementation")
        _ = try perform(.edit(title: nil, problem: "line one\nline two", metric: nil, tier: nil,
                              artifacts: ["model": "  models/m@3 \n", "policy": "https://x.example/p?a=1&b=é"]), on: uc, as: "sam")
        _ = try perform(.evidence(control: "eval-report", ref: "evals/r2.html", note: "two\nlines"), on: uc, as: "sam")
    }

    /// Replay clears standing rejections on a change of the basis itself, not of a digest.
    @Test func replayClearsRejectionsWhenTheBasisChanges() throws {
        var uc = Fx.useCase(stage: "checkpoint", artifacts: ["model": "models/m@2.0.0", "prompt": "prompts/p.md@v3"])
        uc.rejections = [Rejection(person: "priya", role: "risk_reviewer", at: Fx.daysAgo(1), comment: "no",
                                   digest: MaterialDigest.legacy(uc.materialBasis))]
        let e = AuditEvent(seq: 2, id: "e2", at: Fx.now, actor: "sam", osUser: "t", action: .edit, useCase: uc.id,
                           details: EventDetails(artifacts: ["model": "models/m@2.0.0\nprompt=prompts/p.md@v3", "prompt": ""]))
        #expect(try uc.applying(e).rejections.isEmpty)
    }
}
