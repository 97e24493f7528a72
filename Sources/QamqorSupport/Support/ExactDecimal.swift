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

    /// Reads a number as JSON spells it — `-12`, `0.35`, `1e5`, `2.5E-3`, `100.000000000` —
    /// exactly. Nil when it is not a JSON number, when its value has more than six fractional
    /// digits that are not zero, or when it does not fit. No input makes it loop or allocate
    /// beyond its length.
    public init?(json w: some Collection<UInt8>) {
        guard case .value(let v) = Self.reading(json: w) else { return nil }
        self = v
    }

    /// What reading a JSON number gave: the value, or why there is none.
    package enum JSONReading: Equatable {
        case value(ExactDecimal)
        /// Not a number as JSON spells it.
        case notANumber
        /// More than six fractional digits that are not zero.
        case tooPrecise
        /// Larger in magnitude than ``largest``.
        case tooLarge
    }

    /// The largest magnitude a value holds: 9 223 372 036 854.775807.
    public static let largest = ExactDecimal(units: Int64.max)
    /// The largest whole number a record's integer field may hold (9 223 372 036 854): what a
    /// decimal holds, so that every number a record gives has one bound in both readers.
    public static let largestWhole = UInt64(Int64.max / scale)

    /// Reads a number as JSON spells it, saying why when it has no exact value here.
    package static func reading(json w: some Collection<UInt8>) -> JSONReading {
        var k = w.startIndex
        var negative = false
        if k != w.endIndex, w[k] == 45 { negative = true; k = w.index(after: k) }
        var mantissa: Int128 = 0, significant = 0, fractionDigits = 0, digits = 0, wholeSignificant = 0
        var seenDot = false, tooManyDigits = false
        let limit: Int128 = 1_000_000_000_000_000_000_000_000_000_000 // 10^30: far past any amount
        while k != w.endIndex {
            let b = w[k]
            if b == 46 {
                guard !seenDot, digits > 0 else { return .notANumber }
                seenDot = true
            } else if b >= 48, b <= 57 {
                digits += 1
                if seenDot { fractionDigits += 1 }
                if mantissa != 0 || b != 48 {
                    significant += 1
                    if !seenDot { wholeSignificant += 1 }
                }
                // Past 31 significant digits the digits are still read (to tell a number from
                // text) but no longer kept.
                if significant > 31 { tooManyDigits = true } else { mantissa = mantissa * 10 + Int128(b - 48) }
            } else { break }
            k = w.index(after: k)
        }
        guard digits > 0 else { return .notANumber }
        var exponent = 0
        if k != w.endIndex, w[k] == 101 || w[k] == 69 {
            k = w.index(after: k)
            var expNegative = false
            if k != w.endIndex, w[k] == 43 || w[k] == 45 { expNegative = w[k] == 45; k = w.index(after: k) }
            var expDigits = 0
            while k != w.endIndex, w[k] >= 48, w[k] <= 57 {
                // Past 10 000 the value is zero or does not fit either way.
                if exponent < 10_000 { exponent = exponent * 10 + Int(w[k] - 48) }
                expDigits += 1
                k = w.index(after: k)
            }
            guard expDigits > 0 else { return .notANumber }
            if expNegative { exponent = -exponent }
        }
        guard k == w.endIndex else { return .notANumber }
        if mantissa == 0 && !tooManyDigits { return .value(.zero) }
        // Too many digits to keep: too large when the whole part alone (after the exponent)
        // passes 13 digits, otherwise too precise.
        if tooManyDigits { return wholeSignificant + exponent > 13 ? .tooLarge : .tooPrecise }
        // value = mantissa × 10^(exponent − fractionDigits); units = value × 10^6.
        let shift = exponent - fractionDigits + Self.fractionDigits
        if shift >= 0 {
            var v = mantissa
            for _ in 0..<shift {
                v *= 10
                guard v <= limit else { return .tooLarge }
            }
            guard v <= Int128(Int64.max) else { return .tooLarge }
            return .value(ExactDecimal(units: Int64(negative ? -v : v)))
        } else {
            guard -shift <= 31 else { return .tooPrecise }
            var d: Int128 = 1
            for _ in 0..<(-shift) { d *= 10 }
            guard mantissa % d == 0 else { return .tooPrecise }
            let v = mantissa / d
            guard v <= Int128(Int64.max) else { return .tooLarge }
            return .value(ExactDecimal(units: Int64(negative ? -v : v)))
        }
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
        let q = Self.divideRounded(Int128(units), Int128(step))
        // Rounding the largest values up would leave the range: those are rounded toward zero.
        let r = q * Int128(step)
        if r > Int128(Int64.max) || r < Int128(Int64.min) { return Self(units: Int64((q + (q > 0 ? -1 : 1)) * Int128(step))) }
        return Self(units: Int64(r))
    }

    /// Rounds toward negative infinity to a whole number.
    public func floored() -> Self {
        let u = Int128(units), s = Int128(Self.scale)
        let q = u >= 0 ? u / s : -((-u + s - 1) / s)
        // The one value whose floor is out of range (below Int64.min) keeps the nearest whole.
        return Self(units: Int64(q * s < Int128(Int64.min) ? (q + 1) * s : q * s))
    }

    /// Rounds toward positive infinity to a whole number (how allowances are paid: in whole
    /// tenge, rounded up).
    public func ceiled() -> Self {
        let u = Int128(units), s = Int128(Self.scale)
        let q = u >= 0 ? (u + s - 1) / s : -((-u) / s)
        // The one value whose ceiling is out of range (above Int64.max) keeps the nearest whole.
        return Self(units: Int64(q * s > Int128(Int64.max) ? (q - 1) * s : q * s))
    }

    /// True when the value has no fractional part.
    public var isWhole: Bool { units % Self.scale == 0 }

    /// The whole part, truncated toward zero.
    public var wholePart: Int64 { units / Self.scale }

    /// Shortest plain form: `3450`, `0.35`, `-12.5`.
    public var description: String {
        DecimalText.string(units: units, grouped: false)
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
