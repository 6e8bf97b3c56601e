import Foundation
import GateboardCLI
import GateboardCore
import GateboardStore

/// Actions performed right after another on the same use case (`new --template`: the
/// template's fields, then its default owners). Each is its own audited event; one the policy
/// refuses becomes a note, since what came before is already recorded.
enum FollowUps {
    static func perform(_ actions: [Action], after outcome: inout ActionOutcome, store: BoardStore, actor: PersonID,
                        osUser: String, now: Date, policy: Policy) -> [String] {
        var notes: [String] = []
        let words = BoardWords(policy: policy)
        for action in actions {
            do {
                let next = try store.perform(action, on: outcome.useCase.id, actor: actor, osUser: osUser, now: now)
                notes.append(EventText.summary(next.event, words: words))
                outcome.useCase = next.useCase
                outcome.event = next.event
            } catch let r as Refusal where r.code == .nothingToDo {
                continue
            } catch {
                notes.append("not done (\(action.verb)): \(error)")
            }
        }
        return notes
    }
}
