#if canImport(Glibc)
import Glibc
#endif

/// Writes a large output file (a batch's decisions) past the page cache, in aligned blocks:
/// the bytes go to the disk without the kernel first finding a page for each 4 KB of them, which
/// on a virtual machine can cost more than deciding the households did.
///
/// Guarantees: the file holds exactly the bytes given, in order, once `finish()` returns; a
/// failed write is thrown with the system's reason and nothing is written after it. `init`
/// returns nil where the bytes cannot go past the page cache (not a regular file, a file system
/// without direct I/O): the caller then writes as usual; a file system that takes the flag but
/// refuses a direct write gets that write and the rest through the page cache.
package final class DirectFileWriter {
    /// Linux's `O_DIRECT`, which Swift's C import does not show (it needs `_GNU_SOURCE`).
    #if arch(x86_64)
    package static let directFlag: Int32 = 0o40000
    #else
    package static let directFlag: Int32 = 0o200000
    #endif
    /// The block size direct writes are aligned to (in memory, length and file offset).
    package static let alignment = 4096
    private let fd: Int32
    private let capacity: Int
    private let buffer: UnsafeMutableRawPointer
    private var count = 0
    private var failed = false
    private var finished = false

    /// Takes over writing to `fd` (open for writing, at offset 0, empty), or nil when direct
    /// writes are not possible there.
    package init?(fd: Int32, bufferSize: Int = 8 << 20) {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size == 0 else { return nil }
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | Self.directFlag) == 0 else { return nil }
        self.fd = fd
        capacity = max(Self.alignment, bufferSize / Self.alignment * Self.alignment)
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: Self.alignment)
    }

    deinit { buffer.deallocate() }

    /// Adds `bytes` to the file; whole blocks are written as the buffer fills.
    package func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var from = 0
            while from < raw.count {
                let n = min(capacity - count, raw.count - from)
                (buffer + count).copyMemory(from: raw.baseAddress! + from, byteCount: n)
                count += n
                from += n
                if count == capacity { try flush(blocks: capacity) }
            }
        }
    }

    /// Writes what is left (the last, partial block through the page cache) and hands the file
    /// back to ordinary writes. Calling it again does nothing.
    package func finish() throws {
        guard !failed, !finished else { return }
        finished = true
        let whole = count / Self.alignment * Self.alignment
        if whole > 0 { try flush(blocks: whole) }
        guard !direct || directOff() else { throw Self.failure("cannot finish the file") }
        try writeAll(buffer, count)
        count = 0
    }

    /// Writes the first `n` bytes of the buffer (a multiple of the block size) and keeps the rest.
    private func flush(blocks n: Int) throws {
        try writeAll(buffer, n)
        let rest = count - n
        if rest > 0 { buffer.copyMemory(from: buffer + n, byteCount: rest) }
        count = rest
    }

    private func writeAll(_ p: UnsafeMutableRawPointer, _ n: Int) throws {
        guard !failed else { throw Self.failure("an earlier write failed") }
        var done = 0
        while done < n {
            let w = Glibc.write(fd, p + done, n - done)
            if w < 0 {
                if errno == EINTR { continue }
                // A file system that took the flag but refuses direct writes: the rest goes
                // through the page cache, from where this write stopped.
                if errno == EINVAL, direct, directOff() { continue }
                failed = true
                throw Self.failure(String(cString: strerror(errno)))
            }
            done += w
        }
    }

    /// Whether writes still go past the page cache.
    private var direct = true

    /// Turns direct writes off; true when it could.
    private func directOff() -> Bool {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags & ~Self.directFlag) == 0 else { return false }
        direct = false
        return true
    }

    /// A write that failed, with the reason.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    package static func failure(_ reason: String) -> Failure { Failure(description: "cannot write (\(reason))") }
}
