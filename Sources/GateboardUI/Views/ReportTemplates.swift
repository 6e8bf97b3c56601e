import GateboardCore

/// The report view's "By template" section (as `gateboard report --by template`): each
/// template's use cases, live ones, stalled ones and fields not set. Nothing when the policy
/// declares no templates and no use case records one.
enum ReportTemplates {
    static func lines(_ state: AppState) -> [StyledLine] {
        let useCases = state.board.useCases
        guard !state.policy.templates.isEmpty || useCases.contains(where: { $0.template != nil }) else { return [] }
        let rows = TemplateSummary.compute(useCases, policy: state.policy, now: state.now)
        let live = state.policy.productionStage
        var out = [StyledLine(), StyledLine([("By template ", .columnTitle), ("use cases · live · stalled · fields not set", .dim)])]
        for r in rows {
            let name = TextFit.pad(TextFit.truncate(TerminalSafe.escape(r.group.name), to: 26, ellipsis: state.glyphs.ellipsis), to: 26)
            out.append(StyledLine([("  " + name, .normal), (String(format: " %4d", r.group.useCases.count), .bold),
                                   (String(format: " %4d", live.map { r.byStage[$0] ?? 0 } ?? 0), .ok),
                                   (String(format: " %4d", r.stalled), r.stalled > 0 ? .warn : .dim),
                                   (String(format: " %5d", r.fieldsMissing), r.fieldsMissing > 0 ? .warn : .dim)]))
        }
        return out
    }
}
