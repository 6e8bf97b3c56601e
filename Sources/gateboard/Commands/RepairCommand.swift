import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

/// `gateboard repair [ID…]`: use case files re-derived from their audit logs.
struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Rebuild use case files from their audit logs (the log is the truth; the file is derived).",
        discussion: """
            For a use case file that was deleted, edited outside gateboard, or left behind its log \
            by a plain `git pull`. Only a log that holds in full (chain, time order, every recorded \
            state) is used; a damaged log is reported and nothing is written for it (exit 3). \
            Records no event. Without ids: every use case with a log.
            """)

    @OptionGroup var boardOption: BoardOption
    @OptionGroup var output: JSONFlag

    @Argument(help: ArgumentHelp("Use case ids (default: all).", valueName: "id"))
    var ids: [String] = []

    func run() throws {
        try Guarded.run(json: output.json) {
            let inv = try Invocation.current()
            let store = try inv.store(boardOption.board)
            var results: [RepairResult]
            var failure: RepairRefused?
            do {
                results = try store.repair(ids.isEmpty ? nil : ids, now: inv.now)
            } catch let refused as RepairRefused {
                results = refused.repaired
                failure = refused
            }
            if output.json {
                JSONOutput.print(RepairJSON(ok: failure == nil,
                                            useCases: results.map { .init(id: $0.id, change: $0.change.rawValue, events: $0.events) },
                                            problems: (failure?.problems ?? []).map(DiagnosticJSON.init)))
            } else {
                for r in results where r.change != .unchanged { print(TerminalSafe.escape(r.description)) }
                let untouched = results.filter { $0.change == .unchanged }.count
                if results.allSatisfy({ $0.change == .unchanged }) && failure == nil {
                    print("nothing to repair: \(BoardWords.plural(untouched, "use case file")) already the state \(untouched == 1 ? "its log records" : "their logs record")")
                }
                for p in failure?.problems ?? [] { Stderr.write(TerminalSafe.escape(p.description)) }
                if failure != nil { Stderr.write("error: some logs do not hold, so their files were not rebuilt; run gateboard verify") }
            }
            if failure != nil { throw ExitCodeError(3) }
        }
    }
}

struct RepairJSON: Encodable {
    struct Item: Encodable {
        var id: String
        var change: String
        var events: Int
    }
    var ok: Bool
    var useCases: [Item]
    var problems: [DiagnosticJSON]
}
