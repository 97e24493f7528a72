import Foundation

/// The first of several results to arrive; the others are dropped.
final class Race<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Result<T, any Error>?
    private var waiter: CheckedContinuation<Result<T, any Error>, Never>?

    func finish(_ r: Result<T, any Error>) {
        lock.lock()
        guard outcome == nil else { lock.unlock(); return }
        outcome = r
        let w = waiter
        waiter = nil
        lock.unlock()
        w?.resume(returning: r)
    }

    func result() async -> Result<T, any Error> {
        await withCheckedContinuation { c in
            lock.lock()
            if let o = outcome { lock.unlock(); c.resume(returning: o); return }
            waiter = c
            lock.unlock()
        }
    }
}
