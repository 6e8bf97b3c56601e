import Foundation

/// Days, summarised: how many, the median (mean of the two middle values for an even count)
/// and the 90th percentile by the nearest-rank method (the ⌈0.9·n⌉-th smallest).
public struct DayDistribution: Equatable, Sendable {
    public var count: Int
    public var median: Double?
    public var p90: Int?

    public init(_ values: [Int]) {
        let v = values.sorted()
        count = v.count
        guard !v.isEmpty else { median = nil; p90 = nil; return }
        median = v.count % 2 == 1 ? Double(v[v.count / 2]) : Double(v[v.count / 2 - 1] + v[v.count / 2]) / 2
        let rank = Int((0.9 * Double(v.count)).rounded(.up))
        p90 = v[max(0, rank - 1)]
    }
}

/// The portfolio's health, from the use cases and their audit logs: innovation theatre or
/// production capability.
public struct PortfolioReport: Equatable, Sendable {
    public struct StageCount: Equatable, Sendable {
        public var stage: StageID
        public var name: String
        public var count: Int
    }
    public struct Pilot: Equatable, Sendable {
        public var id: UseCaseID
        public var title: String
        public var stage: StageID
        /// Days since it was created.
        public var days: Int
    }
    public struct StageDuration: Equatable, Sendable {
        public var stage: StageID
        /// Completed stays only (entered and left).
        public var days: DayDistribution
    }
    public struct Month: Equatable, Sendable {
        /// `2026-11`.
        public var month: String
        public var created: Int
        public var reachedProduction: Int
        public var retired: Int
    }
    public struct AgeBucket: Equatable, Sendable {
        public var label: String
        public var count: Int
    }
    public struct KindCount: Equatable, Sendable {
        public var kind: Blocker.Kind
        public var count: Int
    }
    public struct OpenWaiver: Equatable, Sendable {
        public var id: UseCaseID
        public var control: ControlID
        public var by: PersonID
        public var until: Day
        public var daysLeft: Int
    }

    public var stages: [StageCount]
    /// Use cases that ever entered production (from the log; the current stage when a use
    /// case has no log).
    public var reachedProduction: Int
    public var inProduction: Int
    /// Active use cases in a stage before production that never went live.
    public var inPilot: Int
    /// Live systems sent back through review (a live change): before production again now.
    public var backInReview: Int
    /// Those pilots, oldest first.
    public var pilots: [Pilot]
    public var pilotAge: DayDistribution
    public var stageDurations: [StageDuration]
    /// From creation to first entering production.
    public var scopedToProduction: DayDistribution
    /// Every month from the first event to `now`.
    public var throughput: [Month]
    /// Blocked active use cases by how long their gate has been pending (days in stage).
    public var blockerAgeing: [AgeBucket]
    public var blockersByKind: [KindCount]
    /// Valid waivers on active use cases, soonest to expire first.
    public var waiversOpen: [OpenWaiver]

    /// The only events `compute` looks at: a use case's creation and its moves. Reading only
    /// these keeps the report to the logs' moves on a board with a million events.
    public static let actions: Set<EventAction> = [.create, .advance, .return, .change, .retire]

    public static func compute(_ useCases: [UseCase], policy: Policy, events: [AuditEvent], now: Date) -> PortfolioReport {
        let byCase = Dictionary(grouping: events.filter { $0.action != .standup }, by: \.useCase)
            .mapValues { $0.sorted { $0.seq < $1.seq } }
        let production = policy.productionStage
        let prodIndex = production.flatMap { policy.stageIndex($0) } ?? Int.max
        func isActive(_ uc: UseCase) -> Bool { policy.stage(uc.stage).map { !$0.terminal } ?? false }

        let stages = policy.stages.map { s in StageCount(stage: s.id, name: s.name, count: useCases.filter { $0.stage == s.id }.count) }
        var stays: [StageID: [Int]] = [:]
        var toProduction: [Int] = []
        var reached = 0
        var wentLive = Set<UseCaseID>()
        var months: [String: Month] = [:]
        func bump(_ date: Date, _ update: (inout Month) -> Void) {
            let key = monthKey(date)
            var m = months[key] ?? Month(month: key, created: 0, reachedProduction: 0, retired: 0)
            update(&m)
            months[key] = m
        }
        for uc in useCases {
            guard let log = byCase[uc.id], let first = log.first, first.action == .create else {
                if uc.stage == production { reached += 1; wentLive.insert(uc.id) }
                continue
            }
            var stage = first.details.stage ?? uc.stage
            var entered = first.at
            var sawProduction = stage == production
            bump(first.at) { $0.created += 1 }
            for e in log.dropFirst() where [.advance, .return, .change, .retire].contains(e.action) {
                guard let to = e.details.to else { continue }
                stays[stage, default: []].append(Timestamp.wholeDays(from: entered, to: e.at))
                stage = to
                entered = e.at
                if to == production && !sawProduction {
                    sawProduction = true
                    toProduction.append(Timestamp.wholeDays(from: first.at, to: e.at))
                    bump(e.at) { $0.reachedProduction += 1 }
                }
                if e.action == .retire { bump(e.at) { $0.retired += 1 } }
            }
            if sawProduction { reached += 1; wentLive.insert(uc.id) }
        }

        let beforeProduction = useCases.filter { isActive($0) && (policy.stageIndex($0.stage) ?? Int.max) < prodIndex }
        // In steps, with types: as one chain this took the compiler 1.8 s to type-check.
        let stalled: [UseCase] = beforeProduction.filter { !wentLive.contains($0.id) }
        let unsorted: [Pilot] = stalled.map { uc in
            Pilot(id: uc.id, title: uc.title, stage: uc.stage, days: Timestamp.wholeDays(from: uc.createdAt, to: now))
        }
        let pilots = unsorted.sorted { (a: Pilot, b: Pilot) -> Bool in a.days != b.days ? a.days > b.days : a.id < b.id }

        let ranges: [(label: String, range: ClosedRange<Int>)] = [
            ("0-7 days", 0...7), ("8-30 days", 8...30), ("31-90 days", 31...90), ("over 90 days", 91...Int.max),
        ]
        var buckets = ranges.map { (label: $0.label, range: $0.range, count: 0) }
        var kinds: [Blocker.Kind: Int] = [:]
        for uc in useCases where isActive(uc) {
            let gate = GateEngine.evaluate(uc, policy: policy, now: now)
            guard !gate.passed else { continue }
            let age = Timestamp.wholeDays(from: uc.stageEnteredAt, to: now)
            if let i = buckets.firstIndex(where: { $0.range.contains(age) }) { buckets[i].count += 1 }
            for b in gate.blockers { kinds[b.kind, default: 0] += 1 }
        }
        let today = Day(containing: now)
        let waivers = useCases.filter(isActive).flatMap { uc in
            uc.waivers.filter { ControlCheck.waiver(for: $0.control, uc) == $0 && ControlCheck.isValid($0, now: now) }.map {
                OpenWaiver(id: uc.id, control: $0.control, by: $0.by, until: $0.until,
                           daysLeft: Wording.calendarDays(from: today, to: $0.until))
            }
        }.sorted { ($0.until, $0.id, $0.control) < ($1.until, $1.id, $1.control) }

        return PortfolioReport(
            stages: stages,
            reachedProduction: reached,
            inProduction: useCases.filter { $0.stage == production }.count,
            inPilot: pilots.count,
            backInReview: beforeProduction.count - pilots.count,
            pilots: pilots,
            pilotAge: DayDistribution(pilots.map(\.days)),
            stageDurations: policy.stages.filter { !$0.terminal }.map { StageDuration(stage: $0.id, days: DayDistribution(stays[$0.id] ?? [])) },
            scopedToProduction: DayDistribution(toProduction),
            throughput: monthRange(from: events.map(\.at).min(), to: now).map {
                months[$0] ?? Month(month: $0, created: 0, reachedProduction: 0, retired: 0)
            },
            blockerAgeing: buckets.map { AgeBucket(label: $0.label, count: $0.count) },
            blockersByKind: Blocker.Kind.allCases.compactMap { k in kinds[k].map { KindCount(kind: k, count: $0) } },
            waiversOpen: waivers)
    }

    static func monthKey(_ date: Date) -> String {
        let d = Day(containing: date)
        return String(format: "%04d-%02d", d.year, d.month)
    }

    /// `2026-09`, `2026-10`, … through the month of `to`.
    static func monthRange(from: Date?, to: Date) -> [String] {
        guard let from, from <= to else { return [] }
        let d = Day(containing: from)
        let end = Day(containing: to)
        var out: [String] = []
        var (y, m) = (d.year, d.month)
        while (y, m) <= (end.year, end.month) {
            out.append(String(format: "%04d-%02d", y, m))
            (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
        }
        return out
    }
}
