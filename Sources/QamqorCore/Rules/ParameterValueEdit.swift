import QamqorSupport
import Yams

/// "Add a value from a date" to a parameter, written into its rule file's text the way a policy
/// officer would write it by hand: one line `2027-01-01: {value: 0.75, source: "…"}` in date
/// order among the parameter's (or the key's) values, the rest of the file — layout, comments,
/// other parameters — unchanged.
///
/// Guarantees: the value is read as the parameter's type (an amount or a number with at most 6
/// decimal places, a whole number, yes/no); a source is required (at most 500 characters, one
/// line); a date not after the series' last one changes history and is refused unless a reason is
/// given — the reason is kept in the file as a comment above the line, with the day it was made.
/// A refusal says what is wrong in every language and changes nothing.
public struct ParameterValueEdit: Sendable {
    public let parameter: String
    public let key: String?
    public let from: Day
    public let value: String
    public let source: String
    /// Why an earlier date is entered or a dated value replaced (nil: the value extends the series).
    public let correction: String?
    /// The day the edit is made (for the correction's comment).
    public let today: Day

    public init(parameter: String, key: String?, from: Day, value: String, source: String, correction: String?, today: Day) {
        self.parameter = parameter; self.key = key; self.from = from; self.value = value
        self.source = source; self.correction = correction; self.today = today
    }

    /// What is wrong with an edit, with the field of the form it concerns.
    public struct Refusal: Error, Sendable {
        public let field: String
        public let said: Localized
    }

    /// `text` (the file that defines `table`) with the value added.
    public func applied(to text: String, table: ParameterTable) -> Result<String, Refusal> {
        let source = source.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !source.isEmpty else { return .failure(Refusal(field: "source", said: Localized("parameter-edit.source-required"))) }
        guard source.unicodeScalars.count <= 500, !source.contains(where: { $0.isNewline }) else {
            return .failure(Refusal(field: "source", said: Localized("parameter-edit.source-too-long")))
        }
        let correction = correction?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if let c = correction, c.unicodeScalars.count > 500 || c.contains(where: { $0.isNewline }) {
            return .failure(Refusal(field: "reason", said: Localized("parameter-edit.reason-too-long")))
        }
        guard let written = Self.canonical(value, type: table.type) else {
            return .failure(Refusal(field: "value", said: Localized("parameter-edit.bad-value", ["value": String(value.prefix(60)), "type": table.type.said])))
        }
        if let e = table.key {
            guard let key, e.cases.contains(key) else {
                return .failure(Refusal(field: "key", said: Localized("parameter-edit.bad-key", ["key": String((key ?? "").prefix(60)), "label": e.label])))
            }
        } else if key != nil {
            return .failure(Refusal(field: "key", said: Localized("parameter-edit.no-key", ["parameter": table.label])))
        }
        let series = table.entries.filter { $0.key == key }
        let replaces = series.contains { $0.start == from }
        if let last = series.map(\.start).max(), from <= last, correction == nil {
            return .failure(Refusal(field: "from", said: Localized("parameter-edit.changes-history", ["from": FormattedDay(day: from), "last": FormattedDay(day: last)])))
        }
        guard let values = Self.valuesNode(text, parameter: parameter, key: key) else {
            return .failure(Refusal(field: "parameter", said: Localized("parameter-edit.not-in-file", ["parameter": parameter])))
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let entries: [(date: Day, line: Int)] = values.entries.compactMap { k, _ in
            guard let d = k.scalar.flatMap({ Day(iso: $0.string) }), let m = k.mark else { return nil }
            return (d, m.line - 1)
        }
        let indent = String(repeating: " ", count: max(0, values.indent))
        let line = "\(indent)\(from): {value: \(written), source: \(JSONValue.quote(source))}"
        var block = [line]
        if let c = correction { block.insert("\(indent)# \(Localized("parameter-edit.correction-comment", ["day": today.description, "reason": c])[.en])", at: 0) }
        if replaces {
            guard let old = entries.first(where: { $0.date == from }), !Self.spansLines(lines, from: old.line, indent: values.indent) else {
                return .failure(Refusal(field: "from", said: Localized("parameter-edit.edit-in-yaml")))
            }
            lines.replaceSubrange(old.line...old.line, with: block)
        } else if let next = entries.filter({ $0.date > from }).min(by: { $0.date < $1.date }) {
            lines.insert(contentsOf: block, at: next.line)
        } else {
            lines.insert(contentsOf: block, at: Self.endOfBlock(lines, after: entries.map(\.line).max() ?? values.line, indent: values.indent) + 1)
        }
        return .success(lines.joined(separator: "\n"))
    }

    /// The value as the file writes it, or nil when it is not one of `type`.
    package static func canonical(_ text: String, type: ValueType) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: " ", with: "")
        switch type {
        case .money, .decimal: return ExactDecimal(parsing: t).map(\.description)
        case .integer: return Int64(t).map(String.init)
        case .boolean: return t == "true" || t == "false" ? t : nil
        default: return nil
        }
    }

    /// The `values:` mapping of `parameter` (and of `key` inside it), with its entries' indentation.
    package static func valuesNode(_ text: String, parameter: String, key: String?) -> (entries: [(Node, Node)], indent: Int, line: Int)? {
        guard YAMLGuard.screen(text) == nil, let root = try? Yams.compose(yaml: text),
              let spec = root.mapping?["parameters"]?.mapping?[parameter]?.mapping,
              var values = spec["values"] else { return nil }
        if let key { guard let v = values.mapping?[key] else { return nil }; values = v }
        guard let m = values.mapping, values.mapping?.style != .flow else { return nil }
        let pairs = Array(m)
        let line = (values.mark?.line ?? 1) - 1
        let indent = pairs.first?.0.mark.map { $0.column - 1 } ?? ((spec.first?.key.mark?.column ?? 1) + 1)
        return (pairs, indent, line)
    }

    /// Whether the entry at `line` continues on the lines below it (a block written over lines).
    package static func spansLines(_ lines: [String], from line: Int, indent: Int) -> Bool {
        endOfBlock(lines, after: line, indent: indent) > line
    }

    /// The last line that belongs to the entry at `line`: lines indented deeper than `indent`
    /// (blank lines inside it are kept with it, trailing ones are not).
    package static func endOfBlock(_ lines: [String], after line: Int, indent: Int) -> Int {
        var last = line, i = line + 1
        while i < lines.count {
            let l = lines[i]
            let trimmed = l.drop { $0 == " " }
            if trimmed.isEmpty { i += 1; continue }
            if l.count - trimmed.count <= indent { break }
            last = i; i += 1
        }
        return min(last, max(lines.count - 1, 0))
    }
}

extension String {
    package var nilIfEmpty: String? { isEmpty ? nil : self }
}
