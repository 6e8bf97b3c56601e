import Foundation
import GateboardCore

/// Delegations (`gateboard delegate`): board events under the board lock, replayed from the
/// board log into `Policy.delegations` whenever the policy is loaded.
extension BoardStore {
    /// The delegations the board log records. Only a log whose chain and time order hold is
    /// read, and only events whose signature counts when the policy signs decisions; anything
    /// else is `verify`'s to report (and gives no delegation).
    func delegations(policy: Policy) -> Delegations {
        let log = boardLog
        guard log.exists(), let bytes = try? log.readAll(), !bytes.isEmpty else { return Delegations() }
        let check = LogCheck.board(bytes, display: log.display)
        let events = check.events
        guard check.problems.isEmpty, events.contains(where: { $0.action == .delegate }) else { return Delegations() }
        let origin = SignedPayload.boardOrigin
        let boundary = policy.signing == .off ? 0 : SignatureCheck.boundary(events, origin: origin, policy: policy)
        return Delegations.replay(events, policy: policy) { i in
            policy.signing == .off
                || SignatureCheck.verdict(events[i], origin: origin, policy: policy, beforeBoundary: i < boundary).counts
        }
    }

    /// Records a delegation by `actor` (the delegator) to `to`: the rules are checked under the
    /// board lock against the delegations recorded so far; nothing is written when one fails.
    /// `role` nil: the delegator's one role (refused when they hold several).
    @discardableResult
    public func delegate(to: PersonID, role: RoleID?, start: Day?, until: Day, actor: PersonID, osUser: String,
                         now: Date) throws -> (event: AuditEvent, delegation: Delegation) {
        var made: Delegation?
        let event = try appendBoardEvent(.delegate, actor: actor, osUser: osUser, now: now) { policy in
            let role = try Delegations.role(role, of: actor, policy: policy)
            let d = Delegation(id: "", from: actor, to: to, role: role, start: start ?? Day(containing: now), until: until, recordedAt: now)
            try policy.delegations.check(d, policy: policy, now: now)
            made = d
            return EventDetails(role: role, person: to, until: until).with { $0.start = d.start }
        }
        made!.id = event.id
        made!.recordedAt = event.at
        return (event, made!)
    }

    /// Cancels the delegator's delegations that have not ended (of `role`, to `to`, the one
    /// recorded by event `id`, when given): one `delegate_cancel` event listing them; they end
    /// at its time.
    @discardableResult
    public func cancelDelegations(role: RoleID?, to: PersonID?, id: String? = nil, actor: PersonID, osUser: String,
                                  now: Date) throws -> (event: AuditEvent, cancelled: [Delegation]) {
        var found: [Delegation] = []
        let event = try appendBoardEvent(.delegateCancel, actor: actor, osUser: osUser, now: now) { policy in
            found = policy.delegations.all.filter {
                $0.from == actor && $0.current(at: now) && (role == nil || $0.role == role) && (to == nil || $0.to == to)
                    && (id == nil || $0.id == id)
            }
            guard !found.isEmpty else {
                if id != nil {
                    throw Refusal(.nothingToDo, "that delegation is no longer in force or to come (ended, or cancelled meanwhile): nothing to cancel")
                }
                throw Refusal(.nothingToDo, "\(policy.person(actor)?.name ?? actor) has no delegation in force or to come"
                    + (role.map { " in \($0)" } ?? "") + (to.map { " to \($0)" } ?? "") + " to cancel (gateboard delegate --list)")
            }
            return EventDetails(role: role, person: to, events: found.map(\.id))
        }
        return (event, found)
    }

    /// Every decision made for someone else whose delegation did not cover it (`verify`): the
    /// delegation it names is unknown, not in force at its time, or not from that person to its
    /// actor in its role — a problem. Made under a delegation a sync found in conflict with an
    /// earlier one (void): a note, as a merge's conflict is; it does not count either way.
    static func uncoveredDecisions(_ events: [AuditEvent], policy: Policy, display: String) -> (problems: [Diagnostic], notes: [String]) {
        var problems: [Diagnostic] = []
        var notes: [String] = []
        for (i, e) in events.enumerated() {
            guard let principal = e.details.onBehalfOf,
                  policy.delegations.covering(principal, role: e.details.role ?? "", delegate: e.actor, at: e.at, id: e.details.delegation) == nil
            else { continue }
            let what = "event \(e.seq) (\(e.action.rawValue) by \(e.actor) for \(principal))"
            if let d = e.details.delegation.flatMap({ policy.delegations.delegation($0) }), let why = d.void {
                notes.append("\(display):\(i + 1): \(what) was made under a delegation a sync found void (\(why)); it does not count")
                continue
            }
            problems.append(Diagnostic(path: display, line: i + 1, message:
                "\(what): no delegation from \(principal) to \(e.actor) in \(e.details.role ?? "?") was in force at "
                + "\(Timestamp.format(e.at)); it does not count"))
        }
        return (problems, notes)
    }
}

extension EventDetails {
    func with(_ change: (inout EventDetails) -> Void) -> EventDetails {
        var d = self
        change(&d)
        return d
    }
}
