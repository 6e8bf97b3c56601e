import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// Issue 19: the policy's `screening:` section, each problem located (file:line:col), and the
/// `--answers` file.
@Suite struct ScreeningParsingTests {
    static let base = DefaultPolicyText.policyYAML(name: "Test")

    func problems(_ text: String) -> [String] { PolicyHardeningTests().problems(text) }
    func line(of needle: String, in text: String) -> Int { PolicyHardeningTests().line(of: needle, in: text) }

    func replacing(_ old: String, _ new: String) -> String {
        precondition(Self.base.components(separatedBy: old).count == 2, "not exactly once: \(old)")
        return Self.base.replacingOccurrences(of: old, with: new)
    }

    @Test func theDefaultPolicyHasTheQuestionsTheIssueNames() throws {
        let p = try PolicyParser.parse(text: Self.base, display: "gateboard.yaml").get()
        #expect(p.screening.questions.map(\.id) == ["annex_iii", "personal_data", "customer_facing", "automated_decision", "vendor_model"])
        #expect(p.screening.question("annex_iii")?.choices.map(\.id) == ["none", "credit", "employment", "essential_services"])
        #expect(p.control("vendor-assessment")?.kind == .evidence)
        #expect(p.screening.rules.first { $0.id == "vendor-model" }?.controls == ["vendor-assessment"])
    }

    @Test func aRuleNamingAnUnknownTierControlOrGateIsLocated() {
        var text = replacing("      tier: high\n      reason: decides about people", "      tier: extreme\n      reason: decides about people")
        var l = line(of: "tier: extreme", in: text)
        #expect(problems(text) == ["gateboard.yaml:\(l):13: screening rule annex-iii: unknown tier 'extreme'"])

        text = replacing("      controls: [vendor-assessment]", "      controls: [vendor-assesment]")
        l = line(of: "vendor-assesment", in: text)
        #expect(problems(text) == ["gateboard.yaml:\(l):18: screening rule vendor-model: unknown control 'vendor-assesment' (did you mean 'vendor-assessment'?)"])

        text = replacing("      gate: implementation\n", "      gate: build\n")
        l = line(of: "gate: build", in: text)
        #expect(problems(text).contains { $0.hasPrefix("gateboard.yaml:\(l):13: screening rule vendor-model gate: unknown stage 'build'") })
    }

    @Test func aRuleNamingAnUnknownQuestionOrChoiceIsLocated() {
        var text = replacing("      when: {vendor_model: yes}", "      when: {vendor_modle: yes}")
        var l = line(of: "vendor_modle", in: text)
        #expect(problems(text) == ["gateboard.yaml:\(l):14: screening rule vendor-model: unknown question 'vendor_modle' (did you mean 'vendor_model'?)"])

        text = replacing("      when: {annex_iii: [credit, employment, essential_services]}", "      when: {annex_iii: [credit, employmnet]}")
        l = line(of: "employmnet", in: text)
        #expect(problems(text) == ["gateboard.yaml:\(l):34: screening rule annex-iii: 'employmnet' is not an answer to question annex_iii (answers: none, credit, employment, essential_services); did you mean 'employment'?"])

        text = replacing("      when: {personal_data: yes}", "      when: {personal_data: maybe}")
        l = line(of: "personal_data: maybe", in: text)
        #expect(problems(text) == ["gateboard.yaml:\(l):29: screening rule personal-data: 'maybe' is not an answer to question personal_data (answers: yes, no)"])
    }

    @Test func duplicateIdsAreLocated() {
        var text = replacing("    - {id: customer_facing, text:", "    - {id: personal_data, text:")
        var l = line(of: "{id: personal_data, text: Does it show", in: text)
        let first = line(of: "{id: personal_data, text: Does it process", in: text)
        #expect(problems(text).contains("gateboard.yaml:\(l):12: duplicate screening question id 'personal_data' (first at line \(first))"))

        text = replacing("        - {id: employment, text:", "        - {id: credit, text:")
        l = line(of: "{id: credit, text: \"Recruitment", in: text)
        #expect(problems(text).contains { $0.hasPrefix("gateboard.yaml:\(l):16: duplicate choice id of question annex_iii 'credit'") })

        text = replacing("    - id: customer-facing\n", "    - id: personal-data\n")
        l = line(of: "- id: personal-data", in: Self.base) + 0
        let second = text.components(separatedBy: "\n").enumerated().filter { $0.element.contains("- id: personal-data") }.map { $0.offset + 1 }
        #expect(second.count == 2)
        #expect(problems(text) == ["gateboard.yaml:\(second[1]):11: duplicate screening rule id 'personal-data' (first at line \(l))"])
    }

    @Test func questionsOfTheWrongShapeAreLocated() {
        var text = replacing("    - {id: vendor_model, text: Does it use a third-party or vendor model?, kind: yesno}",
                             "    - {id: vendor_model, text: Does it use a third-party or vendor model?, kind: maybe}")
        var l = line(of: "kind: maybe", in: text)
        #expect(problems(text).contains { $0.hasPrefix("gateboard.yaml:\(l):") && $0.contains("unknown kind 'maybe' (kinds: yesno, choice, multi)") })

        text = replacing("    - {id: vendor_model, text: Does it use a third-party or vendor model?, kind: yesno}",
                         "    - {id: vendor_model, text: Which vendor?, kind: choice}")
        l = line(of: "Which vendor?", in: text)
        #expect(problems(text).contains { $0.hasPrefix("gateboard.yaml:\(l):") && $0.contains("a choice question needs at least two choices") })
    }

    @Test func theOverrideRoleMustBeARole() {
        let text = replacing("  overrideRole: risk_reviewer", "  overrideRole: risk_reviwer")
        let l = line(of: "overrideRole: risk_reviwer", in: text)
        #expect(problems(text) == ["gateboard.yaml:\(l):17: screening.overrideRole: unknown role 'risk_reviwer' (did you mean 'risk_reviewer'?)"])
    }

    // MARK: - The answers file

    func answers(_ text: String) -> Result<[String: ScreeningInput], BoardInvalid> {
        ScreeningAnswersFile.parse(text: text, display: "answers.yaml", screening: Policy.standardScreening)
    }

    @Test func anAnswersFileInYAMLOrJSON() throws {
        let yaml = try answers("annex_iii: credit\npersonal_data: yes\ncustomer_facing: no\nautomated_decision: no\nvendor_model: yes\n").get()
        #expect(yaml["annex_iii"] == .text("credit"))
        let json = try answers(#"{"annex_iii": "none", "personal_data": true, "customer_facing": false, "automated_decision": "no", "vendor_model": "no"}"#).get()
        #expect(json["personal_data"] == .text("yes"))
        #expect(try Policy.standardScreening.validate(json)["customer_facing"] == "no")
    }

    @Test func anAnswersFileWithUnknownQuestionsOrValuesIsLocated() {
        guard case .failure(let e) = answers("annex_iii: medicine\npersonal_data: [yes]\nfavourite: blue\n") else {
            Issue.record("accepted")
            return
        }
        let p = e.diagnostics.map(\.description)
        #expect(p.contains("answers.yaml:1:12: screening answer to annex_iii: 'medicine' is not one of none, credit, employment, essential_services"))
        #expect(p.contains("answers.yaml:2:16: screening answer to personal_data: one value expected (yes, no), found a list"))
        #expect(p.contains { $0.hasPrefix("answers.yaml:3:1: unknown screening question 'favourite'") })
        // A question answered twice.
        guard case .failure(let twice) = answers("annex_iii: none\nannex_iii: credit\n") else {
            Issue.record("accepted")
            return
        }
        #expect(twice.diagnostics.map(\.description).contains { $0.hasPrefix("answers.yaml:") && $0.contains("duplicate key 'annex_iii'") })
    }
}
