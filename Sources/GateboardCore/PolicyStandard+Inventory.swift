/// The default policy's inventory fields and templates (`DefaultPolicyText`'s `fields:` and
/// `templates:`): the same values, so `Policy.standard` keeps equal to the parsed default.
extension Policy {
    func withStandardInventory() -> Policy {
        var p = self
        p.fields = Self.standardFields
        p.templates = Self.standardTemplates
        return p
    }

    static let standardFields: [InventoryField] = [
        InventoryField(id: "intended_purpose", label: "Intended purpose", kind: .text,
                       description: "What the system is for and what it must not be used for"),
        InventoryField(id: "data_categories", label: "Data categories", kind: .list,
                       description: "Kinds of data it reads or produces (personal, financial, documents, …)"),
        InventoryField(id: "affected_people", label: "Affected people", kind: .list, description: "Who its outputs affect"),
        InventoryField(id: "autonomy_level", label: "Autonomy level", kind: .choice,
                       choices: ["advisory", "human_in_loop", "human_on_loop", "automated"]),
        InventoryField(id: "vendor_model", label: "Vendor model", kind: .text, description: "Third-party model and version, or in-house"),
        InventoryField(id: "deployment_context", label: "Deployment context", kind: .choice,
                       choices: ["internal", "customer_facing", "partner_facing"]),
        InventoryField(id: "planned_go_live", label: "Planned go-live", kind: .date),
    ]

    static let standardTemplates: [UseCaseTemplate] = [
        UseCaseTemplate(id: "document-extraction", name: "Document extraction",
                        description: "Reads documents and extracts fields for a person to check",
                        fields: ["autonomy_level": .text("human_in_loop"), "deployment_context": .text("internal"),
                                 "data_categories": .list(["documents"])],
                        artifacts: ["spec", "model", "prompt", "data"],
                        controls: ["scoped": ["intended-purpose"], "specification": ["data-protection-assessment"]]),
        UseCaseTemplate(id: "customer-assistant", name: "Customer-facing assistant",
                        description: "Generates text that customers read",
                        fields: ["autonomy_level": .text("human_on_loop"), "deployment_context": .text("customer_facing"),
                                 "affected_people": .list(["customers"])],
                        artifacts: ["spec", "model", "prompt", "policy"],
                        controls: ["scoped": ["intended-purpose"], "checkpoint": ["human-oversight"]]),
        UseCaseTemplate(id: "internal-summarisation", name: "Internal summarisation",
                        description: "Summarises internal material for staff",
                        fields: ["autonomy_level": .text("advisory"), "deployment_context": .text("internal"),
                                 "affected_people": .list(["employees"])],
                        artifacts: ["spec", "model", "prompt"],
                        controls: ["scoped": ["intended-purpose"]]),
    ]
}
