import Foundation

extension Array {
    /// `map` over the machine's cores in contiguous chunks, results in order. For pure work on
    /// large boards (a gate evaluation per use case); small arrays are mapped in place.
    func concurrentMap<T>(minimumCount: Int = 512, _ transform: (Element) -> T) -> [T] {
        let n = count
        let chunks = Swift.min(ProcessInfo.processInfo.activeProcessorCount, 8)
        guard n >= minimumCount, chunks > 1 else { return map(transform) }
        return withoutActuallyEscaping(transform) { transform in
            [T](unsafeUninitializedCapacity: n) { buffer, initialized in
                nonisolated(unsafe) let out = buffer
                nonisolated(unsafe) let f = transform
                withUnsafeBufferPointer { source in
                    nonisolated(unsafe) let source = source
                    DispatchQueue.concurrentPerform(iterations: chunks) { c in
                        for i in (n * c / chunks)..<(n * (c + 1) / chunks) {
                            (out.baseAddress! + i).initialize(to: f(source[i]))
                        }
                    }
                }
                initialized = n
            }
        }
    }
}
