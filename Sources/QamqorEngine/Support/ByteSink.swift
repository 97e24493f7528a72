/// Somewhere UTF-8 bytes are written one after another: a byte array, or a ``LineBytes`` that
/// assembles one output line in memory of its own.
protocol ByteSink {
    mutating func write(_ byte: UInt8)
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension ByteSink {
    /// The bytes of a literal.
    @inline(__always) mutating func write(_ text: StaticString) {
        text.withUTF8Buffer { write($0) }
    }

    /// The decimal digits of `n` (with a minus sign when negative), without making a String.
    mutating func writeDigits(_ n: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var v = n.magnitude, count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[23 - count] = UInt8(48 + v % 10); v /= 10; count += 1 } while v > 0
            if n < 0 { write(45) }
            write(UnsafeBufferPointer(rebasing: d.bindMemory(to: UInt8.self)[(24 - count)...]))
        }
    }
}

extension Array: ByteSink where Element == UInt8 {
    @inline(__always) mutating func write(_ byte: UInt8) { append(byte) }
    @inline(__always) mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

/// One line of output assembled in memory of its own, kept by a worker from line to line and
/// added to a slice's bytes in one piece: writing a byte is a store, not a call through the
/// array's uniqueness and capacity checks.
///
/// Guarantees: grows as needed (a line can be any length); `free()` must be called once when
/// the owner is done with it.
struct LineBytes: ByteSink {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    /// The bytes written since the last `removeAll`.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    mutating func removeAll() { count = 0 }

    @inline(__always) mutating func write(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always) mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress else { return }
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        (base + count).update(from: from, count: bytes.count)
        count += bytes.count
    }

    /// Makes room for `n` more bytes, to be written with `put`.
    @inline(__always) mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    /// A byte in room made by `reserve` (no capacity check).
    @inline(__always) mutating func put(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    /// `n` bytes at `from` in room made by `reserve` (no capacity check).
    @inline(__always) mutating func put(_ from: UnsafePointer<UInt8>, count n: Int) {
        (base + count).update(from: from, count: n)
        count += n
    }

    private mutating func grow(to needed: Int) {
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(needed, capacity * 2))
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = max(needed, capacity * 2)
    }

    func free() { base.deallocate() }
}
