import Foundation
import GateboardCore

// MARK: - Content compared beside a load
//
// `BoardStore.loadRowsObservingAside` and `loadObservingAside` compare each use case's
// recorded content with the disk on threads of their own, so that `list` and the TUI make their
// output from the board as recorded meanwhile (docs/performance.md: the 30,000 stats of the
// bench board cannot be made cheaper, only run beside serial work).

/// The content comparison of `loadRowsObservingAside`, running on its own thread.
package final class PendingContent: @unchecked Sendable {
    // Written by the worker before `done` is signalled, read after `wait()`: ordered by the semaphore.
    private var drift: [UseCaseID: ContentDrift] = [:]
    private var started = false
    private let done = DispatchSemaphore(value: 0)
    private var waited = false

    init() {}

    func start(_ work: @escaping @Sendable () -> [UseCaseID: ContentDrift]) {
        started = true
        Thread.detachNewThread { [self] in
            drift = work()
            done.signal()
        }
    }

    /// The use cases whose recorded content differs from the disk, once compared (the cache
    /// saved). Safe to call more than once; nothing when the load failed before it began.
    package func wait() -> [UseCaseID: ContentDrift] {
        guard started else { return [:] }
        if !waited {
            done.wait()
            waited = true
        }
        return drift
    }
}

/// `loadRowsObservingAside`'s first pass: every cache entry's kept observations checked by stat
/// (`ContentSeen.quickCheck`) on a thread of its own, as soon as the cache is read. `wait()`
/// gives the entries found unchanged with no drift, by file name, with the stored range they were
/// checked from: an outcome that took that very entry needs nothing more.
final class Prechecked: @unchecked Sendable {
    // Written by the thread before `done` is signalled, read after `wait()`.
    private var unchanged: [String: Range<Int>] = [:]
    private let done = DispatchSemaphore(value: 0)

    init(cache: UseCaseCache?, look: ContentLook) {
        guard let cache, let file = cache.file else { done.signal(); return }
        let stored: [(String, Range<Int>)] = cache.entries.compactMap { name, entry in
            if case .stored(let range)? = entry.content { return (name, range) }
            return nil
        }
        Thread.detachNewThread { [self] in
            withExtendedLifetime(cache) {
                for (name, range) in stored
                where ContentSeen.quickCheck(UnsafeRawBufferPointer(rebasing: file.bytes[range]), look: look) == false {
                    unchanged[name] = range
                }
            }
            done.signal()
        }
    }

    func wait() -> [String: Range<Int>] {
        done.wait()
        return unchanged
    }
}
