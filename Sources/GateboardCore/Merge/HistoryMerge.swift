import Foundation

/// The pure merge of histories of one use case (see `ConflictRule` for the rules and
/// `ConflictRecord` for how a resolution is recorded).
///
/// 1. Events are merged as a set by `id` (`HistoryOrder`): every event of every side once.
/// 2. Each side is replayed on its own to learn the stage each of its events was made in
///    (an event's own `details.stage` / `details.from` wins when present).
/// 3. The merged order is replayed; an event that only one side had (the other side did
///    not know it) is checked against the state the other side's events produced. When a
///    rule applies, the event stays in the log, its effect is skipped, and a `conflict`
///    event naming `[prevailing, skipped]` is inserted right after it.
/// 4. Sequence numbers are renumbered from 1; the caller re-chains `prev` and `state`.
///
/// Deterministic and symmetric: `merge(ours: a, theirs: b)` and `merge(ours: b, theirs: a)`
/// give the same events, the same conflicts and the same use case.
public enum HistoryMerge {
    /// Where an event was made: the stage, and the event that had moved the use case there.
    struct MadeIn: Equatable {
        var stage: StageID
        var setter: String
    }

    public static func merge(base: [AuditEvent]? = nil, ours: [AuditEvent],
                             theirs: [AuditEvent]) throws(MergeError) -> MergedHistory {
        let all = ours + theirs + (base ?? [])
        guard let first = all.first else { throw .empty }
        if let other = all.first(where: { $0.useCase != first.useCase }) {
            throw .differentUseCases(first.useCase, other.useCase)
        }
        let merged = try HistoryOrder.merge([ours, theirs] + (base.map { [$0] } ?? []))
        let creations = merged.filter { $0.action == .create }
        if creations.count > 1 { throw .twoCreations(first.useCase, creations.map(\.id)) }

        var context = try stagesBefore(ours, side: "our")
        for (id, made) in try stagesBefore(theirs, side: "their") {
            // An event both sides hold was made once: its stage is the same unless a side
            // reordered it; keep the smaller so the choice does not depend on sides.
            if let known = context[id], (known.stage, known.setter) <= (made.stage, made.setter) { continue }
            context[id] = made
        }
        var resolver = ConflictResolver(ours: Set(ours.map(\.id)), theirs: Set(theirs.map(\.id)),
                                        context: context, events: merged)
        let (events, conflicts) = try resolver.resolve()
        let renumbered = events.enumerated().map { i, e in
            var e = e
            e.seq = i + 1
            return e
        }
        let useCase: UseCase
        do { useCase = try UseCase.replay(renumbered) } catch { throw .unreplayable(side: "the merged", error) }
        return MergedHistory(events: renumbered, conflicts: conflicts, useCase: useCase)
    }

    /// The set union of histories that are not a use case's (the board log): every event
    /// once, in the same deterministic order as `merge`, renumbered from 1. No rules apply.
    public static func union(base: [AuditEvent]? = nil, ours: [AuditEvent],
                             theirs: [AuditEvent]) throws(MergeError) -> [AuditEvent] {
        let merged = try HistoryOrder.merge([ours, theirs] + (base.map { [$0] } ?? []))
        return merged.enumerated().map { i, e in
            var e = e
            e.seq = i + 1
            return e
        }
    }

    /// The stage each event of one history was made in (before its own effect), and the
    /// event that had moved the use case into it.
    static func stagesBefore(_ events: [AuditEvent], side: String) throws(MergeError) -> [String: MadeIn] {
        guard let first = events.first else { return [:] }
        let skipped = ConflictRecord.skippedIDs(in: events)
        var stages: [String: MadeIn] = [:]
        do {
            var uc = try UseCase.created(by: first)
            var setter = first.id
            stages[first.id] = MadeIn(stage: uc.stage, setter: setter)
            for e in events.dropFirst() {
                stages[e.id] = MadeIn(stage: uc.stage, setter: setter)
                if !skipped.contains(e.id) {
                    uc = try uc.applying(e)
                    if e.isStageMove { setter = e.id }
                }
            }
        } catch {
            throw .unreplayable(side: side, error)
        }
        return stages
    }
}
