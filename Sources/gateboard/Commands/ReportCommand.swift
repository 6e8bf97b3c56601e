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

    func run() throws {
        try Guarded.run(json: format.json) {
            let open = try OpenBoard(boardOption)
            let report = PortfolioReport.compute(open.board.useCases, policy: open.policy,
                                                 events: try open.store.events(for: open.board.useCases.map(\.id), only: PortfolioReport.actions),
                                                 now: open.now)
            if format.json {
                JSONOutput.print(PortfolioJSON(report))
            } else {
                let text = PortfolioText(report: report, policy: open.policy, now: open.now, total: open.board.useCases.count)
                print(format.markdown ? text.markdown() : text.plain())
            }
        }
    }
}
