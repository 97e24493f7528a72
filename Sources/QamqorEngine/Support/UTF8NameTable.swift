/// A fixed set of names looked up by their UTF-8 bytes without making a `String`: an open-address
/// hash table over one flat byte buffer. Used by the JSON reader for field names and enum values.
///
/// Guarantees: `index(of:)` returns the position of the name spelt exactly by the bytes, or nil.
struct UTF8NameTable: Sendable {
    private let bytes: [UInt8]
    private let starts: [Int]
    /// Slot → name index + 1 (0 = empty); the size is a power of two at least twice the count.
    private let table: [Int32]
    private let mask: Int

    init(_ names: [String]) {
        var bytes: [UInt8] = [], starts: [Int] = [0]
        for n in names { bytes += Array(n.utf8); starts.append(bytes.count) }
        var size = 4
        while size < names.count * 2 { size *= 2 }
        var table = [Int32](repeating: 0, count: size)
        for (i, n) in names.enumerated() {
            var h = Self.hash(Array(n.utf8)) & (size - 1)
            while table[h] != 0 { h = (h + 1) & (size - 1) }
            table[h] = Int32(i + 1)
        }
        self.bytes = bytes; self.starts = starts; self.table = table; mask = size - 1
    }

    @inline(__always) static func hash<C: Collection<UInt8>>(_ key: C) -> Int {
        var h: UInt64 = 0xcbf29ce484222325
        for b in key { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The index of the name spelt by `key`, or nil.
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        var h = Self.hash(key) & mask
        return table.withUnsafeBufferPointer { t in
            bytes.withUnsafeBufferPointer { b in
                while true {
                    let e = Int(t[h])
                    if e == 0 { return nil }
                    let s = starts[e - 1], n = starts[e] - s
                    if n == key.count {
                        var same = true
                        for j in 0..<n where b[s + j] != key[j] { same = false; break }
                        if same { return e - 1 }
                    }
                    h = (h + 1) & mask
                }
            }
        }
    }
}
