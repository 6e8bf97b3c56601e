import Foundation
import GateboardCore

/// Per-use-case gate evaluations and stage clocks, computed on first use and kept until the
/// board is reloaded, an action is recorded, or the day changes. A keypress only evaluates
/// the cards it shows, never the whole board.
public final class GateCache: @unchecked Sendable {
    public struct Entry: Sendable {
        public var evaluation: GateEvaluation
        public var clock: StageClock
    }

    private let lock = NSLock()
    private var entries: [UseCaseID: Entry] = [:]
    private var day: Day?
    public private(set) var evaluations = 0

    public typealias Evaluate = @Sendable (UseCase, Policy, Date) -> GateEvaluation
    public typealias Clock = @Sendable (UseCase, Policy, Date) -> StageClock
    private let evaluate: Evaluate
    private let clock: Clock

    /// The engine by default; tests may pass their own evaluations.
    public init(evaluate: @escaping Evaluate = { GateEngine.evaluate($0, policy: $1, now: $2) },
                clock: @escaping Clock = { GateEngine.clock($0, policy: $1, now: $2) }) {
        self.evaluate = evaluate
        self.clock = clock
    }

    public func entry(for uc: UseCase, policy: Policy, now: Date) -> Entry {
        let today = Day(containing: now)
        lock.lock()
        defer { lock.unlock() }
        if day != today {
            entries.removeAll(keepingCapacity: true)
            day = today
        }
        if let e = entries[uc.id] { return e }
        let e = Entry(evaluation: evaluate(uc, policy, now), clock: clock(uc, policy, now))
        entries[uc.id] = e
        evaluations += 1
        return e
    }

    public func invalidate(_ id: UseCaseID? = nil) {
        lock.lock()
        defer { lock.unlock() }
        if let id { entries[id] = nil } else { entries.removeAll(keepingCapacity: true) }
    }
}
