import Foundation

/// Reads a JSONL file in blocks of whole lines, so that any file size is processed in constant
/// memory. Each block carries the line number of its first line.
public struct JSONLBlocks {
    public struct Block: Sendable {
        public let bytes: [UInt8]
        /// (line number, byte range) of every non-blank line in `bytes`.
        public let lines: [(line: Int, range: Range<Int>)]
    }

    let handle: FileHandle
    let blockSize: Int
    var carry: [UInt8] = []
    var nextLine = 1
    var finished = false
    /// Bytes read so far (for progress).
    public private(set) var bytesRead: Int = 0

    public init(handle: FileHandle, blockSize: Int = 4 << 20) {
        self.handle = handle; self.blockSize = blockSize
    }

    /// The next block, or nil at the end of the file.
    public mutating func next() throws -> Block? {
        while !finished {
            let chunk = try handle.read(upToCount: blockSize) ?? Data()
            bytesRead += chunk.count
            if chunk.isEmpty { finished = true; break }
            var bytes = carry
            bytes.append(contentsOf: chunk)
            guard let lastNewline = bytes.lastIndex(of: 10) else { carry = bytes; continue }
            carry = Array(bytes[(lastNewline + 1)...])
            bytes.removeSubrange((lastNewline + 1)...)
            return split(bytes)
        }
        if !carry.isEmpty {
            let bytes = carry
            carry = []
            return split(bytes)
        }
        return nil
    }

    private mutating func split(_ bytes: [UInt8]) -> Block {
        let (lines, next) = Self.lineRanges(bytes, firstLine: nextLine)
        nextLine = next
        return Block(bytes: bytes, lines: lines)
    }

    /// The (line number, byte range) of every non-blank line of `bytes`, numbering from
    /// `firstLine`; and the number the next line would have.
    public static func lineRanges(_ bytes: [UInt8], firstLine: Int = 1) -> (lines: [(line: Int, range: Range<Int>)], next: Int) {
        var lines: [(line: Int, range: Range<Int>)] = []
        lines.reserveCapacity(bytes.count / 512 + 1)
        var line = firstLine
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            var start = 0
            while start < b.count {
                // memchr finds the end of the line; only the line's first bytes decide blankness.
                let end = memchr(base + start, 10, b.count - start).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? b.count
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
