import Foundation

/// A person's decisions in one role handed to another person for a period (leave, travel):
/// `gateboard delegate --to sofia --until 2027-01-05 --role risk_reviewer`. Recorded as a
/// board event (`audit/_board.jsonl`, action `delegate`) by the delegator, so it syncs and is
/// verified (and signed, when signing is on) like any decision; never written in a file.
///
/// While in force, the delegate may give the approvals (and rejections) the role's rules ask of
/// the delegator, on the use cases where the delegator is named for the role. The delegate must
/// hold the role in the policy, and is checked for separation of duties and self-approval on
/// each use case. Delegation is not transitive: a delegate's own delegation does not pass on
/// what they hold for someone else.
public struct Delegation: Equatable, Sendable {
    /// The id of the event that recorded it: what a decision made under it refers to.
    public var id: String
    /// The delegator: whose decisions are handed over (the event's actor).
    public var from: PersonID
    /// The delegate.
    public var to: PersonID
    public var role: RoleID
    /// First and last day (UTC) it covers, both included.
    public var start: Day
    public var until: Day
    /// When it was recorded: it never covers anything before (no reaching back).
    public var recordedAt: Date
    /// When it was cancelled (`delegate --cancel`), and by whom: it ends there.
    public var cancelledAt: Date?
    public var cancelledBy: PersonID?
    /// Why it never took effect: it conflicted with one recorded before it in the board log
    /// (two clones recorded overlapping delegations, which a sync put side by side).
    public var void: String?

    public init(id: String, from: PersonID, to: PersonID, role: RoleID, start: Day, until: Day, recordedAt: Date,
                cancelledAt: Date? = nil, cancelledBy: PersonID? = nil, void: String? = nil) {
        self.id = id
        self.from = from
        self.to = to
        self.role = role
        self.start = start
        self.until = until
        self.recordedAt = recordedAt
        self.cancelledAt = cancelledAt
        self.cancelledBy = cancelledBy
        self.void = void
    }

    /// The first instant it covers and the first it no longer covers.
    public var effectiveStart: Date { max(start.start, recordedAt) }
    public var effectiveEnd: Date { min(until.end, cancelledAt ?? until.end) }

    public func inForce(at date: Date) -> Bool {
        void == nil && effectiveStart <= date && date < effectiveEnd
    }

    /// Whether it has not ended by `date` (in force now or later).
    public func current(at date: Date) -> Bool { void == nil && date < effectiveEnd && effectiveStart < effectiveEnd }

    /// Whether its period (as it stands) shares an instant with `[start, end)`.
    func overlaps(_ start: Date, _ end: Date) -> Bool {
        void == nil && effectiveStart < effectiveEnd && effectiveStart < end && start < effectiveEnd
    }
}

/// The board's delegations, replayed from the board log in its order (`Delegations.replay`).
/// Not part of `gateboard.yaml`: the store fills `Policy.delegations` in when it loads the
/// policy, so every decision sees them. Encoded as nothing (the policy cache never holds them).
public struct Delegations: Equatable, Sendable, Codable {
    public var all: [Delegation]

    public init(_ all: [Delegation] = []) { self.all = all }

    public init(from decoder: Decoder) throws { all = [] }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encodeNil()
    }

    public var isEmpty: Bool { all.isEmpty }

    public func delegation(_ id: String) -> Delegation? { all.first { $0.id == id } }

    /// Those in force at `date` whose delegate is `person`.
    public func held(by person: PersonID, at date: Date) -> [Delegation] {
        all.filter { $0.to == person && $0.inForce(at: date) }
    }

    /// The delegation in force at `date` from `principal` in `role` (at most one: they never overlap).
    public func given(by principal: PersonID, role: RoleID, at date: Date) -> Delegation? {
        all.first { $0.from == principal && $0.role == role && $0.inForce(at: date) }
    }

    /// The delegation that lets `delegate` decide for `principal` in `role` at `date`: with
    /// `id`, exactly that one.
    public func covering(_ principal: PersonID, role: RoleID, delegate: PersonID, at date: Date, id: String? = nil) -> Delegation? {
        all.first { $0.from == principal && $0.to == delegate && $0.role == role && $0.inForce(at: date) && (id == nil || $0.id == id) }
    }

    /// Replays `delegate` and `delegate_cancel` board events in log order. An event that breaks
    /// the rules against those before it (recorded apart in two clones, then synced) is kept
    /// as void with the reason: every clone, reading the same merged log, agrees on it.
    /// `counts` says whether an event's signature counts (signed decisions); one that does not
    /// is ignored.
    public static func replay(_ events: [AuditEvent], policy: Policy, counts: (Int) -> Bool = { _ in true }) -> Delegations {
        var book = Delegations()
        for (i, e) in events.enumerated() where counts(i) {
            switch e.action {
            case .delegate:
                guard let to = e.details.person, let role = e.details.role, let until = e.details.until else { continue }
                var d = Delegation(id: e.id, from: e.actor, to: to, role: role, start: e.details.start ?? Day(containing: e.at),
                                   until: until, recordedAt: e.at)
                do { try book.check(d, policy: policy, now: e.at, replaying: true) } catch { d.void = error.message }
                book.all.append(d)
            case .delegateCancel:
                for id in e.details.events ?? [] {
                    guard let i = book.all.firstIndex(where: { $0.id == id && $0.from == e.actor }),
                          book.all[i].cancelledAt == nil else { continue }
                    book.all[i].cancelledAt = e.at
                    book.all[i].cancelledBy = e.actor
                }
            default:
                continue
            }
        }
        return book
    }

    /// The rules a new delegation must keep; throws the refusal naming the rule it breaks.
    /// `replaying`: a recorded event is judged only against the delegations before it (to
    /// yourself, overlap, circular): its time has passed, and who holds which role is the
    /// policy's today, judged when a decision is counted (the delegate must hold the role then).
    public func check(_ d: Delegation, policy: Policy, now: Date, replaying: Bool = false) throws(Refusal) {
        try Self.checkNotSelf(d, policy: policy)
        if !replaying { try checkNew(d, policy: policy, now: now) }
        try checkAgainstOthers(d, policy: policy)
    }

    static func checkNotSelf(_ d: Delegation, policy: Policy) throws(Refusal) {
        guard d.to != d.from else {
            throw Refusal(.selfDelegation, "\(Wording.person(d.from, policy)) cannot delegate to themselves: name someone else with --to")
        }
    }

    /// The person, the role and the days of a delegation about to be recorded.
    func checkNew(_ d: Delegation, policy: Policy, now: Date) throws(Refusal) {
        try Self.checkParties(d, policy: policy)
        try Self.checkDays(d, now: now)
    }

    /// Who hands what to whom: the delegate a known person other than the delegator, the role
    /// one the policy knows, held by both (what the TUI's delegate picker and role choice offer).
    public static func checkParties(_ d: Delegation, policy: Policy) throws(Refusal) {
        try checkNotSelf(d, policy: policy)
        try PlainText.require(d.to, field: "the person")
        try PlainText.require(d.role, field: "the role")
        let from = Wording.person(d.from, policy)
        guard let delegate = policy.person(d.to) else {
            throw Refusal(.unknownPerson, "unknown person \(TerminalSafe.escape(d.to)): not among the people in the board's policy ("
                + policy.people.map(\.id).joined(separator: ", ") + ")")
        }
        guard policy.role(d.role) != nil else {
            throw Refusal(.unknownRole, "unknown role \(TerminalSafe.escape(d.role)): the policy has " + policy.roles.map(\.id).joined(separator: ", "))
        }
        let roleWords = Wording.role(d.role, policy)
        guard policy.person(d.from)?.roles.contains(d.role) == true else {
            throw Refusal(.notAllowedRole, "\(from) does not hold the role \(roleWords): there is nothing to delegate")
        }
        guard delegate.roles.contains(d.role) else {
            let holders = policy.people.filter { $0.roles.contains(d.role) && $0.id != d.from }.map(\.id)
            throw Refusal(.notAllowedRole, "\(delegate.name) is not allowed the role \(roleWords) by the policy, so cannot decide as one"
                + (holders.isEmpty ? "" : " (who is: \(holders.joined(separator: ", ")))"))
        }
    }

    /// Its days: not over, not starting in the past, not ending before it starts.
    static func checkDays(_ d: Delegation, now: Date) throws(Refusal) {
        let today = Day(containing: now)
        guard d.until >= today else {
            throw Refusal(.delegationInPast, "a delegation until \(d.until) would already be over (today is \(today))")
        }
        guard d.start >= today else {
            throw Refusal(.delegationInPast, "a delegation cannot start in the past (\(d.start); today is \(today)): decisions already made stay as they were")
        }
        guard d.start <= d.until else {
            throw Refusal(.delegationInPast, "the delegation would start on \(d.start), after it ends on \(d.until)")
        }
    }

    /// No overlap with another delegation of the same person and role; no circular chain.
    func checkAgainstOthers(_ d: Delegation, policy: Policy) throws(Refusal) {
        let from = Wording.person(d.from, policy)
        let roleWords = Wording.role(d.role, policy)
        let start = d.effectiveStart, end = d.effectiveEnd
        if let other = all.first(where: { $0.from == d.from && $0.role == d.role && $0.overlaps(start, end) }) {
            throw Refusal(.delegationOverlap, "\(from) already delegates \(roleWords) to \(Wording.person(other.to, policy)) "
                + "\(Self.period(other)), which overlaps \(d.start)–\(d.until): cancel it first "
                + "(gateboard delegate --cancel --role \(d.role)) or choose other days")
        }
        // A→B while B→A (or a longer ring) in the same role and overlapping days: nobody left to decide.
        var chain = [d.from, d.to]
        var at = d.to
        while let next = all.first(where: { $0.from == at && $0.role == d.role && $0.overlaps(start, end) }) {
            chain.append(next.to)
            if next.to == d.from {
                throw Refusal(.delegationCircular, "a circular delegation: " + chain.map { Wording.person($0, policy) }.joined(separator: " → ")
                    + " in \(roleWords) over overlapping days; \(Wording.person(d.to, policy)) is away then too: delegate to someone who is not")
            }
            guard !chain.dropLast().contains(next.to) else { break }
            at = next.to
        }
    }

    /// "from 2026-12-20 until 2027-01-05" (and "cancelled 2026-12-28" when it was).
    public static func period(_ d: Delegation) -> String {
        var s = "from \(d.start) until \(d.until)"
        if let c = d.cancelledAt { s += " (cancelled \(Day(containing: c)))" }
        return s
    }
}

extension Policy {
    /// Whether `person` is away at `now`: an `away:` period, or a delegation of theirs in force.
    public func isAway(_ person: PersonID, at now: Date) -> Bool {
        away(person, at: now) != nil || delegations.all.contains { $0.from == person && $0.inForce(at: now) }
    }
}

extension Delegations {
    /// "Sofia Brandt for Omar Haddad (delegation from 2026-12-20)", or the person alone.
    public static func decider(_ person: PersonID, for principal: PersonID?, delegation: String?, _ policy: Policy) -> String {
        guard let principal else { return Wording.person(person, policy) }
        var s = Wording.person(person, policy) + " for " + Wording.person(principal, policy)
        if let d = delegation.flatMap({ policy.delegations.delegation($0) }) { s += " (delegation from \(d.start))" }
        return s
    }
}

extension Delegations {
    /// The role a delegation without `--role` hands over: the delegator's one role.
    public static func role(_ role: RoleID?, of person: PersonID, policy: Policy) throws(Refusal) -> RoleID {
        if let role { return role }
        let roles = policy.person(person)?.roles ?? []
        guard roles.count == 1 else {
            throw Refusal(.invalidInput, roles.isEmpty
                ? "\(Wording.person(person, policy)) holds no role: there is nothing to delegate"
                : "\(Wording.person(person, policy)) holds \(roles.joined(separator: ", ")): say which with --role")
        }
        return roles[0]
    }

    /// Marks each approval given for someone else that no delegation covered at its time (from
    /// that person to its giver, in its role, the delegation it names) as not counted.
    public func mark(_ uc: inout UseCase) {
        for i in uc.approvals.indices {
            let a = uc.approvals[i]
            guard let principal = a.onBehalfOf, a.signature.counts,
                  covering(principal, role: a.role, delegate: a.person, at: a.at, id: a.delegation) == nil else { continue }
            uc.approvals[i].signature = SignatureMark(counts: false, reason: "no delegation from \(principal) to \(a.person) covered it")
        }
    }
}
