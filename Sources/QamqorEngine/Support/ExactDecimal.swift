/// A signed decimal number with exactly six fractional digits, stored as an integer count of
/// millionths. Used for money (tenge), shares and every non-integer quantity in the rules.
///
/// Guarantees: addition, subtraction and multiplication of values with at most six fractional
/// digits in total are exact; division rounds half away from zero at the sixth digit; every
/// operation reports overflow or division by zero as an ``ArithmeticFault`` instead of trapping.
/// Binary floating point is never used.
public struct ExactDecimal: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Millionths: `1.5` is stored as `1_500_000`.
    public var units: Int64

    /// The number of units in one whole: 10^6.
    public static let scale: Int64 = 1_000_000
    /// The number of fractional digits kept.
    public static let fractionDigits = 6

    public static let zero = ExactDecimal(units: 0)

    /// Creates a value from its count of millionths.
    public init(units: Int64) { self.units = units }

    /// Creates a whole value; fails with ``ArithmeticFault/overflow`` past ±9.2 × 10^12.
    public init(integer: Int64) throws(ArithmeticFault) {
        let (v, o) = integer.multipliedReportingOverflow(by: Self.scale)
        if o { throw .overflow }
        units = v
    }

    /// Parses `-12`, `3450`, `0.35`, `16.03`, `1_000.5`. Returns nil for anything else, for more than
    /// six fractional digits, and for magnitudes that do not fit.
    public init?(parsing text: some StringProtocol) {
        var negative = false
        var whole: Int64 = 0
        var frac: Int64 = 0
        var fracDigits = 0
        var seenDot = false
        var digits = 0
        var first = true
        for ch in text.unicodeScalars {
            defer { first = false }
            if first && (ch == "-" || ch == "+") { negative = ch == "-"; continue }
            if ch == "_" { continue }
            if ch == "." {
                if seenDot { return nil }
                seenDot = true
                continue
            }
            guard let d = ch.properties.numericType == .decimal ? Int64(String(ch)) : nil, ch.isASCII else { return nil }
            digits += 1
            if seenDot {
                fracDigits += 1
                if fracDigits > Self.fractionDigits { return nil }
                frac = frac * 10 + d
            } else {
                let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(d)
                if o1 || o2 { return nil }
                whole = a
            }
        }
        if digits == 0 { return nil }
        while fracDigits < Self.fractionDigits { frac *= 10; fracDigits += 1 }
        let (w, o1) = whole.multipliedReportingOverflow(by: Self.scale)
        let (t, o2) = w.addingReportingOverflow(frac)
        if o1 || o2 { return nil }
        units = negative ? -t : t
    }

    public static func < (a: Self, b: Self) -> Bool { a.units < b.units }

    /// `a + b`, or ``ArithmeticFault/overflow``.
    public func adding(_ other: Self) throws(ArithmeticFault) -> Self {
        let (v, o) = units.addingReportingOverflow(other.units)
        if o { throw .overflow }
        return Self(units: v)
    }

    /// `a − b`, or ``ArithmeticFault/overflow``.
    public func subtracting(_ other: Self) throws(ArithmeticFault) -> Self {
        let (v, o) = units.subtractingReportingOverflow(other.units)
        if o { throw .overflow }
        return Self(units: v)
    }

    /// `a × b`, rounded half away from zero at the sixth fractional digit.
    public func multiplied(by other: Self) throws(ArithmeticFault) -> Self {
        let product = Int128(units) * Int128(other.units)
        return try Self.narrow(Self.divideRounded(product, Int128(Self.scale)))
    }

    /// `a ÷ b`, rounded half away from zero at the sixth fractional digit.
    public func divided(by other: Self) throws(ArithmeticFault) -> Self {
        if other.units == 0 { throw .divisionByZero }
        let numerator = Int128(units) * Int128(Self.scale)
        return try Self.narrow(Self.divideRounded(numerator, Int128(other.units)))
    }

    /// Negation, or ``ArithmeticFault/overflow`` for the one value that has none.
    public func negated() throws(ArithmeticFault) -> Self {
        if units == .min { throw .overflow }
        return Self(units: -units)
    }

    /// Rounds half away from zero to `places` fractional digits (0…6).
    public func rounded(places: Int) -> Self {
        let p = max(0, min(Self.fractionDigits, places))
        var step: Int64 = 1
        for _ in 0..<(Self.fractionDigits - p) { step *= 10 }
        if step == 1 { return self }
        let q = Int64(Self.divideRounded(Int128(units), Int128(step)))
        return Self(units: q * step)
    }

    /// Rounds toward negative infinity to a whole number.
    public func floored() -> Self {
        let q = units >= 0 ? units / Self.scale : -((-units + Self.scale - 1) / Self.scale)
        return Self(units: q * Self.scale)
    }

    /// True when the value has no fractional part.
    public var isWhole: Bool { units % Self.scale == 0 }

    /// The whole part, truncated toward zero.
    public var wholePart: Int64 { units / Self.scale }

    /// Shortest plain form: `3450`, `0.35`, `-12.5`.
    public var description: String {
        let negative = units < 0
        let magnitude = units.magnitude
        let whole = magnitude / UInt64(Self.scale)
        var frac = magnitude % UInt64(Self.scale)
        var text = negative ? "-" : ""
        text += String(whole)
        if frac != 0 {
            var digits = Self.fractionDigits
            while frac % 10 == 0 { frac /= 10; digits -= 1 }
            let f = String(frac)
            text += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return text
    }

    private static func divideRounded(_ n: Int128, _ d: Int128) -> Int128 {
        let q = n / d
        let r = n % d
        if r == 0 { return q }
        // Half away from zero: compare twice the remainder with the divisor.
        let twice = (r < 0 ? -r : r) * 2
        let dm = d < 0 ? -d : d
        if twice >= dm {
            return (n < 0) != (d < 0) ? q - 1 : q + 1
        }
        return q
    }

    private static func narrow(_ v: Int128) throws(ArithmeticFault) -> Self {
        guard v >= Int128(Int64.min), v <= Int128(Int64.max) else { throw .overflow }
        return Self(units: Int64(v))
    }
}

/// An arithmetic operation that has no exact answer in range.
public enum ArithmeticFault: Error, Sendable, Equatable {
    case overflow
    case divisionByZero
}
