import QamqorSupport
import Yams

/// A programme's conditions as a policy officer reads them, from its rule file as written: each
/// condition's id, its label and reason in every language, the test it makes (`when`), the numbers
/// in that test (its thresholds, each editable in place) and the names it reads, with the line it
/// is written on. Groups (`all`, `any`) hold their conditions.
///
/// Guarantees: built from the file's text alone (the YAML guard first: no alias bomb is expanded);
/// a file that is not a programme gives nil; nothing is evaluated.
public struct ProgramOutline: Sendable {
    public let program: String
    public let title: Localized
    public let conditions: [Condition]
    /// The programme's named values (`let:`) and its amount (`amount`), each with the numbers of
    /// its expression: the tables of amounts by count (large-family МРП multiples) an officer
    /// changes in place.
    public var figures: [Figure] = []

    /// The scoring criteria of a grant programme (`scoring.criteria`), each with its weight and cap.
    public var criteria: [Criterion] = []

    /// One scoring criterion as a row of the committee's table.
    public struct Criterion: Sendable {
        public let id: String
        public let label: Localized?
        public let weight: String?
        public let cap: String?
        public let line: Int
    }

    /// A named value or the amount: its expression and the numbers in it.
    public struct Figure: Sendable {
        /// The `let:` name, or `amount`.
        public let name: String
        public let label: Localized?
        public let expr: String
        public let numbers: [Number]
        public let line: Int
    }

    /// One condition of the tree.
    public struct Condition: Sendable {
        public enum Kind: String, Sendable { case all, any, test }
        public let id: String?
        public let kind: Kind
        public let label: Localized?
        public let reason: Localized?
        /// The test as written (tests only).
        public let when: String?
        /// The numbers of the test, in order: their text and where they are in `when`.
        public let numbers: [Number]
        /// The names the test reads (fields, definitions, parameters, functions), in order, once each.
        public let reads: [String]
        /// Why the condition is switched off (`off:`), or nil when it is in force.
        public var off: String? = nil
        /// The line of the condition in its file (1-based).
        public let line: Int
        public let children: [Condition]
    }

    /// A number in a test: a threshold an officer may change.
    public struct Number: Sendable {
        public let text: String
        /// Offsets in Unicode scalars in the test's text.
        public let range: Range<Int>
    }

    /// The outline of the programme file `text`, or nil when it is not one.
    public static func read(_ text: String) -> ProgramOutline? {
        guard YAMLGuard.screen(text) == nil, let root = try? Yams.compose(yaml: text), let top = root.mapping,
              let program = top["program"]?.scalar?.string, let eligible = top["eligible"] else { return nil }
        var o = ProgramOutline(program: program, title: localized(top["title"]) ?? Localized(uniform: program), conditions: [condition(eligible)].compactMap { $0 })
        var figures: [(String, Node)] = (top["let"]?.mapping).map { m in m.compactMap { k, v in k.scalar.map { ($0.string, v) } } } ?? []
        if let amount = top["amount"] { figures.append(("amount", amount)) }
        o.figures = figures.compactMap { name, node in
            guard let m = node.mapping, let expr = m["expr"]?.scalar?.string else { return nil }
            return Figure(name: name, label: localized(m["label"]), expr: expr, numbers: numbers(in: expr), line: node.mark?.line ?? 0)
        }
        o.criteria = (top["scoring"]?.mapping?["criteria"]?.sequence ?? []).compactMap { c in
            guard let m = c.mapping, let id = m["id"]?.scalar?.string else { return nil }
            return Criterion(id: id, label: localized(m["label"]), weight: m["weight"]?.scalar?.string, cap: m["cap"]?.scalar?.string, line: c.mark?.line ?? 0)
        }
        return o
    }

    /// The numbers of an expression's text, in order.
    package static func numbers(in text: String) -> [Number] {
        guard case .success(let tokens) = Lexer(text).tokens() else { return [] }
        let scalars = Array(text.unicodeScalars)
        return tokens.compactMap { t in
            switch t.kind {
            case .integer, .decimal: return Number(text: String(String.UnicodeScalarView(scalars[t.range])), range: t.range)
            default: return nil
            }
        }
    }

    package static func localized(_ node: Node?) -> Localized? {
        guard let m = node?.mapping else { return node?.scalar.map { Localized(uniform: $0.string) } }
        let kk = m["kk"]?.scalar?.string, ru = m["ru"]?.scalar?.string, en = m["en"]?.scalar?.string
        guard kk != nil || ru != nil || en != nil else { return nil }
        return Localized(kk: kk ?? en ?? "", ru: ru ?? en ?? "", en: en ?? ru ?? "")
    }

    package static func condition(_ node: Node) -> Condition? {
        guard let m = node.mapping else { return nil }
        let id = m["id"]?.scalar?.string, line = node.mark?.line ?? 0
        for kind in [Condition.Kind.all, .any] {
            if let items = m[kind.rawValue]?.sequence {
                return Condition(id: id, kind: kind, label: localized(m["label"]), reason: nil, when: nil, numbers: [], reads: [], line: line,
                                 children: items.compactMap(condition))
            }
        }
        guard let when = m["when"]?.scalar?.string else { return nil }
        var numbers: [Number] = [], reads: [String] = []
        if case .success(let tokens) = Lexer(when).tokens() {
            let scalars = Array(when.unicodeScalars)
            for t in tokens {
                switch t.kind {
                case .integer, .decimal:
                    numbers.append(Number(text: String(String.UnicodeScalarView(scalars[t.range])), range: t.range))
                case .identifier(let name) where !reads.contains(name):
                    reads.append(name)
                default: break
                }
            }
        }
        var c = Condition(id: id, kind: .test, label: localized(m["label"]), reason: localized(m["reason"]), when: when,
                          numbers: numbers, reads: reads, line: line, children: [])
        c.off = m["off"]?.scalar?.string
        return c
    }
}
