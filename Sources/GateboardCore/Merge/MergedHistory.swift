import Foundation

/// One conflict found while merging, and the event that records how it was resolved.
public struct MergeConflict: Equatable, Sendable, CustomStringConvertible {
    public var rule: ConflictRule
    public var useCase: UseCaseID
    /// The event whose effect stands.
    public var prevailing: String
    /// The event kept in the history without effect.
    public var skipped: String
    /// The explanation in words (without the rule code).
    public var explanation: String
    /// The `conflict` event recorded in the merged log.
    public var event: AuditEvent

    public init(rule: ConflictRule, useCase: UseCaseID, prevailing: String, skipped: String,
                explanation: String, event: AuditEvent) {
        self.rule = rule
        self.useCase = useCase
        self.prevailing = prevailing
        self.skipped = skipped
        self.explanation = explanation
        self.event = event
    }

    public var description: String { "\(useCase): \(rule.rawValue): \(explanation)" }
}

/// The merge of two (or three) histories of one use case.
public struct MergedHistory: Equatable, Sendable {
    /// Every event of every side exactly once, plus the new conflict events, with `seq`
    /// renumbered from 1. `state` and `prev` are as read: the store re-chains them.
    public var events: [AuditEvent]
    /// Conflicts found by this merge (conflicts already recorded in either side are not
    /// found again).
    public var conflicts: [MergeConflict]
    /// The use case the merged events replay to (anchor empty).
    public var useCase: UseCase

    public init(events: [AuditEvent], conflicts: [MergeConflict], useCase: UseCase) {
        self.events = events
        self.conflicts = conflicts
        self.useCase = useCase
    }
}

/// Histories that cannot be merged by rule: the caller must stop and keep both sides.
public enum MergeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing to merge.
    case empty
    /// The logs belong to different use cases.
    case differentUseCases(UseCaseID, UseCaseID)
    /// One event id with different content on the two sides (an edited log).
    case divergentEvent(id: String)
    /// The same use case id was created independently on both sides.
    case twoCreations(UseCaseID, [String])
    /// A side's own history does not replay.
    case unreplayable(side: String, ReplayError)

    public var description: String {
        switch self {
        case .empty: "no events on either side"
        case let .differentUseCases(a, b): "the histories belong to different use cases (\(a), \(b))"
        case let .divergentEvent(id): "event \(id) has different content on the two sides (a log was edited)"
        case let .twoCreations(uc, ids):
            "\(uc) was created independently on both sides (events \(ids.joined(separator: ", ")))"
        case let .unreplayable(side, error): "\(side) history does not replay: \(error)"
        }
    }
}

extension AuditEvent {
    /// Same recorded fact: everything but the position-dependent `seq`, `state`, `prev`.
    public func sameRecord(as other: AuditEvent) -> Bool {
        id == other.id && schema == other.schema && at == other.at && actor == other.actor
            && osUser == other.osUser && action == other.action && useCase == other.useCase
            && details == other.details && realAt == other.realAt
    }

    /// Whether the event moves the use case to another stage.
    public var isStageMove: Bool {
        switch action {
        case .advance, .return, .change, .retire: true
        case .incidentResolve: details.to != nil
        default: false
        }
    }
}
