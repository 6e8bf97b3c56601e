import Foundation

/// What recording a decided event does beyond itself, for the user to be told: approvals it
/// voids (an edit of the material basis), rejections it clears, where it sends the work.
extension ActionDecider {
    /// Approvals that stand now and are void once the event is applied (same `now`), each with
    /// the reason it is void after the event ("prompt changed after approval").
    public static func voided(by action: EventAction, details: EventDetails, on uc: UseCase, actor: PersonID,
                              policy: Policy, now: Date) -> [ApprovalStanding] {
        guard let after = try? uc.applying(event(action, details, uc, actor, now)) else { return [] }
        return voided(from: uc, to: after, policy: policy, now: now)
    }

    /// The approvals an edit would void.
    public static func voidedBy(edit details: EventDetails, on uc: UseCase, actor: PersonID, policy: Policy,
                                now: Date) -> [ApprovalStanding] {
        voided(by: .edit, details: details, on: uc, actor: actor, policy: policy, now: now)
    }

    /// Approvals standing in `before` and still on the use case but void in `after`.
    public static func voided(from before: UseCase, to after: UseCase, policy: Policy, now: Date) -> [ApprovalStanding] {
        let was = ApprovalCount.standings(before, policy: policy, now: now).filter { !$0.void }.map(\.approval)
        return ApprovalCount.standings(after, policy: policy, now: now).filter { $0.void && was.contains($0.approval) }
    }

    /// Sentences for the user after an event: "approval by Priya Raman void: prompt changed
    /// after approval", "rejection by Omar Haddad cleared: the work changed", "sent back to
    /// Checkpoint review".
    public static func consequences(of action: EventAction, details: EventDetails, on uc: UseCase, actor: PersonID,
                                    policy: Policy, now: Date) -> [String] {
        guard let after = try? uc.applying(event(action, details, uc, actor, now)) else { return [] }
        var notes = voided(from: uc, to: after, policy: policy, now: now).map { ApprovalCount.voidMessage($0, policy: policy) }
        if action == .edit {
            for r in uc.rejections where !after.rejections.contains(r) {
                notes.append("rejection by \(Wording.person(r.person, policy)) cleared: the work changed")
            }
        }
        if action == .change, let to = details.to {
            notes.append("sent back to \(Wording.stage(to, policy)) for review")
        }
        if [.advance, .return, .change].contains(action), !uc.approvals.isEmpty {
            let n = uc.approvals.count
            notes.append("\(n) \(n == 1 ? "approval" : "approvals") of the old gate kept in the audit log, not carried over")
        }
        return notes
    }

    static func event(_ action: EventAction, _ details: EventDetails, _ uc: UseCase, _ actor: PersonID,
                      _ now: Date) -> AuditEvent {
        AuditEvent(seq: uc.audit.seq + 1, id: "", at: now, actor: actor, osUser: "", action: action,
                   useCase: uc.id, details: details)
    }
}
