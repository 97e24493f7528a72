/// A ZIP archive (PKWARE APPNOTE 6.3) whose entries are stored, not compressed: what an Office
/// Open XML file (`.xlsx`) is made of. Names are UTF-8 (general-purpose flag bit 11); each entry
/// carries its CRC-32. The archive is refused (nil) past the classic format's 4 GiB and 65 535
/// entries rather than written wrong.
public struct StoredZip: Sendable {
    private var entries: [(name: [UInt8], data: [UInt8])] = []

    public init() {}

    /// Adds a file; `name` uses `/` between folders.
    public mutating func add(_ name: String, _ data: [UInt8]) { entries.append((Array(name.utf8), data)) }

    /// The archive's bytes, or nil when it would not fit the classic (non-ZIP64) format.
    public func bytes() -> [UInt8]? {
        guard entries.count < 0xFFFF else { return nil }
        var out: [UInt8] = [], central: [UInt8] = []
        // 1 January 2026, 00:00 in MS-DOS form: the entries' time is fixed, so the same ranking
        // gives the same bytes.
        let time: UInt16 = 0, date: UInt16 = UInt16((2026 - 1980) << 9 | 1 << 5 | 1)
        for e in entries {
            guard e.data.count < Int(UInt32.max), out.count < Int(UInt32.max) - e.data.count - 64 - e.name.count else { return nil }
            let crc = CRC32.of(e.data), offset = UInt32(out.count)
            func header(_ signature: UInt32, central isCentral: Bool, into b: inout [UInt8]) {
                b.le32(signature)
                if isCentral { b.le16(20) }          // made by: 2.0
                b.le16(20)                           // version needed: 2.0
                b.le16(0x0800)                       // UTF-8 names
                b.le16(0)                            // stored
                b.le16(time); b.le16(date)
                b.le32(crc); b.le32(UInt32(e.data.count)); b.le32(UInt32(e.data.count))
                b.le16(UInt16(e.name.count)); b.le16(0)   // name, no extra field
                if isCentral {
                    b.le16(0); b.le16(0); b.le16(0)  // comment, disk, internal attributes
                    b.le32(0)                        // external attributes
                    b.le32(offset)
                }
                b += e.name
            }
            header(0x0403_4B50, central: false, into: &out)
            out += e.data
            header(0x0201_4B50, central: true, into: &central)
        }
        guard out.count + central.count < Int(UInt32.max) else { return nil }
        let start = UInt32(out.count)
        out += central
        out.le32(0x0605_4B50); out.le16(0); out.le16(0)
        out.le16(UInt16(entries.count)); out.le16(UInt16(entries.count))
        out.le32(UInt32(central.count)); out.le32(start); out.le16(0)
        return out
    }
}

/// CRC-32 (ISO 3309, the polynomial ZIP and PNG use), table-driven.
package enum CRC32 {
    package static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    package static func of(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

private extension Array where Element == UInt8 {
    mutating func le16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    mutating func le32(_ v: UInt32) { for k in 0..<4 { append(UInt8((v >> (8 * UInt32(k))) & 0xFF)) } }
}
