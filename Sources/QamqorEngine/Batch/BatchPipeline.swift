import Dispatch
import Foundation

/// Reads the next JSONL block on a background queue while the current one is decided.
///
/// Guarantees: blocks come out in file order, each exactly once; a read error is thrown by the
/// `take` that would have returned the block.
final class BlockSource: @unchecked Sendable {
    private var blocks: JSONLBlocks
    private let queue = DispatchQueue(label: "qamqor.batch.read")
    private let ready = DispatchSemaphore(value: 0)
    private var pending: Result<JSONLBlocks.Block?, Error>?
    private var started = false
    /// Bytes read so far, as of the last block taken.
    private(set) var bytesRead = 0

    init(_ blocks: JSONLBlocks) { self.blocks = blocks }

    /// Starts reading the next block (at most one is read ahead).
    func prefetch() {
        started = true
        queue.async {
            self.pending = Result { try self.blocks.next() }
            self.ready.signal()
        }
    }

    /// Hands back the bytes of a block that nothing uses any more, for a later block to be read
    /// into (after the read under way).
    func recycle(_ bytes: [UInt8]) {
        queue.async { self.blocks.recycle(bytes) }
    }

    /// The block read by the last `prefetch`, waiting for it; nil at the end of the file.
    func take() throws -> JSONLBlocks.Block? {
        guard started else { return nil }
        ready.wait()
        started = false
        bytesRead = blocks.bytesRead
        let r = pending!
        pending = nil
        return try r.get()
    }
}


/// Writes each block's output on a background queue while the next block is decided, so that
/// no worker waits for the disk.
///
/// Guarantees: writes run in the order submitted, one at a time; at most one block's output
/// waits (`submit` first waits for the previous write), so memory stays bounded; the first error
/// a write throws is thrown by the next `submit` or by `finish`, and nothing is written after it.
final class BlockWriter: @unchecked Sendable {
    private let queue = DispatchQueue(label: "qamqor.batch.write")
    private let group = DispatchGroup()
    /// Set on `queue` before the group is left; read only after waiting for the group.
    private var failure: Error?
    /// The write submitted and not yet started. Held here rather than captured by the queued
    /// block, so that it (and the caller's closures it holds) is released before the group is
    /// left: `finish` returns only when nothing of the caller's is referenced any more.
    private var pending: (() throws -> Void)?

    /// Runs `write` after every earlier submission, off the calling thread.
    func submit(_ write: @escaping () throws -> Void) throws {
        group.wait()
        if let failure { throw failure }
        pending = write
        group.enter()
        queue.async {
            do {
                let work = self.pending.take()
                try work?()
            } catch { self.failure = error }
            self.group.leave()
        }
    }

    /// Waits until everything submitted is written; throws the first write error.
    func finish() throws {
        group.wait()
        if let failure { throw failure }
    }
}
