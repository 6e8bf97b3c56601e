import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

@Suite struct EmitterRoundTripTests {
    static let hostile: [String] = [
        "", " ", "  leading and trailing  ", "plain", "UC-0001",
        "\u{1B}[31mred\u{1B}[0m", "\u{1B}]8;;http://evil\u{07}link\u{1B}]8;;\u{07}", "\u{9B}31m C1 CSI", "bell\u{07}",
        "back\u{08}space", "carriage\rreturn", "line one\nline two\n", "\n", "tab\there", "nul\u{0}byte", "del\u{7F}",
        "\u{202E}evil\u{202C} bidi", "\u{2066}isolate\u{2069}", "zero\u{200B}width\u{200D}joiner", "\u{FEFF}bom",
        "中文 用例", "🚀 emoji 👩‍👩‍👧", "e\u{301} combining", "\u{2028}line separator\u{2029}",
        "true", "false", "yes", "No", "on", "off", "null", "~", "Null", "y", "n", "007", "1e3", "0x1F", "-1", ".5", "+1",
        "2026-11-26", "2026-11-26T15:04:05Z", "12:30", "1_000", ".inf", "-.inf", ".NaN",
        "# not a comment", "key: value", "- item", "[flow]", "{flow}", "&anchor", "*alias", "!tag", "|", ">", "'single'",
        "\"double\"", "back\\slash", "%directive", "@at", "`tick`", "a #b", "colon:", "question?", "---", "...",
        String(repeating: "long ", count: 100),
    ]

    func sample(_ text: String) -> UseCase {
        let t = Date(timeIntervalSince1970: 1_795_000_000)
        var uc = UseCase(id: "UC-0007", title: text, problem: text, metric: text, tier: "high", stage: "checkpoint",
                         stageEnteredAt: t, submittedBy: "sam", createdAt: t, createdBy: "alex",
                         owners: ["business_owner": "alex", "technical_owner": "sam"],
                         artifacts: ["prompt": text.isEmpty ? "p" : text, text: "x", "model": "models/kyc@2"])
        uc.controls["eval-report"] = ControlState(evidence: [Evidence(ref: text, note: text, by: "sam", at: t)],
                                                  attestations: [Attestation(by: "rio", at: t, note: text)])
        uc.approvals = [Approval(person: "rio", role: "risk_reviewer", at: t, comment: text, digest: "abc", basis: ["prompt": text, "tier": "high"])]
        uc.rejections = [Rejection(person: "kim", role: "business_owner", at: t, comment: text, digest: "abc")]
        uc.waivers = [Waiver(control: "eval-report", by: "rio", reason: text, at: t, until: Day(year: 2026, month: 12, day: 31))]
        uc.halted = Halt(by: "kim", at: t, reason: text)
        uc.parked = Park(by: "kim", at: t, reason: text, review: Day(year: 2027, month: 1, day: 15))
        uc.escalations = [Escalation(to: "kim", by: "alex", at: t, reason: text)]
        uc.lastReviewAt = t
        uc.audit = AuditAnchor(seq: 3, head: String(repeating: "ab", count: 32), bytes: 1234)
        return uc
    }

    @Test(arguments: hostile)
    func useCaseTextSurvivesByteForByte(_ text: String) throws {
        let uc = sample(text)
        let yaml = UseCaseEmitter.text(uc)
        let parsed = try UseCaseParser.parse(text: yaml, display: "UC-0007.yaml", expectedID: "UC-0007", policy: nil).get()
        #expect(parsed == uc)
        #expect(Array(parsed.title.utf8) == Array(text.utf8))
        #expect(Array(parsed.approvals[0].basis["prompt"]!.utf8) == Array(text.utf8))
        #expect(Array(parsed.artifacts.keys.first { $0 != "prompt" && $0 != "model" }?.utf8 ?? "model".utf8) == Array((text == "prompt" || text == "model" ? "model" : text).utf8))
        // Deterministic: emitting the parsed value gives the same bytes.
        #expect(UseCaseEmitter.text(parsed) == yaml)
        // Nothing invisible or controlling reaches the file raw.
        #expect(!yaml.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || TerminalSafe.escapedInFiles($0) && $0 != "\n" })
    }

    @Test(arguments: hostile)
    func auditLineTextSurvivesByteForByte(_ text: String) throws {
        let e = AuditEvent(seq: 2, id: "e1", at: Date(timeIntervalSince1970: 1_795_000_000), actor: "alex", osUser: text,
                           action: .edit, useCase: "UC-0007",
                           details: EventDetails(title: text, comment: text, until: Day(year: 2026, month: 1, day: 2), kind: .prompt,
                                                 artifacts: [text: text], basis: ["tier": text], events: [text]),
                           state: "s", prev: "p")
        let line = AuditEventCodec.encode(e)
        #expect(!line.contains(0x0A))
        #expect(try AuditEventCodec.decode(line) == e)
        // Foundation agrees it is JSON and reads the same text.
        let object = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
        #expect(Array((object["osUser"] as! String).utf8) == Array(text.utf8))
    }

    @Test func auditLineShape() throws {
        let e = AuditEvent(seq: 1, id: "9b2c", at: Date(timeIntervalSince1970: 1_795_000_000), actor: "alex", osUser: "alex",
                           action: .evidence, useCase: "UC-0001",
                           details: EventDetails(control: "eval-report", ref: "https://wiki/x/y"), state: "aa", prev: "00")
        let line = String(decoding: AuditEventCodec.encode(e), as: UTF8.self)
        #expect(line == #"{"action":"evidence","actor":"alex","at":"2026-11-18T11:06:40Z","details":{"control":"eval-report","ref":"https://wiki/x/y"},"id":"9b2c","osUser":"alex","prev":"00","schema":1,"seq":1,"state":"aa","useCase":"UC-0001"}"#)
    }

    @Test func fileLayout() {
        let t = Date(timeIntervalSince1970: 1_795_000_000)
        let uc = UseCase(id: "UC-0001", title: "KYC document verification", tier: "high", stage: "scoped", stageEnteredAt: t,
                         submittedBy: "alex", createdAt: t, createdBy: "alex", owners: ["business_owner": "alex"],
                         audit: AuditAnchor(seq: 1, head: String(repeating: "0", count: 64), bytes: 300))
        #expect(UseCaseEmitter.text(uc) == """
            schema: 1
            id: UC-0001
            title: "KYC document verification"
            problem: ""
            metric: ""
            tier: high
            stage: scoped
            stageEnteredAt: 2026-11-18T11:06:40Z
            submittedBy: alex
            createdAt: 2026-11-18T11:06:40Z
            createdBy: alex
            owners:
              business_owner: alex
            audit:
              seq: 1
              head: 0000000000000000000000000000000000000000000000000000000000000000
              bytes: 300

            """)
    }
}

@Suite struct TimestampTests {
    @Test func agreesWithFoundation() {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        var rng = SeededRandom(seed: 5)
        for _ in 0..<2000 {
            let t = Date(timeIntervalSince1970: Double(Int64(rng.next() % 8_000_000_000) - 2_000_000_000))
            let text = Timestamp.format(t)
            #expect(text == iso.string(from: t))
            #expect(Timestamp.parse(text) == t)
            #expect(Timestamp.format(t.addingTimeInterval(0.75)) == text)
        }
        for bad in ["2026-13-01T00:00:00Z", "2026-01-01 00:00:00Z", "26-01-01T00:00:00Z"] {
            #expect(Timestamp.parse(bad) == nil)
        }
        #expect(Timestamp.parse("2026-01-01T10:00:00+02:00") == Timestamp.parse("2026-01-01T08:00:00Z"))
    }
}

/// One strict timestamp parser: an impossible time is refused, not rolled over into another
/// instant (Foundation's lenient parser read `2026-02-30` as 2 March and `T24:00` as the next
/// day, for `GATEBOARD_NOW`, `--since` and timestamps in the board's files alike).
@Suite struct StrictTimestampTests {
    @Test func impossibleTimesAreRefused() {
        for bad in ["2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:60Z",
                    "2025-02-29T12:00:00Z", "2026-04-31T00:00:00+02:00", "2026-01-01T24:00:00.5Z",
                    "2026-01-01T00:00:00+24:00", "2026-01-01T00:00:00+02:60", "2026-01-01T00:00:00.Z",
                    "2026-01-01T00:00:00", "2026-01-01T00:00:00z", "2026-01-01t00:00:00Z", "2026-01-01T00:00:00+0200",
                    "2026-01-01T00:00:00Z ", "12026-01-01T00:00:00Z", "2026-1-01T00:00:00Z", "2026-00-10"] {
            #expect(Timestamp.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func documentedFormsAreAccepted() {
        let eight = Date(timeIntervalSince1970: 1_767_254_400)  // 2026-01-01T08:00:00Z
        #expect(Timestamp.parse("2026-01-01T08:00:00Z") == eight)
        #expect(Timestamp.parse("2026-01-01T10:00:00+02:00") == eight)
        #expect(Timestamp.parse("2026-01-01T03:30:00-04:30") == eight)
        #expect(Timestamp.parse("2026-01-01T08:00:00.5Z") == eight.addingTimeInterval(0.5))
        #expect(Timestamp.parse("2026-01-01") == eight.addingTimeInterval(-8 * 3600))
        #expect(Timestamp.parse("2024-02-29T23:59:59Z") != nil)
        #expect(Timestamp.parse("2025-12-31T23:30:00-01:00") == Timestamp.parse("2026-01-01T00:30:00Z"))
    }
}
