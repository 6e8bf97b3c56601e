import Foundation
import GateboardCore
import Yams

extension PolicyParser {
    static let fieldKeys = ["id", "label", "type", "description", "choices"]
    static let templateKeys = ["id", "name", "description", "fields", "artifacts", "controls", "owners"]

    /// `fields: [{id, label, type: text|choice|list|date, description?, choices?}]`: the
    /// inventory's typed fields. An unknown type, a duplicate id, a choice field without
    /// choices (or choices on another type): located diagnostics.
    static func parseFields(_ r: NodeReader, _ node: Node) -> [InventoryField] {
        guard let items = r.list(node, "fields") else { return [] }
        var out: [InventoryField] = []
        var ids: [(String, Node)] = []
        let kinds = InventoryField.Kind.allCases.map(\.rawValue)
        for item in items {
            guard let f = r.mapping(item, "field", known: fieldKeys, required: ["id", "label", "type"]),
                  let id = f["id"].flatMap({ r.string($0, "field id", allowEmpty: false) }) else { continue }
            ids.append((id, f["id"]!))
            let label = f["label"].flatMap { r.string($0, "field \(TerminalSafe.escape(id)) label", allowEmpty: false) } ?? id
            var kind = InventoryField.Kind.text
            if let n = f["type"], let k = r.string(n, "field \(TerminalSafe.escape(id)) type") {
                if let parsed = InventoryField.Kind(rawValue: k) {
                    kind = parsed
                } else {
                    var m = "field \(TerminalSafe.escape(id)): unknown type '\(TerminalSafe.escape(k))' (types: \(kinds.joined(separator: ", ")))"
                    if let near = Suggestion.nearest(k, in: kinds) { m += "; did you mean '\(near)'?" }
                    r.problem(n, m)
                }
            }
            var choices: [String] = []
            if let n = f["choices"] {
                let listed = r.strings(n, "field \(TerminalSafe.escape(id)) choices") ?? []
                checkIDs(r, listed, "field \(TerminalSafe.escape(id)) choice")
                choices = listed.map(\.0)
                if kind != .choice { r.problem(f.keyNode("choices"), "field \(TerminalSafe.escape(id)): only a choice field has choices (this one is \(kind.rawValue))") }
            }
            if kind == .choice && choices.isEmpty && f["choices"] == nil {
                r.problem(item, "field \(TerminalSafe.escape(id)): a choice field needs choices: [...]")
            }
            out.append(InventoryField(id: id, label: label, kind: kind, description: r.optionalString(f["description"], "field description"),
                                      choices: choices))
        }
        checkIDs(r, ids, "field id")
        return out
    }

    /// `templates: [{id, name, description?, fields: {id: value}, artifacts: [...],
    /// controls: {stage: [control, …]}, owners: {role: person}}]`. Field values are typed as
    /// `edit --field` types them; stages, controls, roles and people must exist, and each
    /// default owner must be allowed the role.
    static func parseTemplates(_ r: NodeReader, _ node: Node, fields: [InventoryField], people: [Person],
                               _ refs: inout References) -> [UseCaseTemplate] {
        guard let items = r.list(node, "templates") else { return [] }
        var out: [UseCaseTemplate] = []
        var ids: [(String, Node)] = []
        var probe = Policy(name: "", stages: [], roles: [], tiers: [], people: [], controls: [], gates: [],
                           waivers: WaiverRules(approverRole: "", maxDays: [:]))
        probe.fields = fields
        for item in items {
            guard let f = r.mapping(item, "template", known: templateKeys, required: ["id", "name"]),
                  let id = f["id"].flatMap({ r.string($0, "template id", allowEmpty: false) }) else { continue }
            ids.append((id, f["id"]!))
            let what = "template \(TerminalSafe.escape(id))"
            var t = UseCaseTemplate(id: id, name: f["name"].flatMap { r.string($0, "\(what) name", allowEmpty: false) } ?? id,
                                    description: r.optionalString(f["description"], "\(what) description"))
            for (name, keyNode, value) in f["fields"].flatMap({ r.keyed($0, "\(what) fields") }) ?? [] {
                guard let field = probe.field(name) else {
                    var m = "\(what): unknown field '\(TerminalSafe.escape(name))'"
                    if let near = Suggestion.nearest(name, in: fields.map(\.id)) { m += " (did you mean '\(near)'?)" }
                    r.problem(keyNode, m)
                    continue
                }
                let typed: [String]
                if case .sequence = value, field.kind == .list {
                    typed = r.strings(value, "\(what) fields.\(name)")?.map(\.0) ?? []
                } else if let s = r.string(value, "\(what) fields.\(name)", allowEmpty: false) {
                    typed = [s]
                } else {
                    continue
                }
                do throws(Refusal) {
                    let v = try FieldInput.value(typed, for: field)
                    if !v.isEmpty { t.fields[name] = v }
                } catch {
                    r.problem(value, "\(what): \(error.message)")
                }
            }
            if let n = f["artifacts"] { t.artifacts = (r.strings(n, "\(what) artifacts") ?? []).map(\.0) }
            for (stage, keyNode, value) in f["controls"].flatMap({ r.keyed($0, "\(what) controls") }) ?? [] {
                refs.stage(stage, keyNode, "\(what) controls")
                for (c, cn) in r.strings(value, "\(what) controls.\(stage)") ?? [] {
                    refs.control(c, cn, "\(what) controls.\(stage)")
                    t.controls[stage, default: []].append(c)
                }
            }
            for (role, keyNode, value) in f["owners"].flatMap({ r.keyed($0, "\(what) owners") }) ?? [] {
                refs.role(role, keyNode, "\(what) owners")
                guard let person = r.string(value, "\(what) owners.\(role)", allowEmpty: false) else { continue }
                guard let p = people.first(where: { $0.id == person }) else {
                    r.problem(value, "\(what) owners.\(role): unknown person '\(TerminalSafe.escape(person))'")
                    continue
                }
                if !p.roles.contains(role) {
                    r.problem(value, "\(what) owners.\(role): \(p.name) may not hold \(role) (their roles: \(p.roles.joined(separator: ", ")))")
                    continue
                }
                t.owners[role] = person
            }
            out.append(t)
        }
        checkIDs(r, ids, "template id")
        return out
    }
}
