import QamqorSupport
import QamqorCore
import Dispatch
import Synchronization
import Foundation

/// The one bulk pipeline of batch, impact and rank: blocks of JSONL lines (read ahead from a file
/// while the current block is decided, or one block in memory), each block's lines cut into
/// slices that `workers` decide in parallel, and the slices handed to `merge` in input order.
///
/// Guarantees: every line of every block is in exactly one slice; `merge` sees a block's slices
/// in line order, blocks in file order, on the calling thread; a worker (one per thread, its
/// state kept from slice to slice and block to block) runs one slice at a time, so state kept
/// in it is never used by two threads at once; once a block's slices are decided no worker looks
/// at it again, and its memory is handed back to be read into. A read error or an error `merge` throws
/// stops the run and is thrown from it.
package struct BulkPipeline<Worker, Slice> {
    /// Each worker's state, by worker number.
    package let workers: [UncheckedSendable<Worker>]
    /// How many slices a block of this many lines is cut into (at least one is used).
    package let slices: @Sendable (_ lines: Int) -> Int
    /// Decides one slice of a block with the worker's state.
    package let decide: @Sendable (_ worker: Worker, _ block: JSONLBlocks.Block, _ lines: Range<Int>) -> Slice

    package init(workers: [Worker], slices: @escaping @Sendable (Int) -> Int,
         decide: @escaping @Sendable (_ worker: Worker, _ block: JSONLBlocks.Block, _ lines: Range<Int>) -> Slice) {
        self.workers = workers.map(UncheckedSendable.init)
        self.slices = slices
        self.decide = decide
    }

    /// Runs over the blocks of `blocks`, reading the next while the current one is decided.
    package func run(_ blocks: JSONLBlocks, merge: (JSONLBlocks.Block, [Slice], _ bytesRead: Int) throws -> Void) throws {
        let source = BlockSource(blocks)
        source.prefetch()
        while let block = try source.take() {
            source.prefetch()
            let slices = process(block)
            source.recycle(block.bytes)
            try merge(block, slices, source.bytesRead)
        }
    }

    /// Runs over one block already in memory.
    package func run(_ block: JSONLBlocks.Block, merge: (JSONLBlocks.Block, [Slice]) throws -> Void) rethrows {
        try merge(block, process(block))
    }

    private func process(_ block: JSONLBlocks.Block) -> [Slice] {
        let workers = self.workers, decide = self.decide
        return parallelSlices(count: block.lines.count, slices: slices(block.lines.count), workers: workers.count) { worker, lines in
            decide(workers[worker].value, block, lines)
        }
    }
}

/// Reads the next JSONL block on a background queue while the current one is decided.
///
/// Guarantees: blocks come out in file order, each exactly once; a read error is thrown by the
/// `take` that would have returned the block. The reader's state is behind a lock: the queue
/// reads into it while the caller decides, and the caller takes the block after the semaphore.
package final class BlockSource: Sendable {
    private struct State {
        var blocks: JSONLBlocks
        var pending: Result<JSONLBlocks.Block?, Error>?
        var started = false
        var bytesRead = 0
    }
    private let state: Mutex<State>
    private let queue = DispatchQueue(label: "qamqor.batch.read")
    private let ready = DispatchSemaphore(value: 0)
    /// Bytes read so far, as of the last block taken.
    package var bytesRead: Int { state.withLock { $0.bytesRead } }

    package init(_ blocks: consuming sending JSONLBlocks) { state = Mutex(State(blocks: blocks)) }

    /// Starts reading the next block (at most one is read ahead).
    package func prefetch() {
        state.withLock { $0.started = true }
        queue.async {
            self.state.withLock { s in s.pending = Result { try s.blocks.next() } }
            self.ready.signal()
        }
    }

    /// Hands back the bytes of a block that nothing uses any more, for a later block to be read
    /// into (after the read under way).
    package func recycle(_ bytes: [UInt8]) {
        queue.async { self.state.withLock { $0.blocks.recycle(bytes) } }
    }

    /// The block read by the last `prefetch`, waiting for it; nil at the end of the file.
    package func take() throws -> JSONLBlocks.Block? {
        guard state.withLock({ $0.started }) else { return nil }
        ready.wait()
        let r = state.withLock { s -> Result<JSONLBlocks.Block?, Error>? in
            s.started = false
            s.bytesRead = s.blocks.bytesRead
            defer { s.pending = nil }
            return s.pending
        }
        guard let r else { return nil }
        return try r.get()
    }
}


/// Writes each block's output on a background queue while the next block is decided, so that
/// no worker waits for the disk.
///
/// Guarantees: writes run in the order submitted, one at a time; at most one block's output
/// waits (`submit` first waits for the previous write), so memory stays bounded; the first error
/// a write throws is thrown by the next `submit` or by `finish`, and nothing is written after it.
package final class BlockWriter: Sendable {
    private let queue = DispatchQueue(label: "qamqor.batch.write")
    private let group = DispatchGroup()
    private struct State {
        /// Set on `queue` before the group is left; read only after waiting for the group.
        var failure: Error?
        /// The write submitted and not yet started. Held here rather than captured by the queued
        /// block, so that it (and the caller's closures it holds) is released before the group is
        /// left: `finish` returns only when nothing of the caller's is referenced any more.
        var pending: UncheckedSendable<() throws -> Void>?
    }
    private let state = Mutex(State())

    package init() {}

    /// Runs `write` after every earlier submission, off the calling thread.
    package func submit(_ write: @escaping () throws -> Void) throws {
        group.wait()
        if let failure = state.withLock({ $0.failure }) { throw failure }
        // Handed to the queue, which runs it after this returns and while no other write runs.
        let handed = UncheckedSendable(write)
        state.withLock { $0.pending = handed }
        group.enter()
        queue.async {
            // The write is released (in this scope) before the group is left.
            do {
                let work = self.state.withLock { $0.pending.take() }
                do { try work?.value() } catch { self.state.withLock { $0.failure = error } }
            }
            self.group.leave()
        }
    }

    /// Waits until everything submitted is written; throws the first write error.
    package func finish() throws {
        group.wait()
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }
}
