import Dispatch
import Synchronization

/// Splits `0..<count` into `slices` contiguous ranges, runs `body` on each on at most `workers`
/// threads at a time, and returns the results in range order.
///
/// Guarantees: every index is in exactly one range; the order of the results does not depend on
/// which thread ran which range. Used wherever households or applications are decided in bulk.
package func parallelSlices<T>(count: Int, slices: Int, workers: Int = Int.max, _ body: @Sendable (Range<Int>) -> T) -> [T] {
    parallelSlices(count: count, slices: slices, workers: workers) { _, range in body(range) }
}

/// As above, and tells `body` which worker (0 ..< `workers`) runs the range: a worker runs its
/// ranges one after another, so state kept per worker is never used by two threads at once.
package func parallelSlices<T>(count: Int, slices: Int, workers: Int = Int.max, _ body: @Sendable (_ worker: Int, Range<Int>) -> T) -> [T] {
    let n = max(1, slices)
    var results = [T?](repeating: nil, count: n)
    results.withUnsafeMutableBufferPointer { out in
        let buffer = SendableBuffer(out)
        let threads = max(1, min(workers, n))
        // Each worker takes the next range not yet taken, so at most `threads` run at once and
        // none waits idle while ranges remain.
        let next = RangeCounter()
        DispatchQueue.concurrentPerform(iterations: threads) { w in
            while true {
                let s = next.take()
                guard s < n else { break }
                buffer.base[s] = body(w, count * s / n ..< count * (s + 1) / n)
            }
        }
    }
    return results.map { $0! }
}

/// Hands out 0, 1, 2, … to threads, each number once.
package final class RangeCounter: Sendable {
    private let value = Atomic<Int>(0)
    package func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}

/// A buffer that parallel work writes to at distinct indices.
package struct SendableBuffer<T>: @unchecked Sendable {
    package let base: UnsafeMutableBufferPointer<T>
    package init(_ b: UnsafeMutableBufferPointer<T>) { base = b }
}

/// A value handed to other threads by code that guarantees they never use it at the same time
/// (per-worker state indexed by worker number).
package struct UncheckedSendable<T>: @unchecked Sendable {
    package let value: T
    package init(_ value: T) { self.value = value }
}
