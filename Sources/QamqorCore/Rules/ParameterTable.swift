import QamqorSupport
import Yams

/// A dated parameter from `rules/parameters/*.yaml` (МРП, minimum wage, a regional subsistence
/// minimum…): values that take effect on given dates, optionally one series per key (per region),
/// with the legal source they come from.
///
/// Guarantees: ``value(on:key:)`` returns the value whose start date is the latest not after the
/// date asked, or nil when none was in force yet — or, for a parameter with `stale_after`, when
/// the latest is that many months old or older (the evaluator turns nil into a rules gap: a value
/// a policy officer must add, never a fact asked of the applicant).
public struct ParameterTable: Sendable {
    public let name: String
    public let label: Localized
    public let type: ValueType
    public let source: String
    /// The enum that keys the series (e.g. `region`), or nil for one national series.
    public let key: EnumType?
    /// A value stops standing for later dates this many months after its start (`stale_after:
    /// 12 months`; 3 for `per: quarter`, whose values are each dated on a quarter's first day);
    /// nil: a value holds until the next one.
    public private(set) var staleAfterMonths: Int?
    /// Whether a key or quarter without a value is a gap `qamqor check` reports (`required:
    /// false`: the rules read the parameter under `default(…)` and fall back when it has none, as
    /// for a poverty line published for some regions and quarters only).
    public let required: Bool
    /// The rule file and the line of the parameter's name, and of each key's series (for the
    /// coverage report).
    public let file: String
    public let location: SourceLocation?
    package let keyLocations: [SourceLocation?]
    /// One series per key case (or exactly one), each sorted by start date; `source` is the
    /// publication a value was taken from, when the file names one.
    package private(set) var series: [[Entry]]

    /// One dated value: in force from `start`, citing `source` where the rule file names one.
    public typealias Entry = (start: Day, value: Value, source: String?)
    /// For a parameter written `mean_of_months: NAME`: the monthly parameter whose quarters'
    /// means are its values (``derivingMeans(from:)``), with the line that names it.
    public private(set) var meanOfMonths: (name: String, location: SourceLocation?)?
    /// `covers: next_quarter`: a quarter's value decides the quarter it is dated in from the
    /// quarter before (a poverty line a region published for a quarter), so it stands for the
    /// income quarter before its own when coverage is counted.
    public private(set) var coversNextQuarter = false

    /// The value in force on `day` for key case `key` (ignored when the parameter is not keyed).
    public func value(on day: Day, key: Int? = nil) -> Value? {
        // Read in place: neither the series nor the entry is copied (this runs for every
        // parameter a decision reads).
        guard let (k, i) = position(on: day, key: key) else { return nil }
        return series[k][i].value
    }

    /// The entry in force on `day` (see ``value(on:key:)``), with its start and source.
    public func entry(on day: Day, key: Int? = nil) -> Entry? {
        position(on: day, key: key).map { series[$0.series][$0.index] }
    }

    /// Where the entry in force on `day` is: its series and its index there.
    private func position(on day: Day, key: Int?) -> (series: Int, index: Int)? {
        let k: Int
        if self.key == nil { k = 0 } else {
            guard let key, key >= 0 else { return nil }
            k = key
        }
        guard k < series.count else { return nil }
        var lo = 0, hi = series[k].count
        while lo < hi {
            let mid = (lo + hi) / 2
            if series[k][mid].start <= day { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        if let stale = staleAfterMonths, series[k][lo - 1].start.months(until: day) >= stale { return nil }
        return (k, lo - 1)
    }

    /// The same series read with a value standing for `months` months from its start only: a
    /// use such as `regional_subsistence_minimum(region, day, 1)` asks for the figure of that
    /// day's month, not an earlier one carried forward.
    package func within(months: Int) -> ParameterTable {
        var copy = self
        copy.staleAfterMonths = months
        return copy
    }

    /// The values of a `mean_of_months` parameter made from `monthly`: for each key and quarter
    /// where each of the quarter's three months has its own figure (dated in that month), a value
    /// dated on the quarter's first day — their mean, exact to the tiyn's ten-thousandth
    /// (6 decimal places) — naming the three figures it was made from.
    package func derivingMeans(from monthly: ParameterTable) -> ParameterTable {
        var copy = self
        copy.series = monthly.series.map { s in
            var byMonth: [Int: (start: Day, value: Value)] = [:]
            for e in s { byMonth[e.start.year * 12 + e.start.month - 1] = (e.start, e.value) }
            let quarters = Set(byMonth.keys.map { $0 - ($0 % 12) % 3 }).sorted()
            return quarters.compactMap { first -> (start: Day, value: Value, source: String?)? in
                guard let a = byMonth[first], let b = byMonth[first + 1], let c = byMonth[first + 2],
                      case .decimal(let x) = a.value, case .decimal(let y) = b.value, case .decimal(let z) = c.value,
                      let sum = try? x.adding(y).adding(z), let mean = try? sum.divided(by: ExactDecimal(units: 3 * ExactDecimal.scale)) else { return nil }
                return (a.start.quarterStart, .decimal(mean), "the mean of the \(monthly.name) figures dated \(a.start), \(b.start) and \(c.start)")
            }
        }
        return copy
    }

    /// For each key case (or the one series), its index when it has no value on any date, else nil.
    package var unvaluedKeys: [Int?] {
        series.enumerated().map { i, s in s.isEmpty ? i : nil }
    }

    /// All dated values, for listing: (key case or nil, start, value, source).
    public var entries: [(key: String?, start: Day, value: Value, source: String?)] {
        series.enumerated().flatMap { i, s in s.map { (key?.cases[i], $0.start, $0.value, $0.source) } }
    }

    /// The line of key case `key`'s values in the file (the parameter's own line when it has none).
    public func location(ofKey key: Int) -> SourceLocation? {
        key < keyLocations.count ? keyLocations[key] ?? location : location
    }

    package static let allowedTypes: [String: ValueType] = ["money": .money, "decimal": .decimal, "integer": .integer, "boolean": .boolean]

    /// Reads one parameters file.
    package static func load(_ document: YAMLDocument, schema: Schema) -> ([ParameterTable], DiagnosticList) {
        var r = NodeReader(source: document.source)
        guard let root = document.root, let top = r.mapping(root, Place.parametersFile) else { return ([], r.diagnostics) }
        r.checkKeys(top, allowed: ["parameters"], in: Place.parametersFile)
        var out: [ParameterTable] = []
        for p in r.mapping(r.require(top, "parameters", in: Place.parametersFile, at: root), Place.key("parameters")) ?? [] {
            let what = Place.named(.parameter, p.key)
            guard let spec = r.mapping(p.value, what) else { continue }
            r.checkKeys(spec, allowed: ["label", "type", "by", "source", "stale_after", "per", "required", "values", "mean_of_months", "covers"], in: what)
            let label = r.localized(r.require(spec, "label", in: what, at: p.keyNode), Place.key("label", of: what)) ?? Localized(uniform: p.key)
            let source = r.scalar(r.require(spec, "source", in: what, at: p.keyNode), Place.key("source", of: what)) ?? ""
            var type = ValueType.money
            if let t = spec.first(where: { $0.key == "type" })?.value, let ts = r.scalar(t, Place.key("type")) {
                if let v = allowedTypes[ts] { type = v } else {
                    let list = allowedTypes.keys.sorted().joined(separator: ", ")
                    r.error(.unknownType, Localized("parameters.parameter-type-must-one", ["list": list]), at: t)
                }
            }
            var key: EnumType?
            if let b = spec.first(where: { $0.key == "by" })?.value, let bs = r.scalar(b, Place.key("by")) {
                key = schema.enums[bs]
                if key == nil {
                    r.error(.unknownType, Localized("parameters.must-name-enum-schema", ["bs": bs]), at: b,
                            help: Suggestion.didYouMean(bs, among: schema.enums.keys))
                }
            }
            var stale: Int?
            if let n = spec.first(where: { $0.key == "stale_after" })?.value, let text = r.scalar(n, Place.key("stale_after")) {
                let parts = text.split(separator: " ")
                if parts.count == 2, let months = Int(parts[0]), months > 0, months <= 1200, parts[1] == "months" || parts[1] == "month" {
                    stale = months
                } else {
                    r.error(.badLiteral, Localized("parameters.months", ["text": text]), at: n)
                }
            }
            // `per: quarter`: each value is a quarter's (dated on its first day) and stands for that
            // quarter only — as `stale_after: 3 months`, with a date that cannot be mistaken.
            var perQuarter = false
            if let n = spec.first(where: { $0.key == "per" })?.value, let text = r.scalar(n, Place.key("per")) {
                if text == "quarter" {
                    perQuarter = true
                    if stale != nil {
                        r.error(.badLiteral, Localized("parameters.per-quarter-already-makes"), at: n)
                    }
                    stale = 3
                } else {
                    r.error(.badLiteral, Localized("parameters.per-can-only-quarter", ["text": text]), at: n)
                }
            }
            var required = true
            if let n = spec.first(where: { $0.key == "required" })?.value, let text = r.scalar(n, Place.key("required")) {
                switch text {
                case "true": required = true
                case "false": required = false
                default: r.error(.badLiteral, Localized("parameters.required-true-or-false", ["text": text]), at: n)
                }
            }
            // `mean_of_months: NAME`: no values of its own; each quarter's value is the mean of
            // NAME's three monthly figures, made once every parameter is read.
            if let m = spec.first(where: { $0.key == "mean_of_months" }) {
                guard let monthly = r.scalar(m.value, Place.key("mean_of_months", of: what)) else { continue }
                if !perQuarter || spec.contains(where: { $0.key == "values" }) {
                    r.error(.badLiteral, Localized("parameters.monthly"), at: m.keyNode)
                }
                var t = ParameterTable(name: p.key, label: label, type: type, source: source, key: key, staleAfterMonths: stale,
                                       required: required, file: document.source.path, location: p.keyNode.location,
                                       keyLocations: key.map { Array(repeating: nil, count: $0.cases.count) } ?? [], series: Array(repeating: [], count: key?.cases.count ?? 1))
                t.meanOfMonths = (monthly, m.value.location)
                out.append(t)
                continue
            }
            var coversNext = false
            if let n = spec.first(where: { $0.key == "covers" })?.value, let text = r.scalar(n, Place.key("covers")) {
                if text == "next_quarter" && perQuarter { coversNext = true } else {
                    r.error(.badLiteral, Localized("parameters.covers-can-only-next"), at: n)
                }
            }
            guard let valuesNode = r.require(spec, "values", in: what, at: p.keyNode) else { continue }
            func readSeries(_ node: Node, _ context: Localized) -> [(start: Day, value: Value, source: String?)] {
                var s: [(start: Day, value: Value, source: String?)] = []
                for e in r.mapping(node, context) ?? [] {
                    guard let day = Day(iso: e.key) else {
                        r.error(.badLiteral, Localized("parameters.not-date-yyyy-mm", ["key": e.key, "what": context]), at: e.keyNode); continue
                    }
                    if perQuarter && day != day.quarterStart {
                        let q = day.quarterStart.description
                        r.error(.badLiteral, Localized("parameters.quarter-value-per-quarter", ["q": q, "key": e.key]), at: e.keyNode); continue
                    }
                    // A value alone, or `{value: …, source: …}` naming the publication it comes from.
                    let aValue = Localized("parameters.a-value-of", ["what": what])
                    var valueNode: Node? = e.value
                    var valueSource: String?
                    if case .mapping = e.value {
                        guard let m = r.mapping(e.value, aValue) else { continue }
                        r.checkKeys(m, allowed: ["value", "source"], in: aValue)
                        valueNode = r.require(m, "value", in: aValue, at: e.keyNode)
                        valueSource = m.first(where: { $0.key == "source" }).flatMap { r.scalar($0.value, Place.key("source")) }
                    }
                    guard let text = r.scalar(valueNode, aValue) else { continue }
                    let v: Value?
                    switch type {
                    case .integer: v = Int64(text).map { .int($0) }
                    case .boolean: v = text == "true" ? .bool(true) : text == "false" ? .bool(false) : nil
                    default: v = ExactDecimal(parsing: text).map { .decimal($0) }
                    }
                    guard let v else {
                        r.error(.badLiteral, Localized("parameters.not-value", ["text": text, "what": type.said]), at: valueNode); continue
                    }
                    s.append((day, v, valueSource))
                }
                return s.sorted { $0.start < $1.start }
            }
            var series: [[(start: Day, value: Value, source: String?)]]
            var keyLocations: [SourceLocation?] = []
            if let key {
                series = Array(repeating: [], count: key.cases.count)
                keyLocations = Array(repeating: nil, count: key.cases.count)
                for e in r.mapping(valuesNode, Place.key("values", of: what)) ?? [] {
                    guard let i = key.index(of: e.key) else {
                        r.error(.unknownName, Localized("parameters.not", ["key": e.key, "name": key.name]), at: e.keyNode,
                                help: Suggestion.didYouMean(e.key, among: key.cases))
                        continue
                    }
                    series[i] = readSeries(e.value, Place.key("values.\(e.key)", of: what))
                    keyLocations[i] = e.keyNode.location
                }
            } else {
                series = [readSeries(valuesNode, Place.key("values", of: what))]
            }
            var table = ParameterTable(name: p.key, label: label, type: type, source: source, key: key, staleAfterMonths: stale,
                                       required: required, file: document.source.path, location: p.keyNode.location, keyLocations: keyLocations, series: series)
            table.coversNextQuarter = coversNext
            out.append(table)
        }
        return (out, r.diagnostics)
    }
}
