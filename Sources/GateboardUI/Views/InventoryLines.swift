import GateboardCore

/// The detail's "Inventory" section: the template, each declared field (set or "not set"), and
/// the template's artifacts still to fill. Nothing when the policy declares no fields and the
/// use case has no template.
enum InventoryLines {
    static func lines(_ uc: UseCase, policy: Policy) -> [StyledLine] {
        let rows = uc.inventoryRows(policy: policy)
        guard !rows.isEmpty || uc.template != nil else { return [] }
        var out: [StyledLine] = []
        if let t = uc.template {
            out.append(StyledLine([("  template: ", .dim), (TerminalSafe.escape(policy.template(t)?.name ?? t), .normal)]))
        }
        for row in rows {
            let label = "  " + TerminalSafe.escape(row.label) + ": "
            if let v = row.value {
                out.append(StyledLine([(label, .dim), (TerminalSafe.escape(v.display), .normal)]))
            } else {
                out.append(StyledLine([(label, .dim), ("not set", .warn)]))
            }
        }
        let toFill = uc.artifactsToFill(policy: policy)
        if !toFill.isEmpty {
            out.append(StyledLine([("  artifacts to fill: ", .dim), (toFill.map(TerminalSafe.escape).joined(separator: ", "), .warn)]))
        }
        return out
    }
}
