import Foundation

/// How a `conflict` event records its resolution, so that replay (`UseCase.replay`) knows
/// which events to keep in the history but not apply.
///
/// `details.events` is `[prevailing, skipped…]`: the first id is the event whose effect
/// stands; every following id is an event that stays in the log, unchanged, with its effect
/// skipped. `details.reason` starts with the rule's code (`stale_gate: …`) followed by the
/// explanation in words; `details.stage` is the use case's stage where the conflict arose.
/// Replay collects the skipped ids of every conflict event in the log before folding, so
/// the conflict event may sit before or after the events it names.
public enum ConflictRecord {
    /// The actor recorded on conflict events: the merge, not a person. Conflict events are
    /// deterministic (same histories → same event, same id on every clone), so they cannot
    /// name whoever happened to run the merge.
    public static let actor: PersonID = "gateboard"
    public static let osUser = "gateboard-merge"

    /// Every event id named as skipped by a conflict event in `events`.
    public static func skippedIDs(in events: [AuditEvent]) -> Set<String> {
        var ids = Set<String>()
        // By index: a `for e in events` copied every event (and retained its strings) to look
        // at one field.
        for i in events.indices where events[i].action == .conflict {
            guard let named = events[i].details.events, named.count > 1 else { continue }
            ids.formUnion(named.dropFirst())
        }
        return ids
    }

    /// The rule a conflict event recorded, from its reason's leading code.
    public static func rule(of event: AuditEvent) -> ConflictRule? {
        guard event.action == .conflict, let reason = event.details.reason,
              let colon = reason.firstIndex(of: ":") else { return nil }
        return ConflictRule(rawValue: String(reason[..<colon]))
    }

    /// The conflict event for one resolution. Its id is derived from the rule and the ids
    /// involved, so two clones resolving the same conflict record the same event, and a
    /// later merge keeps it once.
    public static func event(rule: ConflictRule, prevailing: AuditEvent, skipped: AuditEvent,
                             stage: StageID, explanation: String) -> AuditEvent {
        let key = "\(rule.rawValue)\n\(prevailing.id)\n\(skipped.id)"
        let id = "conflict-" + SHA256Hex.of(Data(key.utf8)).prefix(24)
        return AuditEvent(seq: 0, id: id, at: max(prevailing.at, skipped.at), actor: actor, osUser: osUser,
                          action: .conflict, useCase: skipped.useCase,
                          details: EventDetails(stage: stage, reason: "\(rule.rawValue): \(explanation)",
                                                events: [prevailing.id, skipped.id]))
    }
}
