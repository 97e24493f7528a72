/// Bytes as lowercase hexadecimal text (a digest, a token's hash), two digits a byte.
///
/// Guarantees: the same text as `String(format: "%02x")` byte by byte, without Foundation's
/// formatter (which costs a microsecond a byte: the audit chain hashes every decision).
package enum Hex {
    package static func lowercase<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

}
