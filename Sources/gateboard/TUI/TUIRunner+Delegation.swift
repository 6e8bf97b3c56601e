import Foundation
import GateboardCore
import GateboardStore
import GateboardUI

extension TUILoop {
    /// `D` then `n`: the store's `delegate`, as `gateboard delegate` records it (the rules
    /// checked again under the board lock), then the notification hook.
    func delegate(to person: PersonID, role: RoleID, start: Day?, until: Day) -> [Msg] {
        guard let actor else { return [Self.readOnly] }
        return recordDelegation {
            let now = clock()
            let (e, d) = try store.delegate(to: person, role: role, start: start, until: until, actor: actor, osUser: osUser, now: now)
            return (e, [d.to, d.from], "delegated to \(state.personName(d.to)) as \(state.roleWords(d.role)), \(Delegations.period(d))", now)
        }
    }

    /// `c` in the `D` list: exactly that delegation cancelled (refused when it has ended or was
    /// cancelled meanwhile, in another terminal).
    func cancelDelegation(_ id: String) -> [Msg] {
        guard let actor else { return [Self.readOnly] }
        return recordDelegation {
            let now = clock()
            let (e, cancelled) = try store.cancelDelegations(role: nil, to: nil, id: id, actor: actor, osUser: osUser, now: now)
            let words = cancelled.map { "to \(state.personName($0.to)) as \(state.roleWords($0.role))" }.joined(separator: "; ")
            return (e, cancelled.flatMap { [$0.to, $0.from] }, "delegation cancelled: " + words, now)
        }
    }

    private func recordDelegation(_ body: () throws -> (AuditEvent, [PersonID], String, Date)) -> [Msg] {
        do {
            let before = state.board.policy
            let (event, people, text, now) = try body()
            hooks.start(boardEvent: event, people: people, before: before, store: store, now: now, environment: environment)
            let notes = autoCommitNotes()
            return [.delegationRecorded(TerminalSafe.escape(text + (notes.isEmpty ? "" : " — " + notes.joined(separator: "; "))))]
        } catch let refusal as Refusal {
            return [.refused(refusal)]
        } catch {
            return [.failed(TerminalSafe.escape(String(describing: error)))]
        }
    }
}
