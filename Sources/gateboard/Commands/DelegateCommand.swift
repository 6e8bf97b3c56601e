import ArgumentParser
import Foundation
import GateboardCLI
import GateboardCore
import GateboardStore
import GateboardSync

/// `gateboard delegate`: hand your decisions in a role to someone while you are away, cancel
/// that, or list the board's delegations. A delegation is a board event (signed when signing is
/// on), never a file to edit.
struct DelegateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delegate",
        abstract: "Hand your approvals in a role to someone while you are away (--to, --until); --cancel; --list.",
        discussion: """
            While a delegation is in force the delegate may approve, reject and attest, for you, the use \
            cases on which you are named for the role; separation of duties and self-approval are \
            checked for the delegate. Their decisions are recorded "by Sofia Brandt for Omar Haddad \
            (delegation from 2026-12-20)". The delegate must be allowed the role by the policy; no \
            delegation to yourself, in the past, overlapping another of yours in the same role, or \
            circular. Without --role: your one role.
            """)

    @Option(help: ArgumentHelp("The delegate (a person id).", valueName: "person")) var to: String?
    @Option(help: ArgumentHelp("The last day covered (YYYY-MM-DD, included).", valueName: "date")) var until: String?
    @Option(help: ArgumentHelp("The first day covered (default: today).", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("The role handed over (default: your one role).", valueName: "role")) var role: String?
    @Flag(help: "Cancel your delegations in force or to come (of --role, to --to, when given).") var cancel = false
    @Flag(help: "List the board's delegations.") var list = false
    @OptionGroup var options: ActionOptions

    func validate() throws {
        if list {
            guard !cancel, to == nil, until == nil, from == nil, role == nil else {
                throw ValidationError("--list takes no other option but --json and --board")
            }
            return
        }
        if cancel {
            guard until == nil, from == nil else { throw ValidationError("--cancel takes --role and --to only") }
            return
        }
        guard to != nil, let until else {
            throw ValidationError("usage: gateboard delegate --to PERSON --until YYYY-MM-DD [--from YYYY-MM-DD] [--role ROLE]; or --cancel, or --list")
        }
        _ = try ArgumentValues.day(until)
        if let from { _ = try ArgumentValues.day(from) }
    }

    func run() throws {
        try Guarded.run(json: options.json) {
            let open = try OpenPolicy(options.boardOption)
            if list {
                let all = open.policy.delegations.all
                if options.json {
                    JSONOutput.print(DelegationListJSON(ok: true, delegations: all.map { DelegationJSON($0, now: open.now) }))
                } else {
                    print(DelegationText.list(all, policy: open.policy, now: open.now))
                }
                return
            }
            if let key = options.key {
                open.store.signer = SSHKeygenSigner(explicitKey: key, environment: open.invocation.environment, directory: open.store.root)
            }
            guard let actor = try open.invocation.actor(explicit: options.actor, policy: open.policy) else {
                throw CLIFailure.refused(open.invocation.readOnlyRefusal())
            }
            let words = BoardWords(policy: open.policy)
            var lines: [String]
            var json: DelegationResultJSON
            let event: AuditEvent
            let people: [PersonID]
            if cancel {
                let (e, cancelled) = try open.store.cancelDelegations(role: role, to: to, actor: actor, osUser: open.invocation.osUser, now: open.now)
                (event, people) = (e, cancelled.flatMap { [$0.to, $0.from] })
                lines = cancelled.map { "Cancelled: \(DelegationText.line($0, policy: open.policy, words: words))" }
                json = DelegationResultJSON(ok: true, action: "cancel", event: .init(e), delegations: cancelled.map {
                    var d = $0
                    d.cancelledAt = e.at
                    d.cancelledBy = actor
                    return DelegationJSON(d, now: open.now)
                })
            } else {
                let (e, d) = try open.store.delegate(to: to!, role: role, start: try from.map(ArgumentValues.day), until: try ArgumentValues.day(until!),
                                                     actor: actor, osUser: open.invocation.osUser, now: open.now)
                (event, people) = (e, [d.to, d.from])
                lines = ["Delegated: \(DelegationText.line(d, policy: open.policy, words: words))",
                         "  \(words.person(d.to)) may approve and reject for \(words.person(d.from)) where \(words.person(d.from)) is named \(words.role(d.role).lowercased()); recorded as board event #\(e.seq)"]
                json = DelegationResultJSON(ok: true, action: "delegate", event: .init(e), delegations: [DelegationJSON(d, now: open.now)])
            }
            if let note = AutoCommit.ifEnabled(autoCommit: open.policy.autoCommit, board: open.store.root, names: open.policy.personNames) {
                lines.append("  " + note)
                json.notes.append(note)
            }
            if options.json { JSONOutput.print(json) } else { print(lines.joined(separator: "\n")) }
            // Recorded and reported: now the notification hook, as after every action (the
            // delegate gains the delegator's waiting approvals, or loses them on a cancel).
            Stdout.flush()
            if let note = NotificationHook.run(boardEvent: event, people: people, before: open.policy, store: open.store, now: open.now,
                                               environment: open.invocation.environment) {
                Stderr.write("note: " + note)
            }
        }
    }
}

enum DelegationText {
    /// "Omar Haddad → Sofia Brandt as risk reviewer, from 2026-12-20 until 2027-01-05 (in force)".
    static func line(_ d: Delegation, policy: Policy, words w: BoardWords) -> String {
        "\(w.person(d.from)) → \(w.person(d.to)) as \(w.role(d.role).lowercased()), \(Delegations.period(d))"
    }

    static func state(_ d: Delegation, now: Date) -> String {
        if let v = d.void { return "void: " + v }
        if d.inForce(at: now) { return "in force" }
        if d.cancelledAt.map({ $0 <= now }) == true || now >= d.effectiveEnd { return d.cancelledAt != nil ? "cancelled" : "ended" }
        return "to come"
    }

    static func list(_ all: [Delegation], policy: Policy, now: Date) -> String {
        guard !all.isEmpty else { return "No delegations on this board (gateboard delegate --to PERSON --until YYYY-MM-DD)." }
        let w = BoardWords(policy: policy)
        return all.map { "\(line($0, policy: policy, words: w)) — \(w.e(state($0, now: now)))" }.joined(separator: "\n")
    }
}

struct DelegationJSON: Encodable {
    var id: String
    var from: String
    var to: String
    var role: String
    var start: String
    var until: String
    var recordedAt: String
    var cancelledAt: String?
    var cancelledBy: String?
    /// in_force, to_come, ended, cancelled, void.
    var state: String
    var void: String?

    init(_ d: Delegation, now: Date) {
        id = d.id; from = d.from; to = d.to; role = d.role
        start = d.start.description; until = d.until.description
        recordedAt = Timestamp.format(d.recordedAt)
        cancelledAt = d.cancelledAt.map(Timestamp.format)
        cancelledBy = d.cancelledBy
        state = DelegationText.state(d, now: now).hasPrefix("void") ? "void" : DelegationText.state(d, now: now).replacingOccurrences(of: " ", with: "_")
        void = d.void
    }
}

struct DelegationListJSON: Encodable {
    var ok: Bool
    var delegations: [DelegationJSON]
}

struct DelegationResultJSON: Encodable {
    struct EventRef: Encodable {
        var seq: Int
        var id: String
        var at: String
        var actor: String
        init(_ e: AuditEvent) { seq = e.seq; id = e.id; at = Timestamp.format(e.at); actor = e.actor }
    }
    var ok: Bool
    var action: String
    var event: EventRef
    var delegations: [DelegationJSON]
    var notes: [String] = []
}
