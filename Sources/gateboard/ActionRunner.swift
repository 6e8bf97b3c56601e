import Foundation
import GateboardCore
import GateboardStore
import GateboardSync

/// The one path every action command takes: identify the actor, load the board, let the
/// store lock / re-read / decide / record, and tell the user what happened (and what it
/// voided).
enum ActionRunner {
    static func perform(_ action: Action, on id: String?, options: ActionOptions) throws {
        try Guarded.run(json: options.json) {
            // An action touches one use case: the policy and that use case's file are all it
            // reads (never the whole board, nor any log but the tail of its own), so its time
            // does not grow with the board.
            let open = try OpenPolicy(options.boardOption)
            if let key = options.key {
                open.store.signer = SSHKeygenSigner(explicitKey: key, environment: open.invocation.environment, directory: open.store.root)
            }
            guard let actor = try open.invocation.actor(explicit: options.actor, policy: open.policy) else {
                throw CLIFailure.refused(open.invocation.readOnlyRefusal())
            }
            var target: UseCaseID?
            var countedBefore: [Approval] = []
            if let id {
                let uc = try open.store.useCase(id)
                target = uc.id
                countedBefore = GateEngine.approvalStandings(uc, policy: open.policy, now: open.now)
                    .filter { !$0.void }.map(\.approval)
            }
            let outcome = try open.store.perform(action, on: target, actor: actor,
                                                 osUser: open.invocation.osUser, now: open.now)
            let after = UseCaseFacts(outcome.useCase, policy: open.policy, now: open.now)
            let voided = after.approvals.filter { s in s.void && countedBefore.contains(s.approval) }
            var result = ActionResult(action: action, outcome: outcome, after: after, voided: voided, policy: open.policy)
            // Team sync: with `autoCommit: true` each action becomes one git commit. The action is
            // recorded whatever git says; a failure to commit is a note, not an error.
            if let note = AutoCommit.ifEnabled(autoCommit: open.policy.autoCommit, board: open.store.root,
                                               names: open.policy.personNames) {
                result.extraNotes.append(note)
            }
            if options.json {
                JSONOutput.print(result.json)
            } else {
                print(result.text(words: BoardWords(policy: open.policy)))
            }
        }
    }
}

extension Policy {
    /// Person id → display name, for commit messages.
    var personNames: [PersonID: String] {
        Dictionary(people.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}

/// What an action did, for the user.
struct ActionResult {
    var action: Action
    var outcome: ActionOutcome
    var after: UseCaseFacts
    var voided: [ApprovalStanding]
    var policy: Policy
    /// Notes from after the action (e.g. auto-commit could not commit).
    var extraNotes: [String] = []

    /// The store's notes, plus a sentence for every approval this action voided (the engine's
    /// own words, so nothing is said twice).
    var notes: [String] {
        // The store's summary ("3 approvals void: prompt changed") counts approvals that were
        // already void; the engine's per-approval sentences below are exact.
        var notes = outcome.notes.filter { $0.range(of: #"^[0-9]+ approvals? void: "#, options: .regularExpression) == nil }
        for v in voided {
            let note = ApprovalCount.voidMessage(v, policy: policy)
            if !notes.contains(note) { notes.append(note) }
        }
        return notes + extraNotes
    }

    var json: ActionResultJSON {
        let e = outcome.event
        return ActionResultJSON(
            ok: true, id: outcome.useCase.id, action: action.verb,
            event: .init(seq: e.seq, id: e.id, at: Timestamp.format(e.at), actor: e.actor, osUser: e.osUser),
            notes: notes, stage: outcome.useCase.stage,
            gate: .init(from: after.gate.from, to: after.gate.to, passed: after.gate.passed,
                        blockers: after.gate.blockers.map(BlockerJSON.init)),
            voidedApprovals: voided.map { .init(person: $0.approval.person, role: $0.approval.role, reason: $0.reason) })
    }

    func text(words w: BoardWords) -> String {
        let uc = outcome.useCase
        let e = outcome.event
        var lines = ["\(w.e(uc.id)): \(EventText.summary(e, words: w)) — by \(w.person(e.actor)), event #\(e.seq)"]
        if case .create = action {
            lines = ["Created \(w.e(uc.id)): \(w.e(uc.title)) (\(w.e(uc.tier)), in \(w.stage(uc.stage)))"]
        }
        for n in notes { lines.append("  " + w.e(n)) }
        let g = after.gate
        if let to = g.to {
            let state = g.passed ? "passes" : "blocked by \(BoardWords.plural(g.blockers.count, "blocker"))"
            lines.append("  now in \(w.stage(uc.stage)); gate → \(w.e(to)) \(state)")
        } else {
            lines.append("  now in \(w.stage(uc.stage))")
        }
        return lines.joined(separator: "\n")
    }
}

struct ActionResultJSON: Encodable {
    struct EventRef: Encodable {
        var seq: Int
        var id: String
        var at: String
        var actor: String
        var osUser: String
    }
    struct GateJSON: Encodable {
        var from: String
        var to: String?
        var passed: Bool
        var blockers: [BlockerJSON]
    }
    struct VoidedJSON: Encodable {
        var person: String
        var role: String
        var reason: String?
    }
    var ok: Bool
    var id: String
    var action: String
    var event: EventRef
    var notes: [String]
    var stage: String
    var gate: GateJSON
    var voidedApprovals: [VoidedJSON]
}
