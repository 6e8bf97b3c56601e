import GateboardCore

/// `policy --json`.
package struct PolicyJSON: Encodable {
    struct StageJSON: Encodable {
        var id: String
        var name: String
        var ownerRole: String
        var sla: [String: Int]
        var terminal: Bool
    }
    struct NamedJSON: Encodable {
        var id: String
        var name: String
    }
    struct PersonJSON: Encodable {
        var id: String
        var name: String
        var function: String
        var roles: [String]
        var login: String?
    }
    struct ControlJSON: Encodable {
        var id: String
        var title: String
        var kind: String
        var waivable: Bool
        var role: String?
        var field: String?
        var references: [String]
    }
    struct ApprovalRuleJSON: Encodable {
        var role: String
        var quorum: Int
        var anyHolder: Bool
        var control: String?
    }
    struct RequirementsJSON: Encodable {
        var controls: [String]
        var approvals: [ApprovalRuleJSON]
        var distinctApprovers: Bool
        var noSelfApproval: Bool
        var excludedApproverRoles: [String]
        var anyRejectionBlocks: Bool
        var approvalExpiryDays: Int?

        init(_ r: GateRequirements) {
            controls = r.controls
            approvals = r.approvals.map { ApprovalRuleJSON(role: $0.role, quorum: $0.quorum, anyHolder: $0.anyHolder, control: $0.control) }
            distinctApprovers = r.distinctApprovers
            noSelfApproval = r.noSelfApproval
            excludedApproverRoles = r.excludedApproverRoles
            anyRejectionBlocks = r.anyRejectionBlocks
            approvalExpiryDays = r.approvalExpiryDays
        }
    }
    struct GateJSON: Encodable {
        var from: String
        var to: String?
        /// The effective requirements per tier (base merged with the tier's additions).
        var tiers: [String: RequirementsJSON]
    }
    struct WaiverRulesJSON: Encodable {
        var approverRole: String
        var maxDays: [String: Int]
        var neverWaive: [String]
    }

    var name: String
    var schema: Int
    var idPrefix: String
    var stages: [StageJSON]
    var roles: [NamedJSON]
    var tiers: [NamedJSON]
    var people: [PersonJSON]
    var controls: [ControlJSON]
    var gates: [GateJSON]
    var waivers: WaiverRulesJSON
    var separationOfDuties: [[String]]
    var stopShipRole: String
    var changeRouting: [String: String]
    var productionReviewDays: [String: Int]
    /// People away: `[{person, from, until, note?}]`.
    var away: [AwayPeriod]
    var incidents: IncidentRulesJSON? = nil
    var monitors: [MonitorRuleJSON] = []
    /// Risk screening: the questions and the rules (`PolicyScreeningJSON`).
    var screening: PolicyScreeningJSON? = nil
    /// Inventory fields: `[{id, label, type, description?, choices?}]`.
    var fields: [FieldJSON] = []
    /// Templates: `[{id, name, description?, fields, artifacts, controls, owners}]`.
    var templates: [UseCaseTemplate] = []
    var evidenceMustResolve = false

    package init(_ p: Policy) {
        name = p.name
        schema = p.schema
        idPrefix = p.idPrefix
        stages = p.stages.map { StageJSON(id: $0.id, name: $0.name, ownerRole: $0.ownerRole, sla: $0.sla, terminal: $0.terminal) }
        roles = p.roles.map { NamedJSON(id: $0.id, name: $0.name) }
        tiers = p.tiers.map { NamedJSON(id: $0.id, name: $0.name) }
        people = p.people.map { PersonJSON(id: $0.id, name: $0.name, function: $0.function, roles: $0.roles, login: $0.login) }
        controls = p.controls.map {
            ControlJSON(id: $0.id, title: $0.title, kind: $0.kind.rawValue,
                        waivable: $0.waivable && !p.waivers.neverWaive.contains($0.id),
                        role: $0.role, field: $0.field, references: $0.references)
        }
        gates = p.gates.map { g in
            var byTier: [String: RequirementsJSON] = [:]
            for t in p.tiers { byTier[t.id] = RequirementsJSON(g.requirements(for: t.id)) }
            return GateJSON(from: g.from, to: p.nextStage(after: g.from)?.id, tiers: byTier)
        }
        waivers = WaiverRulesJSON(approverRole: p.waivers.approverRole, maxDays: p.waivers.maxDays, neverWaive: p.waivers.neverWaive)
        separationOfDuties = p.separationOfDuties.map { [$0.a, $0.b] }
        stopShipRole = p.stopShipRole
        changeRouting = Dictionary(uniqueKeysWithValues: p.changeRouting.map { ($0.key.rawValue, $0.value) })
        productionReviewDays = p.productionReviewDays
        away = p.away
        incidents = IncidentRulesJSON(p.incidents)
        monitors = p.monitors.map(MonitorRuleJSON.init)
        screening = PolicyScreeningJSON(p.screening)
        fields = p.fields.map(FieldJSON.init)
        templates = p.templates
        evidenceMustResolve = p.evidenceMustResolve
    }
}
