import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// Issue 13: policy numbers that validated and then crashed, duplicate keys hidden behind a
/// YAML tag, lookalike ids, and actions that grew a file past what any reader accepts.
@Suite struct PolicyHardeningTests {
    static let sampleDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sample-data")
    static let sample: String = try! String(contentsOf: sampleDir.appendingPathComponent("gateboard.yaml"), encoding: .utf8)

    /// The sample policy without these top-level sections (a test that writes its own).
    static func sample(without keys: Set<String>) -> String {
        var out: [Substring] = []
        var skipping = false
        for line in sample.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first != " ", first != "#", first != "-" {
                skipping = keys.contains(String(line.prefix { $0 != ":" }))
            }
            if !skipping { out.append(line) }
        }
        return out.joined(separator: "\n")
    }

    func problems(_ text: String) -> [String] {
        switch PolicyParser.parse(text: text, display: "gateboard.yaml") {
        case .success: return []
        case .failure(let e): return e.diagnostics.map(\.description)
        }
    }

    func line(of needle: String, in text: String) -> Int {
        text.components(separatedBy: "\n").firstIndex { $0.contains(needle) }! + 1
    }

    func replacing(_ old: String, _ new: String, in text: String = PolicyHardeningTests.sample) -> String {
        precondition(text.components(separatedBy: old).count == 2, "not exactly once: \(old)")
        return text.replacingOccurrences(of: old, with: new)
    }

    // MARK: - Numbers

    /// Every number of the policy, out of range: one located diagnostic naming the field and
    /// its range. Before the fix each of these validated (and most then crashed a command).
    @Test func everyNumberOutOfRangeIsALocatedDiagnostic() {
        let max = String(Int.max), min = String(Int.min)
        let cases: [(old: String, new: String, message: String)] = [
            ("      - {role: business_owner}", "      - {role: business_owner, quorum: \(max)}",
             "gate from checkpoint approvals: quorum: must be a whole number from 1 to 100, found \(max)"),
            ("      - {role: business_owner}", "      - {role: business_owner, quorum: 101}",
             "gate from checkpoint approvals: quorum: must be a whole number from 1 to 100, found 101"),
            ("      - {role: business_owner}", "      - {role: business_owner, quorum: 99999999999999999999}",
             "gate from checkpoint approvals: quorum: expected a whole number from 1 to 100, found \"99999999999999999999\""),
            ("          - {role: change_approver}", "          - {role: change_approver, quorum: 0}",
             "gate from checkpoint tier high approvals: quorum: must be a whole number from 1 to 100, found 0"),
            ("    sla: {low: 10, medium: 7, high: 7}", "    sla: {low: 10, medium: 7, high: \(max)}",
             "stage checkpoint sla.high (days): must be a whole number from 0 to 3650, found \(max)"),
            ("    sla: {low: 10, medium: 7, high: 5}", "    sla: {low: -1, medium: 7, high: 5}",
             "stage release sla.low (days): must be a whole number from 0 to 3650, found -1"),
            ("productionReviewDays: {low: 180, medium: 90, high: 30}", "productionReviewDays: {low: 180, medium: 90, high: \(max)}",
             "productionReviewDays.high (days): must be a whole number from 1 to 3650, found \(max)"),
            ("productionReviewDays: {low: 180, medium: 90, high: 30}", "productionReviewDays: {low: 0, medium: 90, high: 30}",
             "productionReviewDays.low (days): must be a whole number from 1 to 3650, found 0"),
            ("  maxDays: {low: 90, medium: 60, high: 30}", "  maxDays: {low: 90, medium: 60, high: \(max)}",
             "waivers.maxDays.high (days): must be a whole number from 0 to 3650, found \(max)"),
            ("  maxDays: {low: 90, medium: 60, high: 30}", "  maxDays: {low: 90, medium: 3651, high: 30}",
             "waivers.maxDays.medium (days): must be a whole number from 0 to 3650, found 3651"),
            ("    approvalExpiryDays: 30", "    approvalExpiryDays: \(max)",
             "gate from checkpoint: approvalExpiryDays: must be a whole number from 1 to 3650, found \(max)"),
            ("        approvalExpiryDays: 14", "        approvalExpiryDays: 0",
             "gate from checkpoint tier high: approvalExpiryDays: must be a whole number from 1 to 3650, found 0"),
            ("  approvalWaitDays: 5", "  approvalWaitDays: \(min)",
             "triage.approvalWaitDays: must be a whole number from 0 to 3650, found \(min)"),
            ("  haltedDays: 7", "  haltedDays: 3651", "triage.haltedDays: must be a whole number from 0 to 3650, found 3651"),
            ("  waiverWarnDays: 7", "  waiverWarnDays: 2.5",
             "triage.waiverWarnDays: expected a whole number from 0 to 3650, found \"2.5\""),
            ("  stallWarnFraction: 0.8", "  stallWarnFraction: 1.5",
             "triage.stallWarnFraction: must be a fraction greater than 0 and at most 1, found 1.5"),
            ("  stallWarnFraction: 0.8", "  stallWarnFraction: .nan", "triage.stallWarnFraction: expected a number, found \".nan\""),
            ("schema: 1", "schema: 0", "schema: must be at least 1, found 0"),
        ]
        for c in cases {
            let text = replacing(c.old, c.new)
            let p = problems(text)
            let l = line(of: c.new.trimmingCharacters(in: .whitespaces), in: text)
            #expect(p.count == 1 && p[0].hasPrefix("gateboard.yaml:\(l):") && p[0].hasSuffix(": " + c.message), "\(c.new): \(p)")
        }
    }

    /// The numbers of the sample board's policy, each named so the fuzzer can replace it.
    static let numberSlots: [(name: String, old: String, template: String)] = [
        ("quorum", "      - {role: business_owner}", "      - {role: business_owner, quorum: V}"),
        ("tier quorum", "          - {role: change_approver}", "          - {role: change_approver, quorum: V}"),
        ("release quorum", "      - {role: change_approver, control: change-approval}", "      - {role: change_approver, control: change-approval, quorum: V}"),
        ("sla", "    sla: {low: 10, medium: 7, high: 7}", "    sla: {low: V, medium: V, high: V}"),
        ("sla scoped", "    sla: {low: 21, medium: 14, high: 14}", "    sla: {low: V, medium: V, high: V}"),
        ("productionReviewDays", "productionReviewDays: {low: 180, medium: 90, high: 30}", "productionReviewDays: {low: V, medium: V, high: V}"),
        ("maxDays", "  maxDays: {low: 90, medium: 60, high: 30}", "  maxDays: {low: V, medium: V, high: V}"),
        ("approvalExpiryDays", "    approvalExpiryDays: 30", "    approvalExpiryDays: V"),
        ("tier approvalExpiryDays", "        approvalExpiryDays: 14", "        approvalExpiryDays: V"),
        ("stallWarnFraction", "  stallWarnFraction: 0.8", "  stallWarnFraction: V"),
        ("approvalWaitDays", "  approvalWaitDays: 5", "  approvalWaitDays: V"),
        ("haltedDays", "  haltedDays: 7", "  haltedDays: V"),
        ("waiverWarnDays", "  waiverWarnDays: 7", "  waiverWarnDays: V"),
        ("schema", "schema: 1", "schema: V"),
    ]

    static let extremes = ["0", "-1", "1", "2", "7", "30", "100", "101", "3650", "3651", String(Int.max), String(Int.min),
                           "9223372036854775808", "-9223372036854775809", "99999999999999999999999999", "1.5", "0.5", "1e3",
                           "1e309", ".inf", "-.inf", ".nan", "0x10", "0o17", "+5", "1_000", "\"5\"", "'30'", "five", "~", "",
                           "[]", "{}", "[1]", "true", "0.0", "-0", "00030", "1.0", "2e-400", "!!str 5", "!!int 5", "!x 5"]

    /// A random value for a number field: an extreme, a random whole number of any size, a
    /// random fraction, or a random short string.
    static func randomValue(_ g: inout SplitMix) -> String {
        switch g.below(5) {
        case 0, 1: return extremes[g.below(extremes.count)]
        case 2:
            let magnitude = g.below(19)
            var n = Int(g.next() % UInt64(Swift.max(1, Int(pow(10.0, Double(magnitude))))))
            if g.below(4) == 0 { n = -n }
            return String(n)
        case 3: return String(Double(g.below(2_000_001)) / 1_000_000 - (g.below(3) == 0 ? 1 : 0))
        default:
            let chars = Array("0123456789-+.eE_x :#'\"[]{}!&*abc")
            return String((0..<(1 + g.below(8))).map { _ in chars[g.below(chars.count)] })
        }
    }

    /// Fuzzes every number of the policy (one field at a time, then all at once): either the
    /// policy is refused with located diagnostics only, or every value is in its documented
    /// range and every read and decision path runs over the sample board's use cases
    /// (a trap would kill the test run). GATEBOARD_STRESS=1 tries many more.
    @Test func fuzzedPolicyNumbersAreRefusedOrSafe() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-policy-fuzz-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.sampleDir, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let store = BoardStore(root: copy)
        let board = try store.load()
        var events: [AuditEvent] = []
        for uc in board.useCases { events += try store.events(for: uc.id) }
        let now = Timestamp.parse("2026-11-26T09:00:00Z")!
        let stress = ProcessInfo.processInfo.environment["GATEBOARD_STRESS"] == "1"
        let rounds = stress ? 6_000 : 400
        var g = SplitMix(seed: UInt64(ProcessInfo.processInfo.environment["GATEBOARD_FUZZ_SEED"] ?? "") ?? 13)
        var tried = 0, refused = 0, accepted = 0
        for round in 0..<rounds {
            var text = Self.sample
            let all = round % 3 == 2
            for (i, slot) in Self.numberSlots.enumerated() where all || i == round % Self.numberSlots.count {
                text = text.replacingOccurrences(of: slot.old, with: slot.template.replacingOccurrences(of: "V", with: Self.randomValue(&g)))
            }
            tried += 1
            switch PolicyParser.parse(text: text, display: "gateboard.yaml") {
            case .failure(let invalid):
                refused += 1
                #expect(!invalid.diagnostics.isEmpty)
                for d in invalid.diagnostics { #expect(d.line != nil && d.column != nil, "unlocated: \(d)") }
            case .success(let policy):
                accepted += 1
                Self.expectInRange(policy)
                Self.exercise(policy, board.useCases, events: events, now: now)
            }
        }
        print("policy numbers: \(tried) policies tried (\(accepted) accepted, \(refused) refused with located diagnostics), 0 crashed")
        #expect(accepted > 0 && refused > 0)
    }

    static func expectInRange(_ p: Policy) {
        for g in p.gates {
            for r in [g.base] + Array(g.tiers.values) {
                for a in r.approvals { #expect(PolicyRanges.quorum.contains(a.quorum)) }
                if let d = r.approvalExpiryDays { #expect(PolicyRanges.approvalExpiryDays.contains(d)) }
            }
        }
        for s in p.stages { for d in s.sla.values { #expect(PolicyRanges.slaDays.contains(d)) } }
        for d in p.productionReviewDays.values { #expect(PolicyRanges.productionReviewDays.contains(d)) }
        for d in p.waivers.maxDays.values { #expect(PolicyRanges.waiverMaxDays.contains(d)) }
        for d in [p.triage.approvalWaitDays, p.triage.haltedDays, p.triage.waiverWarnDays] { #expect(PolicyRanges.triageDays.contains(d)) }
        #expect(PolicyRanges.isStallWarnFraction(p.triage.stallWarnFraction))
        #expect(p.schema == Policy.currentSchema)
    }

    /// Every read path (gate engine, rows, triage, inbox, stand-up, report) and the action
    /// decider for approve, waive and advance, for every person on every use case.
    static func exercise(_ policy: Policy, _ useCases: [UseCase], events: [AuditEvent], now: Date) {
        let today = Day(containing: now)
        for uc in useCases {
            _ = GateEngine.evaluate(uc, policy: policy, now: now)
            _ = GateEngine.pathToProduction(uc, policy: policy, now: now)
            _ = GateEngine.stableWindow(uc, policy: policy, now: now)
            _ = GateEngine.clock(uc, policy: policy, now: now)
            _ = GateEngine.reviewDue(uc, policy: policy)
            _ = GateSummary(uc, policy: policy, policyDigest: 1, now: now)
            _ = UseCaseRow(uc)
            for person in policy.people.map(\.id) {
                _ = try? ActionDecider.decide(.approve(comment: nil), on: uc, actor: person, policy: policy, now: now)
                _ = try? ActionDecider.decide(.advance(comment: nil), on: uc, actor: person, policy: policy, now: now)
                for control in ["exception-runbook", "rollback-plan"] {
                    for days in [0, 30, 3650, Int.max] {
                        _ = try? ActionDecider.decide(.waive(control: control, reason: "fuzz", until: today.adding(days: days)),
                                                      on: uc, actor: person, policy: policy, now: now)
                    }
                }
            }
        }
        _ = Triage.rank(useCases, policy: policy, events: events, now: now)
        _ = Inbox.all(useCases: useCases, policy: policy, now: now)
        _ = Standup.report(useCases, policy: policy, events: events, since: now.addingTimeInterval(-7 * 86_400), now: now)
        _ = PortfolioReport.compute(useCases, policy: policy, events: events, now: now)
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    // MARK: - Tags and duplicate keys

    /// `!x roles:` after `roles:` gave Maya the change approver role while `validate` said OK:
    /// libyaml tells the keys apart by their tags, the reader took the first.
    @Test func aDuplicateKeyBehindATagIsRefused() {
        let maya = String(Self.sample.split(separator: "\n").first { $0.hasPrefix("  - {id: maya,") }!)
        let tagged = replacing(maya, "  - id: maya\n    name: Maya Lindgren\n    roles: [business_owner]\n    !x roles: [change_approver]")
        let l = line(of: "!x roles", in: tagged)
        #expect(problems(tagged) == ["gateboard.yaml:\(l):5: YAML tag '!x' is not allowed in board files (only YAML's standard types, like !!str)"])
        let waivers = replacing("  maxDays: {low: 90, medium: 60, high: 30}\n", "  maxDays: {low: 90, medium: 60, high: 30}\n  !x maxDays: {low: 3650, medium: 3650, high: 3650}\n")
        #expect(problems(waivers) == ["gateboard.yaml:\(line(of: "!x maxDays", in: waivers)):3: YAML tag '!x' is not allowed in board files (only YAML's standard types, like !!str)"])
        // A standard tag is allowed, but a key that reads the same twice is still one key too many.
        let std = replacing("  maxDays: {low: 90, medium: 60, high: 30}\n", "  maxDays: {low: 90, medium: 60, high: 30}\n  !!str maxDays: {low: 3650}\n")
        #expect(problems(std).contains { $0.contains("duplicate key") && $0.contains("maxDays") }, "\(problems(std))")
        // In a mapping keyed by data: `5` (an int to libyaml) and `!!str 5` (a string) are one key to us.
        let keyed = replacing("productionReviewDays: {low: 180, medium: 90, high: 30}", "productionReviewDays: {low: 180, medium: 90, high: 30, 5: 1, !!str 5: 2}")
        #expect(problems(keyed).contains { $0.hasSuffix("productionReviewDays: duplicate key '5' (first at line \(line(of: "!!str 5", in: keyed)))") },
                "\(problems(keyed))")
    }

    @Test func everyCustomTagIsRefusedAndStandardOnesAllowed() {
        for tag in ["!x", "!<tag:example.com,2026:x>", "!!binary", "!!set", "!!omap", "!!python/object", "!e!x"] {
            let text = replacing("name: \"Fenwick Harbour — AI use cases\"", "name: \(tag) \"Fenwick\"")
            let text2 = tag == "!e!x" ? "%TAG !e! tag:example.com,2026:\n---\n" + text : text
            let p = problems(text2)
            #expect(p.count == 1 && p[0].contains("YAML tag ") && p[0].contains("is not allowed in board files"), "\(tag): \(p)")
        }
        // On a mapping or a list too.
        #expect(problems(replacing("\ntiers:\n", "\ntiers: !x\n")).first?.contains("YAML tag '!x'") == true)
        #expect(problems(replacing("\nwaivers:\n", "\nwaivers: !x\n")).first?.contains("YAML tag '!x'") == true)
        // The standard types, written out, change nothing.
        #expect(problems(replacing("name: \"Fenwick Harbour — AI use cases\"", "name: !!str Fenwick")) == [])
        #expect(problems(replacing("  haltedDays: 7", "  haltedDays: !!int 7")) == [])
    }

    @Test func useCaseFilesRefuseTagsAndDuplicateKeysToo() throws {
        let valid = try BadInputTests.fixture("valid.yaml")
        let variants: [(String, String, String)] = [
            ("title: \"KYC document verification\"\n", "title: \"KYC document verification\"\n!x title: \"Other\"\n", "YAML tag '!x' is not allowed"),
            ("  technical_owner: sam\n", "  technical_owner: sam\n  !x business_owner: sam\n", "YAML tag '!x' is not allowed"),
            ("tier: high\n", "tier: !x high\n", "YAML tag '!x' is not allowed"),
            ("  prompt: \"prompts/kyc.md@3\"\n", "  prompt: \"prompts/kyc.md@3\"\n  7: a\n  !!str 7: b\n", "artifacts: duplicate key '7'"),
        ]
        for (old, new, message) in variants {
            let b = try TestBoard()
            defer { b.remove() }
            #expect(valid.contains(old))
            try b.write("usecases/UC-0001.yaml", valid.replacingOccurrences(of: old, with: new))
            let p = b.problems()
            #expect(p.count == 1 && p[0].hasPrefix("usecases/UC-0001.yaml:") && p[0].contains(message), "\(new): \(p)")
        }
    }

    // MARK: - Ids

    /// `priуa` (Cyrillic у) beside `priya`, both "Priya Raman": two people who read as one.
    @Test func idsAreASCIIAndLookalikesAreRefused() {
        let priya = String(Self.sample.split(separator: "\n").first { $0.hasPrefix("  - {id: priya,") }!) + "\n"
        func withPerson(_ entry: String) -> String { replacing(priya, priya + entry + "\n") }
        let cyrillic = withPerson("  - {id: pri\u{0443}a, name: Priya Raman, function: engineering, roles: [technical_owner]}")
        let l = line(of: "pri\u{0443}a", in: cyrillic)
        #expect(problems(cyrillic) == ["gateboard.yaml:\(l):10: person id \"pri\u{0443}a\" contains U+0443 (not ASCII); use only \(PolicyRanges.idRule)"])
        let upper = withPerson("  - {id: Priya, name: P. Raman, function: engineering, roles: [technical_owner]}")
        #expect(problems(upper) == ["gateboard.yaml:\(line(of: "id: Priya", in: upper)):10: person id 'Priya' differs only in letter case from 'priya' at line \(line(of: "id: priya", in: upper)); ids must differ by more than case"])
        for bad in ["pri ya", "-priya", "pri/ya", "priya\u{200B}", "ｐriya", String(repeating: "p", count: 65)] {
            let p = problems(withPerson("  - {id: \"\(bad)\", name: Someone Else, function: x, roles: []}"))
            #expect(p.count == 1 && p[0].contains("person id") && p[0].contains("use only ASCII"), "\(bad): \(p)")
        }
        #expect(problems(withPerson("  - {id: priya.r_2-b, name: Someone Else, function: x, roles: []}")) == [])
        // Roles, tiers, stages and controls follow the same rule.
        #expect(problems(replacing("  - {id: ops_owner, name: Operations owner}", "  - {id: ops_owner, name: Operations owner}\n  - {id: \"ops owner\", name: Ops}"))
            .contains { $0.contains("role id \"ops owner\"") })
        #expect(problems(replacing("  - {id: high, name: High risk}", "  - {id: high, name: High risk}\n  - {id: h\u{00ED}gh, name: Higher}"))
            .contains { $0.contains("tier id \"h\u{00ED}gh\" contains U+00ED (not ASCII)") })
        #expect(problems(replacing("  - id: exception-runbook\n", "  - id: exception-runbook\u{2010}x\n"))
            .contains { $0.contains("control id") && $0.contains("U+2010") })
        #expect(problems(replacing("  - id: retired\n", "  - id: Retired!\n")).contains { $0.contains("stage id \"Retired!\" contains U+0021") })
    }

    @Test func duplicateDisplayNamesAreWarnedNotRefused() {
        let priya = String(Self.sample.split(separator: "\n").first { $0.hasPrefix("  - {id: priya,") }!) + "\n"
        #expect(PolicyWarnings.find(text: Self.sample, display: "gateboard.yaml") == [])
        for name in ["Priya Raman", "priya  RAMAN", "Ｐｒｉｙａ Raman"] {
            let text = replacing(priya, priya + "  - {id: priya2, name: \(name), function: engineering, roles: [technical_owner]}\n")
            #expect(problems(text) == [], "a warning never makes the policy invalid")
            let w = PolicyWarnings.find(text: text, display: "gateboard.yaml").map(\.description)
            let l = line(of: "id: priya2", in: text)
            let entry = text.components(separatedBy: "\n")[l - 1]
            let col = entry.distance(from: entry.startIndex, to: entry.range(of: "name: ")!.upperBound) + 1
            #expect(w == ["gateboard.yaml:\(l):\(col): warning: person priya2 has the same display name as priya (line \(l - 1)), \"\(name)\": lists, logs and approvals would show them as one person; give each a distinct name"], "\(w)")
        }
    }

    // MARK: - What an action may write

    /// Nine 130,000-character notes made UC-0004.yaml larger than any reader accepts, and
    /// every later `list` and `show` failed. The store refuses such an action, writing nothing.
    @Test func anActionThatWouldOutgrowTheFileLimitWritesNothing() throws {
        let b = try TestBoard()
        defer { b.remove() }
        let uc = try b.create()
        // Evidence notes of 200,000 characters each (the store's own check, below the
        // decider's field limits): five fit in 1 MiB, the sixth would not.
        let note = String(repeating: "N", count: 200_000)
        var recorded = 0
        var file: [UInt8] = [], log: [UInt8] = []
        while recorded < 10 {
            file = try b.read("usecases/\(uc.id).yaml")
            log = try b.read("audit/\(uc.id).jsonl")
            do {
                try b.record(uc.id, .evidence, EventDetails(control: "eval-report", ref: "docs/eval-\(recorded).md", note: note))
                recorded += 1
            } catch let r as Refusal {
                #expect(r.code == .invalidInput)
                #expect(r.message.hasPrefix("this evidence would make usecases/\(uc.id).yaml 1,2"), "\(r.message)")
                #expect(r.message.contains("the limit for a use case file is 1,048,576 bytes (1 MiB) — nothing was recorded"))
                break
            }
        }
        #expect(recorded == 5)
        #expect(try b.read("usecases/\(uc.id).yaml") == file)
        #expect(try b.read("audit/\(uc.id).jsonl") == log)
        #expect(b.problems() == [])
        // A comment is not in the file, but its audit line has a limit of its own.
        do {
            try b.record(uc.id, .comment, EventDetails(comment: String(repeating: "C", count: WriteLimits.auditLine)))
            Issue.record("a 256 KiB comment was recorded")
        } catch let r as Refusal {
            #expect(r.code == .invalidInput)
            #expect(r.message.hasPrefix("this comment would write an audit line of 262,"), "\(r.message)")
            #expect(r.message.contains("the limit is 262,144 bytes (256 KiB) — nothing was recorded"))
        }
        #expect(try b.read("audit/\(uc.id).jsonl") == log)
        // Just under the line limit, it is written, and the board still loads.
        try b.record(uc.id, .comment, EventDetails(comment: String(repeating: "C", count: WriteLimits.auditLine - 1_000)))
        #expect(b.problems() == [])
        #expect(try b.store.load().useCases.count == 1)
    }
}
