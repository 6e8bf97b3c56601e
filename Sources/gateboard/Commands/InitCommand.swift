import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new board with the default policy and a people list to edit.")

    @Argument(help: ArgumentHelp("The directory to create the board in (created if missing).", valueName: "dir"))
    var directory: String

    @Option(help: "The board's display name (default: the directory's name).")
    var name: String?

    @Flag(help: "Also set the board up for team use in git: a repository (unless already in one), the merge driver, ignores, and a first commit.")
    var git = false

    @Flag(help: "Print the result as JSON: {ok, board, name}.")
    var json = false

    func run() throws {
        try Guarded.run(json: json) {
            let url = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                .standardizedFileURL
            let boardName = name ?? url.lastPathComponent
            let store = try BoardStore.initialize(at: url, name: boardName, signing: .decisions)
            let gitLines = git ? try GitSetupStep.afterInit(board: store.root, name: boardName) : []
            if json {
                JSONOutput.print(InitJSON(ok: true, board: store.root.path, name: boardName))
                return
            }
            let e = TerminalSafe.escape
            print("""
                Created board \(e(boardName)) in \(e(store.root.path))
                Next: list your people (ids, names, roles, logins) in \(e(store.root.appendingPathComponent(BoardLayout.policyFile).path)),
                each with their SSH public key under keys: (signing: decisions: every decision is signed),
                then `gateboard --board \(e(directory)) validate` and `gateboard new --title ... --tier low`.
                """)
            for line in gitLines { print(TerminalSafe.escape(line)) }
        }
    }
}

struct InitJSON: Encodable {
    var ok: Bool
    var board: String
    var name: String
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the policy and every use case; print every problem as path:line:col: message.",
        discussion: "Exit 0 when the board is valid, 3 when it is not (every problem listed, nothing written).")

    @OptionGroup var boardOption: BoardOption
    @OptionGroup var output: JSONFlag

    func run() throws {
        try Guarded.run(json: output.json) {
            let inv = try Invocation.current()
            let store = try inv.store(boardOption.board)
            // Warnings never fail validation: printed first, one per line, as diagnostics are.
            let warnings = store.policyWarnings()
            if !output.json {
                for w in warnings { print(TerminalSafe.escape(w.description)) }
            }
            do {
                let board = try store.validate()
                if output.json {
                    JSONOutput.print(ValidateJSON(ok: true, useCases: board.useCases.count,
                                                  people: board.policy.people.count, diagnostics: [],
                                                  warnings: warnings.map(DiagnosticJSON.init)))
                } else {
                    print("board OK: \(BoardWords.plural(board.useCases.count, "use case")), "
                          + BoardWords.plural(board.policy.people.count, "person").replacingOccurrences(of: "persons", with: "people"))
                }
            } catch let invalid as BoardInvalid {
                if output.json {
                    JSONOutput.print(ValidateJSON(ok: false, useCases: nil, people: nil,
                                                  diagnostics: invalid.diagnostics.map(DiagnosticJSON.init),
                                                  warnings: warnings.map(DiagnosticJSON.init)))
                } else {
                    for d in invalid.diagnostics { print(TerminalSafe.escape(d.description)) }
                    Stderr.write("board invalid: \(BoardWords.plural(invalid.diagnostics.count, "problem"))")
                }
                throw ExitCodeError(3)
            }
        }
    }
}

struct ValidateJSON: Encodable {
    var ok: Bool
    var useCases: Int?
    var people: Int?
    var diagnostics: [DiagnosticJSON]
    /// Problems that do not make the board invalid (same shape; messages start "warning: ").
    var warnings: [DiagnosticJSON]
}
