import ArgumentParser
import Foundation
import GateboardStore
import GateboardSync

/// `gateboard git setup`.
struct GitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git",
        abstract: "Set up a board in a git repository for team use.",
        subcommands: [GitSetupCommand.self])
}

struct GitSetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Register Gateboard's merge driver and ignore its lock and scratch files.",
        discussion: """
            Writes .gitattributes and .gitignore in the board directory (commit them) and the merge \
            driver into the repository's git config. Git config is not cloned: everyone who clones \
            the board runs `gateboard git setup` once. Safe to run again. Protect the shared branch \
            against force-pushes: git's history is the witness that every audit log only grew \
            (`gateboard verify --history`), and a force-push can rewrite it.
            """)

    @OptionGroup var boardOption: BoardOption

    @Option(help: ArgumentHelp("How git should start gateboard for merges (default: this program's path, or `gateboard` when that is what PATH finds).", valueName: "command"))
    var driverCommand: String?

    func run() throws {
        try Guarded.run(json: false) {
            let inv = try Invocation.current()
            let store = try inv.store(boardOption.board)
            for line in try GitSetupStep.run(board: store.root, driverCommand: driverCommand, initRepository: false) {
                print(line)
            }
        }
    }
}

/// The setup step shared by `gateboard git setup` and `gateboard init DIR --git`.
enum GitSetupStep {
    /// `gateboard init DIR --git`, after `BoardStore.initialize`: a repository (created if the
    /// directory is not in one), the merge driver and ignores, and the new board committed.
    static func afterInit(board: URL, name: String) throws -> [String] {
        do {
            return try GitSetup.initialize(board: board, name: name, executable: SelfExecutable.command).lines
                + ["Everyone who clones this board runs once, in the board directory: gateboard git setup"] + GitSetup.advice
        } catch {
            throw SyncFailure.cli(error)
        }
    }

    /// Runs setup and returns what to print.
    static func run(board: URL, driverCommand: String? = nil, initRepository: Bool) throws -> [String] {
        let executable = driverCommand ?? SelfExecutable.command
        let report: GitSetup.Report
        do {
            report = try GitSetup.run(board: board, executable: executable, initRepository: initRepository)
        } catch {
            throw SyncFailure.cli(error)
        }
        return report.lines + [
            "Commit .gitattributes and .gitignore. Everyone who clones this board runs once, in the board directory:",
            "  gateboard git setup",
        ] + GitSetup.advice
    }
}

/// How git should call this program back: `gateboard` when PATH finds this very binary,
/// else its absolute path.
enum SelfExecutable {
    static var path: String {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return target }
        let arg0 = CommandLine.arguments.first ?? "gateboard"
        return URL(fileURLWithPath: arg0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL.path
    }

    static var command: String {
        let me = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("gateboard")
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate.resolvingSymlinksInPath().path == me ? "gateboard" : me
            }
        }
        return me
    }
}
