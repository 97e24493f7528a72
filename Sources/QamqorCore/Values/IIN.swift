import QamqorSupport
/// The individual identification number (ИИН / ЖСН) every resident of Kazakhstan has: 12 digits —
/// the birth date as YYMMDD, a digit for century and sex (1–6: odd male, even female; 1–2 the
/// 1800s, 3–4 the 1900s, 5–6 the 2000s), four serial digits and a check digit.
///
/// Guarantees: ``init(_:)`` accepts exactly the numbers whose check digit is right (weights 1…11
/// mod 11; when that gives 10, weights 3…11, 1, 2; when that gives 10 again, no number is valid)
/// and whose date is a calendar date; ``masked`` never shows the birth date or the serial digits.
package struct IIN: Sendable, Hashable {
    package let digits: String
    /// The birth date the number encodes.
    package let birthDate: Day
    /// True for a man (odd century digit), false for a woman.
    package let isMale: Bool

    /// Why `text` is not a valid ИИН, in the three languages; nil when it is one.
    package static func problem(_ text: String) -> Localized? {
        switch parse(text) {
        case .success: return nil
        case .failure(let p): return p.said
        }
    }

    package init?(_ text: String) {
        guard case .success(let v) = Self.parse(text) else { return nil }
        self = v
    }

    private init(digits: String, birthDate: Day, isMale: Bool) {
        self.digits = digits; self.birthDate = birthDate; self.isMale = isMale
    }

    /// `880512••••12`-style: the first four and the last two digits, the rest hidden.
    package var masked: String { Self.mask(digits) }

    /// Any text masked as an ИИН would be (for messages about a malformed one): twelve
    /// characters show their first four and last two; any other length shows none.
    package static func mask(_ text: String) -> String {
        let c = Array(text)
        guard c.count == 12 else { return String(repeating: "•", count: min(c.count, 24)) }
        return String(c.prefix(4)) + String(repeating: "•", count: 6) + String(c.suffix(2))
    }

    package struct Problem: Error { let said: Localized }

    package static func parse(_ text: String) -> Result<IIN, Problem> {
        let bytes = Array(text.utf8)
        let length = text.count
        guard length == 12 else {
            return .failure(Problem(said: Localized("iin.length", ["length": length])))
        }
        guard bytes.count == 12, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            return .failure(Problem(said: Localized("iin.iin-has-digits-only")))
        }
        let d = bytes.map { Int($0) - 48 }
        var sum = 0
        for i in 0..<11 { sum += d[i] * (i + 1) }
        var check = sum % 11
        if check == 10 {
            let weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
            sum = 0
            for i in 0..<11 { sum += d[i] * weights[i] }
            check = sum % 11
            if check == 10 {
                return .failure(Problem(said: Localized("iin.weights")))
            }
        }
        guard check == d[11] else {
            return .failure(Problem(said: Localized("iin.check-digit-does-not")))
        }
        let century: Int
        switch d[6] {
        case 1, 2: century = 1800
        case 3, 4: century = 1900
        case 5, 6: century = 2000
        default:
            return .failure(Problem(said: Localized("iin.century")))
        }
        guard let born = Day(year: century + d[0] * 10 + d[1], month: d[2] * 10 + d[3], day: d[4] * 10 + d[5]) else {
            return .failure(Problem(said: Localized("iin.born")))
        }
        return .success(IIN(digits: text, birthDate: born, isMale: d[6] % 2 == 1))
    }
}
