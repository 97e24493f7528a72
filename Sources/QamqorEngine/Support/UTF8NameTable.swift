#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed set of names looked up by their UTF-8 bytes without making a `String`: an open-address
/// hash table over one flat byte buffer. Used by the JSON reader for field names and enum values.
///
/// Guarantees: `index(of:)` returns the position of the name spelt exactly by the bytes, or nil.
struct UTF8NameTable: @unchecked Sendable {
    /// The names' bytes one after the other, and where each starts and ends (names are short).
    private let storage: UnsafeMutablePointer<UInt8>
    private let spans: UnsafeMutablePointer<(start: Int32, count: Int32)>
    /// Slot → name index + 1 (0 = empty); the size is a power of two at least twice the count.
    private let table: UnsafeMutablePointer<Int32>
    private let mask: Int
    let count: Int

    init(_ names: [String]) {
        let all = names.flatMap { Array($0.utf8) }
        storage = .allocate(capacity: max(1, all.count))
        storage.initialize(from: all, count: all.count)
        spans = .allocate(capacity: max(1, names.count))
        var at: Int32 = 0
        for (i, n) in names.enumerated() {
            let c = Int32(n.utf8.count)
            spans[i] = (at, c)
            at += c
        }
        var size = 4
        while size < names.count * 2 { size *= 2 }
        table = .allocate(capacity: size)
        table.initialize(repeating: 0, count: size)
        mask = size - 1
        count = names.count
        for (i, n) in names.enumerated() {
            var h = Self.hash(Array(n.utf8)) & mask
            while table[h] != 0 { h = (h + 1) & mask }
            table[h] = Int32(i + 1)
        }
        // The tables live as long as the schema that owns them: the schema's types are kept for
        // the life of the rule set, and rule sets are few, so they are never freed.
    }

    @inline(__always) static func hash<C: Collection<UInt8>>(_ key: C) -> Int {
        var h: UInt64 = 0xcbf29ce484222325
        for b in key { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// True when name `i` is spelt exactly by `key`.
    @inline(__always) func matches(_ i: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard i >= 0, i < count else { return false }
        let s = spans[i]
        guard Int(s.count) == key.count else { return false }
        return key.count == 0 || memcmp(storage + Int(s.start), key.baseAddress!, key.count) == 0
    }

    /// The index of the name spelt by `key`, or nil.
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        var h = Self.hash(key) & mask
        while true {
            let e = Int(table[h])
            if e == 0 { return nil }
            if matches(e - 1, key) { return e - 1 }
            h = (h + 1) & mask
        }
    }
}
