import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

@Suite struct PolicyParsingTests {
    func parse(_ text: String) -> Result<Policy, BoardInvalid> { PolicyParser.parse(text: text, display: "gateboard.yaml") }

    func problems(_ text: String) -> [String] {
        switch parse(text) {
        case .success: return []
        case .failure(let e): return e.diagnostics.map(\.description)
        }
    }

    @Test func defaultPolicyTextParsesToTheStandardPolicy() throws {
        let parsed = try parse(DefaultPolicyText.policyYAML(name: "Gateboard")).get()
        #expect(parsed == Policy.standard)
    }

    @Test func oddNamesSurviveInTheDefaultPolicy() throws {
        let name = "Ops: \"tax\" #1 \u{1B}[31m \\ \r\u{85}\u{202E}\u{AD}é"
        let parsed = try parse(DefaultPolicyText.policyYAML(name: name)).get()
        #expect(parsed.name == name)
    }

    static let base = DefaultPolicyText.policyYAML(name: "Test")

    func lineNumber(of needle: String, in text: String) -> Int {
        text.components(separatedBy: "\n").firstIndex { $0.contains(needle) }! + 1
    }

    @Test func unknownKeyWithSuggestion() {
        let text = Self.base.replacingOccurrences(of: "autoCommit: false", with: "autoComit: false")
        let line = lineNumber(of: "autoComit", in: text)
        #expect(problems(text) == ["gateboard.yaml:\(line):1: policy: unknown key 'autoComit' (did you mean 'autoCommit'?)"])
    }

    @Test func everyProblemAtOnce() {
        var text = Self.base
        text = text.replacingOccurrences(of: "    owner: risk_reviewer\n", with: "    owner: risk_reviewr\n")
        text = text.replacingOccurrences(of: "    kind: attestation\n", with: "    kind: attestaton\n")
        text = text.replacingOccurrences(of: "  approvalWaitDays: 5", with: "  approvalWaitDays: five")
        text = text.replacingOccurrences(of: "      high:\n        controls: [bias-evaluation]", with: "      extreme:\n        controls: [bias-evaluation]")
        let p = problems(text)
        #expect(p.count == 4)
        let l1 = lineNumber(of: "risk_reviewr", in: text)
        #expect(p.contains("gateboard.yaml:\(l1):12: stage checkpoint owner: unknown role 'risk_reviewr' (did you mean 'risk_reviewer'?)"))
        let l2 = lineNumber(of: "attestaton", in: text)
        #expect(p.contains("gateboard.yaml:\(l2):11: control human-oversight: unknown kind 'attestaton' (kinds: evidence, attestation, owner-named, field, approval, monitors-defined); did you mean 'attestation'?"))
        let l3 = lineNumber(of: "approvalWaitDays: five", in: text)
        #expect(p.contains("gateboard.yaml:\(l3):21: triage.approvalWaitDays: expected a whole number from 0 to 3650, found \"five\""))
        let l4 = lineNumber(of: "extreme:", in: text)
        #expect(p.contains("gateboard.yaml:\(l4):7: gate from implementation: unknown tier 'extreme' (did you mean 'high'?)") ||
                p.contains("gateboard.yaml:\(l4):7: gate from implementation: unknown tier 'extreme'"))
    }

    @Test func duplicateIdsAndMissingKeys() {
        var text = Self.base.replacingOccurrences(of: "  - {id: high, name: High risk}", with: "  - {id: high, name: High risk}\n  - {id: low}")
        text = text.replacingOccurrences(of: "  - {id: kim, name: Kim Example,", with: "  - {id: alex, name: Kim Example,")
        let p = problems(text)
        let tierLine = lineNumber(of: "- {id: low}", in: text)
        #expect(p.contains("gateboard.yaml:\(tierLine):5: tier: missing required key 'name'"))
        let personLine = lineNumber(of: "{id: alex, name: Kim", in: text)
        let firstAlex = lineNumber(of: "{id: alex, name: Alex", in: text)
        #expect(p.contains("gateboard.yaml:\(personLine):10: duplicate person id 'alex' (first at line \(firstAlex))"))
    }

    @Test func newerSchemaIsRefused() {
        let text = Self.base.replacingOccurrences(of: "schema: 1", with: "schema: 7")
        #expect(problems(text) == ["gateboard.yaml:5:9: schema 7 is newer than this gateboard understands (1); upgrade gateboard — the file is left as it is"])
    }

    @Test func malformedYAMLIsLocated() {
        let p = problems("schema: 1\nname: [unclosed\nroles: []\n")
        #expect(p.count == 1)
        #expect(p[0].hasPrefix("gateboard.yaml:"))
        #expect(p[0].contains("invalid YAML"))
    }

    @Test func duplicateKey() {
        let p = problems("schema: 1\nname: a\nname: b\n")
        #expect(p == ["gateboard.yaml:2:1: duplicate key 'name' in one mapping"])
    }

    @Test func anchorsAndAliasesAreRefused() {
        let bomb = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        """
        let p = problems(bomb)
        #expect(p.count == 9)
        #expect(p.first == "gateboard.yaml:1:4: YAML anchors and aliases (& and *) are not allowed in board files")
    }

    @Test func deepNestingIsBounded() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let p = problems("schema: 1\nname: " + deep + "\n")
        #expect(p.count == 1)
        #expect(p[0].hasPrefix("gateboard.yaml:2:"))
        let moderate = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let q = problems("schema: 1\nname: " + moderate + "\n")
        #expect(q.count == 1)
        #expect(q[0].contains("nesting"))
    }
}
