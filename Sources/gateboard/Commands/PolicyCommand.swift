import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "The stages, gates, controls, people and waiver rules in force.")

    @OptionGroup var boardOption: BoardOption
    @OptionGroup var output: JSONFlag

    func run() throws {
        try Guarded.run(json: output.json) {
            let open = try OpenBoard(boardOption)
            if output.json {
                JSONOutput.print(PolicyJSON(open.policy))
            } else {
                print(PolicyText(policy: open.policy).render())
            }
        }
    }
}
