import GateboardCore

/// Triage's `t`: the entries in the template groups `triage --by template` prints
/// (`TemplateGroup.group`: the policy's order, then templates it no longer declares, then no
/// template), worst first within each; each row starts with its group's name and a summary
/// line counts the entries per group.
struct TriageByTemplate {
    var ordered: [TriageEntry]
    var groupOf: [UseCaseID: String]
    var summary: [StyledLine]
    let width: Int
    let ellipsis: String

    init(_ entries: [TriageEntry], state: AppState) {
        let groups = TemplateGroup.group(state.board.useCases, policy: state.policy)
        var order: [UseCaseID: Int] = [:]
        var names: [UseCaseID: String] = [:]
        for (i, g) in groups.enumerated() {
            for id in g.useCases { order[id] = i; names[id] = TerminalSafe.escape(g.name) }
        }
        // Stable: worst first within a group, as `Triage.rank` ordered them.
        ordered = entries.enumerated().sorted { (order[$0.element.id] ?? .max, $0.offset) < (order[$1.element.id] ?? .max, $1.offset) }
            .map(\.element)
        groupOf = names
        width = min(28, names.values.map { DisplayWidth.of($0) }.max() ?? 0)
        ellipsis = state.glyphs.ellipsis
        let counts = groups.compactMap { g -> String? in
            let n = entries.filter { g.useCases.contains($0.id) }.count
            return n == 0 ? nil : "\(TerminalSafe.escape(g.name)) \(n)"
        }
        summary = counts.isEmpty ? [] : [StyledLine("by template: " + counts.joined(separator: " \(state.glyphs.bullet) "), .dim)]
    }

    /// The row's group, padded so the rows line up.
    func badge(_ id: UseCaseID) -> String {
        TextFit.pad(TextFit.truncate(groupOf[id] ?? "", to: width, ellipsis: ellipsis), to: width) + " "
    }
}
