import Foundation
import Testing
@testable import GateboardCore

/// Inventory fields: typing `--field` input, the `edit` event they record and its replay, the
/// `field` control on a declared field, and templates (presets, explicit values winning, the
/// controls they add to a gate, default owners).
@Suite struct InventoryFieldTests {
    static func policy(owners: [RoleID: PersonID] = [:]) -> Policy {
        var p = Fx.policy
        p.templates[1].owners = owners
        return p
    }

    func set(_ pairs: [(String, String)], template: String? = nil, on uc: UseCase = Fx.useCase(),
             policy: Policy = Fx.policy) throws(Refusal) -> EventDetails {
        try ActionDecider.decide(.setFields(assignments: pairs.map { FieldAssignment(name: $0.0, value: $0.1) }, template: template),
                                 on: uc, actor: "sam", policy: policy, now: Fx.now).1
    }

    func refusal(_ pairs: [(String, String)], template: String? = nil, on uc: UseCase = Fx.useCase()) -> String? {
        do { _ = try set(pairs, template: template, on: uc); return nil } catch { return error.message }
    }

    func applied(_ d: EventDetails, to uc: UseCase) throws -> UseCase {
        try uc.applying(AuditEvent(seq: 2, id: "e2", at: Fx.now, actor: "sam", osUser: "t", action: .edit, useCase: uc.id, details: d))
    }

    @Test func eachTypeIsTypedAndReplayed() throws {
        let d = try set([("intended_purpose", "Route tickets\nto the right queue"), ("data_categories", "personal, financial"),
                         ("data_categories", "documents"), ("autonomy_level", "human_in_loop"), ("planned_go_live", "2027-02-01")])
        #expect(d.fields?["intended_purpose"] == .text("Route tickets\nto the right queue"))
        #expect(d.fields?["data_categories"] == .list(["personal", "financial", "documents"]))
        #expect(d.fields?["autonomy_level"] == .text("human_in_loop"))
        #expect(d.fields?["planned_go_live"] == .text("2027-02-01"))
        let uc = try applied(d, to: Fx.useCase())
        #expect(uc.fields.count == 4)
        // `name=` clears; a value equal to the current one records nothing.
        let cleared = try applied(try set([("data_categories", "")], on: uc), to: uc)
        #expect(cleared.fields["data_categories"] == nil)
        #expect(refusal([("autonomy_level", "human_in_loop")], on: uc)?.contains("nothing to change") == true)
    }

    @Test func wrongTypeUnknownFieldAndOversizeAreRefusedNamingTheField() {
        #expect(refusal([("autonomy_level", "fully_robotic")])?.contains("field autonomy_level must be one of advisory, human_in_loop") == true)
        #expect(refusal([("planned_go_live", "next friday")])?.contains("field planned_go_live is a date: expected YYYY-MM-DD") == true)
        #expect(refusal([("planned_go_live", "2027-02-30")])?.contains("planned_go_live") == true)
        #expect(refusal([("planned_go_live", "2027-2-1")])?.contains("planned_go_live") == true)
        #expect(refusal([("colour", "blue")])?.contains("unknown field colour: the policy's fields are intended_purpose") == true)
        #expect(refusal([("vendor_model", "a"), ("vendor_model", "b")])?.contains("field vendor_model takes one value") == true)
        #expect(refusal([("intended_purpose", String(repeating: "x", count: FieldLimits.text + 1))])?
            .contains("field intended_purpose is 10,001 characters long") == true)
        let many = (0...FieldLimits.listItems).map { "c\($0)" }.joined(separator: ",")
        #expect(refusal([("data_categories", many)])?.contains("field data_categories has 101 items") == true)
        #expect(refusal([("data_categories", "ok,bad\u{202E}item")])?.contains("an item of field data_categories contains") == true)
    }

    @Test func aFieldControlNamesTheFieldAndPassesOnceSet() throws {
        var p = Fx.policy
        p.gates[0].base.controls.append("intended-purpose")
        var uc = Fx.ready(stage: "scoped")
        let blocker = try #require(GateEngine.evaluate(uc, policy: p, now: Fx.now).blockers.first { $0.control == "intended-purpose" })
        #expect(blocker.field == "intended_purpose")
        #expect(blocker.message == "field intended_purpose (Intended purpose) not set: gateboard edit UC-0007 --field intended_purpose=…")
        uc.fields["intended_purpose"] = .text("Verify KYC documents")
        #expect(GateEngine.evaluate(uc, policy: p, now: Fx.now).passed)
    }

    @Test func aTemplatePresetsFieldsWithExplicitValuesWinningAndAddsItsControls() throws {
        let d = try set([("autonomy_level", "advisory")], template: "customer-assistant")
        #expect(d.template == "customer-assistant")
        #expect(d.fields?["autonomy_level"] == .text("advisory"), "explicit wins")
        #expect(d.fields?["deployment_context"] == .text("customer_facing"))
        #expect(d.fields?["affected_people"] == .list(["customers"]))
        let uc = try applied(d, to: Fx.ready(stage: "scoped"))
        #expect(uc.template == "customer-assistant")
        #expect(uc.artifactsToFill(policy: Fx.policy) == ["spec", "policy"], "model and prompt are recorded")
        // The template's control joins the scoped gate; without the template it does not.
        #expect(Fx.messages(uc).contains { $0.contains("intended_purpose") })
        #expect(!Fx.messages(Fx.ready(stage: "scoped")).contains { $0.contains("intended_purpose") })
        var checkpoint = uc
        checkpoint.stage = "checkpoint"
        checkpoint.controls["human-oversight"] = nil
        #expect(Policy.standard.requirements(for: checkpoint)?.controls.contains("human-oversight") == true)
        // A value the use case already holds is not overwritten by a template.
        var held = Fx.useCase()
        held.fields["deployment_context"] = .text("internal")
        #expect(try set([], template: "customer-assistant", on: held).fields?["deployment_context"] == nil)
    }

    @Test func unknownTemplateListsTheNamesAndDefaultOwnersFollow() throws {
        #expect(refusal([], template: "chatbot") == "unknown template chatbot: the policy's templates are "
            + "document-extraction, customer-assistant, internal-summarisation")
        let p = Self.policy(owners: ["risk_reviewer": "omar", "business_owner": "alex"])
        #expect(p.templates[1].followUps(fields: [FieldAssignment(name: "vendor_model", value: "x")]) == [
            .setFields(assignments: [FieldAssignment(name: "vendor_model", value: "x")], template: "customer-assistant"),
            .assign(role: "business_owner", person: "alex"), .assign(role: "risk_reviewer", person: "omar"),
        ])
    }

    @Test func groupsByTemplateInPolicyOrderThenNone() {
        var a = Fx.useCase(), b = Fx.useCase(), c = Fx.useCase()
        a.id = "UC-0001"; a.template = "internal-summarisation"
        b.id = "UC-0002"; b.template = "document-extraction"
        c.id = "UC-0003"
        let groups = TemplateGroup.group([a, b, c], policy: Fx.policy)
        #expect(groups.map(\.template) == ["document-extraction", "internal-summarisation", nil])
        #expect(groups.map(\.useCases) == [["UC-0002"], ["UC-0001"], ["UC-0003"]])
    }

    @Test func assignmentsParse() {
        #expect(FieldAssignment(parsing: "a=b=c") == FieldAssignment(name: "a", value: "b=c"))
        #expect(FieldAssignment(parsing: "a=") == FieldAssignment(name: "a", value: ""))
        #expect(FieldAssignment(parsing: "=x") == nil)
        #expect(FieldAssignment(parsing: "novalue") == nil)
    }
}

extension InventoryFieldTests {
    /// The stage owner's inbox names an unset inventory field by its label.
    @Test func theInboxNamesTheFieldByItsLabel() throws {
        var p = Fx.policy
        p.gates[0].base.controls.append("intended-purpose")
        let uc = Fx.ready(stage: "scoped")
        let entries = Inbox.entries(for: "alex", useCases: [uc], policy: p, now: Fx.now)
        #expect(entries.contains { $0.need == .field && $0.message.contains("fill in the intended purpose") }, "\(entries)")
    }
}

extension InventoryFieldTests {
    /// The stand-up says which fields an edit set and which template it recorded.
    @Test func theStandupNamesTheFieldsAndTheTemplate() throws {
        var r = try Recorder(id: "UC-0009", at: Fx.daysAgo(3))
        try r.act(.setFields(assignments: [FieldAssignment(name: "vendor_model", value: "in-house")], template: "internal-summarisation"),
                  as: "alex", at: Fx.daysAgo(0.4))
        let change = Standup.change(r.events.last!, policy: Fx.policy)
        #expect(change.message == "Alex Morgan edited template internal-summarisation, affected_people, autonomy_level, deployment_context and vendor_model")
    }
}
