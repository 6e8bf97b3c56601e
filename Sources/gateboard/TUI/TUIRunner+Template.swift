import GateboardCore
import GateboardUI

extension TUILoop {
    /// `createThen`: the create through `record`, then each follow-up on the new use case
    /// through `record` too; one `performed` with every message. A follow-up with nothing to
    /// do is skipped; one refused is said, since the create is already recorded.
    func recordThen(_ action: Action, then: [Action]) -> [Msg] {
        let first = record(action, on: nil)
        guard case let .performed(id, message)? = first.first else { return first }
        var messages = [message]
        for next in then {
            switch record(next, on: id).first {
            case let .performed(_, m)?: messages.append(m)
            case let .refused(r)? where r.code != .nothingToDo: messages.append("\(next.verb) not done: " + TerminalSafe.escape(r.message))
            case let .failed(m)?: messages.append("\(next.verb) failed: " + m)
            default: break
            }
        }
        return [.performed(useCase: id, message: messages.joined(separator: "; "))]
    }
}
