import QamqorSupport
import Yams

/// A change to one condition of a programme, written into its rule file the way an officer would
/// write it by hand: its label or reason in the three languages (one line,
/// `label: {kk: "…", ru: "…", en: "…"}`), or one number of its test (the test rewritten on one
/// line with that number changed). The rest of the file — other conditions, comments, layout — is
/// unchanged.
///
/// Guarantees: texts are one line each, at most 600 characters, none empty; a number is a
/// number (a decimal comma is read as a point) and the test still reads as an expression after
/// the change; a condition is found by its id; a refusal says what is wrong, in every language,
/// with the field of the form, and changes nothing. Whether the rules still check is the
/// draft's check, as for any edit.
public struct ConditionEdit: Sendable {
    public enum Change: Sendable {
        case label(Localized)
        case reason(Localized)
        /// The `index`-th number of the test (0-based) becomes `value`.
        case number(index: Int, value: String)
        /// Switched off with a note (`off: "why"`), or on again (nil).
        case off(String?)
        /// A scoring criterion's `weight` or `cap` (`condition` names the criterion).
        case criterion(key: String, value: String)
    }

    public let condition: String
    public let change: Change

    public init(condition: String, change: Change) { self.condition = condition; self.change = change }

    public struct Refusal: Error, Sendable {
        public let field: String
        public let said: Localized
    }

    /// `text` (a programme file) with the change made. `condition` names a condition by its id,
    /// or — for a number — a named value of `let:` or `amount`.
    public func applied(to text: String) -> Result<String, Refusal> {
        if case .number(let index, let value) = change, let root = YAMLGuard.screen(text) == nil ? try? Yams.compose(yaml: text) : nil,
           let figure = condition == "amount" ? root.mapping?["amount"] : root.mapping?["let"]?.mapping?[condition],
           let (k, v) = figure.mapping?.first(where: { $0.key.scalar?.string == "expr" }), let expr = v.scalar?.string {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            switch Self.renumbered(expr, index: index, value: value) {
            case .failure(let r): return .failure(r)
            case .success(let changed):
                Self.replaceEntry(&lines, key: k, with: "expr: '\(changed.replacingOccurrences(of: "'", with: "''"))'")
                return .success(lines.joined(separator: "\n"))
            }
        }
        if case .criterion(let key, let value) = change {
            guard ["weight", "cap"].contains(key), let root = YAMLGuard.screen(text) == nil ? try? Yams.compose(yaml: text) : nil,
                  let c = root.mapping?["scoring"]?.mapping?["criteria"]?.sequence?.first(where: { $0.mapping?["id"]?.scalar?.string == condition })?.mapping else {
                return .failure(Refusal(field: "criterion", said: Localized("condition-edit.no-condition", ["id": String(condition.prefix(100))])))
            }
            let t = value.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
            guard let d = ExactDecimal(parsing: t), d >= .zero, t.allSatisfy({ $0.isNumber || $0 == "." }) else {
                return .failure(Refusal(field: key, said: Localized("condition-edit.bad-number", ["value": String(value.prefix(40))])))
            }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if let k = c.first(where: { $0.key.scalar?.string == key })?.key {
                Self.replaceEntry(&lines, key: k, with: "\(key): \(d.description)")
            } else if let k = c.first(where: { $0.key.scalar?.string == "weight" })?.key, let mark = k.mark {
                let end = ParameterValueEdit.endOfBlock(lines, after: mark.line - 1, indent: mark.column - 1)
                lines.insert(String(repeating: " ", count: mark.column - 1) + "\(key): \(d.description)", at: end + 1)
            } else {
                return .failure(Refusal(field: key, said: Localized("condition-edit.no-number")))
            }
            return .success(lines.joined(separator: "\n"))
        }
        guard YAMLGuard.screen(text) == nil, let root = try? Yams.compose(yaml: text), let eligible = root.mapping?["eligible"],
              let node = Self.find(condition, in: eligible), let m = node.mapping else {
            return .failure(Refusal(field: "condition", said: Localized("condition-edit.no-condition", ["id": String(condition.prefix(100))])))
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        switch change {
        case .label(let l), .reason(let l):
            let key: String
            if case .label = change { key = "label" } else { key = "reason" }
            for (lang, t) in [("kk", l.kk), ("ru", l.ru), ("en", l.en)] {
                let trimmed = t.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, trimmed.unicodeScalars.count <= 600, !trimmed.contains(where: { $0.isNewline }) else {
                    return .failure(Refusal(field: "\(key).\(lang)", said: Localized("condition-edit.bad-text")))
                }
            }
            let written = "\(key): {kk: \(JSONValue.quote(l.kk.trimmingCharacters(in: .whitespaces))), ru: \(JSONValue.quote(l.ru.trimmingCharacters(in: .whitespaces))), en: \(JSONValue.quote(l.en.trimmingCharacters(in: .whitespaces)))}"
            if let (k, _) = m.first(where: { $0.key.scalar?.string == key }) {
                Self.replaceEntry(&lines, key: k, with: written)
            } else if case .reason = change, let (k, _) = m.first(where: { $0.key.scalar?.string == "label" }) {
                // A reason where there was none: under the label.
                guard let mark = k.mark else { break }
                let indent = mark.column - 1
                let end = ParameterValueEdit.endOfBlock(lines, after: mark.line - 1, indent: indent)
                lines.insert(String(repeating: " ", count: indent) + written, at: end + 1)
            } else {
                return .failure(Refusal(field: key, said: Localized("condition-edit.no-condition", ["id": condition])))
            }
        case .criterion: break // answered above
        case .off(let note):
            guard m["when"] != nil else { return .failure(Refusal(field: "condition", said: Localized("condition-edit.no-condition", ["id": condition]))) }
            let existing = m.first(where: { $0.key.scalar?.string == "off" })?.key
            if let note {
                let n = note.trimmingCharacters(in: .whitespaces)
                guard !n.isEmpty, n.unicodeScalars.count <= 600, !n.contains(where: { $0.isNewline }) else {
                    return .failure(Refusal(field: "off", said: Localized("condition-edit.off-needs-note")))
                }
                let written = "off: \(JSONValue.quote(n))"
                if let existing { Self.replaceEntry(&lines, key: existing, with: written) }
                else if let (k, _) = m.first(where: { $0.key.scalar?.string == "when" }), let mark = k.mark {
                    lines.insert(String(repeating: " ", count: mark.column - 1) + written, at: mark.line - 1)
                }
            } else if let existing, let mark = existing.mark {
                let end = ParameterValueEdit.endOfBlock(lines, after: mark.line - 1, indent: mark.column - 1)
                lines.removeSubrange((mark.line - 1)...end)
            }
        case .number(let index, let value):
            guard let (k, v) = m.first(where: { $0.key.scalar?.string == "when" }), let when = v.scalar?.string,
                  let outline = ProgramOutline.condition(node), outline.numbers.indices.contains(index) else {
                return .failure(Refusal(field: "number", said: Localized("condition-edit.no-number")))
            }
            _ = outline
            switch Self.renumbered(when, index: index, value: value) {
            case .failure(let r): return .failure(r)
            case .success(let changed): Self.replaceEntry(&lines, key: k, with: "when: '\(changed.replacingOccurrences(of: "'", with: "''"))'")
            }
        }
        return .success(lines.joined(separator: "\n"))
    }

    /// `expression` with its `index`-th number replaced by `value` (a decimal comma read as a point).
    package static func renumbered(_ expression: String, index: Int, value: String) -> Result<String, Refusal> {
        let numbers = ProgramOutline.numbers(in: expression)
        guard numbers.indices.contains(index) else { return .failure(Refusal(field: "number", said: Localized("condition-edit.no-number"))) }
        let t = value.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard let d = ExactDecimal(parsing: t), d >= .zero, t.allSatisfy({ $0.isNumber || $0 == "." }) else {
            return .failure(Refusal(field: "number", said: Localized("condition-edit.bad-number", ["value": String(value.prefix(40))])))
        }
        var scalars = Array(expression.unicodeScalars)
        scalars.replaceSubrange(numbers[index].range, with: Array(d.description.unicodeScalars))
        let changed = String(String.UnicodeScalarView(scalars))
        guard case .success = Lexer(changed).tokens() else {
            return .failure(Refusal(field: "number", said: Localized("condition-edit.bad-number", ["value": String(value.prefix(40))])))
        }
        return .success(changed)
    }

    /// The condition (a test or a group) with `id` anywhere under `node`.
    package static func find(_ id: String, in node: Node) -> Node? {
        guard let m = node.mapping else { return nil }
        if m["id"]?.scalar?.string == id { return node }
        for k in ["all", "any"] {
            for child in m[k]?.sequence ?? [] { if let f = find(id, in: child) { return f } }
        }
        return nil
    }

    /// Replaces the entry whose key is `key` (its line and the lines that continue it) by one
    /// line `written` at the key's place (what stands before the key — a `- ` — is kept).
    package static func replaceEntry(_ lines: inout [String], key: Node, with written: String) {
        guard let mark = key.mark, mark.line >= 1, mark.line <= lines.count else { return }
        let first = mark.line - 1, indent = mark.column - 1
        let end = ParameterValueEdit.endOfBlock(lines, after: first, indent: indent)
        let prefix = String(lines[first].unicodeScalars.prefix(indent))
        lines.replaceSubrange(first...end, with: [prefix + written])
    }
}
