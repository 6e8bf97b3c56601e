import Foundation
import GateboardCore
import GateboardStore
import GateboardSync

/// The one path every action command takes: identify the actor, load the board, let the
/// store lock / re-read / decide / record, and tell the user what happened (and what it
/// voided).
enum ActionRunner {
    /// `followUps` (for `new --template`): checked against the policy before anything is
    /// recorded (a throw writes nothing), then performed on the same use case after `action`;
    /// a follow-up the policy refuses is a note, not a failure, since the first is recorded.
    static func perform(_ action: Action, on id: String?, options: ActionOptions,
                        followUps: ((Policy) throws -> [Action])? = nil) throws {
        try Guarded.run(json: options.json) {
            // An action touches one use case: the policy and that use case's file are all it
            // reads (never the whole board, nor any log but the tail of its own), so its time
            // does not grow with the board.
            let open = try OpenPolicy(options.boardOption)
            guard let actor = try open.invocation.actor(explicit: options.actor, policy: open.policy) else {
                throw CLIFailure.refused(open.invocation.readOnlyRefusal())
            }
            if let key = options.key {
                open.store.signer = SSHKeygenSigner(explicitKey: key, environment: open.invocation.environment, directory: open.store.root)
            }
            // The store says which approvals the action voided (under its lock, from the state it
            // decided on): nothing is read before it, and no note is parsed after.
            let action = try ContentInput.decided(action, on: id, store: open.store, policy: open.policy, now: open.now)
            let more = try followUps?(open.policy) ?? []
            var outcome = try open.store.perform(action, on: id, actor: actor,
                                                 osUser: open.invocation.osUser, now: open.now)
            Stdout.alreadyDone = "the action was recorded as event #\(outcome.event.seq) of \(outcome.useCase.id)"
            outcome.notes += FollowUps.perform(more, after: &outcome, store: open.store, actor: actor,
                                               osUser: open.invocation.osUser, now: open.now, policy: open.policy)
            let after = UseCaseFacts(outcome.useCase, policy: open.policy, now: open.now)
            var result = ActionResult(action: action, outcome: outcome, after: after, policy: open.policy)
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
            // The action is recorded and reported; only now the user's notification hook runs
            // (bounded by its timeout), and its failure is a note on stderr, never an error.
            Stdout.flush()
            if let note = NotificationHook.run(event: outcome.event, before: outcome.before, after: outcome.useCase,
                                               policy: open.policy, now: open.now, board: open.store.root.path,
                                               environment: open.invocation.environment) {
                Stderr.write("note: " + note)
            }
        }
    }
}
