import Foundation
import Synchronization

/// The first of several results to arrive; the others are dropped.
final class Race<T: Sendable>: Sendable {
    private struct State {
        var outcome: Result<T, any Error>?
        var waiter: CheckedContinuation<Result<T, any Error>, Never>?
    }

    private let state = Mutex(State())

    func finish(_ r: Result<T, any Error>) {
        let waiter: CheckedContinuation<Result<T, any Error>, Never>? = state.withLock { s in
            guard s.outcome == nil else { return nil }
            s.outcome = r
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(returning: r)
    }

    func result() async -> Result<T, any Error> {
        await withCheckedContinuation { c in
            let known: Result<T, any Error>? = state.withLock { s in
                if let o = s.outcome { return o }
                s.waiter = c
                return nil
            }
            if let known { c.resume(returning: known) }
        }
    }
}
