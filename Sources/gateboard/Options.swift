import ArgumentParser
import GateboardCore

/// `--board DIR`: every command takes it.
struct BoardOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The board directory (default: $GATEBOARD_BOARD, else the nearest parent directory holding gateboard.yaml).",
        valueName: "dir"))
    var board: String?
}

/// `--json` for read-only commands.
struct JSONFlag: ParsableArguments {
    @Flag(name: .long, help: "Print JSON (camelCase, stable keys) instead of text.")
    var json = false
}

/// The options every action takes.
struct ActionOptions: ParsableArguments {
    @OptionGroup var boardOption: BoardOption

    @Option(name: .customLong("as"), help: ArgumentHelp(
        "Act as this person (default: $GATEBOARD_USER, else the person whose login is your OS user).",
        valueName: "person"))
    var actor: String?

    @Option(name: .customLong("key"), help: ArgumentHelp(
        "Sign with this SSH key (a private key, or a .pub whose key is in ssh-agent) when the policy's signing requires it (default: $GATEBOARD_SIGNING_KEY, else ssh-agent, else git's user.signingkey).",
        valueName: "file"))
    var key: String?

    @Flag(name: .long, help: "Print the result as JSON: {ok, id, action, event: {seq, id, at}, notes}.")
    var json = false
}

/// The action options and the use case id, in that order: what every action on one use case
/// takes first. Its commands declare only their own arguments and name their `Action`.
struct ActionTarget: ParsableArguments {
    @OptionGroup var options: ActionOptions
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String

    func perform(_ action: Action) throws { try ActionRunner.perform(action, on: id, options: options) }
}
