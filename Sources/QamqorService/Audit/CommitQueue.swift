import Foundation
import Synchronization

/// Entries waiting to be committed together: whoever finds no transaction under way starts one
/// for everything waiting (up to 500), and so on until none waits; each submitter resumes when
/// the transaction holding its entry commits, or with its error.
final class CommitQueue: Sendable {
    private typealias Waiting = (AuditEntry, ContinuousClock.Instant, CheckedContinuation<Void, any Error>)
    private struct State {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let state = Mutex(State())
    private let writer = Mutex<(@Sendable ([AuditEntry], ContinuousClock.Instant) async throws -> Void)?>(nil)

    /// Writes one batch in one transaction (set once, before the first submit), which must not
    /// commit after the deadline given (the earliest of the batch's entries).
    var write: (@Sendable ([AuditEntry], ContinuousClock.Instant) async throws -> Void)? {
        get { writer.withLock { $0 } }
        set { writer.withLock { $0 = newValue } }
    }

    /// Waits until `e` is committed; it is not committed after `deadline` (its submitter has
    /// answered by then that it was not recorded).
    func submit(_ e: AuditEntry, deadline: ContinuousClock.Instant) async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            let start = state.withLock { s in
                s.waiting.append((e, deadline, c))
                defer { s.writing = true }
                return !s.writing
            }
            if start { Task { await self.drain() } }
        }
    }

    /// The next batch, or nil (and no transaction under way any more) when none waits.
    private func next() -> [Waiting]? {
        state.withLock { s in
            let batch = Array(s.waiting.prefix(500))
            s.waiting.removeFirst(batch.count)
            if batch.isEmpty { s.writing = false; return nil }
            return batch
        }
    }

    private func drain() async {
        while let batch = next() {
            do {
                guard let write else { throw AuditUnavailable(reason: "the audit store is not open") }
                try await write(batch.map(\.0), batch.map(\.1).min() ?? .now)
                for (_, _, c) in batch { c.resume() }
            } catch {
                for (_, _, c) in batch { c.resume(throwing: error) }
            }
        }
    }
}
