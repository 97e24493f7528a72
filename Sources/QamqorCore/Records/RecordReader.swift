import QamqorSupport
import Yams

/// Reads an applicant file (YAML or JSON) into a ``RecordValue`` of the schema's root type.
///
/// Every field is checked against the schema: a wrong type (`birth_date: 5`), an unknown enum value
/// or field name (with the closest known one), a number out of bounds. Each error names the field
/// path (`members[2].birth_date`) and the file position; all errors are reported, not only the
/// first. A field that is absent takes the schema's default, or becomes a missing fact.
public struct RecordReader: Sendable {
    public let schema: Schema

    public init(schema: Schema) { self.schema = schema }

    /// Reads a whole file.
    public func read(_ source: SourceFile) -> Result<RecordValue, DiagnosticList> {
        // A JSON file is read by the JSON reader: one contract for JSON wherever it comes from.
        if source.path.hasSuffix(".json") {
            return JSONRecordReader(schema: schema).read(Array(source.text.utf8), source: source.path)
        }
        switch YAMLDocument.load(source) {
        case .failure(let d): return .failure(d)
        case .success(let doc):
            guard let root = doc.root else {
                return .failure(DiagnosticList([Diagnostic(code: .recordEmpty, translated: RecordMessage.emptyFile, file: source.path, location: nil)]))
            }
            return read(root, source: source)
        }
    }

    /// Whether a YAML file is a mapping that names at least one field (even if only as null):
    /// a file of nothing but comments or `{}` names none.
    public func namesAnyField(_ source: SourceFile) -> Bool {
        guard case .success(let doc) = YAMLDocument.load(source), case .mapping(let m)? = doc.root else { return false }
        return m.count > 0
    }

    /// Reads an already composed node (for test cases that embed a household).
    public func read(_ node: Node, source: SourceFile) -> Result<RecordValue, DiagnosticList> {
        var state = State(source: source)
        let value = state.record(node, type: schema.root, path: "")
        if state.diagnostics.hasErrors { return .failure(state.diagnostics) }
        guard case .record(let r) = value else {
            return .failure(DiagnosticList([Diagnostic(code: .recordType, translated: RecordMessage.notAMapping, file: source.path, location: node.location, sourceLine: node.location.flatMap { source.line($0.line) }.map(String.init))]))
        }
        return .success(r)
    }

    /// The value of a schema default or literal `node` for `field`, or what is wrong with it.
    package static func literalValue(_ node: Node, field: FieldSpec) -> Result<Value, LiteralError> {
        var state = State(source: SourceFile(path: "", text: ""))
        let v = state.value(node, field: field, path: field.name)
        if let d = state.diagnostics.items.first { return .failure(LiteralError(message: d.translated ?? Localized(uniform: d.message))) }
        return .success(v)
    }

    package struct LiteralError: Error { var message: Localized }

    package struct State {
        package let source: SourceFile
        package var diagnostics = DiagnosticList()
        /// The next record's ordinal in this document, by record type number.
        package var ordinals: [Int: Int] = [:]

        package mutating func fail(_ path: String, _ message: Localized, at node: Node, help: Localized? = nil, code: DiagnosticCode = .recordType) -> Value {
            diagnostics.append(Diagnostic(code: code, translated: RecordMessage.at(path, message, file: true), help: help, file: source.path,
                                          location: node.location, sourceLine: node.location.flatMap { source.line($0.line) }.map(String.init)))
            return .unknown(MissingFacts([.fact(path)]))
        }

        /// A plain scalar that YAML 1.1's resolver — the one libyaml-based and PyYAML writers
        /// follow — reads as a boolean or a number: `true`, `no`, `on`, `12`, `0x1F`, `017`,
        /// `1.5`, `.inf`. (`044013915084`, not octal, and `1e3`, without a point, stay text.)
        package static func isYAMLNonText(_ t: String) -> Bool {
            if ["true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"].contains(t) { return true }
            return (try? yaml11Number.wholeMatch(in: t)) != nil
        }

        nonisolated(unsafe) static let yaml11Number = /[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+|[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)/

        package static func isNull(_ s: Node.Scalar) -> Bool {
            s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
        }

        package mutating func record(_ node: Node, type: RecordType, path: String) -> Value {
            guard case .mapping(let m) = node else {
                return fail(path, RecordMessage.expectedRecordMapping(type.name, found: node.kindName), at: node)
            }
            var values = [Value?](repeating: nil, count: type.fields.count)
            for (k, v) in m {
                guard let key = k.scalar?.string else { _ = fail(path, RecordMessage.fieldNamesAreText, at: k); continue }
                let fieldPath = path.isEmpty ? key : "\(path).\(key)"
                if let slot = type.slot(of: key), values[slot] != nil {
                    _ = fail(fieldPath, RecordMessage.duplicateField, at: k, code: .recordDuplicateField); continue
                }
                guard let slot = type.slot(of: key) else {
                    let near = Suggestion.closest(to: key, among: type.fields.map(\.name))
                    _ = fail(fieldPath, RecordMessage.noSuchField(in: type.name), at: k, help: near.map(RecordMessage.didYouMean), code: .recordUnknownField)
                    continue
                }
                values[slot] = value(v, field: type.fields[slot], path: fieldPath)
            }
            let fields = values.enumerated().map { i, v -> Value in
                if let v { return v }
                let f = type.fields[i]
                return f.defaultValue ?? .unknown(MissingFacts([.fact(path.isEmpty ? f.name : "\(path).\(f.name)")]))
            }
            var ordinal = -1
            if type.number >= 0 { ordinal = ordinals[type.number, default: 0]; ordinals[type.number] = ordinal + 1 }
            return .record(RecordValue.make(type: type, fields: fields, path: path, ordinal: ordinal))
        }

        package mutating func value(_ node: Node, field: FieldSpec, path: String) -> Value {
            value(node, type: field.type, field: field, path: path)
        }

        package mutating func value(_ node: Node, type: ValueType, field: FieldSpec, path: String) -> Value {
            if case .scalar(let s) = node, Self.isNull(s) { return .unknown(MissingFacts([.fact(path)])) }
            switch type {
            case .list(let inner):
                guard case .sequence(let seq) = node else { return fail(path, RecordMessage.expected(RecordMessage.wanted(type, isMonth: false), found: node.kindName), at: node) }
                if let most = field.maxItems, seq.count > most { return fail(path, RecordMessage.tooManyItems(most), at: node, code: .recordTooLarge) }
                return .list(seq.enumerated().map { i, n in value(n, type: inner, field: field, path: "\(path)[\(i)]") })
            case .record(let rt):
                return record(node, type: rt, path: path)
            default:
                break
            }
            guard let s = node.scalar else { return fail(path, RecordMessage.expected(RecordMessage.wanted(type, isMonth: field.isMonth), found: node.kindName), at: node) }
            let text = s.string
            switch type {
            case .boolean:
                if text == "true" { return .bool(true) }
                if text == "false" { return .bool(false) }
                return fail(path, RecordMessage.expectedBoolean(found: text), at: node)
            case .integer:
                guard s.style == .plain || s.style == .any,
                      let v = Int64(text) ?? ExactDecimal(json: text.utf8).flatMap({ $0.isWhole ? $0.wholePart : nil }) else { return fail(path, RecordMessage.expected(RecordMessage.wanted(.integer, isMonth: false), found: RecordMessage.word(text)), at: node) }
                if let b = bounds(v: try? ExactDecimal(integer: v), field: field, path: path, node: node) { return b }
                return .int(v)
            case .decimal, .money:
                guard s.style == .plain || s.style == .any, let v = ExactDecimal(parsing: text) ?? ExactDecimal(json: text.utf8) else {
                    let said = s.style == .plain || s.style == .any ? RecordMessage.notADecimal(text, type) : RecordMessage.expected(RecordMessage.wanted(type, isMonth: false), found: RecordMessage.word(text))
                    return fail(path, said, at: node)
                }
                if let b = bounds(v: v, field: field, path: path, node: node) { return b }
                return .decimal(v)
            case .string:
                // YAML reads a plain `false`, `12` or `1.5` as a boolean or a number, not as text:
                // a text field takes it only in quotes (as JSON does), so `id: 017` loses nothing.
                if s.style == .plain, Self.isYAMLNonText(text) {
                    return fail(path, RecordMessage.expected(RecordMessage.wanted(type, isMonth: false), found: RecordMessage.word(text)), at: node,
                                help: Localized("record-reader.give-text-put-quotes", ["text": text]))
                }
                if field.format == .iin, let problem = IIN.problem(text) { return fail(path, RecordMessage.badIIN(text, problem), at: node, code: .recordIIN) }
                return .text(text)
            case .date:
                if let d = Day(iso: text) ?? (field.isMonth ? Day(isoMonth: text) : nil) {
                    guard field.dates.contains(d) else { return fail(path, RecordMessage.dateOutOfRange(d, field.dates), at: node, code: .recordDateRange) }
                    return .date(d)
                }
                return fail(path, RecordMessage.expected(RecordMessage.wanted(type, isMonth: field.isMonth), found: RecordMessage.word(text)), at: node)
            case .enumeration(let e):
                if let i = e.index(of: text) { return .enumCase(i) }
                let near = Suggestion.closest(to: text, among: e.cases)
                return fail(path, RecordMessage.notACase(text, of: e), at: node,
                            help: near.map(RecordMessage.didYouMean) ?? RecordMessage.oneOf(e.cases))
            default:
                return fail(path, RecordMessage.notInARecord, at: node)
            }
        }

        package mutating func bounds(v: ExactDecimal?, field: FieldSpec, path: String, node: Node) -> Value? {
            guard let v else { return fail(path, RecordMessage.numberTooLarge, at: node) }
            if let lo = field.minimum, v < lo { return fail(path, RecordMessage.below(v, lo), at: node) }
            if let hi = field.maximum, v > hi { return fail(path, RecordMessage.above(v, hi), at: node) }
            return nil
        }
    }
}
