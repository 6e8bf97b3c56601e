import Foundation
import GateboardCore
import Yams

/// The `gates` section: one gate per stage that can be left forward, with per-tier additions.
enum GateParser {
    static let requirementKeys = ["controls", "approvals", "distinctApprovers", "noSelfApproval",
                                  "excludeApprovers", "anyRejectionBlocks", "approvalExpiryDays"]

    static func parseGates(_ r: NodeReader, _ node: Node, _ refs: inout References) -> [Gate] {
        guard let items = r.list(node, "gates") else { return [] }
        var gates: [Gate] = []
        var froms: [(String, Node)] = []
        for item in items {
            guard let f = r.mapping(item, "gate", known: ["from", "tiers"] + requirementKeys, required: ["from"]),
                  let fromNode = f["from"], let from = r.string(fromNode, "gate from", allowEmpty: false) else { continue }
            refs.stage(from, fromNode, "gate")
            froms.append((from, fromNode))
            let base = requirements(r, f, "gate from \(from)", &refs)
            var tiers: [TierID: GateRequirements] = [:]
            if let t = f["tiers"] {
                for (tier, keyNode, value) in r.keyed(t, "gate from \(from) tiers") ?? [] {
                    refs.tier(tier, keyNode, "gate from \(from)")
                    guard let tf = r.mapping(value, "gate from \(from) tier \(tier)", known: requirementKeys) else { continue }
                    tiers[tier] = requirements(r, tf, "gate from \(from) tier \(tier)", &refs)
                }
            }
            gates.append(Gate(from: from, base: base, tiers: tiers))
        }
        var seen = Set<String>()
        for (from, node) in froms {
            if !seen.insert(from).inserted { r.problem(node, "a second gate for leaving '\(TerminalSafe.escape(from))'") }
        }
        return gates
    }

    static func requirements(_ r: NodeReader, _ f: Fields, _ what: String, _ refs: inout References) -> GateRequirements {
        var req = GateRequirements()
        if let n = f["controls"] {
            for (c, cn) in r.strings(n, "\(what) controls") ?? [] {
                refs.control(c, cn, what)
                req.controls.append(c)
            }
        }
        if let n = f["approvals"], let items = r.list(n, "\(what) approvals") {
            var roles: [(String, Node)] = []
            for item in items {
                guard let af = r.mapping(item, "approval rule", known: ["role", "quorum", "anyHolder", "control"], required: ["role"]),
                      let rn = af["role"], let role = r.string(rn, "approval role", allowEmpty: false) else { continue }
                refs.role(role, rn, "\(what) approvals")
                roles.append((role, rn))
                var rule = ApprovalRule(role: role)
                if let q = af["quorum"], let v = r.int(q, "\(what) approvals: quorum", range: PolicyRanges.quorum) { rule.quorum = v }
                if let a = af["anyHolder"], let v = r.bool(a, "anyHolder") { rule.anyHolder = v }
                if let c = af["control"], let cid = r.string(c, "approval control", allowEmpty: false) {
                    refs.control(cid, c, "\(what) approvals")
                    rule.control = cid
                }
                req.approvals.append(rule)
            }
            r.checkUnique(roles, "approval rule for role")
        }
        if let n = f["distinctApprovers"], let v = r.bool(n, "distinctApprovers") { req.distinctApprovers = v }
        if let n = f["noSelfApproval"], let v = r.bool(n, "noSelfApproval") { req.noSelfApproval = v }
        if let n = f["excludeApprovers"] {
            for (role, rn) in r.strings(n, "excludeApprovers") ?? [] {
                refs.role(role, rn, "\(what) excludeApprovers")
                req.excludedApproverRoles.append(role)
            }
        }
        if let n = f["anyRejectionBlocks"], let v = r.bool(n, "anyRejectionBlocks") { req.anyRejectionBlocks = v }
        if let n = f["approvalExpiryDays"], let v = r.int(n, "\(what): approvalExpiryDays", range: PolicyRanges.approvalExpiryDays) {
            req.approvalExpiryDays = v
        }
        return req
    }
}

/// Whole-policy checks once every section is parsed: references resolve, the stage path is
/// well formed, gates leave stages that exist and can be left.
enum PolicyChecks {
    static func check(_ p: Policy, _ r: NodeReader, _ refs: References, top: Fields) {
        func unknown(_ ref: References.Ref, _ kind: String, _ known: [String]) {
            var m = "\(ref.context): unknown \(kind) '\(TerminalSafe.escape(ref.id))'"
            if let near = Suggestion.nearest(ref.id, in: known) { m += " (did you mean '\(near)'?)" }
            r.problem(ref.node, m)
        }
        let roleIDs = p.roles.map(\.id), stageIDs = p.stages.map(\.id), tierIDs = p.tiers.map(\.id), controlIDs = p.controls.map(\.id)
        for ref in refs.roles where !roleIDs.contains(ref.id) { unknown(ref, "role", roleIDs) }
        for ref in refs.stages where !stageIDs.contains(ref.id) { unknown(ref, "stage", stageIDs) }
        for ref in refs.tiers where !tierIDs.contains(ref.id) { unknown(ref, "tier", tierIDs) }
        for ref in refs.controls where !controlIDs.contains(ref.id) { unknown(ref, "control", controlIDs) }
        if let stagesNode = top["stages"], !p.stages.isEmpty {
            let terminal = p.stages.filter(\.terminal)
            if terminal.count != 1 {
                r.problem(stagesNode, "stages: exactly one stage must be terminal (for retired use cases), found \(terminal.count)")
            }
            if p.activeStages.count < 2 {
                r.problem(stagesNode, "stages: at least two non-terminal stages are needed")
            }
        }
        for ref in refs.stages where ref.context == "gate" {
            if let s = p.stage(ref.id), s.terminal {
                r.problem(ref.node, "gate: '\(ref.id)' is terminal and cannot be left")
            } else if ref.id == p.productionStage {
                r.problem(ref.node, "gate: '\(ref.id)' is the last stage (production); there is no stage after it")
            }
        }
        if top["stages"] != nil, top["tiers"] != nil, p.tiers.isEmpty {
            r.problem(top["tiers"], "tiers: at least one risk tier is needed")
        }
    }
}
