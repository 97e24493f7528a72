import QamqorSupport
/// The values of the rules, formatted for people and as JSON (the numbers, money and dates
/// themselves: ``ValueFormatter`` in the catalogue).
extension ValueFormatter {
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
