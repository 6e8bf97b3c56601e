import Foundation
import Synchronization

/// The one way the project spreads independent work over cores: indices are handed out by an
/// atomic counter (in order, `batch` at a time) to at most `workers` threads, and each result
/// is stored at its index. What `body` captures must be safe to share (`@Sendable`); results
/// cross threads once, when the workers have joined.
public enum ParallelWork {
    /// One thread per core, at most 8 (more did not make large boards faster).
    public static var defaultWorkers: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) }

    /// `(0..<count).map(body)`, run on up to `workers` threads. With one worker, or no more
    /// than one batch, it runs on the calling thread. When `body` throws, no further indices
    /// are handed out, and the error of the lowest failing index is thrown (as a sequential
    /// map would): every lower index was handed out before it, so has run.
    public static func map<T: Sendable, E: Error>(
        count: Int, workers: Int = defaultWorkers, batch: Int = 1, _ body: @Sendable (Int) throws(E) -> T
    ) throws(E) -> [T] {
        precondition(count >= 0 && batch >= 1, "ParallelWork.map: count \(count), batch \(batch)")
        let batches = count / batch + (count % batch == 0 ? 0 : 1)
        let threads = min(workers, batches)
        guard threads > 1 else {
            var out: [T] = []
            out.reserveCapacity(count)
            for i in 0..<count { out.append(try body(i)) }
            return out
        }
        let shared = Shared<T, E>(count: count)
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while !shared.failed.load(ordering: .relaxed) {
                let b = shared.next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard b < batches else { return }
                for i in (b * batch)..<min(count, (b + 1) * batch) {
                    do throws(E) {
                        shared.store(i, try body(i))
                    } catch {
                        shared.fail(i, error)
                        return
                    }
                }
            }
        }
        if let first = shared.firstError.withLock({ $0 }) { throw first.error }
        return shared.take()
    }

    /// The workers' shared state. Each index's slot is written by the one thread that was
    /// handed it, and read only after every worker has returned (`concurrentPerform` joins):
    /// distinct slots never share storage, so the slots need no lock.
    private final class Shared<T: Sendable, E: Error>: @unchecked Sendable {
        let next = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
        let firstError = Mutex<(index: Int, error: E)?>(nil)
        private let slots: UnsafeMutableBufferPointer<T?>

        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }

        func store(_ i: Int, _ value: T) { slots[i] = value }

        func fail(_ i: Int, _ error: E) {
            firstError.withLock { first in
                if first == nil || i < first!.index { first = (i, error) }
            }
            failed.store(true, ordering: .relaxed)
        }

        /// Every result, moved out in index order (all were stored: no worker failed).
        func take() -> [T] {
            [T](unsafeUninitializedCapacity: slots.count) { out, initialized in
                for i in slots.indices {
                    guard let value = slots[i].take() else { preconditionFailure("ParallelWork: index \(i) has no result") }
                    (out.baseAddress! + i).initialize(to: value)
                    initialized = i + 1
                }
            }
        }
    }
}
