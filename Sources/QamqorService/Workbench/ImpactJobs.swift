import Dispatch
import Foundation
import QamqorEngine
import Synchronization

/// Impact analyses run as background jobs: started by one request, watched and cancelled by
/// others, their result kept for whoever has the link (any policy officer of this service).
///
/// Guarantees: jobs run one at a time on a thread of their own, never on the threads that answer
/// decisions; at most ``maxWaiting`` jobs wait or run at once (more are refused), and the last
/// ``maxKept`` finished jobs are kept (the oldest finished one is dropped first). A cancelled job
/// stops at its next block of households (about 4 MB of input). An uploaded population is kept in
/// a temporary file only while its job waits or runs.
final class ImpactJobs: Sendable {
    /// How many jobs may wait or run at once.
    static let maxWaiting = 4
    /// How many jobs (finished or not) are kept.
    static let maxKept = 24
    /// The most households a job may generate.
    static let maxGeneratedHouseholds = 1_000_000
    /// The largest population file a job may be sent (it is written to a temporary file as it
    /// arrives, never held in memory).
    static let maxUploadBytes = 1 << 30

    enum State: String, Sendable { case queued, running, done, failed, cancelled }

    /// Where a job's households come from.
    enum Population: Sendable {
        case generated(households: Int, seed: UInt64, applicationDate: Day?)
        case uploaded(file: URL, bytes: Int)
    }

    /// What a job is and has done so far.
    struct Snapshot: Sendable {
        var state: State = .queued
        var households = 0
        var bytes = 0
        var startedAt: Date? = nil
        var finishedAt: Date? = nil
        var report: ImpactAnalysis.Report? = nil
        var error: Localized? = nil
    }

    final class Job: Sendable {
        let id: String
        let draft: String
        let draftName: String
        let owner: String?
        let createdAt: Date
        let population: Population
        let analysis: ImpactAnalysis
        let stop = DraftJobs.Stop()
        let snapshot: Mutex<Snapshot> = Mutex(Snapshot())

        init(id: String, draft: String, draftName: String, owner: String?, population: Population, analysis: ImpactAnalysis) {
            self.id = id; self.draft = draft; self.draftName = draftName; self.owner = owner
            self.createdAt = Date(); self.population = population; self.analysis = analysis
        }

        var now: Snapshot { snapshot.withLock { $0 } }

        /// The share of the work done, 0…1: households generated of those asked for, or bytes
        /// read of the file sent.
        var fraction: Double {
            let s = now
            if s.state == .done { return 1 }
            switch population {
            case .generated(let n, _, _): return n == 0 ? 0 : min(1, Double(s.households) / Double(n))
            case .uploaded(_, let bytes): return bytes == 0 ? 0 : min(1, Double(s.bytes) / Double(bytes))
            }
        }
    }

    private let jobs = Mutex<[Job]>([])
    private let queue = DispatchQueue(label: "qamqor.impact-jobs", qos: .utility)

    enum Refusal: Error { case busy }

    /// Queues a job; refused when ``maxWaiting`` jobs already wait or run.
    func start(draft: String, draftName: String, owner: String?, population: Population, analysis: ImpactAnalysis) throws(Refusal) -> Job {
        let job = Job(id: UUID().uuidString.lowercased(), draft: draft, draftName: draftName, owner: owner, population: population, analysis: analysis)
        let accepted = jobs.withLock { list -> Bool in
            let active = list.filter { [.queued, .running].contains($0.now.state) }.count
            guard active < Self.maxWaiting else { return false }
            list.append(job)
            // Keep the newest; drop the oldest finished ones beyond the bound.
            while list.count > Self.maxKept, let i = list.firstIndex(where: { ![.queued, .running].contains($0.now.state) }) { list.remove(at: i) }
            return true
        }
        guard accepted else { throw .busy }
        queue.async { Self.run(job) }
        return job
    }

    func job(_ id: String) -> Job? { jobs.withLock { $0.first { $0.id == id } } }

    /// The jobs kept, newest first.
    func all() -> [Job] { jobs.withLock { $0.reversed() } }

    /// Stops a job (a queued one never starts; a running one stops at its next block) and forgets
    /// it: its address answers 404 from now on.
    func cancel(_ job: Job) {
        job.stop.set()
        job.snapshot.withLock { s in
            if s.state == .queued || s.state == .running { s.state = .cancelled; s.finishedAt = Date() }
        }
        jobs.withLock { list in list.removeAll { $0 === job } }
    }

    private static func run(_ job: Job) {
        let go = job.snapshot.withLock { s -> Bool in
            guard s.state == .queued, !job.stop.isSet else { return false }
            s.state = .running; s.startedAt = Date()
            return true
        }
        defer { if case .uploaded(let file, _) = job.population { try? FileManager.default.removeItem(at: file) } }
        guard go else { return }
        let outcome: Result<ImpactAnalysis.Report, any Error>
        switch job.population {
        case .uploaded(let file, _):
            outcome = Result {
                let handle = try FileHandle(forReadingFrom: file)
                defer { try? handle.close() }
                return try analyse(job, handle)
            }
        case .generated(let n, let seed, let date):
            outcome = Result { try generatedAnalysis(job, households: n, generator: HouseholdGenerator(seed: seed, applicationDate: date)) }
        }
        job.snapshot.withLock { s in
            s.finishedAt = Date()
            switch outcome {
            case .success(let r): s.state = .done; s.report = r; s.households = r.households
            case .failure(let e as ImpactAnalysis.Stopped): _ = e; s.state = .cancelled
            case .failure(let e): s.state = .failed; s.error = Localized("impact-jobs.failed", ["error": "\(e)"])
            }
        }
    }

    private static func analyse(_ job: Job, _ handle: FileHandle) throws -> ImpactAnalysis.Report {
        try job.analysis.run(input: handle, progress: { households, bytes in
            job.snapshot.withLock { $0.households = households; $0.bytes = bytes }
        }, shouldStop: { job.stop.isSet })
    }

    /// Generates the population into a pipe on a second thread while the analysis reads it: no
    /// file, and memory for one block at a time.
    private static func generatedAnalysis(_ job: Job, households n: Int, generator: HouseholdGenerator) throws -> ImpactAnalysis.Report {
        let pipe = Pipe()
        let writer = pipe.fileHandleForWriting, reader = pipe.fileHandleForReading
        let done = DispatchSemaphore(value: 0)
        let finished = DraftJobs.Stop()
        DispatchQueue.global(qos: .utility).async {
            defer { try? writer.close(); done.signal() }
            var i = 0
            while i < n, !finished.isSet {
                var chunk = ""
                chunk.reserveCapacity(256 * 1100)
                for k in i..<min(n, i + 256) { chunk += generator.line(k); chunk += "\n" }
                i += 256
                do { try writer.write(contentsOf: Data(chunk.utf8)) } catch { return }
            }
        }
        defer {
            // The writer stops at its next chunk; what it still writes is drained so that it never
            // blocks on a full pipe.
            finished.set()
            while let d = try? reader.read(upToCount: 1 << 16), !d.isEmpty {}
            done.wait()
            try? reader.close()
        }
        return try analyse(job, reader)
    }
}
