/// Somewhere UTF-8 bytes are written one after another: a byte array, or a ``LineBytes`` that
/// assembles one output line in memory of its own.
@usableFromInline package protocol ByteSink {
    mutating func write(_ byte: UInt8)
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension ByteSink {
    /// The bytes of a literal.
    @inlinable @inline(__always) package mutating func write(_ text: StaticString) {
        text.withUTF8Buffer { write($0) }
    }

    /// The decimal digits of `n` (with a minus sign when negative), without making a String.
    @inlinable package mutating func writeDigits(_ n: Int) {
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
    @inlinable @inline(__always) package mutating func write(_ byte: UInt8) { append(byte) }
    @inlinable @inline(__always) package mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

/// One line of output assembled in memory of its own, kept by a worker from line to line and
/// added to a slice's bytes in one piece: writing a byte is a store, not a call through the
/// array's uniqueness and capacity checks.
///
/// Guarantees: grows as needed (a line can be any length); `free()` must be called once when
/// the owner is done with it.
@usableFromInline package struct LineBytes: ByteSink {
    @usableFromInline package private(set) var base: UnsafeMutablePointer<UInt8>
    @usableFromInline package private(set) var count = 0
    @usableFromInline var capacity: Int

    @usableFromInline package init(capacity: Int = 4096) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    /// The bytes written since the last `removeAll`.
    @usableFromInline package var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @usableFromInline package mutating func removeAll() { count = 0 }

    @inlinable @inline(__always) package mutating func write(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inlinable @inline(__always) package mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress else { return }
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        Self.copy(base + count, from, bytes.count)
        count += bytes.count
    }

    /// Makes room for `n` more bytes, to be written with `put`.
    @inlinable @inline(__always) package mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    /// A byte in room made by `reserve` (no capacity check).
    @inlinable @inline(__always) package mutating func put(_ byte: UInt8) {
        assert(count < capacity, "put without room reserved")
        base[count] = byte
        count += 1
    }

    /// `n` bytes at `from` in room made by `reserve` (no capacity check).
    @inlinable @inline(__always) package mutating func put(_ from: UnsafePointer<UInt8>, count n: Int) {
        assert(count + n <= capacity, "put without room reserved")
        Self.copy(base + count, from, n)
        count += n
    }

    /// Copies `n` bytes (the regions do not overlap). Most runs written are short (a key, a
    /// label): up to 16 bytes are copied as two overlapping words (of 8 or 4 bytes), without a call to `memcpy`.
    @inlinable @inline(__always) package static func copy(_ to: UnsafeMutablePointer<UInt8>, _ from: UnsafePointer<UInt8>, _ n: Int) {
        if n > 16 { to.update(from: from, count: n); return }
        if n >= 8 {
            let first = UnsafeRawPointer(from).loadUnaligned(as: UInt64.self)
            let last = UnsafeRawPointer(from + (n - 8)).loadUnaligned(as: UInt64.self)
            UnsafeMutableRawPointer(to).storeBytes(of: first, as: UInt64.self)
            UnsafeMutableRawPointer(to + (n - 8)).storeBytes(of: last, as: UInt64.self)
            return
        }
        if n >= 4 {
            let first = UnsafeRawPointer(from).loadUnaligned(as: UInt32.self)
            let last = UnsafeRawPointer(from + (n - 4)).loadUnaligned(as: UInt32.self)
            UnsafeMutableRawPointer(to).storeBytes(of: first, as: UInt32.self)
            UnsafeMutableRawPointer(to + (n - 4)).storeBytes(of: last, as: UInt32.self)
            return
        }
        var i = 0
        while i < n { to[i] = from[i]; i += 1 }
    }

    @usableFromInline mutating func grow(to needed: Int) {
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(needed, capacity * 2))
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = max(needed, capacity * 2)
    }

    @usableFromInline package func free() { base.deallocate() }
}
