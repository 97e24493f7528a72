import Dispatch
import Hummingbird
import QamqorEngine
import Synchronization

/// Where a draft's rule tests and impact run: on a thread of their own, one job at a time, never
/// on the threads that answer decisions; each with a deadline. Past the deadline (or when the
/// client goes away) the job is told to stop and the request is answered 503
/// `draft-work-too-long`; the job stops at its next check (between two rule tests).
final class DraftJobs: Sendable {
    static let shared = DraftJobs()
    /// How long one job may take.
    static let deadline: Duration = .seconds(120)

    private let queue = DispatchQueue(label: "qamqor.draft-jobs", qos: .utility)

    /// Set when a job should stop.
    final class Stop: Sendable {
        private let flag = Atomic<Bool>(false)
        var isSet: Bool { flag.load(ordering: .relaxed) }
        func set() { flag.store(true, ordering: .relaxed) }
    }

    /// Runs `work` on the jobs' thread and answers its result, or throws once `deadline` passes.
    func run<T: Sendable>(deadline: Duration = DraftJobs.deadline, _ work: @escaping @Sendable (Stop) throws -> T) async throws -> T {
        let stop = Stop()
        let waiting = Waiting<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
                waiting.set(c)
                let (s, atto) = deadline.components
                queue.async {
                    if stop.isSet { return }
                    waiting.finish(Result { try work(stop) })
                }
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(s) * 1_000_000_000 + Int(atto / 1_000_000_000))) {
                    stop.set()
                    waiting.finish(.failure(Self.tooLong(deadline)))
                }
            }
        } onCancel: {
            stop.set()
            waiting.finish(.failure(CancellationError()))
        }
    }

    /// The request waiting for a job: answered once, by the job or by the deadline.
    final class Waiting<T: Sendable>: Sendable {
        private let state = Mutex<(continuation: CheckedContinuation<T, any Error>?, early: Result<T, any Error>?, done: Bool)>((nil, nil, false))
        func set(_ c: CheckedContinuation<T, any Error>) {
            state.withLock { s in
                if let r = s.early { c.resume(with: r); s.done = true } else { s.continuation = c }
            }
        }
        func finish(_ r: Result<T, any Error>) {
            state.withLock { s in
                guard !s.done else { return }
                if let c = s.continuation { c.resume(with: r); s.done = true; s.continuation = nil } else if s.early == nil { s.early = r }
            }
        }
    }

    static func tooLong(_ d: Duration) -> APIError {
        let s = d.components.seconds
        return APIError(.serviceUnavailable, "draft-work-too-long", Localized("draft-jobs.draft-tests-or-impact", ["s": s]))
    }
}
