import Foundation
import Testing

/// Issue 19, risk screening, through the binary: answers on `new` and `screen`, the proposal
/// shown, the shortfall blocking the gate until a risk reviewer's `tier-override`, and bad
/// answers refused with nothing written.
@Suite struct ScreeningEndToEndTests {
    static let none = ["annex_iii=none", "personal_data=no", "customer_facing=no", "automated_decision=no", "vendor_model=no"]

    /// `--answer` flags for the default questions, `changes` replacing some.
    static func answers(_ changes: [String: String] = [:]) -> [String] {
        none.flatMap { pair -> [String] in
            let id = String(pair.prefix { $0 != "=" })
            return ["--answer", changes[id].map { "\(id)=\($0)" } ?? pair]
        }
    }

    func files(_ b: FixtureBoard) throws -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: b.url("usecases").path))?.sorted() ?? []
    }

    func blockerKinds(_ b: FixtureBoard, _ id: String) throws -> [String] {
        let gate = try b.run(["check", id, "--json"]).object()["gate"] as? [String: Any]
        return (gate?["blockers"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
    }

    func triageCodes(_ b: FixtureBoard, _ id: String) throws -> [String] {
        let rows = try b.run(["triage", "--json"]).json() as? [[String: Any]] ?? []
        let row = rows.first { $0["id"] as? String == id }
        return (row?["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }

    @Test func aTierBelowTheProposalBlocksUntilARiskReviewerOverridesIt() throws {
        let b = try FixtureBoard()
        let made = try b.act(["new", "--title", "Credit limit assistant", "--tier", "low"] + Self.answers(["annex_iii": "credit", "vendor_model": "yes"]),
                             as: "ana")
        #expect(made.stdout.contains("screening proposes tier high"), "\(made)")
        #expect(made.stdout.contains("decides about people in an Annex III high-risk area"))
        #expect(made.stdout.contains("✗ tier low is below the proposal high"))
        #expect(try blockerKinds(b, "UC-0001").contains("screening"))
        #expect(try triageCodes(b, "UC-0001").contains("tier_below_screening"))
        let shown = try b.run(["show", "UC-0001", "--json"]).object()
        let screening = try #require(shown["screening"] as? [String: Any])
        #expect(screening["proposedTier"] as? String == "high")
        #expect(screening["belowProposal"] as? Bool == true)
        #expect(screening["accepted"] as? Bool == false)
        #expect((screening["answers"] as? [String: String])?["annex_iii"] == "credit")
        #expect((screening["reasons"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } == ["annex-iii", "vendor-model"])

        // Not by the business owner, not without a reason: refused, nothing written.
        let log = try String(contentsOf: b.url("audit/UC-0001.jsonl"), encoding: .utf8)
        let byOwner = try b.run(["tier-override", "UC-0001", "--reason", "pilot"], as: "ana")
        #expect(byOwner.status == 1)
        #expect(byOwner.stderr.contains("only a risk reviewer can"), "\(byOwner)")
        #expect(try b.run(["tier-override", "UC-0001", "--reason", " "], as: "rita").status != 0)
        #expect(try String(contentsOf: b.url("audit/UC-0001.jsonl"), encoding: .utf8) == log)

        let ok = try b.act(["tier-override", "UC-0001", "--reason", "Pilot on synthetic applicants only"], as: "rita")
        #expect(ok.stdout.contains("accepted by Rita Lindqvist"), "\(ok)")
        #expect(try !blockerKinds(b, "UC-0001").contains("screening"))
        #expect(try !triageCodes(b, "UC-0001").contains("tier_below_screening"))
        let after = try b.run(["show", "UC-0001", "--json"]).object()["screening"] as? [String: Any]
        #expect(after?["accepted"] as? Bool == true)
        #expect((after?["override"] as? [String: Any])?["by"] as? String == "rita")
        #expect(try b.run(["log", "UC-0001"]).stdout.contains("tier override: low accepted below the proposed high"))
        #expect(try b.run(["verify"]).status == 0)

        // The override is in the use case file, beside the answers.
        let file = try String(contentsOf: b.url("usecases/UC-0001.yaml"), encoding: .utf8)
        #expect(file.contains("tierOverride:\n  by: rita\n"))
        #expect(file.contains("screening:\n  annex_iii: credit\n"))
    }

    @Test func aTierAtOrAboveTheProposalNeedsNothing() throws {
        let b = try FixtureBoard()
        try b.act(["new", "--title", "Support reply drafts", "--tier", "medium"] + Self.answers(["customer_facing": "yes"]), as: "ana")
        #expect(try !blockerKinds(b, "UC-0001").contains("screening"))
        let r = try b.run(["tier-override", "UC-0001", "--reason", "no need"], as: "rita")
        #expect(r.status == 1)
        #expect(r.stderr.contains("no override needed"), "\(r)")
    }

    @Test func rescreeningAboveTheTierRaisesTheFlowAgain() throws {
        let b = try FixtureBoard()
        try b.act(["new", "--title", "Claims triage", "--tier", "medium"] + Self.answers(), as: "ana")
        #expect(try !triageCodes(b, "UC-0001").contains("tier_below_screening"))
        let again = try b.act(["screen", "UC-0001"] + Self.answers(["annex_iii": "essential_services"]), as: "ana")
        #expect(again.stdout.contains("screening proposes tier high"), "\(again)")
        #expect(try triageCodes(b, "UC-0001").contains("tier_below_screening"))
        #expect(try blockerKinds(b, "UC-0001").contains("screening"))
        #expect(try b.run(["log", "UC-0001"]).stdout.contains("screened: annex_iii essential_services"))
        // The same answers again: nothing to do.
        #expect(try b.run(["screen", "UC-0001"] + Self.answers(["annex_iii": "essential_services"]), as: "ana").status == 1)
        // Raising the tier settles it with no override.
        try b.act(["edit", "UC-0001", "--tier", "high"], as: "ana")
        #expect(try !triageCodes(b, "UC-0001").contains("tier_below_screening"))
        #expect(try b.run(["verify"]).status == 0)
        // Without answers and without a terminal: a usage error, nothing written.
        #expect(try b.run(["screen", "UC-0001"], as: "ana").status == 2)
    }

    @Test func answersFromAFileInJSONOrYAML() throws {
        let b = try FixtureBoard()
        let json = b.url("answers.json")
        try #"{"annex_iii": "employment", "personal_data": true, "customer_facing": "no", "automated_decision": "yes", "vendor_model": "no"}"#
            .write(to: json, atomically: true, encoding: .utf8)
        try b.act(["new", "--title", "CV screening", "--tier", "high", "--answers", json.path], as: "ana")
        let s = try b.run(["show", "UC-0001", "--json"]).object()["screening"] as? [String: Any]
        #expect((s?["answers"] as? [String: String]) == ["annex_iii": "employment", "personal_data": "yes", "customer_facing": "no",
                                                          "automated_decision": "yes", "vendor_model": "no"])
        let text = try b.run(["show", "UC-0001"]).stdout
        #expect(text.contains("Screening\n"))
        #expect(text.contains("Recruitment, promotion, work allocation or dismissal [employment]"))
        // Recorded in the create event: the log replays it.
        #expect(try String(contentsOf: b.url("audit/UC-0001.jsonl"), encoding: .utf8).contains(#""answers":{"annex_iii":"employment""#))
        #expect(try b.run(["verify"]).status == 0)
    }

    @Test func badAnswersAreRefusedAndNothingIsWritten() throws {
        let b = try FixtureBoard()
        let cases: [([String], String)] = [
            (Self.answers() + ["--answer", "favourite=blue"], "unknown screening question 'favourite'"),
            (Self.answers(["annex_iii": "healthcare"]), "'healthcare' is not one of none, credit, employment, essential_services"),
            (Self.answers(["personal_data": "maybe"]), "'maybe' is not one of yes, no"),
            (["--answer", "annex_iii=credit"], "screening answers missing for personal_data, customer_facing, automated_decision, vendor_model"),
            (["--answer", "annex_iii"], "--answer: expected id=value"),
            (Self.answers() + ["--answer", "annex_iii=credit"], "question annex_iii is answered twice"),
        ]
        for (args, message) in cases {
            let r = try b.run(["new", "--title", "Bad", "--tier", "low"] + args, as: "ana")
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains(message), "\(r)")
        }
        let file = b.url("answers.yaml")
        try "annex_iii: medicine\npersonal_data: yes\ncustomer_facing: no\nautomated_decision: no\nvendor_model: no\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let located = try b.run(["new", "--title", "Bad", "--tier", "low", "--answers", file.path], as: "ana")
        #expect(located.status == 1)
        #expect(located.stderr.contains("\(file.path):1:12: screening answer to annex_iii: 'medicine' is not one of"), "\(located)")
        #expect(try files(b).isEmpty)
    }

    @Test func thePolicyShowsTheQuestionnaire() throws {
        let b = try FixtureBoard()
        let policy = try b.run(["policy", "--json"]).object()
        let s = try #require(policy["screening"] as? [String: Any])
        let questions = try #require(s["questions"] as? [[String: Any]])
        #expect(questions.map { $0["id"] as? String } == ["annex_iii", "personal_data", "customer_facing", "automated_decision", "vendor_model"])
        #expect(questions[0]["kind"] as? String == "choice")
        #expect((questions[0]["choices"] as? [[String: Any]])?.count == 4)
        #expect(questions[1]["kind"] as? String == "yesno")
        #expect(questions[1]["choices"] == nil)
        let rules = try #require(s["rules"] as? [[String: Any]])
        let vendor = try #require(rules.first { $0["id"] as? String == "vendor-model" })
        #expect(vendor["controls"] as? [String] == ["vendor-assessment"])
        #expect((vendor["when"] as? [String: [String]]) == ["vendor_model": ["yes"]])
        #expect(try b.run(["policy"]).stdout.contains("Screening (a tier below the proposal needs a tier override by risk reviewer)"))
    }
}
