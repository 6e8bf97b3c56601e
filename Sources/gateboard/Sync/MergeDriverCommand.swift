import ArgumentParser
import Foundation
import GateboardSync

/// `gateboard merge-driver %O %A %B %P`: called by git, registered by `gateboard git setup`.
struct MergeDriverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-driver",
        abstract: "Git merge driver for audit logs and use case files (called by git).",
        shouldDisplay: false)

    @Argument(help: "%O: the common ancestor's version.") var base: String
    @Argument(help: "%A: our version; the merged result is written here.") var current: String
    @Argument(help: "%B: their version.") var other: String
    @Argument(help: "%P: the file's path in the repository.") var path: String

    func run() throws {
        let outcome = MergeDriver.run(base: base, current: current, other: other, path: path,
                                      repository: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        for m in outcome.messages { Stderr.write(m) }
        if outcome.status != 0 { throw ExitCodeError(outcome.status) }
    }
}
