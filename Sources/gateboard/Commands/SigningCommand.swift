import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

/// `gateboard signing on`: switches signed decisions on for a board with history (a signed
/// action: sets the policy's `signing:` and records the boundary in every log).
struct SigningCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signing",
        abstract: "Switch signed decisions on for a board with history; decisions before it keep their meaning.")

    @Argument(help: ArgumentHelp("on", valueName: "on")) var on: String
    @Flag(help: "Sign every action, not only decisions (signing: all).") var all = false
    @OptionGroup var options: ActionOptions

    func validate() throws {
        guard on == "on" else { throw ValidationError("usage: gateboard signing on [--all] (switching off is a policy change: edit signing: in gateboard.yaml)") }
    }

    func run() throws {
        try Guarded.run(json: options.json) {
            let open = try OpenPolicy(options.boardOption)
            if let key = options.key {
                open.store.signer = SSHKeygenSigner(explicitKey: key, environment: open.invocation.environment, directory: open.store.root)
            }
            guard let actor = try open.invocation.actor(explicit: options.actor, policy: open.policy) else {
                throw CLIFailure.refused(open.invocation.readOnlyRefusal())
            }
            let mode: SigningMode = all ? .all : .decisions
            let ids = try open.store.switchSigningOn(mode, actor: actor, osUser: open.invocation.osUser, now: open.now)
            if options.json {
                JSONOutput.print(SigningJSON(ok: true, signing: mode.rawValue, useCases: ids))
            } else {
                print("signing: \(mode.rawValue) — recorded in \(BoardWords.plural(ids.count, "use case log")); decisions before it keep their meaning (before signing)")
            }
        }
    }
}

struct SigningJSON: Encodable {
    var ok: Bool
    var signing: String
    var useCases: [String]
}
