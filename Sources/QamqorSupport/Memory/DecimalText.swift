/// The text of an exact decimal (``ExactDecimal``'s units, millionths), written digit by digit
/// into a buffer on the stack and made a string once: no intermediate strings or arrays (a
/// number of up to 15 bytes is a small string, with no allocation at all). What every amount,
/// gap and value in an explanation is written with.
package enum DecimalText {
    /// `units` millionths as text. Plain (`grouped: false`): `-1234567.5` — a `-`, the whole
    /// digits, and the fraction after a `.` without trailing zeros. Grouped: `−1 234 567,5` — a
    /// `−` (U+2212), the whole digits in threes separated by a space, the fraction after `mark`;
    /// a fraction is padded with zeros to `padFraction` digits (a whole number gets none).
    package static func string(units: Int64, grouped: Bool, mark: UInt8 = 46, padFraction: Int = 0) -> String {
        // 3 (sign) + 19 digits + 6 spaces + 1 (mark) + 6 digits, and room for padding.
        var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &buffer) { raw -> String in
            let out = raw.bindMemory(to: UInt8.self)
            var n = 0
            let magnitude = units.magnitude
            let scale = UInt64(ExactDecimal.scale)
            var whole = magnitude / scale, fraction = magnitude % scale
            if units < 0 {
                if grouped { out[0] = 0xE2; out[1] = 0x88; out[2] = 0x92; n = 3 } else { out[0] = 45; n = 1 }
            }
            var count = 0, w = whole
            repeat { count += 1; w /= 10 } while w > 0
            let width = count + (grouped ? (count - 1) / 3 : 0)
            var at = n + width - 1, written = 0
            repeat {
                if grouped, written > 0, written % 3 == 0 { out[at] = 32; at -= 1 }
                out[at] = UInt8(truncatingIfNeeded: 48 + whole % 10)
                at -= 1; whole /= 10; written += 1
            } while whole > 0
            n += width
            if fraction != 0 {
                var digits = ExactDecimal.fractionDigits
                while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
                out[n] = grouped ? mark : 46
                n += 1
                for k in stride(from: digits - 1, through: 0, by: -1) {
                    out[n + k] = UInt8(truncatingIfNeeded: 48 + fraction % 10)
                    fraction /= 10
                }
                n += digits
                // Up to 20 places in the buffer (35 bytes at most before them); more after.
                while digits < min(padFraction, 20) { out[n] = 48; n += 1; digits += 1 }
                if digits < padFraction {
                    return String(decoding: UnsafeBufferPointer(rebasing: out[0..<n]), as: UTF8.self) + String(repeating: "0", count: padFraction - digits)
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: out[0..<n]), as: UTF8.self)
        }
    }
}
