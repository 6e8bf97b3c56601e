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
        var stream = try SignalStream(uc, actor: actor, policy: policy, now: now, latest: known,
                                      firstLine: samples.map(\.line).min() ?? 0)
        let unordered = unorderedMonitors(samples)
        for s in samples where stream.accepting { stream.take(s, ordered: !unordered.contains(s.monitor)) }
        return try stream.finish().get()
    }

    /// The monitors whose samples do not have strictly rising times in the order given.
    public static func unorderedMonitors(_ samples: [Sample]) -> Set<String> {
        var last: [String: Date] = [:]
        var out = Set<String>()
        for s in samples {
            if let l = last[s.monitor], s.at <= l { out.insert(s.monitor) }
            last[s.monitor] = s.at
        }
        return out
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
