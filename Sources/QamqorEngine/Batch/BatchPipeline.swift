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

