/// Formats values for people, per language: money as `45 210 ₸` (decimal comma in kk and ru),
/// dates as `01.06.2025` (kk, ru) or `2025-06-01` (en); values of the rules (enum values by their
/// label, records, lists) in `ValueFormatter+Values.swift` of the core.
package struct ValueFormatter: Sendable {
    package let language: Language

    package init(language: Language) { self.language = language }

    /// Groups of three digits separated by a space; the fraction kept only when it is not zero.
    package func number(_ d: ExactDecimal, fractionDigits: Int? = nil) -> String {
        let rounded = fractionDigits.map { d.rounded(places: $0) } ?? d
        // `−1 234 567,5`, written straight from the units.
        let mark: UInt8 = language == .en || (language.slot > 2 && language.decimalMark == ".") ? 46 : 44
        return DecimalText.string(units: rounded.units, grouped: true, mark: mark, padFraction: fractionDigits ?? 0)
    }

    /// `45 210 ₸`, or `122,50 ₸` when there are tiyn.
    package func money(_ d: ExactDecimal) -> String {
        let r = d.rounded(places: 2)
        return (r.isWhole ? number(r) : number(r, fractionDigits: 2)) + " ₸"
    }

    package func date(_ d: Day) -> String {
        if language == .en { return d.description }
        let p = d.parts
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        if language.slot < 2 { return "\(two(p.day)).\(two(p.month)).\(p.year)" }
        let year = p.year < 1000 ? String(repeating: "0", count: 4 - String(p.year).count) + String(p.year) : String(p.year)
        switch language.dateFormat {
        case "yyyy-mm-dd": return d.description
        case "dd/mm/yyyy": return "\(two(p.day))/\(two(p.month))/\(year)"
        case "dd-mm-yyyy": return "\(two(p.day))-\(two(p.month))-\(year)"
        case "mm/dd/yyyy": return "\(two(p.month))/\(two(p.day))/\(year)"
        case "yyyy.mm.dd": return "\(year).\(two(p.month)).\(two(p.day))"
        default: return "\(two(p.day)).\(two(p.month)).\(year)"
        }
    }

    package func yesNo(_ b: Bool) -> String {
        let books = MessageCatalogue.current.books
        let book = language.slot < books.count ? books[language.slot] : books[Language.en.slot]
        return b ? book.yes : book.no
    }
}
