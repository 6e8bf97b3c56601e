import Foundation

/// Who held which role on a use case, and who submitted its work, over the *work window*:
/// the span that separation of duties and no-self-approval look at, so that giving up a role
/// just before approving does not make a person independent of the work.
///
/// The window runs from the earlier of
///   (a) the event that moved the use case into its current stage, and
///   (b) the event since which its material (artifacts and risk tier) has been what it is now:
///       the first event after which it was so (`firstAppearance`; its creation if it never
///       changed), so an artifact changed and changed back does not make the work new
/// up to now. Anyone who held a role during the window that separation of duties or the gate's
/// `excludeApprovers` would exclude for the approving role is excluded; with `noSelfApproval`,
/// anyone who submitted work during the window (advanced it, recorded a live change, created
/// it) is excluded too. The store computes this value from the audit log (reading it backwards
/// from the end to the window's start); the decisions stay pure.
public struct RoleHistory: Equatable, Sendable {
    /// An event of the log: its sequence number and time.
    public struct Mark: Equatable, Sendable {
        public var seq: Int
        public var at: Date
        public init(seq: Int, at: Date) {
            self.seq = seq
            self.at = at
        }
    }

    /// One person's holding of one role that overlaps the window.
    public struct Tenure: Equatable, Sendable {
        public var person: PersonID
        public var role: RoleID
        /// The assignment; nil when it was before the window began.
        public var from: Mark?
        /// The event that ended it (unassign or reassignment); nil while it is still held.
        public var until: Mark?
        public init(person: PersonID, role: RoleID, from: Mark? = nil, until: Mark? = nil) {
            self.person = person
            self.role = role
            self.from = from
            self.until = until
        }
    }

    /// Work submitted during the window: an advance, a live change or the creation.
    public struct Submission: Equatable, Sendable {
        public var person: PersonID
        public var stage: StageID
        public var mark: Mark
        public init(person: PersonID, stage: StageID, mark: Mark) {
            self.person = person
            self.stage = stage
            self.mark = mark
        }
    }

    public var useCase: UseCaseID
    /// The event the window starts at.
    public var windowStart: Mark
    public var tenures: [Tenure]
    public var submissions: [Submission]

    public init(useCase: UseCaseID, windowStart: Mark, tenures: [Tenure] = [], submissions: [Submission] = []) {
        self.useCase = useCase
        self.windowStart = windowStart
        self.tenures = tenures
        self.submissions = submissions
    }

    /// The latest-ending holding of `role` by `person` in the window, if any.
    public func tenure(of person: PersonID, in role: RoleID) -> Tenure? {
        let mine = tenures.filter { $0.person == person && $0.role == role }
        return mine.first { $0.until == nil } ?? mine.max { $0.until!.seq < $1.until!.seq }
    }

    /// Any role `person` held in the window (the latest-ending first), for waivers.
    public func anyTenure(of person: PersonID) -> Tenure? {
        let mine = tenures.filter { $0.person == person }
        return mine.first { $0.until == nil } ?? mine.max { $0.until!.seq < $1.until!.seq }
    }

    /// The last work `person` submitted in the window.
    public func submission(by person: PersonID) -> Submission? {
        submissions.last { $0.person == person }
    }

    /// "priya held technical_owner on UC-0002 until 2026-11-20 (event 14)".
    public func describe(_ t: Tenure) -> String {
        guard let until = t.until else { return "\(t.person) holds \(t.role) on \(useCase)" }
        return "\(t.person) held \(t.role) on \(useCase) until \(Wording.day(until.at)) (event \(until.seq))"
    }

    /// "priya moved UC-0002 into checkpoint on 2026-11-20 (event 14)".
    public func describe(_ s: Submission) -> String {
        "\(s.person) moved \(useCase) into \(s.stage) on \(Wording.day(s.mark.at)) (event \(s.mark.seq))"
    }

    /// Why a role held in the window excludes an approval for `role`.
    public static func heldReason(approving role: RoleID) -> String {
        "a role held over this work excludes approving as \(role)"
    }

    /// Why work submitted in the window excludes its submitter's approval.
    public static let submittedReason = "submitting this work excludes approving it (no self-approval)"

    /// The history over a whole log held in memory (oldest first), from the state it ends in.
    public static func of(_ events: [AuditEvent], endingIn uc: UseCase) -> RoleHistory? {
        var builder = Builder(useCase: uc.id, owners: uc.owners,
                              materialSince: firstAppearance(of: uc.materialBasis, in: events))
        for e in events.reversed() where !builder.take(e) { break }
        return builder.result()
    }

    /// The actions `firstAppearance` reads; a reader may skip the others unread.
    public static let materialActions: Set<EventAction> = [.create, .edit, .conflict]

    /// The sequence number of the first event after which the use case's material basis was
    /// `basis` (its creation when it has not changed since): where the work being approved
    /// first existed. An artifact changed and changed back does not make the work new.
    /// `events` are the log's `create`, `edit` and `conflict` events, oldest first (others are
    /// ignored); events skipped by a conflict have no effect, as in replay.
    public static func firstAppearance(of basis: [String: String], in events: [AuditEvent]) -> Int? {
        let skipped = ConflictRecord.skippedIDs(in: events)
        var current: [String: String] = [:]
        for e in events where !skipped.contains(e.id) {
            switch e.action {
            case .create:
                current = e.details.tier.map { ["tier": $0] } ?? [:]
            case .edit:
                guard e.details.tier != nil || !(e.details.artifacts ?? [:]).isEmpty else { continue }
                if let t = e.details.tier { current["tier"] = t }
                for (name, ref) in e.details.artifacts ?? [:] where name != "tier" { current[name] = ref.isEmpty ? nil : ref }
            default:
                continue
            }
            if current == basis { return e.seq }
        }
        return nil
    }

    // MARK: Building it from events, newest first

    /// Folds a use case's events backwards, newest first, starting from its current state
    /// (`owners` now). The store feeds events until `isComplete`; `events` skipped by a
    /// `conflict` event met on the way have no effect, as in replay.
    public struct Builder: Sendable {
        let useCase: UseCaseID
        /// Per role: the next event (after the point reached) that changed who holds it, and
        /// whether that event was an assignment (so the holder before it is not yet known).
        var next: [RoleID: (mark: Mark?, person: PersonID?, knownBefore: Bool)] = [:]
        var tenures: [Tenure] = []
        var submissions: [Submission] = []
        var skipped = Set<String>()
        var stageEntry: Mark?
        var materialChange: Mark?
        /// Set once both window ends are found: the roles whose holder at the window's start
        /// is still to be found further back.
        var start: Mark?
        var pending: Set<RoleID> = []

        /// The only actions `take` looks at; a reader may skip the others unread.
        public static let actions: Set<EventAction> = [.create, .edit, .assign, .unassign, .advance, .return, .change,
                                                       .retire, .conflict]

        /// The sequence number of the event since which the material has been what it is now
            /// (`firstAppearance`); nil: the last edit of the material is taken.
        let materialSince: Int?

        public init(useCase: UseCaseID, owners: [RoleID: PersonID], materialSince: Int? = nil) {
            self.useCase = useCase
            self.materialSince = materialSince
            for (role, person) in owners { next[role] = (nil, person, true) }
        }

        public var isComplete: Bool { start != nil && pending.isEmpty }

        /// Takes the next older event. Returns false once nothing older is needed.
        public mutating func take(_ e: AuditEvent) -> Bool {
            if e.action == .conflict, let named = e.details.events, named.count > 1 { skipped.formUnion(named.dropFirst()) }
            if skipped.contains(e.id) { return !isComplete }
            let mark = Mark(seq: e.seq, at: e.at)
            if start != nil {
                // Before the window: only the holder at its start of a role reassigned in it.
                if let role = e.details.role, pending.contains(role), e.action == .assign || e.action == .unassign {
                    if e.action == .assign, let person = e.details.person, let n = next[role] {
                        tenures.append(Tenure(person: person, role: role, from: nil, until: n.mark))
                    }
                    pending.remove(role)
                }
                if e.action == .create { pending.removeAll() }
                return !isComplete
            }
            switch e.action {
            case .assign:
                if let role = e.details.role, let person = e.details.person {
                    tenures.append(Tenure(person: person, role: role, from: mark, until: next[role]?.mark))
                    next[role] = (mark, nil, false)
                }
            case .unassign:
                if let role = e.details.role, let person = e.details.person {
                    next[role] = (mark, person, true)
                }
            case .advance, .change:
                if let to = e.details.to { submissions.append(Submission(person: e.actor, stage: to, mark: mark)) }
            case .create:
                if let stage = e.details.stage { submissions.append(Submission(person: e.actor, stage: stage, mark: mark)) }
            case .edit:
                if materialChange == nil, materialSince == nil, e.details.tier != nil || !(e.details.artifacts ?? [:]).isEmpty {
                    materialChange = mark
                }
            default:
                break
            }
            if stageEntry == nil, [.advance, .return, .change, .retire, .create].contains(e.action) { stageEntry = mark }
            if materialChange == nil, let since = materialSince, e.seq <= since { materialChange = mark }
            if e.action == .create { materialChange = materialChange ?? mark }
            if stageEntry != nil, materialChange != nil { close(at: mark, creation: e.action == .create) }
            return !isComplete
        }

        /// The window starts here: whoever held a role at this point held it over the work.
        mutating func close(at mark: Mark, creation: Bool) {
            start = mark
            for (role, n) in next {
                if n.knownBefore {
                    // Held since before the window until `n.mark` (an unassign in the
                    // window) or still: no assignment in the window recorded it.
                    if let person = n.person { tenures.append(Tenure(person: person, role: role, from: nil, until: n.mark)) }
                } else if !creation {
                    pending.insert(role)   // reassigned in the window: who held it before?
                }
            }
        }

        /// The history once the events ran out or `isComplete`; nil when no event was taken.
        public func result() -> RoleHistory? {
            guard let start = start ?? stageEntry ?? materialChange else { return nil }
            return RoleHistory(useCase: useCase, windowStart: start, tenures: tenures,
                               submissions: submissions.filter { $0.mark.seq >= start.seq }.reversed())
        }
    }
}
