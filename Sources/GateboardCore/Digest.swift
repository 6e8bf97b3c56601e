import Foundation

/// A person's digest, for a daily mail or chat post: what needs them now, and what others did
/// since their last digest on the use cases they are part of.
public struct DigestReport: Equatable, Sendable {
    public var person: PersonID
    public var since: Date
    public var now: Date
    /// Their inbox, most urgent first.
    public var needs: [InboxEntry]
    /// Changes by others on their use cases, oldest first.
    public var changes: [StandupChange]
}

public enum Digest {
    /// `events`: audit events of the use cases (any order; only `since < at <= now` count).
    /// A person's use cases: those they own, created, submitted, were escalated to, decided on
    /// (approval, rejection, waiver), or that need them now.
    public static func report(for person: PersonID, useCases: [UseCase], policy: Policy, events: [AuditEvent],
                              since: Date, now: Date) -> DigestReport {
        let needs = Inbox.entries(for: person, useCases: useCases, policy: policy, now: now)
        let needed = Set(needs.map(\.id))
        let mine = Set(useCases.filter { uc in
            needed.contains(uc.id) || uc.owners.values.contains(person) || uc.createdBy == person
                || uc.submittedBy == person || uc.escalations.contains { $0.to == person }
                || uc.approvals.contains { $0.person == person } || uc.rejections.contains { $0.person == person }
                || uc.waivers.contains { $0.by == person }
        }.map(\.id))
        let changes = events
            .filter { $0.at > since && $0.at <= now && $0.actor != person && mine.contains($0.useCase) && $0.action != .standup }
            .sorted { ($0.at, $0.useCase, $0.seq) < ($1.at, $1.useCase, $1.seq) }
            .map { Standup.change($0, policy: policy) }
        return DigestReport(person: person, since: since, now: now, needs: needs, changes: changes)
    }
}
