import ArgumentParser
import GateboardCore

/// `--board DIR`: every command takes it.
struct BoardOption: ParsableArguments {
    static let help = ArgumentHelp(
        "The board directory (default: $GATEBOARD_BOARD, else the nearest parent directory holding gateboard.yaml).",
        valueName: "dir")
    @Option(name: .long, help: BoardOption.help)
    var board: String?

    init() {}
    init(board: String?) { self.board = board }
}

/// `--json` for read-only commands.
struct JSONFlag: ParsableArguments {
    @Flag(name: .long, help: "Print JSON (camelCase, stable keys) instead of text.")
    var json = false
}

/// The options every action takes.
///
/// `--board` is declared here rather than as a nested `BoardOption` group, and `ActionTarget`
/// declares these options itself rather than nesting this group: in a debug build
/// swift-argument-parser validates every nested group once per validator, recursively. At three
/// levels (command → ActionTarget → ActionOptions → BoardOption) that was 40 % of an action's
/// CPU time (perf on `comment`: 67 ms, 54 ms with one level less); the test suite runs the
/// debug binary some 2,000 times, and `make run` is a debug build too.
struct ActionOptions: ParsableArguments {
    static let actorHelp = ArgumentHelp(
        "Act as this person (default: $GATEBOARD_USER, else the person whose login is your OS user).",
        valueName: "person")
    static let keyHelp = ArgumentHelp(
        "Sign with this SSH key (a private key, or a .pub whose key is in ssh-agent) when the policy's signing requires it (default: $GATEBOARD_SIGNING_KEY, else ssh-agent, else git's user.signingkey).",
        valueName: "file")
    static let jsonHelp: ArgumentHelp = "Print the result as JSON: {ok, id, action, event: {seq, id, at}, notes}."

    @Option(name: .long, help: BoardOption.help) var board: String?
    @Option(name: .customLong("as"), help: actorHelp) var actor: String?
    @Option(name: .customLong("key"), help: keyHelp) var key: String?
    @Flag(name: .long, help: jsonHelp) var json = false

    var boardOption: BoardOption { BoardOption(board: board) }
}

/// The action options and the use case id, in that order: what every action on one use case
/// takes first. Its commands declare only their own arguments and name their `Action`.
/// The options are ActionOptions' own, declared flat (see ActionOptions for why).
struct ActionTarget: ParsableArguments {
    @Option(name: .long, help: BoardOption.help) var board: String?
    @Option(name: .customLong("as"), help: ActionOptions.actorHelp) var actor: String?
    @Option(name: .customLong("key"), help: ActionOptions.keyHelp) var key: String?
    @Flag(name: .long, help: ActionOptions.jsonHelp) var json = false
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String

    var options: ActionOptions {
        var o = ActionOptions()
        o.board = board
        o.actor = actor
        o.key = key
        o.json = json
        return o
    }

    func perform(_ action: Action) throws { try ActionRunner.perform(action, on: id, options: options) }
}
