import Foundation
import GateboardCore

/// The inventory part of `show`: the template, the declared fields (set or not) and the
/// template's artifacts still to fill. Labels and values are escaped like every text.
package enum InventoryText {
    package static func lines(_ uc: UseCase, policy: Policy, words w: BoardWords) -> [String] {
        let rows = uc.inventoryRows(policy: policy)
        let toFill = uc.artifactsToFill(policy: policy)
        guard !rows.isEmpty || uc.template != nil else { return [] }
        var out = ["", "Inventory" + (uc.template.map { " (template \(w.e(policy.template($0)?.name ?? $0)))" } ?? "")]
        let labels = rows.map { w.e($0.label) }
        let width = labels.map { DisplayWidth.of($0) }.max() ?? 0
        for (row, label) in zip(rows, labels) {
            let value = row.value.map { w.e($0.display) } ?? "— not set"
            out.append("  " + label + String(repeating: " ", count: width - DisplayWidth.of(label) + 2) + value)
        }
        if !toFill.isEmpty { out.append("  Artifacts to fill: " + toFill.map(w.e).joined(separator: ", ")) }
        return out
    }
}

extension InventoryText {
    /// `gateboard policy`: the fields (id, type, label, choices) and the templates.
    package static func policyLines(_ p: Policy, words w: BoardWords) -> [String] {
        var out: [String] = []
        if !p.fields.isEmpty {
            out.append("Inventory fields:")
            for f in p.fields {
                var s = "  \(w.e(f.id)) (\(f.kind.rawValue)) — \(w.e(f.label))"
                if !f.choices.isEmpty { s += ": " + f.choices.map(w.e).joined(separator: " | ") }
                out.append(s)
                if let d = f.description { out.append("      " + w.e(d)) }
            }
        }
        if !p.templates.isEmpty {
            out.append("Templates (new --template NAME):")
            for t in p.templates {
                out.append("  \(w.e(t.id)) — \(w.e(t.name))" + (t.description.map { ": " + w.e($0) } ?? ""))
                var parts: [String] = []
                if !t.fields.isEmpty { parts.append("fields " + t.fields.keys.sorted().map { "\(w.e($0))=\(w.e(t.fields[$0]!.display))" }.joined(separator: ", ")) }
                if !t.artifacts.isEmpty { parts.append("artifacts to fill " + t.artifacts.map(w.e).joined(separator: ", ")) }
                for s in t.controls.keys.sorted() { parts.append("leaving \(w.e(s)) also " + t.controls[s]!.map(w.e).joined(separator: ", ")) }
                if !t.owners.isEmpty { parts.append("owners " + t.owners.keys.sorted().map { "\(w.e($0)) \(w.person(t.owners[$0]!))" }.joined(separator: ", ")) }
                if !parts.isEmpty { out.append("      " + parts.joined(separator: "; ")) }
            }
        }
        return out
    }
}

/// A field in `policy --json`: its kind as `type`, as the policy file names it.
struct FieldJSON: Encodable {
    var id: String
    var label: String
    var type: String
    var description: String?
    var choices: [String]?

    init(_ f: InventoryField) {
        id = f.id
        label = f.label
        type = f.kind.rawValue
        description = f.description
        choices = f.kind == .choice ? f.choices : nil
    }
}
