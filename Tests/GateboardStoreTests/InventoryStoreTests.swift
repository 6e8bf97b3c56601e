import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// Inventory fields and templates in the store: the policy's `fields:` and `templates:` with
/// located diagnostics, and field values and the template through the use case file, the audit
/// line and the binary cache, byte for byte for hostile text.
@Suite struct InventoryStoreTests {
    static let base = DefaultPolicyText.policyYAML(name: "Test")

    func problems(_ text: String) -> [String] { PolicyHardeningTests().problems(text) }
    func line(of needle: String, in text: String) -> Int { PolicyHardeningTests().line(of: needle, in: text) }

    func replacing(_ old: String, _ new: String) -> String {
        precondition(Self.base.contains(old), old)
        return Self.base.replacingOccurrences(of: old, with: new)
    }

    @Test func defaultFieldsAndTemplatesParse() throws {
        let p = try PolicyParser.parse(text: Self.base, display: "gateboard.yaml").get()
        #expect(p.fields.map(\.id) == ["intended_purpose", "data_categories", "affected_people", "autonomy_level", "vendor_model",
                                      "deployment_context", "planned_go_live"])
        #expect(p.fields.map(\.kind) == [.text, .list, .list, .choice, .text, .choice, .date])
        #expect(p.templates.map(\.id) == ["document-extraction", "customer-assistant", "internal-summarisation"])
    }

    @Test func unknownTypeIsLocatedWithASuggestion() {
        let text = replacing("type: date}", "type: dat}")
        let l = line(of: "type: dat}", in: text)
        #expect(problems(text) == ["gateboard.yaml:\(l):57: field planned_go_live: unknown type 'dat' (types: text, choice, list, date); did you mean 'date'?"])
    }

    @Test func duplicateIdsAndChoiceWithoutChoicesAreLocated() {
        var text = replacing("  - {id: vendor_model, label: Vendor model,", "  - {id: affected_people, label: Vendor model,")
        text = text.replacingOccurrences(of: "type: choice, choices: [internal, customer_facing, partner_facing]}", with: "type: choice}")
        let p = problems(text)
        let dup = line(of: "{id: affected_people, label: Vendor model", in: text)
        #expect(p.contains { $0.hasPrefix("gateboard.yaml:\(dup):10: ") && $0.contains("duplicate field id 'affected_people' (first at line") }, "\(p)")
        let choice = line(of: "{id: deployment_context", in: text)
        #expect(p.contains("gateboard.yaml:\(choice):5: field deployment_context: a choice field needs choices: [...]"), "\(p)")
        // Choices on a text field, and a template presetting a field with a value of the wrong type.
        let wrong = replacing("{id: vendor_model, label: Vendor model, type: text,", "{id: vendor_model, label: Vendor model, type: text, choices: [a],")
            .replacingOccurrences(of: "fields: {autonomy_level: advisory,", with: "fields: {autonomy_level: robotic,")
        let q = problems(wrong)
        #expect(q.contains { $0.contains("field vendor_model: only a choice field has choices (this one is text)") }, "\(q)")
        let t = line(of: "autonomy_level: robotic", in: wrong)
        #expect(q.contains { $0.hasPrefix("gateboard.yaml:\(t):") && $0.contains("template internal-summarisation: field autonomy_level must be one of") }, "\(q)")
    }

    @Test func templatesNameKnownStagesControlsFieldsAndPeople() {
        let text = replacing("controls: {scoped: [intended-purpose], checkpoint: [human-oversight]}",
                             "controls: {scopd: [intended-purpose], checkpoint: [human-oversite]}\n    owners: {risk_reviewer: alex, ops_owner: nobody}")
            .replacingOccurrences(of: "fields: {autonomy_level: human_in_loop,", with: "fields: {autonomy: human_in_loop,")
        let p = problems(text)
        #expect(p.contains { $0.contains("unknown stage 'scopd'") }, "\(p)")
        #expect(p.contains { $0.contains("unknown control 'human-oversite'") }, "\(p)")
        #expect(p.contains { $0.contains("template customer-assistant owners.risk_reviewer: Alex Example may not hold risk_reviewer") }, "\(p)")
        #expect(p.contains { $0.contains("template customer-assistant owners.ops_owner: unknown person 'nobody'") }, "\(p)")
        #expect(p.contains { $0.contains("template document-extraction: unknown field 'autonomy'") }, "\(p)")
        #expect(p.allSatisfy { $0.hasPrefix("gateboard.yaml:") && $0.split(separator: ":").count >= 4 }, "every one located: \(p)")
    }

    @Test func aFieldControlMustNameADeclaredField() {
        let text = replacing("    field: intended_purpose\n", "    field: intended_purpos\n")
        let l = line(of: "field: intended_purpos", in: text)
        #expect(problems(text).contains { $0.hasPrefix("gateboard.yaml:\(l):12: control intended-purpose: field must be problem, metric or a declared field") })
    }

    func withFields(_ text: String) -> UseCase {
        var uc = EmitterRoundTripTests().sample(text)
        uc.fields = ["intended_purpose": .text(text.isEmpty ? "x" : text), "data_categories": .list([text.isEmpty ? "y" : text, "b"]),
                     text.isEmpty ? "k" : text: .list(["one"])]
        uc.template = text.isEmpty ? nil : text
        return uc
    }

    @Test(arguments: EmitterRoundTripTests.hostile)
    func fieldsSurviveTheFileTheLogAndTheCache(_ text: String) throws {
        let uc = withFields(text)
        let yaml = UseCaseEmitter.text(uc)
        let parsed = try UseCaseParser.parse(text: yaml, display: "UC-0007.yaml", expectedID: "UC-0007", policy: nil).get()
        #expect(parsed == uc)
        #expect(UseCaseEmitter.text(parsed) == yaml)
        #expect(!yaml.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || TerminalSafe.escapedInFiles($0) && $0 != "\n" })
        var w = BinaryWriter()
        UseCaseBinary.write(uc, &w)
        let bytes = w.bytes
        let back = try bytes.withUnsafeBytes { raw in
            var r = BinaryReader(raw)
            return try UseCaseBinary.read(&r)
        }
        #expect(back == uc)
        var d = EventDetails()
        d.fields = uc.fields
        d.template = text
        let e = AuditEvent(seq: 2, id: "e1", at: Date(timeIntervalSince1970: 1_795_000_000), actor: "alex", osUser: "alex",
                           action: .edit, useCase: "UC-0007", details: d, state: "s", prev: "p")
        let line = AuditEventCodec.encode(e)
        #expect(!line.contains(0x0A))
        #expect(try AuditEventCodec.decode(line) == e)
    }

    @Test func aFieldOfTheWrongShapeInALogLineIsRefused() {
        let line = #"{"action":"edit","actor":"a","at":"2026-11-26T12:00:00Z","details":{"fields":{"x":1}},"id":"i","osUser":"a","prev":"p","schema":1,"seq":2,"state":"s","useCase":"UC-0001"}"#
        #expect(throws: AuditEventCodec.DecodeError.self) { try AuditEventCodec.decode(Array(line.utf8)) }
    }
}
