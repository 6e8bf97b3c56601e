import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore
import GateboardSync

/// `gateboard sync [--push]`: team use over git.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Commit board changes, merge the remote's, and push when asked.",
        discussion: """
            Commits pending board files only (other changes in the working tree are left alone) \
            with a message that lists the actions; fetches and merges the upstream branch, merging \
            audit logs event by event and rebuilding each touched use case from its merged log; \
            conflicts are resolved by documented rules, printed, and recorded as conflict events. \
            Never rebases: local commits stay as they are. Exit 0 done, 3 when git, the remote or \
            a file Gateboard cannot merge stopped it (nothing recorded is lost in any case).
            """)

    @OptionGroup var boardOption: BoardOption

    @Flag(help: "Push to the remote after merging.")
    var push = false

    @Flag(help: "Print the result as JSON: {ok, committed, upstream, merge, received, conflicts, renumbered, rebuilt, rederived, pushed}.")
    var json = false

    func run() throws {
        try Guarded.run(json: json) {
            let inv = try Invocation.current()
            let store = try inv.store(boardOption.board)
            let names = (try? store.loadPolicy()).map { Dictionary($0.people.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }) } ?? [:]
            let report = try SyncFailure.sync(board: store.root, names: names, push: push)
            if json {
                JSONOutput.print(SyncJSON(report))
            } else {
                for line in report.lines { print(TerminalSafe.escape(line)) }
            }
        }
    }
}

enum SyncFailure {
    static func sync(board: URL, names: [String: String], push: Bool) throws -> SyncReport {
        do {
            return try Syncer(board: board, names: names).sync(push: push)
        } catch {
            throw cli(error)
        }
    }

    static func cli(_ error: SyncError) -> CLIFailure {
        CLIFailure(exitCode: 3, code: error.code, message: error.description)
    }
}

struct SyncJSON: Encodable {
    struct Conflict: Encodable {
        var useCase: String
        var rule: String
        var prevailing: String
        var skipped: String
        var event: String
        var message: String
    }
    struct Renumbered: Encodable {
        var from: String
        var to: String
    }
    var ok = true
    var committed: String?
    var upstream: String?
    var merge: String
    var received: Int
    var conflicts: [Conflict]
    var renumbered: [Renumbered]
    var rebuilt: [String]
    var rederived: [String]
    var pushed: Bool

    init(_ r: SyncReport) {
        committed = r.committed
        upstream = r.upstream
        merge = r.merge.rawValue
        received = r.received
        conflicts = r.conflicts.map {
            Conflict(useCase: $0.useCase, rule: $0.rule.rawValue, prevailing: $0.prevailing, skipped: $0.skipped,
                     event: $0.event.id, message: $0.explanation)
        }
        renumbered = r.renumbered.map { Renumbered(from: $0.from, to: $0.to) }
        rebuilt = r.rebuilt
        rederived = r.rederived
        pushed = r.pushed
    }
}
