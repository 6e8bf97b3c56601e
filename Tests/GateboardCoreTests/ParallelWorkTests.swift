import Foundation
import Synchronization
import Testing
@testable import GateboardCore

@Suite struct ParallelWorkTests {
    struct Failure: Error, Equatable { let index: Int }

    @Test func resultsInIndexOrder() {
        for (workers, batch) in [(1, 1), (4, 1), (4, 7), (8, 64), (3, 5000)] {
            let out = ParallelWork.map(count: 10_000, workers: workers, batch: batch) { i in i * i }
            #expect(out == (0..<10_000).map { $0 * $0 }, "workers \(workers), batch \(batch)")
        }
    }

    @Test func emptyInput() {
        let calls = Atomic<Int>(0)
        let out = ParallelWork.map(count: 0, workers: 4) { i -> String in
            calls.add(1, ordering: .relaxed)
            return String(i)
        }
        #expect(out.isEmpty)
        #expect(calls.load(ordering: .relaxed) == 0)
    }

    @Test func everyIndexRunsOnce() {
        let runs = Mutex([Int](repeating: 0, count: 5000))
        _ = ParallelWork.map(count: 5000, workers: 8, batch: 3) { i in runs.withLock { $0[i] += 1 } }
        #expect(runs.withLock { $0 } == [Int](repeating: 1, count: 5000))
    }

    /// The error of the lowest failing index, as a sequential map would throw, however the
    /// work is split; and no index is run once an error is known to every worker.
    @Test func throwsTheLowestFailingIndex() {
        for (workers, batch) in [(1, 1), (4, 1), (4, 16), (8, 2)] {
            #expect(throws: Failure(index: 300)) {
                _ = try ParallelWork.map(count: 2000, workers: workers, batch: batch) { i throws(Failure) -> Int in
                    if i >= 300 && i % 100 == 0 { throw Failure(index: i) }
                    return i
                }
            }
        }
        let calls = Atomic<Int>(0)
        #expect(throws: Failure(index: 0)) {
            _ = try ParallelWork.map(count: 100_000, workers: 4) { i throws(Failure) -> Int in
                calls.add(1, ordering: .relaxed)
                if i == 0 { throw Failure(index: 0) }
                return i
            }
        }
        #expect(calls.load(ordering: .relaxed) < 100_000)
    }

    @Test func untypedErrors() throws {
        let out = try ParallelWork.map(count: 3, workers: 2) { i in try Result<Int, any Error>.success(i).get() }
        #expect(out == [0, 1, 2])
        #expect(throws: Failure.self) {
            _ = try ParallelWork.map(count: 50, workers: 2) { i -> Int in
                if i == 7 { throw Failure(index: i) }
                return i
            }
        }
    }
}
