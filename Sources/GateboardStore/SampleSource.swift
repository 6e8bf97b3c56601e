import Foundation
import GateboardCore

/// Samples for `recordSignals`, gone through twice: a first pass learnt which use cases they
/// touch and which monitors' samples are out of time order (`summary`); `forEach` gives them
/// again in the same order, one at a time, so a samples file need never be held whole.
public protocol SampleSource {
    var summary: SampleSummary { get }
    /// Every sample again, in order; throws when they are no longer what the first pass saw.
    func forEach(_ body: (Sample) throws -> Void) throws
}

/// What a first pass over samples learns, in memory bounded by the (use case, monitor) pairs.
public struct SampleSummary: Sendable {
    public struct Count: Sendable {
        /// The use case's first line (where a problem with the use case itself is reported).
        public var firstLine: Int
        public var samples: Int
    }
    public private(set) var useCases: [UseCaseID: Count] = [:]
    private var lastAt: [UseCaseID: [String: Date]] = [:]
    private var unordered: [UseCaseID: Set<String>] = [:]

    public init() {}

    public mutating func note(_ s: Sample) {
        if useCases[s.useCase] == nil {
            useCases[s.useCase] = Count(firstLine: s.line, samples: 1)
        } else {
            useCases[s.useCase]!.samples += 1
            useCases[s.useCase]!.firstLine = min(useCases[s.useCase]!.firstLine, s.line)
        }
        if let last = lastAt[s.useCase]?[s.monitor], s.at <= last { unordered[s.useCase, default: []].insert(s.monitor) }
        lastAt[s.useCase, default: [:]][s.monitor] = s.at
    }

    /// Whether the sample's monitor (on its use case) has strictly rising times in order given.
    public func isOrdered(_ s: Sample) -> Bool { !(unordered[s.useCase]?.contains(s.monitor) ?? false) }
}

/// Samples already in memory (the command line's one, tests).
public struct SampleList: SampleSource {
    public let samples: [Sample]
    public let summary: SampleSummary

    public init(_ samples: [Sample]) {
        self.samples = samples.map { var s = $0; s.useCase = s.useCase.uppercased(); return s }
        var summary = SampleSummary()
        for s in self.samples { summary.note(s) }
        self.summary = summary
    }

    public func forEach(_ body: (Sample) throws -> Void) throws { for s in samples { try body(s) } }
}
