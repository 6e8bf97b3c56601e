import Foundation

/// `report --by template` and `triage --by template`: use cases grouped by the template they
/// were started from, in the policy's order of templates, then a template the policy no longer
/// declares (by id), then those started from none. Empty groups are left out.
public struct TemplateGroup: Equatable, Sendable {
    /// nil: no template.
    public var template: String?
    public var name: String
    public var useCases: [UseCaseID]

    public static func group(_ useCases: [UseCase], policy: Policy) -> [TemplateGroup] {
        var byTemplate: [String: [UseCaseID]] = [:]
        var none: [UseCaseID] = []
        for uc in useCases.sorted(by: { $0.id < $1.id }) {
            if let t = uc.template { byTemplate[t, default: []].append(uc.id) } else { none.append(uc.id) }
        }
        var out = policy.templates.compactMap { t in byTemplate[t.id].map { TemplateGroup(template: t.id, name: t.name, useCases: $0) } }
        for id in byTemplate.keys.sorted() where policy.template(id) == nil {
            out.append(TemplateGroup(template: id, name: id + " (not in the policy)", useCases: byTemplate[id]!))
        }
        if !none.isEmpty { out.append(TemplateGroup(template: nil, name: "No template", useCases: none)) }
        return out
    }
}

/// One template's line in `report --by template`: how many use cases, where they stand.
public struct TemplateSummary: Equatable, Sendable {
    public var group: TemplateGroup
    /// Active stage id → use cases in it (terminal stages counted as retired).
    public var byStage: [StageID: Int]
    public var retired: Int
    public var stalled: Int
    public var halted: Int
    /// Declared fields not set, summed over the group's active use cases.
    public var fieldsMissing: Int

    public static func compute(_ useCases: [UseCase], policy: Policy, now: Date) -> [TemplateSummary] {
        let byID = Dictionary(useCases.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return TemplateGroup.group(useCases, policy: policy).map { g in
            var s = TemplateSummary(group: g, byStage: [:], retired: 0, stalled: 0, halted: 0, fieldsMissing: 0)
            for uc in g.useCases.compactMap({ byID[$0] }) {
                if policy.stage(uc.stage)?.terminal == true { s.retired += 1; continue }
                s.byStage[uc.stage, default: 0] += 1
                if GateEngine.clock(uc, policy: policy, now: now).stalled { s.stalled += 1 }
                if uc.halted != nil { s.halted += 1 }
                s.fieldsMissing += policy.fields.filter { uc.fields[$0.id] == nil }.count
            }
            return s
        }
    }
}
