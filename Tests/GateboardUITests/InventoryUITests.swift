import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// The TUI's part of inventory fields and templates: the `n` form's template picker (a create
/// followed by the template's fields and owners) and the detail's Inventory section.
@Suite struct InventoryUITests {
    static let policy: Policy = {
        var p = Fixture.policy
        p.fields = [InventoryField(id: "intended_purpose", label: "Intended purpose", kind: .text),
                    InventoryField(id: "data_categories", label: "Data categories", kind: .list),
                    InventoryField(id: "autonomy_level", label: "Autonomy level", kind: .choice, choices: ["advisory", "automated"])]
        p.templates = [UseCaseTemplate(id: "doc-extract", name: "Document extraction", fields: ["autonomy_level": .text("advisory")],
                                       artifacts: ["spec", "prompt"], owners: ["risk_reviewer": "omar"]),
                       UseCaseTemplate(id: "assistant", name: "Customer assistant")]
        return p
    }()

    static func state() -> AppState {
        var useCases = Fixture.board.useCases
        useCases[0].fields = ["intended_purpose": .text("Route claims \u{1B}[31mfast"), "data_categories": .list(["claims", "personal"])]
        useCases[0].template = "doc-extract"
        return Fixture.state(board: Board(policy: policy, useCases: useCases))
    }

    @Test func theNewFormOffersTheTemplatesAndCreatesThenApplies() {
        let s = Fixture.run(Self.state(), Fixture.keys("n")).0
        guard case .form(let f) = s.modal else { Issue.record("no form"); return }
        #expect(f.fields.last?.label == "Template")
        #expect(f.fields.last?.kind == .choice(["none", "doc-extract", "assistant"]))
        #expect(render(s).text.contains("none  doc-extract  assistant"))
        // Title, then Tab to Template (past Tier, Problem, Metric), → picks the first template.
        let msgs: [Msg] = Fixture.keys("Invoice reader") + [.key(.tab), .key(.tab), .key(.tab), .key(.tab), .key(.right), .key(.enter)]
        let effects = Fixture.run(s, msgs).1
        #expect(effects == [.createThen(.create(title: "Invoice reader", tier: "low", problem: "", metric: ""),
                                        then: [.setFields(assignments: [], template: "doc-extract"), .assign(role: "risk_reviewer", person: "omar")])])
        // "none" keeps the plain create.
        let plain = Fixture.run(s, Fixture.keys("Invoice reader") + [.key(.enter)]).1
        #expect(plain == [.perform(.create(title: "Invoice reader", tier: "low", problem: "", metric: ""), on: nil)])
    }

    @Test func withoutTemplatesTheFormHasNoPicker() {
        guard case .form(let f) = Fixture.run(Fixture.state(), Fixture.keys("n")).0.modal else { Issue.record("no form"); return }
        #expect(!f.fields.contains { $0.label == "Template" })
    }

    @Test func theDetailShowsFieldsTheTemplateAndArtifactsToFill() {
        var s = Self.state()
        let found = s.select(id: "UC-0001")
        #expect(found)
        s = Fixture.run(s, [.key(.enter)]).0
        let screen = render(s).text
        #expect(screen.contains("Inventory"), "\(screen)")
        #expect(screen.contains("template: Document extraction"))
        #expect(screen.contains("Intended purpose: Route claims ^[[31mfast"), "escaped: \(screen)")
        #expect(screen.contains("Data categories: claims, personal"))
        #expect(screen.contains("Autonomy level: not set"))
        #expect(screen.contains("artifacts to fill: spec, prompt"))
    }
}

extension InventoryUITests {
    /// The report view's "By template" section, as `report --by template` counts it.
    @Test func theReportGroupsByTemplate() {
        let s = Self.state()
        let right = ReportView.columns(PortfolioReport.compute(s.board.useCases, policy: s.policy, events: [], now: s.now),
                                       state: s, width: 160).right.map { $0.segments.map(\.text).joined() }
        #expect(right.contains { $0.hasPrefix("By template") }, "\(right)")
        // One use case, none live, stalled (9 days of 7 at checkpoint), one declared field not set.
        #expect(right.contains { $0.hasPrefix("  Document extraction") && $0.split(separator: " ").suffix(4) == ["1", "0", "1", "1"] }, "\(right)")
        #expect(right.contains { $0.hasPrefix("  No template") }, "\(right)")
        // Without templates the section is not there.
        let plain = Fixture.state()
        let none = ReportView.columns(PortfolioReport.compute(plain.board.useCases, policy: plain.policy, events: [], now: plain.now),
                                      state: plain, width: 160).right.map { $0.segments.map(\.text).joined() }
        #expect(!none.contains { $0.hasPrefix("By template") })
    }
}
