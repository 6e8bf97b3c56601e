import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

struct InboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "What needs you: approvals, blockers you own, escalations, reviews — most urgent first.",
        discussion: "For --as PERSON, else $GATEBOARD_USER, else your OS login. --all: everyone's, busiest person first.")

    @OptionGroup var boardOption: BoardOption
    @Option(name: .customLong("as"), help: ArgumentHelp("Whose inbox (default: you).", valueName: "person"))
    var actor: String?
    @Flag(help: "Everyone's inbox, grouped by person (for a lead).") var all = false
    @OptionGroup var output: JSONFlag

    func run() throws {
        try Guarded.run(json: output.json) {
            // Judged on what is on disk: an approval given on content changed since is to renew.
            let open = try OpenBoard(boardOption, observed: true)
            let w = BoardWords(policy: open.policy)
            let useCases = open.board.useCases
            if all {
                let boxes = Inbox.all(useCases: useCases, policy: open.policy, now: open.now,
                                      histories: try open.inboxHistories(for: nil))
                if output.json {
                    JSONOutput.print(boxes.map { box in
                        PersonInboxJSON(person: box.person, name: open.policy.person(box.person)?.name ?? box.person,
                                        entries: box.entries.map(InboxEntryJSON.init))
                    })
                    return
                }
                guard !boxes.isEmpty else { print("nothing needs anyone"); return }
                var first = true
                for box in boxes {
                    if !first { print("") }
                    first = false
                    print("\(w.personWithID(box.person)) — \(BoardWords.plural(box.entries.count, "item"))")
                    print(Self.table(box.entries, words: w))
                }
                return
            }
            guard let person = try open.invocation.actor(explicit: actor, policy: open.policy) else {
                throw CLIFailure.usage("whose inbox? you are not identified: pass --as PERSON, export GATEBOARD_USER=PERSON, "
                    + "or add `login: \(open.invocation.osUser)` to your entry in gateboard.yaml (or use --all)")
            }
            let entries = Inbox.entries(for: person, useCases: useCases, policy: open.policy, now: open.now,
                                        histories: try open.inboxHistories(for: person))
            if !output.json {
                // Whose decisions this person holds by delegation now: "Omar Haddad's risk reviewer approvals: you until 2027-01-05".
                for d in open.policy.delegations.held(by: person, at: open.now) {
                    print("\(w.person(d.from))'s \(w.role(d.role).lowercased()) approvals: you until \(d.until) (delegation from \(d.start))")
                }
            }
            if output.json {
                JSONOutput.print(entries.map(InboxEntryJSON.init))
            } else if entries.isEmpty {
                print("nothing needs you, \(w.person(person))")
            } else {
                print("\(BoardWords.plural(entries.count, "item")) need\(entries.count == 1 ? "s" : "") \(w.person(person))")
                print(Self.table(entries, words: w))
            }
        }
    }

    static func table(_ entries: [InboxEntry], words w: BoardWords) -> String {
        var t = TextTable(["  NEED", "ID", "STAGE", "WAITING", "WHY"], rightAligned: [3])
        for e in entries {
            t.add(["  " + e.need.rawValue, w.e(e.id), w.e(e.stage), "\(e.waitingDays)d", w.e(e.message)])
        }
        var lines = t.render().split(separator: "\n").map(String.init)
        // The gate's other needs, under each entry.
        var out = [lines.removeFirst()]
        for (line, e) in zip(lines, entries) {
            out.append(line)
            if !e.alsoNeeds.isEmpty {
                out.append("      also needs: " + e.alsoNeeds.map(w.e).joined(separator: "; "))
            }
        }
        return out.joined(separator: "\n")
    }
}

struct InboxEntryJSON: Encodable {
    var id: String
    var title: String
    var stage: String
    var need: String
    var role: String?
    var control: String?
    var waitingDays: Int
    var message: String
    var alsoNeeds: [String]
    /// An approval asked of a delegate: the delegator it would be given for.
    var `for`: String?

    init(_ e: InboxEntry) {
        id = e.id
        title = e.title
        stage = e.stage
        need = e.need.rawValue
        role = e.role
        control = e.control
        waitingDays = e.waitingDays
        message = e.message
        alsoNeeds = e.alsoNeeds
        self.for = e.onBehalfOf
    }
}

struct PersonInboxJSON: Encodable {
    var person: String
    var name: String
    var entries: [InboxEntryJSON]
}
