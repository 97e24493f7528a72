/// Formats values for people, per language: money as `45 210 ₸` (decimal comma in kk and ru),
/// dates as `01.06.2025` (kk, ru) or `2025-06-01` (en), enum values by their label.
package struct ValueFormatter: Sendable {
    package let language: Language

    package init(language: Language) { self.language = language }

    /// Groups of three digits separated by a space; the fraction kept only when it is not zero.
    package func number(_ d: ExactDecimal, fractionDigits: Int? = nil) -> String {
        let rounded = fractionDigits.map { d.rounded(places: $0) } ?? d
        // Over the ASCII bytes of the exact text (`-1234567.5`): `−1 234 567,5`.
        var text = rounded.description
        let mark: UInt8 = language == .en || (language.slot > 2 && language.decimalMark == ".") ? 46 : 44
        return text.withUTF8 { u in
            var out: [UInt8] = []
            out.reserveCapacity(u.count + u.count / 3 + 8)
            var i = 0
            if i < u.count, u[i] == 45 { out.append(0xE2); out.append(0x88); out.append(0x92); i += 1 }  // − (U+2212)
            var dot = i
            while dot < u.count, u[dot] != 46 { dot += 1 }
            for k in i..<dot {
                if k > i, (dot - k) % 3 == 0 { out.append(32) }
                out.append(u[k])
            }
            if dot + 1 < u.count {
                out.append(mark)
                for k in (dot + 1)..<u.count { out.append(u[k]) }
                if let n = fractionDigits, u.count - dot - 1 < n { out.append(contentsOf: repeatElement(48, count: n - (u.count - dot - 1))) }
            }
            return String(decoding: out, as: UTF8.self)
        }
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
        let book = Phrases(language: language).book
        return b ? book.yes : book.no
    }

    /// Any value of static type `type`.
    package func format(_ v: Value, type: ValueType) -> String {
        switch v {
        case .bool(let b): return yesNo(b)
        case .int(let i): return number(ExactDecimal(units: i &* ExactDecimal.scale))
        case .decimal(let d): return type == .money ? money(d) : number(d)
        case .text(let s): return s
        case .enumCase(let i):
            if case .enumeration(let e) = type, i < e.labels.count { return e.labels[i][language] }
            return String(i)
        case .date(let d): return date(d)
        case .period(let p): return "\(date(p.first)) – \(date(p.last))"
        case .list(let xs):
            var inner = type
            if case .list(let t) = type { inner = t }
            return xs.isEmpty ? "—" : xs.map { format($0, type: inner) }.joined(separator: ", ")
        case .record(let r): return r.path.isEmpty ? r.type.label[language] : r.path
        case .unknown(let m):
            let word = Phrases(language: language).book.unknown
            return m.facts.isEmpty ? word : "\(word) (\(m.facts.map(\.text).joined(separator: ", ")))"
        }
    }

    /// A value as JSON: numbers exact, enums by case name, dates ISO, unknown as null.
    package static func json(_ v: Value, type: ValueType) -> JSONValue {
        var tree = JSONTree()
        write(v, type: type, to: &tree)
        return tree.value
    }

    /// Writes a value as JSON: numbers as their exact text, dates as `YYYY-MM-DD`, enumeration
    /// cases by name, periods as `{from, to}`, records by their path.
    package static func write<J: JSONOutput>(_ v: Value, type: ValueType, to out: inout J) {
        switch v {
        case .bool(let b): out.bool(b)
        case .int(let i): out.number(String(i))
        case .decimal(let d): out.number(d.description)
        case .text(let s): out.string(s)
        case .enumCase(let i):
            if case .enumeration(let e) = type, i < e.cases.count { out.string(e.cases[i]) } else { out.number(String(i)) }
        case .date(let d): out.string(d.description)
        case .period(let p):
            out.object { out in
                out.key("from"); out.string(p.first.description)
                out.key("to"); out.string(p.last.description)
            }
        case .list(let xs):
            var inner = type
            if case .list(let t) = type { inner = t }
            out.array { out in for x in xs { write(x, type: inner, to: &out) } }
        case .record(let r): out.string(r.path)
        case .unknown: out.null()
        }
    }
}
