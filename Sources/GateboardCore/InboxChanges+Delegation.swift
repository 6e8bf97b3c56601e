import Foundation

/// Whose inbox a delegation (or its cancellation) changed: no use case changes, the policy's
/// delegations do. The delegate gains the delegator's waiting approvals (and loses them again
/// on a cancel); the delegator's own inbox is compared too, so whatever `Inbox` decides for an
/// absent person is said as well.
extension InboxChanges {
    public static func between(before: Policy, after: Policy, people: [PersonID], useCases: [UseCase], now: Date) -> [InboxChange] {
        var seen = Set<PersonID>()
        return people.filter { seen.insert($0).inserted }.flatMap { person in
            useCases.flatMap { uc in
                changes(of: person, on: uc.id, old: Inbox.entries(for: person, on: uc, policy: before, now: now),
                        new: Inbox.entries(for: person, on: uc, policy: after, now: now))
            }
        }
    }
}
