import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "What needs you and what changed on your use cases since your last digest (for a daily mail or chat post).",
        discussion: """
            "Since" defaults to your last digest of this board (remembered in \
            $XDG_CONFIG_HOME/gateboard/digests.json, default ~/.config/gateboard), else 24 hours ago. \
            Each digest is remembered unless --since is given.
            """)

    @OptionGroup var boardOption: BoardOption
    @Option(name: .customLong("as"), help: ArgumentHelp("Whose digest (default: you).", valueName: "person"))
    var actor: String?
    @Option(help: ArgumentHelp("Changes since this date or time (YYYY-MM-DD or ISO 8601); not remembered.", valueName: "date"))
    var since: String?
    @OptionGroup var format: FormatOptions

    func validate() throws {
        if let since, Timestamp.parse(since) == nil {
            throw ValidationError("--since takes a date (YYYY-MM-DD) or an ISO 8601 time, not \(since)")
        }
    }

    func run() throws {
        try Guarded.run(json: format.json) {
            let open = try OpenBoard(boardOption)
            guard let person = try open.invocation.actor(explicit: actor, policy: open.policy) else {
                throw CLIFailure.usage("whose digest? you are not identified: pass --as PERSON or export GATEBOARD_USER=PERSON")
            }
            let memory = DigestMemory(environment: open.invocation.environment)
            let board = open.store.root.path
            let remembered = memory?.last(board: board, person: person).flatMap { $0 < open.now ? $0 : nil }
            let from = try since.flatMap(Timestamp.parse) ?? remembered ?? open.now.addingTimeInterval(-86_400)
            let events = try StandupEvents.read(open.store, useCases: open.board.useCases, since: from)
            let report = Digest.report(for: person, useCases: open.board.useCases, policy: open.policy, events: events,
                                       since: from, now: open.now)
            let text = DigestText(report: report, policy: open.policy)
            if format.json {
                JSONOutput.print(DigestJSON(report))
            } else {
                print(format.markdown ? text.markdown() : text.plain())
            }
            if since == nil, let note = memory?.remember(board: board, person: person, at: open.now) {
                Stderr.write("note: " + note)
            }
        }
    }
}

struct DigestJSON: Encodable {
    var person: String
    var since: String
    var now: String
    var needs: [InboxEntryJSON]
    /// The same change objects as `standup --json`.
    var changes: [StandupJSON.Change]

    init(_ r: DigestReport) {
        person = r.person
        since = Timestamp.format(r.since)
        now = Timestamp.format(r.now)
        needs = r.needs.map(InboxEntryJSON.init)
        changes = r.changes.map(StandupJSON.Change.init)
    }
}

struct DigestText {
    var report: DigestReport
    var policy: Policy
    private var w: BoardWords { BoardWords(policy: policy) }

    private var title: String { "Digest for \(w.person(report.person)) — \(w.e(policy.name))" }
    private var window: String { "since \(Timestamp.format(report.since))" }

    func plain() -> String {
        var out = [title, ""]
        out.append(report.needs.isEmpty ? "Nothing needs you." : "Needs you (\(report.needs.count)):")
        for e in report.needs {
            out.append("  \(w.e(e.id))  \(e.need.rawValue)  \(w.e(e.message))")
        }
        out.append("")
        out.append(report.changes.isEmpty ? "No changes by others on your use cases \(window)."
                                          : "Changed \(window) (\(report.changes.count)):")
        for c in report.changes {
            out.append("  \(w.e(c.id))  \(BoardWords.day(c.at))  \(w.e(c.message))" + (c.text.map { ": \"\(w.e($0))\"" } ?? ""))
        }
        return out.joined(separator: "\n")
    }

    func markdown() -> String {
        let md = Markdown.escape
        var out = ["# \(md(title))", ""]
        out.append(report.needs.isEmpty ? "Nothing needs you." : "## Needs you (\(report.needs.count))")
        if !report.needs.isEmpty { out.append("") }
        for e in report.needs {
            out.append("- **\(md(e.id))** \(md(e.title)) — \(md(e.need.rawValue)): \(md(e.message))")
        }
        out.append("")
        out.append(report.changes.isEmpty ? "No changes by others on your use cases \(md(window))."
                                          : "## Changed \(md(window)) (\(report.changes.count))")
        if !report.changes.isEmpty { out.append("") }
        for c in report.changes {
            out.append("- **\(md(c.id))** \(BoardWords.day(c.at)): \(md(c.message))" + (c.text.map { ": “\(md($0))”" } ?? ""))
        }
        return out.joined(separator: "\n")
    }
}
