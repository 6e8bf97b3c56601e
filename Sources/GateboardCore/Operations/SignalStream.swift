import Foundation

/// One use case's samples taken one at a time: `SignalDecider.decide` for a samples file that
/// is streamed, never held whole. Same checks, same transitions, same order as deciding the
/// batch at once (`decide` is built on it).
///
/// Memory (issue 18: a 100 MB file must not be held in memory): per monitor, what the
/// transition logic needs — its level, its last sample's time, its latest sample — plus the
/// transitions found so far (each one becomes an audit line anyway). A monitor whose samples
/// are in time order (strictly rising `at`, as a monitoring export writes them) is decided as
/// its samples arrive. One whose samples are not (`ordered: false`, known from a first pass
/// over the file) must be sorted by time before any level can be known, and a duplicate may be
/// anywhere: its samples are kept, 32 bytes each (time, value, line, order, source as a number)
/// until `finish`. So the bound is the monitors touched plus 32 bytes per sample of the
/// monitors that arrived out of order — never the samples' text.
public struct SignalStream: Sendable {
    public let useCase: UseCaseID
    let uc: UseCase
    let actor: PersonID
    let policy: Policy
    let now: Date
    let rules: [String: MonitorRule]
    let known: [String: LatestSample]
    var tracks: [String: Track] = [:]
    var transitions: [Transition] = []
    /// Sources by number (0: none), so a kept sample holds 4 bytes for it.
    var sources: [String?] = [nil]
    var sourceNumbers: [String: UInt32] = [:]
    var taken: UInt32 = 0
    /// The first problem in file order (line, then the order of the checks), if any.
    var problem: (rank: Int, value: SampleProblem)?

    struct Track: Sendable {
        var level: MonitorLevel?
        var lastAt: Date?
        var latest: LatestSample?
        /// Samples of a monitor that arrived out of time order, decided in `finish`.
        var kept: [Kept] = []
    }

    struct Kept: Sendable {
        var at: Double
        var value: Double
        var line: Int
        var order: UInt32
        var source: UInt32
    }

    /// A change of level found, placed by the sample that caused it: `(at, line, order)`, a
    /// silence just before its sample's own transition.
    struct Transition: Sendable {
        var at: Date
        var line: Int
        var order: UInt32
        var silence: Bool
        var monitor: String
        var level: MonitorLevel
        var value: Double?
        var sampleAt: Date
        var source: String?
    }

    /// Checks who sends and that the use case is live; `firstLine` is the use case's first
    /// line in the file (where such a problem is reported).
    public init(_ uc: UseCase, actor: PersonID, policy: Policy, now: Date, latest known: [String: LatestSample],
                firstLine: Int) throws(SampleProblem) {
        guard policy.person(actor) != nil else {
            throw SampleProblem(line: firstLine, code: .unknownPerson, message: "unknown person \(actor): not among the people in the board's policy")
        }
        guard SignalDecider.mayTransmit(actor, uc, policy: policy) else {
            throw SampleProblem(line: firstLine, code: .notAllowedRole, message: "\(Wording.person(actor, policy)) cannot send signals for \(uc.id): only its operations owner, its technical owner or a service account (function: service) can")
        }
        guard uc.stage == policy.productionStage else {
            throw SampleProblem(line: firstLine, code: .notInProduction, message: "\(uc.id) is in \(Wording.stage(uc.stage, policy)), not live: signals are taken from production use cases")
        }
        useCase = uc.id
        self.uc = uc
        self.actor = actor
        self.policy = policy
        self.now = now
        // The latest-samples file is not evidence: an entry dated in the future (a hand edit) is ignored.
        self.known = known.filter { $0.value.at <= now.addingTimeInterval(SignalDecider.futureSlack) }
        rules = Dictionary(policy.monitors(for: uc).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// False once a sample was refused: the use case's samples are then all refused, and
    /// later lines need not be given (only `finish` is left, for the line it reports).
    public var accepting: Bool { problem == nil }

    /// Takes the next sample in file order. `ordered`: this monitor's samples in the whole
    /// batch have strictly rising times in file order.
    public mutating func take(_ s: Sample, ordered: Bool) {
        taken &+= 1
        func fail(_ rank: Int, _ message: String) {
            note(rank, SampleProblem(line: s.line, code: .invalidInput, message: message))
        }
        guard let rule = rules[s.monitor] else {
            let names = rules.keys.sorted()
            return fail(0, "\(uc.id) has no monitor '\(TerminalSafe.escape(s.monitor))'"
                        + (names.isEmpty ? " (the policy gives it none)" : " (its monitors: \(names.joined(separator: ", ")))"))
        }
        guard s.value.isFinite else { return fail(1, "the value of \(s.monitor) is not a finite number") }
        if s.at > now.addingTimeInterval(SignalDecider.futureSlack) {
            return fail(2, "the sample is dated \(Timestamp.format(s.at)), in the future (now is \(Timestamp.format(now)))")
        }
        if s.at < uc.stageEnteredAt {
            return fail(3, "the sample is dated \(Timestamp.format(s.at)), before \(uc.id) reached production (\(Timestamp.format(uc.stageEnteredAt)))")
        }
        var track = tracks[s.monitor] ?? start(s.monitor)
        tracks[s.monitor] = nil   // edited in place below, not copied
        defer { tracks[s.monitor] = track }
        if !ordered {
            // Kept even when refused below: a duplicate of an earlier line is reported first (rank 4).
            track.kept.append(Kept(at: s.at.timeIntervalSince1970, value: s.value, line: s.line, order: taken, source: number(s.source)))
        }
        let last = [known[s.monitor]?.at, uc.monitors[s.monitor]?.since].compactMap { $0 }.max()
        if let last, s.at <= last {
            return fail(5, s.at == last
                        ? "a duplicate sample: \(s.monitor) at \(Timestamp.format(s.at)) was already taken"
                        : "the sample of \(s.monitor) at \(Timestamp.format(s.at)) is older than the latest taken (\(Timestamp.format(last)))")
        }
        if ordered && problem == nil { advance(&track, rule, s.at, s.value, line: s.line, order: taken, source: s.source) }
    }

    /// The transitions to record, in time order, or the first problem of the use case's samples.
    public mutating func finish() -> Result<SignalDecider.Decision, SampleProblem> {
        for name in tracks.keys.sorted() where !(tracks[name]?.kept.isEmpty ?? true) {
            var track = tracks[name]!
            let kept = track.kept.sorted { ($0.at, $0.line, $0.order) < ($1.at, $1.line, $1.order) }
            track.kept = []
            // Equal times are neighbours once sorted; the duplicate is the later line of the two.
            var firstOfRun = 0
            for i in kept.indices.dropFirst() {
                if kept[i].at != kept[i - 1].at { firstOfRun = i; continue }
                let (first, dup) = kept[firstOfRun].line <= kept[i].line ? (kept[firstOfRun], kept[i]) : (kept[i], kept[firstOfRun])
                let at = Timestamp.format(Date(timeIntervalSince1970: dup.at))
                note(4, SampleProblem(line: dup.line, code: .invalidInput, message: "a duplicate sample: \(name) at \(at) is already given" + (first.line > 0 ? " on line \(first.line)" : "")))
            }
            if problem == nil {
                let rule = rules[name]!
                for k in kept {
                    advance(&track, rule, Date(timeIntervalSince1970: k.at), k.value, line: k.line, order: k.order, source: sources[Int(k.source)])
                }
            }
            tracks[name] = track
        }
        if let problem { return .failure(problem.value) }
        return .success(decision())
    }

    private mutating func note(_ rank: Int, _ p: SampleProblem) {
        if let problem, (problem.value.line, problem.rank) <= (p.line, rank) { return }
        problem = (rank, p)
    }

    private func start(_ name: String) -> Track {
        var t = Track(level: uc.monitors[name]?.level)
        if let s = uc.monitors[name] { t.lastAt = max(s.since, known[name]?.at ?? s.since) } else { t.lastAt = known[name]?.at }
        return t
    }

    private mutating func number(_ source: String?) -> UInt32 {
        guard let source else { return 0 }
        if let n = sourceNumbers[source] { return n }
        let n = UInt32(truncatingIfNeeded: sources.count)
        sources.append(source)
        sourceNumbers[source] = n
        return n
    }

    /// One sample of a monitor, in time order: a silence when it comes more than
    /// `staleAfterDays` after the one before, then its level when that changed.
    private mutating func advance(_ t: inout Track, _ rule: MonitorRule, _ at: Date, _ value: Double, line: Int, order: UInt32, source: String?) {
        if let prev = t.lastAt, t.level != .silent, at.timeIntervalSince(prev) > Double(rule.staleAfterDays) * 86400 {
            transitions.append(Transition(at: at, line: line, order: order, silence: true, monitor: rule.name, level: .silent, value: nil,
                                          sampleAt: prev.addingTimeInterval(Double(rule.staleAfterDays) * 86400), source: nil))
            t.level = .silent
        }
        let level = rule.level(of: value)
        if t.level != level {
            transitions.append(Transition(at: at, line: line, order: order, silence: false, monitor: rule.name, level: level, value: value,
                                          sampleAt: at, source: source))
            t.level = level
        }
        t.lastAt = at
        t.latest = LatestSample(value: value, at: at, source: source)
    }

    /// The transitions of every monitor merged by time, a breach setting off its trigger.
    private func decision() -> SignalDecider.Decision {
        var events: [EventDetails] = []
        var notes: [String] = []
        var incidents = uc.incidents.count
        let ordered = transitions.sorted {
            ($0.at, $0.line, $0.order, $0.silence ? 0 : 1) < ($1.at, $1.line, $1.order, $1.silence ? 0 : 1)
        }
        for t in ordered {
            var d = EventDetails()
            d.monitor = t.monitor; d.level = t.level; d.value = t.value; d.sampleAt = t.sampleAt
            if let src = t.source { d.ref = src }
            if t.level == .breach, let rule = rules[t.monitor] {
                if let h = uc.halted {
                    notes.append("\(uc.id) is halted (since \(Wording.day(h.at))): the breach of \(t.monitor) is recorded, its trigger (\(rule.onBreach.rawValue)) is not set off")
                } else {
                    d.trigger = rule.onBreach
                    if rule.onBreach == .incident {
                        incidents += 1
                        d.incident = incidents
                        d.severity = rule.severity
                        d.summary = "monitor \(t.monitor) breached: \(MonitorNumber.text(t.value ?? 0)) (\(rule.direction.rawValue) \(MonitorNumber.text(rule.breach)) is a breach)"
                        let owner = uc.owners[Roles.ops] ?? actor
                        d.person = policy.person(owner) != nil ? owner : actor
                        d.ackDue = policy.incidents.ackDue(rule.severity, from: now)
                        d.resolveDue = policy.incidents.resolveDue(rule.severity, from: now)
                    }
                }
            }
            events.append(d)
        }
        var latest: [String: LatestSample] = [:]
        for (name, t) in tracks { if let l = t.latest { latest[name] = l } }
        return SignalDecider.Decision(events: events, latest: latest, notes: notes)
    }
}
