import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "The audit trail, newest last: of one use case, or of the whole board (stand-ups included).")

    @OptionGroup var boardOption: BoardOption
    @Argument(help: ArgumentHelp("Only this use case.", valueName: "id")) var id: String?
    @Option(help: ArgumentHelp("Only events at or after this time (YYYY-MM-DD or ISO 8601).", valueName: "date"))
    var since: String?
    @Option(help: ArgumentHelp("Print the exact bytes event SEQ of the use case's log is signed over (signed decisions), for `ssh-keygen -Y verify`.", valueName: "seq"))
    var payload: Int?
    @OptionGroup var output: JSONFlag

    func validate() throws {
        if payload != nil, id == nil { throw ValidationError("--payload needs a use case id: gateboard log UC-0002 --payload 5") }
        _ = try ArgumentValues.since(since)
    }

    func run() throws {
        try Guarded.run(json: output.json) {
            let open = try OpenBoard(boardOption)
            let ids = try id.map { [try open.useCase($0).id] } ?? open.board.useCases.map(\.id)
            // Each event with its signature's verdict (signed decisions), judged per log in process
            // against the policy's keys.
            var events: [(event: AuditEvent, verdict: SignatureVerdict?)] = []
            for uc in ids {
                let log = try open.store.events(for: uc)
                if let seq = payload {
                    guard let e = log.first(where: { $0.seq == seq }) else {
                        throw CLIFailure.refused(Refusal(.invalidInput, "\(uc) has no event \(seq) (it has \(log.count))"))
                    }
                    try FileHandle.standardOutput.write(contentsOf: Data(SignedPayload.bytes(e, origin: SignedPayload.origin(of: log))))
                    return
                }
                let verdicts = SignatureCheck.verdicts(log, policy: open.policy)
                events += log.map { ($0, verdicts?[$0.seq]) }
            }
            // The whole board's trail includes board events (stand-ups held).
            if id == nil {
                let board = try open.store.boardEvents()
                let verdicts = SignatureCheck.verdicts(board, policy: open.policy)
                events += board.map { ($0, verdicts?[$0.seq]) }
            }
            if let from = try ArgumentValues.since(since) { events = events.filter { $0.event.at >= from } }
            events.sort { ($0.event.at, $0.event.useCase, $0.event.seq) < ($1.event.at, $1.event.useCase, $1.event.seq) }
            if output.json {
                JSONOutput.print(events.map { EventJSON($0.event) })
                return
            }
            guard !events.isEmpty else {
                print("no events" + (since.map { " since \(TerminalSafe.escape($0))" } ?? ""))
                return
            }
            let words = BoardWords(policy: open.policy)
            for (e, verdict) in events {
                print(EventText.line(e, words: words, showUseCase: id == nil) + (verdict?.mark().map { "  " + $0 } ?? ""))
            }
        }
    }
}

/// An audit event in `log --json`: the event as recorded, dates as ISO 8601 strings.
struct EventJSON: Encodable {
    struct Details: Encodable {
        var title, problem, metric, tier, stage, from, to, role, person, control, ref, note: String?
        var comment, reason, until, review, kind, summary, digest: String?
        var artifacts, basis: [String: String]?
        var events: [String]?
        /// Delegation: whom a decision was made for, under which delegation; a delegation's first day.
        var `for`, delegation, start: String?
    }
    var schema: Int
    var seq: Int
    var id: String
    var at: String
    var actor: String
    var osUser: String
    var action: String
    var useCase: String
    var details: Details
    var state: String
    var prev: String
    /// The real clock when `at` was asserted (GATEBOARD_NOW); absent otherwise.
    var realAt: String?
    /// Signed decisions: the SSHSIG signature (base64), when the event carries one.
    var signature: String?

    init(_ e: AuditEvent) {
        let d = e.details
        schema = e.schema
        seq = e.seq
        id = e.id
        at = Timestamp.format(e.at)
        actor = e.actor
        osUser = e.osUser
        action = e.action.rawValue
        useCase = e.useCase
        details = Details(title: d.title, problem: d.problem, metric: d.metric, tier: d.tier, stage: d.stage,
                          from: d.from, to: d.to, role: d.role, person: d.person, control: d.control, ref: d.ref,
                          note: d.note, comment: d.comment, reason: d.reason, until: d.until?.description,
                          review: d.review?.description, kind: d.kind?.rawValue, summary: d.summary,
                          digest: d.digest, artifacts: d.artifacts, basis: d.basis, events: d.events,
                          for: d.onBehalfOf, delegation: d.delegation, start: d.start?.description)
        state = e.state
        prev = e.prev
        realAt = e.realAt.map(Timestamp.format)
        signature = e.signature
    }
}
