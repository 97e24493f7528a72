import QamqorSupport
import QamqorCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a JSONL file in blocks of whole lines, so that any file size is processed in constant
/// memory. Each block carries the line number of its first line.
///
/// Guarantees: memory stays within about two blocks plus `maxLineBytes` whatever the file holds;
/// a line that runs on past `maxLineBytes` without ending is not kept but reported, by its line
/// number, in the `tooLong` of the next block, before that block's lines; a long line that fits
/// in a block is kept and `lengthProblem` says so.
package struct JSONLBlocks {
    package struct Block: Sendable {
        package let bytes: [UInt8]
        /// (line number, byte range) of every non-blank line in `bytes`.
        package let lines: [(line: Int, range: Range<Int>)]
        /// Lines before these that were longer than `maxLineBytes` and were skipped.
        package var tooLong: [Int] = []
        /// The longest line to decide; a longer one that fits in the block is refused like one
        /// that was skipped, with `tooLongMessage`.
        package var maxLineBytes = 1 << 20

        package init(bytes: [UInt8], lines: [(line: Int, range: Range<Int>)], tooLong: [Int] = [], maxLineBytes: Int = 1 << 20) {
            self.bytes = bytes; self.lines = lines; self.tooLong = tooLong; self.maxLineBytes = maxLineBytes
        }

        /// Why a line cannot be decided because of its length (in the three languages), or nil.
        package func lengthProblem(_ range: Range<Int>) -> Localized? {
            range.count > maxLineBytes ? tooLongMessage : nil
        }

        /// What a line longer than `maxLineBytes` is reported with.
        package var tooLongMessage: Localized { RecordMessage.lineTooLong(kilobytes: maxLineBytes >> 10) }
    }

    /// The input could not be read (an I/O error, not a malformed line).
    package struct ReadError: Error, CustomStringConvertible {
        package let description: String
    }

    package let handle: FileHandle
    package let blockSize: Int
    /// The longest line kept (a household is some kilobytes; the service refuses bodies over 1 MB).
    package let maxLineBytes: Int
    package var carry: [UInt8] = []
    package var nextLine = 1
    package var finished = false
    /// Inside a line longer than `maxLineBytes`, skipping to its end.
    package var skipping = false
    /// Skipped long lines not yet handed out with a block.
    package var tooLong: [Int] = []
    /// Bytes read so far (for progress).
    package private(set) var bytesRead: Int = 0

    package init(handle: FileHandle, blockSize: Int = 4 << 20, maxLineBytes: Int = 1 << 20) {
        self.handle = handle; self.blockSize = blockSize; self.maxLineBytes = maxLineBytes
    }

    /// Buffers handed back by ``recycle(_:)`` once their block was done with, refilled in place:
    /// memory already touched is cheaper to read into than new pages (on a virtual machine,
    /// several times cheaper).
    package var spares: [[UInt8]] = []

    /// Hands back the bytes of a block nobody uses any more, to read a later block into.
    package mutating func recycle(_ bytes: [UInt8]) {
        if spares.count < 2 { spares.append(bytes) }
    }

    /// The next block, or nil at the end of the file.
    package mutating func next() throws -> Block? {
        while !finished {
            // The carried start of a line and the next chunk, read straight into one buffer.
            var bytes = spares.popLast() ?? []
            let count = try Self.read(handle.fileDescriptor, after: carry, upTo: blockSize, room: maxLineBytes, into: &bytes)
            let used = carry.count + count
            bytesRead += count
            if count == 0 { finished = true; break }
            var start = 0
            if skipping {
                // The rest of a long line (nothing is carried while skipping): dropped up to its newline.
                guard let end = bytes[..<used].firstIndex(of: 10) else { continue }
                skipping = false
                tooLong.append(nextLine)
                nextLine += 1
                start = end + 1
            }
            guard let lastNewline = bytes[start..<used].lastIndex(of: 10) else {
                if used - start > maxLineBytes { skipping = true; carry = [] } else { carry = Array(bytes[start..<used]) }
                continue
            }
            carry = Array(bytes[(lastNewline + 1)..<used])
            if carry.count > maxLineBytes { skipping = true; carry = [] }
            return split(bytes, within: start..<(lastNewline + 1))
        }
        if skipping {
            skipping = false
            tooLong.append(nextLine)
            nextLine += 1
        }
        if !carry.isEmpty || !tooLong.isEmpty {
            let bytes = carry
            carry = []
            return split(bytes, within: 0..<bytes.count)
        }
        return nil
    }

    /// Fills `buffer` with `prefix` followed by up to `count` bytes read from `fd` (fewer only at
    /// the end of the input) and returns how many were read; the buffer keeps its size when it
    /// is large enough (what lies past the bytes filled is not part of the block).
    package static func read(_ fd: Int32, after prefix: [UInt8], upTo count: Int, room: Int, into buffer: inout [UInt8]) throws -> Int {
        // New memory only when no buffer large enough was handed back: room for a block and the
        // longest start of a line that can be carried over, so that any later block fits in it.
        if buffer.count < prefix.count + count { buffer = [UInt8](repeating: 0, count: max(prefix.count, room) + count) }
        let (got, failure) = ByteScan.fill(&buffer, after: prefix, from: fd, upTo: count)
        if let failure { throw ReadError(description: "cannot read the input: \(String(cString: strerror(failure)))") }
        return got
    }

    private mutating func split(_ bytes: [UInt8], within range: Range<Int>) -> Block {
        let (lines, next) = Self.lineRanges(bytes, within: range, firstLine: nextLine)
        nextLine = next
        defer { tooLong = [] }
        return Block(bytes: bytes, lines: lines, tooLong: tooLong, maxLineBytes: maxLineBytes)
    }

    /// The (line number, byte range) of every non-blank line of `bytes`, numbering from
    /// `firstLine`; and the number the next line would have.
    package static func lineRanges(_ bytes: [UInt8], firstLine: Int = 1) -> (lines: [(line: Int, range: Range<Int>)], next: Int) {
        lineRanges(bytes, within: 0..<bytes.count, firstLine: firstLine)
    }

    /// As above, for the lines of `bytes[range]` (ranges still index `bytes`).
    package static func lineRanges(_ bytes: [UInt8], within range: Range<Int>, firstLine: Int) -> (lines: [(line: Int, range: Range<Int>)], next: Int) {
        var lines: [(line: Int, range: Range<Int>)] = []
        lines.reserveCapacity(range.count / 512 + 1)
        var line = firstLine
        bytes.withUnsafeBufferPointer { b in
            var start = range.lowerBound
            let stop = range.upperBound
            while start < stop {
                // memchr finds the end of the line; only the line's first bytes decide blankness.
                let end = ByteScan.lineEnd(b, from: start, to: stop)
                var k = start
                while k < end, b[k] == 32 || b[k] == 13 || b[k] == 9 { k += 1 }
                if k < end { lines.append((line, start..<end)) }
                line += 1
                start = end + 1
            }
        }
        return (lines, line)
    }
}
