import QamqorSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed set of names looked up by their UTF-8 bytes without making a `String`: an open-address
/// hash table over one flat byte buffer. Used by the JSON reader for field names and enum values.
///
/// Guarantees: `index(of:)` returns the position of the name spelt exactly by the bytes, or nil.
package struct UTF8NameTable: Sendable {
    /// The names' bytes one after the other, where each starts and ends, and the hash slots
    /// (name index + 1, 0 = empty); raw memory so that a lookup touches no reference count,
    /// written while the table is made, freed with it.
    private final class Storage: Sendable {
        let view: View
        /// How many bytes the names take.
        let byteCount: Int

        init(_ names: [String]) {
            let all = names.flatMap { Array($0.utf8) }
            var size = 4
            while size < names.count * 2 { size *= 2 }
            var spans: [(start: Int32, count: Int32)] = []
            spans.reserveCapacity(names.count)
            var at: Int32 = 0
            for n in names {
                let c = Int32(n.utf8.count)
                spans.append((at, c))
                at += c
            }
            var slots = [Int32](repeating: 0, count: size)
            for (i, n) in names.enumerated() {
                var h = View.hash(Array(n.utf8)) & (size - 1)
                while slots[h] != 0 { h = (h + 1) & (size - 1) }
                slots[h] = Int32(i + 1)
            }
            byteCount = all.count
            view = View(bytes: FrozenBuffer(copying: all), spans: FrozenBuffer(copying: spans), slots: FrozenBuffer(copying: slots),
                        mask: size - 1, count: names.count)
        }

        deinit {
            view.bytes.free(count: byteCount)
            view.spans.free(count: view.count)
            view.slots.free(count: view.mask + 1)
        }
    }

    private let storage: Storage
    /// The table as plain pointers, valid while the table lives: what readers keep in hand so
    /// that a lookup copies no reference.
    package var view: View { storage.view }

    package init(_ names: [String]) { storage = Storage(names) }

    /// The number of names.
    package var count: Int { view.count }

    /// The index of the name spelt by `key`, or nil.
    package func index(of key: UnsafeBufferPointer<UInt8>) -> Int? { view.index(of: key) }

    /// The lookups of a ``UTF8NameTable`` over its memory, without the table's reference.
    package struct View: Sendable {
        package let bytes: FrozenBuffer<UInt8>
        package let spans: FrozenBuffer<(start: Int32, count: Int32)>
        package let slots: FrozenBuffer<Int32>
        /// The slot count minus one (a power of two at least twice the name count, minus one).
        package let mask: Int
        package let count: Int

        @inline(__always) package static func hash<C: Collection<UInt8>>(_ key: C) -> Int {
            var h: UInt64 = 0xcbf29ce484222325
            for b in key { h = (h ^ UInt64(b)) &* 0x100000001b3 }
            return Int(truncatingIfNeeded: h ^ (h >> 29))
        }

        /// True when name `i` is spelt exactly by `key`.
        @inline(__always) package func matches(_ i: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
            guard i >= 0, i < count else { return false }
            let s = spans[i]
            let n = key.count
            guard Int(s.count) == n else { return false }
            guard n > 0 else { return true }
            let a = UnsafeRawPointer(bytes.base + Int(s.start)), b = UnsafeRawPointer(key.baseAddress!)
            // Names of 8 to 16 bytes (most field names) as two overlapping words, without a call.
            if n >= 8, n <= 16 {
                return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
                    && a.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            }
            if n < 8 {
                for k in 0..<n where a.load(fromByteOffset: k, as: UInt8.self) != b.load(fromByteOffset: k, as: UInt8.self) { return false }
                return true
            }
            return memcmp(a, b, n) == 0
        }

        /// The index of the name spelt by `key`, or nil.
        package func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
            var h = Self.hash(key) & mask
            while true {
                let e = Int(slots[h])
                if e == 0 { return nil }
                if matches(e - 1, key) { return e - 1 }
                h = (h + 1) & mask
            }
        }

        /// The index of the name spelt by `key`, trying the `ahead` names from `near` on first (fields
        /// mostly come in schema order, some left out): comparing a length or a few bytes costs less
        /// than hashing the key.
        @inline(__always) package func index(of key: UnsafeBufferPointer<UInt8>, near: Int, ahead: Int = 6) -> Int? {
            var i = near
            while i < near + ahead, i < count {
                if matches(i, key) { return i }
                i += 1
            }
            return index(of: key)
        }
    }
}
