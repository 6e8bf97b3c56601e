import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore
import GateboardSync

struct StandupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standup",
        abstract: "What changed since the last stand-up, what blocks, and who must act next.",
        discussion: """
            "Since" defaults to the last stand-up marked held on this board (--mark), else 24 hours \
            ago. --mark records that a stand-up is held now (an event on audit/_board.jsonl), after \
            printing the report.
            """)

    @OptionGroup var boardOption: BoardOption
    @Option(help: ArgumentHelp("Changes since this date or time (YYYY-MM-DD or ISO 8601).", valueName: "date"))
    var since: String?
    @Option(help: ArgumentHelp("Walk order: stage or owner.", valueName: "order"))
    var by: String = "stage"
    @Flag(help: "Record that the stand-up was held now (needs --as or GATEBOARD_USER).") var mark = false
    @Option(name: .customLong("as"), help: ArgumentHelp("Who marks the stand-up held.", valueName: "person"))
    var actor: String?
    @OptionGroup var format: FormatOptions

    func validate() throws {
        _ = try ArgumentValues.since(since)
        if StandupOrder(rawValue: by) == nil { throw ValidationError("--by takes stage or owner, not \(by)") }
    }

    func run() throws {
        try Guarded.run(json: format.json) {
            let open = try OpenBoard(boardOption)
            var marker: PersonID?
            if mark {
                guard let who = try open.invocation.actor(explicit: actor, policy: open.policy) else {
                    throw CLIFailure.refused(open.invocation.readOnlyRefusal())
                }
                marker = who
            }
            let last = try open.store.latestBoardEvent(.standup, notAfter: open.now)
            let from = try ArgumentValues.since(since)
                ?? Standup.defaultSince(boardEvents: last.map { [$0] } ?? [], now: open.now)
            // Each log's tail back to `since`, whole histories only for what changed (issue 8).
            let events = try StandupEvents.read(open.store, useCases: open.board.useCases, since: from)
            let report = Standup.report(open.board.useCases, policy: open.policy, events: events,
                                        since: from, now: open.now, order: StandupOrder(rawValue: by) ?? .stage)
            var marked: AuditEvent?
            if let marker {
                marked = try open.store.appendBoardEvent(.standup, details: EventDetails(), actor: marker,
                                                         osUser: open.invocation.osUser, now: open.now)
                if let note = AutoCommit.ifEnabled(autoCommit: open.policy.autoCommit, board: open.store.root,
                                                   names: open.policy.personNames) {
                    Stderr.write("note: " + note)
                }
            }
            if format.json {
                JSONOutput.print(StandupJSON(report, marked: marked))
            } else {
                let text = StandupText(report: report, policy: open.policy)
                print(format.markdown ? text.markdown() : text.plain())
                if let marked {
                    Stderr.write("stand-up marked held at \(Timestamp.format(marked.at)); the next one starts from here")
                }
            }
        }
    }
}
