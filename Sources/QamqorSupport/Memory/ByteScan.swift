#if canImport(Glibc)
import Glibc
#endif

/// Byte-level scans that look at eight bytes at a time, or call the C library, over bytes
/// borrowed for the call (never kept).
@usableFromInline package enum ByteScan {
    /// The position of the first `"`, `\\` or control character of `bytes` at or after `from`
    /// (before `end`), or `end`: most keys, enum values and names take one to four steps.
    @inlinable @inline(__always) package static func textStop(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> Int {
        assert(end <= bytes.count && from >= 0, "a scan outside its bytes")
        var j = from
        guard let base = bytes.baseAddress else { return end }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while j + 8 <= end {
            let w = UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self)
            let q = w ^ (ones &* 0x22), b = w ^ (ones &* 0x5C)
            // A zero byte of `q` or `b` is a quote or a backslash; a byte below 0x20 is a control character.
            let found = ((q &- ones) & ~q | (b &- ones) & ~b | (w &- ones &* 0x20) & ~w) & highs
            if found != 0 { return j + found.trailingZeroBitCount / 8 }
            j += 8
        }
        while j < end, bytes[j] != 34, bytes[j] != 92, bytes[j] >= 32 { j += 1 }
        return j
    }

    /// Whether any of the eight bytes of `w` is a control character, `"` or `\\` (bit tricks:
    /// a byte below 0x20, or one equal to 0x22 or 0x5C, sets its top bit in the result).
    @inlinable @inline(__always) package static func needsEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & high != 0 }
        let below32 = (w &- ones &* 0x20) & ~w & high != 0
        return below32 || hasZero(w ^ (ones &* 0x22)) || hasZero(w ^ (ones &* 0x5C))
    }

    /// Writes `u` with `"`, `\\` and control characters escaped as JSON (`\\n`, `\\u0001`),
    /// without quotes around it; the runs between escapes are copied whole.
    @inlinable package static func appendJSONEscaped<Sink: ByteSink>(_ u: UnsafeBufferPointer<UInt8>, to out: inout Sink) {
        var start = 0
        var k = 0
        guard let base = u.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        while k < u.count {
            // Eight bytes at a time where none needs escaping (most text needs none).
            if k + 8 <= u.count, !needsEscape(raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)) { k += 8; continue }
            // Fewer than eight left: the last eight bytes of the text, read once, cover them.
            if k + 8 > u.count, u.count >= 8, !needsEscape(raw.loadUnaligned(fromByteOffset: u.count - 8, as: UInt64.self)) { break }
            let b = u[k]
            k += 1
            if b >= 32 && b != 34 && b != 92 { continue }
            let at = k - 1
            out.write(UnsafeBufferPointer(rebasing: u[start..<at]))
            switch b {
            case 34: out.write(92); out.write(34)
            case 92: out.write(92); out.write(92)
            case 10: out.write(92); out.write(110)
            case 13: out.write(92); out.write(114)
            case 9: out.write(92); out.write(116)
            default:
                let hex: StaticString = "0123456789abcdef"
                out.write("\\u00")
                hex.withUTF8Buffer { h in out.write(h[Int(b >> 4)]); out.write(h[Int(b & 15)]) }
            }
            start = k
        }
        out.write(UnsafeBufferPointer(rebasing: u[start..<u.count]))
    }

    /// The position of the first newline of `bytes[from..<to]`, or `to` (the C library's
    /// vectorised `memchr`).
    @inlinable @inline(__always) package static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        assert(from >= 0 && from <= to && to <= bytes.count, "a scan outside its bytes")
        guard let base = bytes.baseAddress, from < to else { return to }
        return memchr(base + from, 10, to - from).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? to
    }

    /// Fills `buffer` with `prefix` followed by up to `count` bytes read from `fd` (fewer only
    /// at the end of the input, or when `read` fails: then `failure` says why, from `errno`) and
    /// returns how many were read. `buffer` grows if it cannot hold `prefix.count + count` bytes.
    @usableFromInline package static func fill(_ buffer: inout [UInt8], after prefix: [UInt8], from fd: Int32, upTo count: Int) -> (read: Int, failure: Int32?) {
        if buffer.count < prefix.count + count { buffer += repeatElement(0, count: prefix.count + count - buffer.count) }
        buffer.replaceSubrange(0..<prefix.count, with: prefix)
        return buffer.withUnsafeMutableBufferPointer { b -> (Int, Int32?) in
            let base = b.baseAddress! + prefix.count
            var got = 0
            while got < count {
                let n = Glibc.read(fd, base + got, count - got)
                if n < 0 {
                    if errno == EINTR { continue }
                    return (got, errno)
                }
                if n == 0 { break }
                got += n
            }
            return (got, nil)
        }
    }

    /// A string of `count` ASCII bytes that `body` writes in place (no array made first).
    @inlinable @inline(__always) package static func asciiString(count: Int, _ body: (inout ASCIIBytes) -> Void) -> String {
        String(unsafeUninitializedCapacity: count) { b in
            var bytes = ASCIIBytes(b)
            body(&bytes)
            return count
        }
    }

    /// The memory of a string being made by ``asciiString(count:_:)``: every byte must be set.
    @usableFromInline package struct ASCIIBytes: ~Copyable {
        @usableFromInline let buffer: UnsafeMutableBufferPointer<UInt8>
        @usableFromInline init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

        @inlinable @inline(__always) package subscript(i: Int) -> UInt8 {
            get { buffer[i] }
            set { assert(newValue < 128, "not ASCII"); buffer[i] = newValue }
        }
    }
}
