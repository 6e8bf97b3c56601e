import Foundation

/// A production monitor the policy declares (`monitors:`), for the use cases of some tiers
/// or for named use cases: a metric, which way is bad, the warn and breach thresholds, how
/// long without a sample before it counts as silent, and what a breach triggers.
public struct MonitorRule: Equatable, Sendable, Codable {
    public var name: String
    /// The tiers whose use cases carry it, and/or named use cases (a use case's own rule
    /// replaces a tier rule of the same name).
    public var tiers: [TierID]
    public var useCases: [UseCaseID]
    public var direction: MonitorDirection
    public var warn: Double
    public var breach: Double
    public var staleAfterDays: Int
    public var onBreach: BreachTrigger
    /// `onBreach: incident`: the severity of the incident opened (default 2).
    public var severity: Int

    public init(name: String, tiers: [TierID] = [], useCases: [UseCaseID] = [], direction: MonitorDirection, warn: Double,
                breach: Double, staleAfterDays: Int, onBreach: BreachTrigger, severity: Int = 2) {
        self.name = name
        self.tiers = tiers
        self.useCases = useCases
        self.direction = direction
        self.warn = warn
        self.breach = breach
        self.staleAfterDays = staleAfterDays
        self.onBreach = onBreach
        self.severity = severity
    }

    /// The level a value reads at: at or past the breach threshold is a breach, at or past
    /// warn a warning (`below`: a value at or under the threshold is bad).
    public func level(of value: Double) -> MonitorLevel {
        switch direction {
        case .above: value >= breach ? .breach : value >= warn ? .warn : .ok
        case .below: value <= breach ? .breach : value <= warn ? .warn : .ok
        }
    }
}

public enum MonitorDirection: String, Equatable, Sendable, Codable, CaseIterable { case above, below }

/// What a breach sets off. A machine never halts: `halt-request` asks the stop-ship authority.
public enum BreachTrigger: String, Equatable, Sendable, Codable, CaseIterable {
    case incident, review, retrain
    case haltRequest = "halt-request"
}

public enum MonitorLevel: String, Equatable, Sendable, Codable, CaseIterable { case ok, warn, breach, silent }

/// A monitor's recorded state on a use case: its level since the sample that set it (only
/// transitions are in the log), and the trigger of its last breach while still to be acted on.
public struct MonitorStatus: Equatable, Sendable {
    public var level: MonitorLevel
    /// The sample that made the transition.
    public var since: Date
    public var value: Double?
    /// Breaches so far (transitions into breach).
    public var breaches: Int
    /// A breach's `review`, `retrain` or `halt-request` not yet acted on.
    public var pending: BreachTrigger?
    public var pendingSince: Date?

    public init(level: MonitorLevel, since: Date, value: Double?, breaches: Int = 0, pending: BreachTrigger? = nil, pendingSince: Date? = nil) {
        self.level = level
        self.since = since
        self.value = value
        self.breaches = breaches
        self.pending = pending
        self.pendingSince = pendingSince
    }
}

extension Policy {
    /// The monitors a use case must carry: its tier's, with its own by name replacing them.
    public func monitors(for uc: UseCase) -> [MonitorRule] {
        var byName: [String: MonitorRule] = [:]
        var order: [String] = []
        for m in monitors where m.tiers.contains(uc.tier) && !m.useCases.contains(uc.id) {
            if byName[m.name] == nil { order.append(m.name) }
            byName[m.name] = m
        }
        for m in monitors where m.useCases.contains(uc.id) {
            if byName[m.name] == nil { order.append(m.name) }
            byName[m.name] = m
        }
        return order.map { byName[$0]! }
    }
}

/// Numbers in files: the shortest text that reads back as the same Double.
public enum MonitorNumber {
    public static func text(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
