import Foundation

/// One change in someone's inbox caused by an action: an entry it gained or lost.
/// The `notify` items of a notification hook's input.
public struct InboxChange: Equatable, Sendable {
    public enum Kind: String, Equatable, Sendable {
        /// The person is needed now and was not before.
        case gained
        /// The person was needed before and is not any more.
        case lost
    }
    public var person: PersonID
    public var kind: Kind
    public var need: InboxNeed
    public var useCase: UseCaseID
    /// "UC-0004 needs you: checkpoint approval as risk reviewer, waiting since today", or
    /// "UC-0004 no longer needs you: …".
    public var message: String
}

/// Whose inbox an action changed, and how: the inbox entries of everyone who could be needed on
/// the use case, before and after, compared by what they are needed for (need, role, control) —
/// not by the message, whose waiting time and "also needs" change with every action.
public enum InboxChanges {
    public static func between(before: UseCase?, after: UseCase, policy: Policy, now: Date) -> [InboxChange] {
        var people = Set(Inbox.candidates(after, policy: policy))
        if let before { people.formUnion(Inbox.candidates(before, policy: policy)) }
        var out: [InboxChange] = []
        let order = Dictionary(policy.people.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for person in people.sorted(by: { (order[$0] ?? Int.max, $0) < (order[$1] ?? Int.max, $1) }) {
            let old = before.map { Inbox.entries(for: person, on: $0, policy: policy, now: now) } ?? []
            out += changes(of: person, on: after.id, old: old, new: Inbox.entries(for: person, on: after, policy: policy, now: now))
        }
        return out
    }

    /// The entries of `person` on one use case gained and lost from `old` to `new`.
    static func changes(of person: PersonID, on id: UseCaseID, old: [InboxEntry], new: [InboxEntry]) -> [InboxChange] {
        let oldKeys = Set(old.map(key)), newKeys = Set(new.map(key))
        return new.filter { !oldKeys.contains(key($0)) }.map {
            InboxChange(person: person, kind: .gained, need: $0.need, useCase: id, message: "\(id) needs you: \($0.message)")
        } + old.filter { !newKeys.contains(key($0)) }.map {
            InboxChange(person: person, kind: .lost, need: $0.need, useCase: id, message: "\(id) no longer needs you: \($0.message)")
        }
    }

    struct Key: Hashable {
        var need: InboxNeed
        var role: RoleID?
        var control: ControlID?
    }

    static func key(_ e: InboxEntry) -> Key { Key(need: e.need, role: e.role, control: e.control) }
}
