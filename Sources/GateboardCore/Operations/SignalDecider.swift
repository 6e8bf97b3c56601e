import Foundation

/// One monitoring sample: `gateboard signal UC metric VALUE` or a line of `signal --file`.
public struct Sample: Equatable, Sendable {
    public var useCase: UseCaseID
    public var monitor: String
    public var value: Double
    public var at: Date
    public var source: String?
    /// The line of the samples file (0: the command line).
    public var line: Int

    public init(useCase: UseCaseID, monitor: String, value: Double, at: Date, source: String? = nil, line: Int = 0) {
        self.useCase = useCase
        self.monitor = monitor
        self.value = value
        self.at = at
        self.source = source
        self.line = line
    }
}

/// A sample refused, with its line (0: the command line) and a refusal code.
public struct SampleProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var code: Refusal.Code
    public var message: String
    public init(line: Int, code: Refusal.Code, message: String) {
        self.line = line
        self.code = code
        self.message = message
    }
    public var description: String { line > 0 ? "line \(line): \(message)" : message }
}

/// The latest sample of a monitor (kept outside the audit log, see `SignalDecider`).
public struct LatestSample: Equatable, Sendable {
    public var value: Double
    public var at: Date
    public var source: String?
    public init(value: Double, at: Date, source: String?) {
        self.value = value
        self.at = at
        self.source = source
    }
}

/// Samples → the transitions to record. Pure. The samples of one use case are taken all or
/// none: the first problem refuses them all. They are taken in the order of their times
/// (`at`, then line). Only a change of level is recorded (`ok → warn → breach → ok`, and
/// `silent` when a sample comes after more than `staleAfterDays` without one); the first
/// sample of a monitor records its level. A breach into `breach` sets off the monitor's
/// `onBreach` — except on a halted use case, which is already stopped: the breach is
/// recorded, nothing is set off, and a note says so.
///
/// Who may send: the use case's named operations owner or technical owner, or a person of
/// `function: service` (a monitoring job). A sample is refused when its monitor is not one the
/// use case carries, its value is not a finite number, it is dated more than five minutes
/// ahead of now or before the use case entered production, or it repeats (same monitor and
/// time) a sample of the batch or is not newer than the latest one taken.
public enum SignalDecider {
    public static let futureSlack: TimeInterval = 300

    public struct Decision: Equatable, Sendable {
        public var events: [EventDetails]
        /// The newest sample per monitor, to keep.
        public var latest: [String: LatestSample]
        public var notes: [String]
    }

    public static func mayTransmit(_ actor: PersonID, _ uc: UseCase, policy: Policy) -> Bool {
        uc.owners[Roles.ops] == actor || uc.owners[Roles.technical] == actor || policy.person(actor)?.function == "service"
    }

    public static func decide(_ samples: [Sample], on uc: UseCase, actor: PersonID, policy: Policy, now: Date,
                              latest known: [String: LatestSample]) throws(SampleProblem) -> Decision {
        let firstLine = samples.map(\.line).min() ?? 0
        // The latest-samples file is not evidence: an entry dated in the future (a hand edit) is ignored.
        let known = known.filter { $0.value.at <= now.addingTimeInterval(futureSlack) }
        func fail(_ line: Int, _ code: Refusal.Code, _ message: String) -> SampleProblem { SampleProblem(line: line, code: code, message: message) }
        guard policy.person(actor) != nil else {
            throw fail(firstLine, .unknownPerson, "unknown person \(actor): not among the people in the board's policy")
        }
        guard mayTransmit(actor, uc, policy: policy) else {
            throw fail(firstLine, .notAllowedRole, "\(Wording.person(actor, policy)) cannot send signals for \(uc.id): only its operations owner, its technical owner or a service account (function: service) can")
        }
        guard uc.stage == policy.productionStage else {
            throw fail(firstLine, .notInProduction, "\(uc.id) is in \(Wording.stage(uc.stage, policy)), not live: signals are taken from production use cases")
        }
        let rules = Dictionary(policy.monitors(for: uc).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: [String: Int] = [:]
        for s in samples {
            guard let _ = rules[s.monitor] else {
                let names = rules.keys.sorted()
                throw fail(s.line, .invalidInput, "\(uc.id) has no monitor '\(TerminalSafe.escape(s.monitor))'"
                           + (names.isEmpty ? " (the policy gives it none)" : " (its monitors: \(names.joined(separator: ", ")))"))
            }
            guard s.value.isFinite else { throw fail(s.line, .invalidInput, "the value of \(s.monitor) is not a finite number") }
            if s.at > now.addingTimeInterval(futureSlack) {
                throw fail(s.line, .invalidInput, "the sample is dated \(Timestamp.format(s.at)), in the future (now is \(Timestamp.format(now)))")
            }
            if s.at < uc.stageEnteredAt {
                throw fail(s.line, .invalidInput, "the sample is dated \(Timestamp.format(s.at)), before \(uc.id) reached production (\(Timestamp.format(uc.stageEnteredAt)))")
            }
            let key = s.monitor + "\u{0}" + Timestamp.format(s.at)
            if let other = seen[key] {
                throw fail(s.line, .invalidInput, "a duplicate sample: \(s.monitor) at \(Timestamp.format(s.at)) is already given" + (other > 0 ? " on line \(other)" : ""))
            }
            seen[key] = s.line
            let last = [known[s.monitor]?.at, uc.monitors[s.monitor]?.since].compactMap { $0 }.max()
            if let last, s.at <= last {
                throw fail(s.line, .invalidInput, s.at == last
                           ? "a duplicate sample: \(s.monitor) at \(Timestamp.format(s.at)) was already taken"
                           : "the sample of \(s.monitor) at \(Timestamp.format(s.at)) is older than the latest taken (\(Timestamp.format(last)))")
            }
        }
        var events: [EventDetails] = []
        var notes: [String] = []
        var latest: [String: LatestSample] = [:]
        var level: [String: MonitorLevel] = uc.monitors.mapValues(\.level)
        var lastAt: [String: Date] = [:]
        for (name, s) in uc.monitors { lastAt[name] = max(s.since, known[name]?.at ?? s.since) }
        for (name, k) in known where lastAt[name] == nil { lastAt[name] = k.at }
        var incidents = uc.incidents.count
        for s in samples.sorted(by: { ($0.at, $0.line) < ($1.at, $1.line) }) {
            let rule = rules[s.monitor]!
            if let prev = lastAt[s.monitor], level[s.monitor] != .silent,
               s.at.timeIntervalSince(prev) > Double(rule.staleAfterDays) * 86400 {
                var d = EventDetails()
                d.monitor = s.monitor; d.level = .silent; d.sampleAt = prev.addingTimeInterval(Double(rule.staleAfterDays) * 86400)
                events.append(d)
                level[s.monitor] = .silent
            }
            let now_ = rule.level(of: s.value)
            if level[s.monitor] != now_ {
                var d = EventDetails()
                d.monitor = s.monitor; d.level = now_; d.value = s.value; d.sampleAt = s.at
                if let src = s.source { d.ref = src }
                if now_ == .breach {
                    if let h = uc.halted {
                        notes.append("\(uc.id) is halted (since \(Wording.day(h.at))): the breach of \(s.monitor) is recorded, its trigger (\(rule.onBreach.rawValue)) is not set off")
                    } else {
                        d.trigger = rule.onBreach
                        if rule.onBreach == .incident {
                            incidents += 1
                            d.incident = incidents
                            d.severity = rule.severity
                            d.summary = "monitor \(s.monitor) breached: \(MonitorNumber.text(s.value)) (\(rule.direction.rawValue) \(MonitorNumber.text(rule.breach)) is a breach)"
                            let owner = uc.owners[Roles.ops] ?? actor
                            d.person = policy.person(owner) != nil ? owner : actor
                            d.ackDue = policy.incidents.ackDue(rule.severity, from: now)
                            d.resolveDue = policy.incidents.resolveDue(rule.severity, from: now)
                        }
                    }
                }
                events.append(d)
                level[s.monitor] = now_
            }
            lastAt[s.monitor] = s.at
            latest[s.monitor] = LatestSample(value: s.value, at: s.at, source: s.source)
        }
        return Decision(events: events, latest: latest, notes: notes)
    }

    /// A monitor's level at `now` as the board shows it: silent when its newest sample (kept
    /// or recorded) is older than `staleAfterDays`, or when it never had one and the use case
    /// has been live that long; else its recorded level (ok before any transition).
    public static func level(_ rule: MonitorRule, on uc: UseCase, latest: LatestSample?, now: Date) -> MonitorLevel {
        let status = uc.monitors[rule.name]
        let latest = latest.flatMap { $0.at <= now.addingTimeInterval(futureSlack) ? $0 : nil }
        let newest = [latest?.at, status?.since].compactMap { $0 }.max() ?? uc.stageEnteredAt
        if now.timeIntervalSince(newest) > Double(rule.staleAfterDays) * 86400 { return .silent }
        return status?.level ?? .ok
    }
}
