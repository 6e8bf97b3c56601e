import Foundation

/// What a person may hand over, as the TUI offers it before anything is typed: the same rules
/// as `gateboard delegate` (`Delegations.checkParties`), asked of each role and person.
extension Delegations {
    /// The roles of `from` that `to` may decide in for them (held by both), in `from`'s order.
    public static func roles(from: PersonID, to: PersonID, policy: Policy) -> [RoleID] {
        let any = Day(year: 2000, month: 1, day: 1)
        return (policy.person(from)?.roles ?? []).filter { role in
            (try? checkParties(Delegation(id: "", from: from, to: to, role: role, start: any, until: any, recordedAt: .distantPast),
                               policy: policy)) != nil
        }
    }

    /// Everyone `from` may delegate at least one role to, in the policy's order.
    public static func delegates(of from: PersonID, policy: Policy) -> [Person] {
        policy.people.filter { !roles(from: from, to: $0.id, policy: policy).isEmpty }
    }

    /// The delegations a person has given or received that have not ended (in force or to
    /// come), by first day; with no person, every such delegation on the board.
    public func current(for person: PersonID?, at date: Date) -> [Delegation] {
        all.filter { $0.current(at: date) && (person == nil || $0.from == person || $0.to == person) }
            .sorted { ($0.effectiveStart, $0.recordedAt) < ($1.effectiveStart, $1.recordedAt) }
    }
}

extension Authority {
    /// A delegate deciding for someone named on a use case must be independent of its work, as
    /// a delegate's approval is (separation of duties): not one of its other owners, nor who
    /// moved it into its stage.
    static func requireIndependentDelegate(_ person: PersonID, for principal: PersonID, _ uc: UseCase, policy: Policy,
                                           doing: String) throws(Refusal) {
        let roles = uc.owners.filter { $0.value == person }.keys.sorted().map { Wording.role($0, policy) }
        guard roles.isEmpty, uc.submittedBy != person else {
            throw Refusal(.separationOfDuties, "\(Wording.person(person, policy)) cannot \(doing) for \(Wording.person(principal, policy)) on \(uc.id): "
                + (roles.isEmpty ? "they moved it into its stage" : "they are its " + Wording.list(roles)) + "; a delegate must be independent of the work")
        }
    }
}

extension Inbox {
    /// The delegation under which `person` may attest `control` for `responsible` (named for
    /// its role on the use case) now, as `attest` would accept it: nil when none, or when
    /// `person` is not independent of the work.
    static func delegatedAttestation(_ person: PersonID, for responsible: PersonID, _ control: Control?, _ uc: UseCase,
                                     policy: Policy, now: Date) -> Delegation? {
        guard person != responsible, let role = control?.role, uc.owners[role] == responsible,
              let d = policy.delegations.covering(responsible, role: role, delegate: person, at: now),
              (try? Authority.requireIndependentDelegate(person, for: responsible, uc, policy: policy, doing: "attest")) != nil
        else { return nil }
        return d
    }
}
