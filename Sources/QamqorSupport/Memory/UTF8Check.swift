/// Finds bytes that are not UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past
/// U+10FFFF), eight ASCII bytes at a time.
package enum UTF8Check {
    /// The offset of the first byte of `range` that does not start or continue a valid UTF-8
    /// sequence, or nil when the whole range is UTF-8.
    package static func firstInvalid(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard let base = bytes.baseAddress, range.upperBound <= bytes.count else { return range.isEmpty ? nil : range.lowerBound }
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            // ASCII runs (most of a household) 32, then eight bytes at a time.
            while i + 32 <= end {
                let p = UnsafeRawPointer(base + i)
                let any = p.loadUnaligned(as: UInt64.self) | p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    | p.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                guard any & 0x8080_8080_8080_8080 == 0 else { break }
                i += 32
            }
            while i + 8 <= end, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < end else { return nil }
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            // Two-byte sequences (Cyrillic and Kazakh letters) first.
            if b >= 0xC2, b <= 0xDF {
                guard i + 1 < end, bytes[i + 1] & 0xC0 == 0x80 else { return i }
                i += 2
                continue
            }
            let n: Int, lo: UInt8, hi: UInt8
            switch b {
            case 0xC2...0xDF: n = 1; lo = 0x80; hi = 0xBF
            case 0xE0: n = 2; lo = 0xA0; hi = 0xBF
            case 0xE1...0xEC, 0xEE...0xEF: n = 2; lo = 0x80; hi = 0xBF
            case 0xED: n = 2; lo = 0x80; hi = 0x9F
            case 0xF0: n = 3; lo = 0x90; hi = 0xBF
            case 0xF1...0xF3: n = 3; lo = 0x80; hi = 0xBF
            case 0xF4: n = 3; lo = 0x80; hi = 0x8F
            default: return i
            }
            // The second byte has its own range; the rest are plain continuation bytes.
            guard i + 1 < end, bytes[i + 1] >= lo, bytes[i + 1] <= hi else { return i }
            var k = 2
            while k <= n {
                guard i + k < end, bytes[i + k] & 0xC0 == 0x80 else { return i }
                k += 1
            }
            i += n + 1
        }
        return nil
    }
}
