import QamqorSupport
import Yams

/// The schema file read: `rules/schema.yaml` into a ``Schema``. Here, above the rule model,
/// because a field's `default:` is a literal of the field's type, read by the record reader
/// like any value of a household file.
extension Schema {
    /// Reads `schema.yaml`. Field types name `boolean`, `integer`, `decimal`, `money`, `text`,
    /// `date`, `month`, an enum, a record, or `list of T`.
    package static func load(_ document: YAMLDocument) -> (Schema?, DiagnosticList) {
        var r = NodeReader(source: document.source)
        guard let root = document.root, let top = r.mapping(root, Place.schemaFile) else {
            r.error(.missingKey, Localized("schema.schema-file-empty"), at: nil as Node?)
            return (nil, r.diagnostics)
        }
        r.checkKeys(top, allowed: ["enums", "records", "root", "dates"], in: Place.schemaFile)
        var dates = DayRange.any
        if let dateNode = top.first(where: { $0.key == "dates" })?.value, let ds = r.mapping(dateNode, Place.key("dates")) {
            r.checkKeys(ds, allowed: ["earliest", "latest"], in: Place.key("dates"))
            for (key, keyPath) in [("earliest", \DayRange.first), ("latest", \DayRange.last)] {
                guard let n = r.require(ds, key, in: Place.key("dates"), at: dateNode) else { continue }
                if let t = r.scalar(n, Place.key("dates.\(key)")), let d = Day(iso: t) { dates[keyPath: keyPath] = d }
                else { r.error(.badLiteral, Localized("schema.dates-must-date-yyyy", ["key": key]), at: n) }
            }
            if dates.last < dates.first { r.error(.badLiteral, Localized("schema.dates-latest-before-dates"), at: dateNode) }
        }
        var enums: [String: EnumType] = [:]
        if let enumNode = top.first(where: { $0.key == "enums" })?.value, let es = r.mapping(enumNode, Place.key("enums")) {
            for e in es {
                guard let spec = r.mapping(e.value, Place.named(.enumeration, e.key)) else { continue }
                r.checkKeys(spec, allowed: ["label", "values"], in: Place.named(.enumeration, e.key))
                let label = r.localized(r.require(spec, "label", in: Place.named(.enumeration, e.key), at: e.keyNode), Place.key("label", of: Place.named(.enumeration, e.key)))
                var cases: [String] = [], labels: [Localized] = []
                if let vs = r.mapping(r.require(spec, "values", in: Place.named(.enumeration, e.key), at: e.keyNode), Place.key("values", of: Place.named(.enumeration, e.key))) {
                    for v in vs {
                        cases.append(v.key)
                        labels.append(r.localized(v.value, Place.key("label", of: Place.key("\(e.key).\(v.key)"))) ?? Localized(uniform: v.key))
                    }
                }
                enums[e.key] = EnumType(name: e.key, label: label ?? Localized(uniform: e.key), cases: cases, labels: labels)
            }
        }
        var records: [String: RecordType] = [:]
        let recordEntries = r.mapping(top.first(where: { $0.key == "records" })?.value, Place.key("records")) ?? []
        for e in recordEntries where enums[e.key] != nil || Self.builtinTypes[e.key] != nil {
            r.error(.duplicateName, Localized("schema.record-entries", ["key": e.key]), at: e.keyNode)
        }
        // A record type is made with its fields, after the record types they name: the entries in
        // that order, and a field that would make a type contain itself refused (and left out).
        let (order, cut) = Self.recordOrder(recordEntries.map { ($0.key, $0.value) }, reader: &r)
        var number: [String: Int] = [:]
        for (n, e) in recordEntries.enumerated() where number[e.key] == nil { number[e.key] = n }
        for e in order.compactMap({ name in recordEntries.first(where: { $0.key == name }) }) {
            guard let spec = r.mapping(e.value, Place.named(.record, e.key)) else {
                records[e.key] = RecordType(name: e.key, label: Localized(uniform: e.key), number: number[e.key] ?? -1)
                continue
            }
            r.checkKeys(spec, allowed: ["label", "fields"], in: Place.named(.record, e.key))
            let label = r.localized(r.require(spec, "label", in: Place.named(.record, e.key), at: e.keyNode), Place.key("label", of: Place.named(.record, e.key)))
            var fields: [FieldSpec] = []
            for f in r.mapping(r.require(spec, "fields", in: Place.named(.record, e.key), at: e.keyNode), Place.key("fields", of: Place.key("\(e.key)"))) ?? [] {
                let what = Place.named(.field, "\(e.key).\(f.key)")
                guard !cut.contains("\(e.key).\(f.key)"), let fs = r.mapping(f.value, what) else { continue }
                r.checkKeys(fs, allowed: ["type", "label", "default", "min", "max", "max_items", "format", "asked_from_age"], in: what)
                guard let typeNode = r.require(fs, "type", in: what, at: f.keyNode), let typeText = r.scalar(typeNode, Place.key("type", of: what)) else { continue }
                guard let type = Self.resolveType(typeText, enums: enums, records: records) else {
                    let known = Array(Self.builtinTypes.keys) + Array(enums.keys) + Array(records.keys)
                    let last = typeText.split(separator: " ").last.map(String.init) ?? typeText
                    r.error(.unknownType, Localized("schema.unknown-type", ["typeText": typeText, "what": what]),
                            at: typeNode, help: Suggestion.didYouMean(last, among: known))
                    continue
                }
                let label = r.localized(r.require(fs, "label", in: what, at: f.keyNode), Place.key("label", of: what)) ?? Localized(uniform: f.key)
                var spec = FieldSpec(name: f.key, type: type, label: label, defaultValue: nil, minimum: nil, maximum: nil,
                                     isMonth: typeText.hasSuffix("month"), dates: dates)
                if let n = fs.first(where: { $0.key == "max_items" })?.value {
                    if case .list = type, let t = r.scalar(n, Place.key("max_items")), let v = Int(t), v >= 0 { spec.maxItems = v }
                    else { r.error(.badLiteral, Localized("schema.max-items-must-whole", ["what": what]), at: n) }
                }
                // A list without `max_items` holds at most the default: every reader refuses a
                // longer one, so what the checker estimates a rule to cost is what it can cost.
                if case .list = type, spec.maxItems == nil { spec.maxItems = FieldSpec.defaultMaxItems }
                if let n = fs.first(where: { $0.key == "asked_from_age" })?.value {
                    if let t = r.scalar(n, Place.key("asked_from_age")), let v = Int(t), (0...150).contains(v) { spec.askedFromAge = v }
                    else { r.error(.badLiteral, Localized("schema.asked-from-age", ["what": what]), at: n) }
                }
                if let n = fs.first(where: { $0.key == "format" })?.value {
                    if type == .string, let t = r.scalar(n, Place.key("format")), let f = TextFormat(rawValue: t) { spec.format = f }
                    else { r.error(.badLiteral, Localized("schema.format-must-iin-text", ["what": what]), at: n) }
                }
                if let d = fs.first(where: { $0.key == "default" })?.value {
                    switch RecordReader.literalValue(d, field: FieldSpec(name: f.key, type: type, label: label, isMonth: typeText.hasSuffix("month"), dates: dates)) {
                    case .success(let v): spec.defaultValue = v
                    case .failure(let e): r.error(.badDefault, Localized("schema.e.failure", ["what": what, "message": e.message]), at: d)
                    }
                }
                for (key, keyPath) in [("min", \FieldSpec.minimum), ("max", \FieldSpec.maximum)] {
                    if let n = fs.first(where: { $0.key == key })?.value {
                        if let t = r.scalar(n, Place.key("\(key)")), let v = ExactDecimal(parsing: t) { spec[keyPath: keyPath] = v }
                        else { r.error(.badLiteral, Localized("schema.must-number", ["key": key, "what": what]), at: n) }
                    }
                }
                fields.append(spec)
            }
            records[e.key] = RecordType(name: e.key, label: label ?? Localized(uniform: e.key), fields: fields, number: number[e.key] ?? -1)
        }
        let rootName = r.scalar(top.first(where: { $0.key == "root" })?.value, Place.key("root")) ?? "household"
        guard let rootType = records[rootName] else {
            r.error(.missingKey, Localized("schema.root-type", ["rootName": rootName]), at: root)
            return (nil, r.diagnostics)
        }
        return (Schema(enums: enums, records: records, root: rootType, dates: dates), r.diagnostics)
    }

    /// The record entries in the order to make them: each after the record types its fields
    /// name. A field naming a record type that contains (directly or through others) the record
    /// being made is an error at the field's type, and is returned in `cut` (`record.field`) to
    /// be left out.
    private static func recordOrder(_ entries: [(name: String, node: Node)], reader r: inout NodeReader) -> (order: [String], cut: Set<String>) {
        let known = Set(entries.map(\.name))
        // The record types each entry's fields name, read quietly (the reading proper reports
        // what is wrong with the entries).
        var uses: [String: [(field: String, record: String, at: Node)]] = [:]
        for (name, node) in entries where uses[name] == nil {
            var list: [(String, String, Node)] = []
            if case .mapping(let spec)? = Optional(node), case .mapping(let fields)? = spec["fields"] {
                for (k, v) in fields {
                    guard let field = k.scalar?.string, case .mapping(let f) = v, let typeNode = f["type"], var t = typeNode.scalar?.string else { continue }
                    t = t.trimmingCharacters(in: .whitespaces)
                    while t.hasPrefix("list of ") { t = String(t.dropFirst(8)).trimmingCharacters(in: .whitespaces) }
                    if known.contains(t) { list.append((field, t, typeNode)) }
                }
            }
            uses[name] = list
        }
        var order: [String] = [], cut: Set<String> = [], done: Set<String> = [], stack: [String] = []
        func visit(_ name: String) {
            stack.append(name)
            for u in uses[name] ?? [] where !done.contains(u.record) {
                if let i = stack.firstIndex(of: u.record) {
                    let joined = (stack[i...] + [u.record]).joined(separator: " → ")
                    r.error(.cycle, Localized("schema.records-contain-each-other", ["joined": joined]), at: u.at,
                            help: Localized("schema.record-cannot-contain-itself"))
                    cut.insert("\(name).\(u.field)")
                } else { visit(u.record) }
            }
            stack.removeLast()
            done.insert(name)
            order.append(name)
        }
        for (name, _) in entries where !done.contains(name) { visit(name) }
        return (order, cut)
    }
}
