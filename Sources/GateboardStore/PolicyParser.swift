import Foundation
import GateboardCore
import Yams

/// `gateboard.yaml` → `Policy`, with every problem located. References between sections
/// (stages → roles, gates → controls, …) are collected while walking and checked at the end.
enum PolicyParser {
    static let topKeys = ["schema", "name", "idPrefix", "tiers", "roles", "stages", "people", "controls",
                          "gates", "waivers", "separationOfDuties", "stopShipRole", "changeRouting",
                          "productionReviewDays", "triage", "autoCommit", "away", "incidents", "monitors", "signing", "demoKeys", "screening",
                          "fields", "templates", "evidenceMustResolve"]

    static func parse(text: String, display: String) -> Result<Policy, BoardInvalid> {
        let root: Node
        switch YAMLDocument.parse(text, display: display) {
        case .failure(let d): return .failure(d)
        case .success(let n): root = n
        }
        let r = NodeReader(display: display, source: text)
        var refs = References()
        guard let top = r.mapping(root, "policy", known: topKeys,
                                  required: ["schema", "name", "tiers", "roles", "stages", "people", "waivers"]) else {
            return .failure(BoardInvalid(r.diagnostics))
        }
        // A newer schema: refuse before judging anything else by rules it may not follow.
        let schema = top["schema"].flatMap { r.int($0, "schema", min: 1) }
        if let s = top["schema"], let schema, schema > Policy.currentSchema {
            return .failure(BoardInvalid([Diagnostic(
                path: display, line: s.mark?.line, column: s.mark?.column,
                message: "schema \(schema) is newer than this gateboard understands (\(Policy.currentSchema)); upgrade gateboard — the file is left as it is")]))
        }
        let name = top["name"].flatMap { r.string($0, "name", allowEmpty: false) } ?? ""
        var idPrefix = "UC"
        if let n = top["idPrefix"], let p = r.string(n, "idPrefix") {
            if p.range(of: "^[A-Z][A-Z0-9]{0,15}$", options: .regularExpression) != nil {
                idPrefix = p
            } else {
                r.problem(n, "idPrefix: expected capital letters and digits starting with a letter (like UC), found \"\(TerminalSafe.escape(p))\"")
            }
        }
        let tiers = parseNamed(r, top["tiers"], "tier").map { RiskTier(id: $0.id, name: $0.name) }
        let roles = parseNamed(r, top["roles"], "role").map { Role(id: $0.id, name: $0.name) }
        let stages = parseStages(r, top["stages"], &refs)
        let people = parsePeople(r, top["people"], &refs)
        let fields = top["fields"].map { parseFields(r, $0) } ?? []
        let controls = parseControls(r, top["controls"], &refs, fields: fields)
        let gates = top["gates"].map { GateParser.parseGates(r, $0, &refs) } ?? []
        let waivers = parseWaivers(r, top["waivers"], &refs)
        var policy = Policy(name: name, idPrefix: idPrefix, stages: stages, roles: roles, tiers: tiers, people: people,
                            controls: controls, gates: gates, waivers: waivers)
        policy.schema = schema ?? Policy.currentSchema
        if let n = top["separationOfDuties"], let pairs = r.list(n, "separationOfDuties") {
            for p in pairs {
                guard let items = r.strings(p, "separationOfDuties pair") else { continue }
                guard items.count == 2 else {
                    r.problem(p, "separationOfDuties: each entry is a pair of roles, like [technical_owner, risk_reviewer]")
                    continue
                }
                for (role, node) in items { refs.role(role, node, "separationOfDuties") }
                policy.separationOfDuties.append(RolePair(items[0].0, items[1].0))
            }
        }
        if let n = top["stopShipRole"], let role = r.string(n, "stopShipRole", allowEmpty: false) {
            policy.stopShipRole = role
            refs.role(role, n, "stopShipRole")
        }
        if let n = top["changeRouting"], let pairs = r.keyed(n, "changeRouting") {
            for (key, keyNode, value) in pairs {
                guard let kind = ChangeKind(rawValue: key) else {
                    var m = "changeRouting: unknown change kind '\(TerminalSafe.escape(key))' (kinds: model, prompt, policy, data)"
                    if let near = Suggestion.nearest(key, in: ChangeKind.allCases.map(\.rawValue)) { m += "; did you mean '\(near)'?" }
                    r.problem(keyNode, m)
                    continue
                }
                if let stage = r.string(value, "changeRouting.\(key)", allowEmpty: false) {
                    policy.changeRouting[kind] = stage
                    refs.stage(stage, value, "changeRouting.\(key)")
                }
            }
        }
        if let n = top["productionReviewDays"] {
            policy.productionReviewDays = tierDays(r, n, "productionReviewDays", range: PolicyRanges.productionReviewDays, &refs)
        }
        if let n = top["triage"] { policy.triage = parseTriage(r, n) }
        if let n = top["autoCommit"], let b = r.bool(n, "autoCommit") { policy.autoCommit = b }
        if let n = top["evidenceMustResolve"], let b = r.bool(n, "evidenceMustResolve") { policy.evidenceMustResolve = b }
        if let n = top["away"] { policy.away = parseAway(r, n, people: people) }
        if let n = top["incidents"] { policy.incidents = parseIncidents(r, n) }
        if let n = top["monitors"] { policy.monitors = parseMonitors(r, n, &refs) }
        if let n = top["signing"], let mode = parseSigning(r, n) { policy.signing = mode }
        if let n = top["demoKeys"] { policy.demoKeys = parseDemoKeys(r, n) }
        if let n = top["screening"] { policy.screening = parseScreening(r, n, &refs) }
        policy.fields = fields
        if let n = top["templates"] { policy.templates = parseTemplates(r, n, fields: fields, people: people, &refs) }
        PolicyChecks.check(policy, r, refs, top: top)
        if !r.diagnostics.isEmpty { return .failure(BoardInvalid(r.sortedDiagnostics)) }
        return .success(policy)
    }

    struct Named { var id: String; var name: String; var node: Node }

    static func parseNamed(_ r: NodeReader, _ node: Node?, _ what: String) -> [Named] {
        guard let node, let items = r.list(node, what == "tier" ? "tiers" : "roles") else { return [] }
        var out: [Named] = []
        for item in items {
            guard let f = r.mapping(item, what, known: ["id", "name"], required: ["id", "name"]),
                  let id = f["id"].flatMap({ r.string($0, "\(what) id", allowEmpty: false) }),
                  let name = f["name"].flatMap({ r.string($0, "\(what) name", allowEmpty: false) }) else { continue }
            out.append(Named(id: id, name: name, node: f["id"]!))
        }
        checkIDs(r, out.map { ($0.id, $0.node) }, "\(what) id")
        return out
    }

    /// Days per tier (`{low: 21, high: 14}`), each within `range`.
    static func tierDays(_ r: NodeReader, _ node: Node, _ what: String, range: ClosedRange<Int>,
                         _ refs: inout References) -> [TierID: Int] {
        var out: [TierID: Int] = [:]
        for (tier, keyNode, value) in r.keyed(node, what) ?? [] {
            refs.tier(tier, keyNode, what)
            if let days = r.int(value, "\(what).\(TerminalSafe.escape(tier)) (days)", range: range) { out[tier] = days }
        }
        return out
    }

    /// Every id unique and made of the characters `PolicyRanges.idRule` allows; ids that differ
    /// only in letter case are refused too (`Priya` beside `priya` reads as the same person).
    static func checkIDs(_ r: NodeReader, _ items: [(String, Node)], _ what: String) {
        r.checkUnique(items, what)
        var seen: [String: (String, Node)] = [:]
        for (id, node) in items {
            guard PolicyRanges.isValidID(id) else {
                var why = ""
                let allowed = { (c: Unicode.Scalar) in PolicyRanges.isValidID("a" + String(Character(c))) }
                if let bad = id.unicodeScalars.first(where: { !allowed($0) }) {
                    let hex = String(bad.value, radix: 16, uppercase: true)
                    why = " contains U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + (bad.isASCII ? "" : " (not ASCII)") + ";"
                } else if id.utf8.count > PolicyRanges.idMaxLength {
                    why = " is \(id.utf8.count) characters long;"
                }
                r.problem(node, "\(what) \"\(TerminalSafe.escape(id))\"\(why) use only \(PolicyRanges.idRule)")
                continue
            }
            let folded = id.lowercased()
            if let (first, firstNode) = seen[folded] {
                if first != id {
                    let at = firstNode.mark.map { " at line \($0.line)" } ?? ""
                    r.problem(node, "\(what) '\(id)' differs only in letter case from '\(first)'\(at); ids must differ by more than case")
                }
            } else {
                seen[folded] = (id, node)
            }
        }
    }

    static func parseStages(_ r: NodeReader, _ node: Node?, _ refs: inout References) -> [Stage] {
        guard let node, let items = r.list(node, "stages") else { return [] }
        var out: [Stage] = []
        var ids: [(String, Node)] = []
        for item in items {
            guard let f = r.mapping(item, "stage", known: ["id", "name", "owner", "sla", "terminal"],
                                    required: ["id", "name", "owner"]),
                  let id = f["id"].flatMap({ r.string($0, "stage id", allowEmpty: false) }) else { continue }
            ids.append((id, f["id"]!))
            let name = f["name"].flatMap { r.string($0, "stage name", allowEmpty: false) } ?? id
            let owner = f["owner"].flatMap { r.string($0, "stage owner", allowEmpty: false) } ?? ""
            if let n = f["owner"], !owner.isEmpty { refs.role(owner, n, "stage \(id) owner") }
            let sla = f["sla"].map { tierDays(r, $0, "stage \(TerminalSafe.escape(id)) sla", range: PolicyRanges.slaDays, &refs) } ?? [:]
            let terminal = f["terminal"].flatMap { r.bool($0, "terminal") } ?? false
            out.append(Stage(id: id, name: name, ownerRole: owner, sla: sla, terminal: terminal))
        }
        checkIDs(r, ids, "stage id")
        refs.stageNodes = ids
        return out
    }

    static func parsePeople(_ r: NodeReader, _ node: Node?, _ refs: inout References) -> [Person] {
        guard let node, let items = r.list(node, "people") else { return [] }
        var out: [Person] = []
        var ids: [(String, Node)] = []
        var logins: [(String, Node)] = []
        var keys: [(String, Node)] = []
        for item in items {
            guard let f = r.mapping(item, "person", known: ["id", "name", "function", "roles", "login", "keys"],
                                    required: ["id", "name"]),
                  let id = f["id"].flatMap({ r.string($0, "person id", allowEmpty: false) }) else { continue }
            ids.append((id, f["id"]!))
            let name = f["name"].flatMap { r.string($0, "person name", allowEmpty: false) } ?? id
            let function = f["function"].flatMap { r.string($0, "function") } ?? ""
            var roles: [RoleID] = []
            if let n = f["roles"] {
                for (role, rn) in r.strings(n, "roles") ?? [] {
                    refs.role(role, rn, "roles of \(id)")
                    roles.append(role)
                }
            }
            let login = r.optionalString(f["login"], "login")
            if let login, let n = f["login"] { logins.append((login, n)) }
            let personKeys = f["keys"].map { parseKeys(r, $0, person: id, seen: &keys) } ?? []
            out.append(Person(id: id, name: name, function: function, roles: roles, login: login, keys: personKeys))
        }
        checkIDs(r, ids, "person id")
        r.checkUnique(logins, "login")
        // One key, one person: a key listed twice would make its signatures ambiguous.
        r.checkUnique(keys, "key")
        return out
    }

    static func parseControls(_ r: NodeReader, _ node: Node?, _ refs: inout References, fields: [InventoryField] = []) -> [Control] {
        guard let node, let items = r.list(node, "controls") else { return [] }
        var out: [Control] = []
        var ids: [(String, Node)] = []
        for item in items {
            guard let f = r.mapping(item, "control", known: ["id", "title", "kind", "role", "field", "waivable", "references"],
                                    required: ["id", "title", "kind"]),
                  let id = f["id"].flatMap({ r.string($0, "control id", allowEmpty: false) }) else { continue }
            ids.append((id, f["id"]!))
            let title = f["title"].flatMap { r.string($0, "control title", allowEmpty: false) } ?? id
            var kind = ControlKind.evidence
            if let n = f["kind"], let k = r.string(n, "kind") {
                if let parsed = ControlKind(rawValue: k) {
                    kind = parsed
                } else {
                    var m = "control \(id): unknown kind '\(TerminalSafe.escape(k))' (kinds: \(ControlKind.allCases.map(\.rawValue).joined(separator: ", ")))"
                    if let near = Suggestion.nearest(k, in: ControlKind.allCases.map(\.rawValue)) { m += "; did you mean '\(near)'?" }
                    r.problem(n, m)
                }
            }
            let role = r.optionalString(f["role"], "role")
            if let role, let n = f["role"] { refs.role(role, n, "control \(id)") }
            let field = r.optionalString(f["field"], "field")
            if kind == .owner && role == nil { r.problem(item, "control \(id): an owner-named control needs a role") }
            if kind == .field {
                let known = ["problem", "metric"] + fields.map(\.id)
                if let field, !known.contains(field) {
                    r.problem(f["field"], "control \(id): field must be problem, metric or a declared field (\(known.joined(separator: ", "))), found \"\(TerminalSafe.escape(field))\"")
                } else if field == nil {
                    r.problem(item, "control \(id): a field control needs field: problem, metric or a declared field")
                }
            }
            let waivable = f["waivable"].flatMap { r.bool($0, "waivable") } ?? true
            let references = f["references"].flatMap { r.strings($0, "references") }?.map(\.0) ?? []
            out.append(Control(id: id, title: title, kind: kind, waivable: waivable, role: role, field: field, references: references))
        }
        checkIDs(r, ids, "control id")
        return out
    }

    static func parseWaivers(_ r: NodeReader, _ node: Node?, _ refs: inout References) -> WaiverRules {
        var rules = WaiverRules(approverRole: "", maxDays: [:])
        guard let node, let f = r.mapping(node, "waivers", known: ["approverRole", "maxDays", "neverWaive"],
                                          required: ["approverRole"]) else { return rules }
        if let n = f["approverRole"], let role = r.string(n, "approverRole", allowEmpty: false) {
            rules.approverRole = role
            refs.role(role, n, "waivers.approverRole")
        }
        if let n = f["maxDays"] { rules.maxDays = tierDays(r, n, "waivers.maxDays", range: PolicyRanges.waiverMaxDays, &refs) }
        if let n = f["neverWaive"] {
            for (c, cn) in r.strings(n, "neverWaive") ?? [] {
                refs.control(c, cn, "neverWaive")
                rules.neverWaive.append(c)
            }
        }
        return rules
    }

    static func parseTriage(_ r: NodeReader, _ node: Node) -> TriageSettings {
        var t = TriageSettings()
        guard let f = r.mapping(node, "triage", known: ["stallWarnFraction", "approvalWaitDays", "haltedDays", "waiverWarnDays"]) else { return t }
        if let n = f["stallWarnFraction"], let v = r.double(n, "triage.stallWarnFraction") {
            if PolicyRanges.isStallWarnFraction(v) {
                t.stallWarnFraction = v
            } else {
                r.problem(n, "triage.stallWarnFraction: must be a fraction \(PolicyRanges.stallWarnFractionText), found \(v)")
            }
        }
        let days = PolicyRanges.triageDays
        if let n = f["approvalWaitDays"], let v = r.int(n, "triage.approvalWaitDays", range: days) { t.approvalWaitDays = v }
        if let n = f["haltedDays"], let v = r.int(n, "triage.haltedDays", range: days) { t.haltedDays = v }
        if let n = f["waiverWarnDays"], let v = r.int(n, "triage.waiverWarnDays", range: days) { t.waiverWarnDays = v }
        return t
    }
}

/// References seen while walking the policy, checked once every section is known.
struct References {
    struct Ref { var id: String; var node: Node; var context: String }
    var roles: [Ref] = []
    var stages: [Ref] = []
    var tiers: [Ref] = []
    var controls: [Ref] = []
    var stageNodes: [(String, Node)] = []
    mutating func role(_ id: String, _ node: Node, _ context: String) { roles.append(Ref(id: id, node: node, context: context)) }
    mutating func stage(_ id: String, _ node: Node, _ context: String) { stages.append(Ref(id: id, node: node, context: context)) }
    mutating func tier(_ id: String, _ node: Node, _ context: String) { tiers.append(Ref(id: id, node: node, context: context)) }
    mutating func control(_ id: String, _ node: Node, _ context: String) { controls.append(Ref(id: id, node: node, context: context)) }
}
