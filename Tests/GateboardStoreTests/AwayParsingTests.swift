import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// The policy's `away:` list: who is on leave, checked against the people list.
@Suite struct AwayParsingTests {
    static let base = DefaultPolicyText.policyYAML(name: "Away board")

    func parse(_ extra: String) -> Result<Policy, BoardInvalid> {
        PolicyParser.parse(text: Self.base + "\n" + extra, display: "gateboard.yaml")
    }

    func line(of marker: String, in extra: String) -> Int {
        let lines = (Self.base + "\n" + extra).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.firstIndex { $0.contains(marker) }! + 1
    }

    @Test func parsesPeriods() throws {
        let policy = try parse("away:\n  - {person: \(try #require(try parse("").get().people.first?.id)), from: 2026-12-20, until: 2027-01-05, note: leave}\n").get()
        #expect(policy.away.count == 1)
        #expect(policy.away[0].from == Day("2026-12-20"))
        #expect(policy.away[0].until == Day("2027-01-05"))
        #expect(policy.away[0].note == "leave")
        #expect(policy.away(policy.away[0].person, at: Timestamp.parse("2027-01-05T23:00:00Z")!) != nil)
        #expect(policy.away(policy.away[0].person, at: Timestamp.parse("2027-01-06T00:00:00Z")!) == nil)
        #expect(try parse("").get().away.isEmpty)
    }

    @Test func unknownPeopleAndBackwardPeriodsAreLocated() throws {
        let person = try #require(try parse("").get().people.first?.id)
        let extra = "away:\n  - {person: nobody-here, from: 2026-12-20, until: 2027-01-05}\n"
            + "  - {person: \(person), from: 2026-12-20, until: 2026-12-01}\n  - {person: \(person), from: 2026-12-20}\n"
        guard case .failure(let invalid) = parse(extra) else { Issue.record("accepted"); return }
        let messages = invalid.diagnostics.map(\.description)
        let l1 = line(of: "nobody-here", in: extra)
        #expect(messages.contains("gateboard.yaml:\(l1):14: away.person: unknown person 'nobody-here'"), "\(messages)")
        #expect(messages.contains { $0.hasPrefix("gateboard.yaml:\(l1 + 1):") && $0.contains("away.until: 2026-12-01 is before away.from 2026-12-20") },
                "\(messages)")
        #expect(messages.contains { $0.hasPrefix("gateboard.yaml:\(l1 + 2):") && $0.contains("missing required key 'until'") }, "\(messages)")
    }
}
