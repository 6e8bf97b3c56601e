import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Portfolio health: stages, pilots vs production, days per stage, throughput, blocker ageing, waivers.")

    @OptionGroup var boardOption: BoardOption
    @OptionGroup var format: FormatOptions
    @OptionGroup var group: GroupByOption

    func run() throws {
        try Guarded.run(json: format.json) {
            let open = try OpenBoard(boardOption)
            if group.by == .template {
                if let out = TemplateGrouping.report(open: open, json: format.json, markdown: format.markdown) { print(out) }
                return
            }
            let report = PortfolioReport.compute(open.board.useCases, policy: open.policy,
                                                 events: try open.store.events(for: open.board.useCases.map(\.id), only: PortfolioReport.actions),
                                                 now: open.now)
            let operations = OperationsReport.compute(open.board.useCases)
            if format.json {
                var json = PortfolioJSON(report)
                json.operations = OperationsJSON(operations)
                JSONOutput.print(json)
            } else {
                let text = PortfolioText(report: report, policy: open.policy, now: open.now, total: open.board.useCases.count)
                let ops = OperationsText.lines(operations, words: BoardWords(policy: open.policy), markdown: format.markdown)
                print((format.markdown ? text.markdown() : text.plain()) + (ops.isEmpty ? "" : ops.joined(separator: "\n")))
            }
        }
    }
}
