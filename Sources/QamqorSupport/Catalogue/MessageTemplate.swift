/// One catalogue message, read from the subset of ICU MessageFormat translators know:
///
/// - `{name}` — the argument's text;
/// - `{name, select, true {…} false {…} other {…}}` — words chosen by the argument's value;
/// - `{count, plural, =0 {…} one {…} few {…} many {…} other {…}}` — by the number's plural category
///   in the message's language (Russian one/few/many, one/other elsewhere); `#` is the number;
/// - `{amount, case, dative}` — a Kazakh case ending after a number or amount (`171 022,26 ₸-ге`);
///   `{label, phrase, ablative}` — after a noun phrase (`кедейлік шегінен`); `{label, lower}` —
///   the first letter in lower case;
/// - `'{'` writes a brace; `''` an apostrophe (a lone apostrophe is itself).
///
/// Guarantees: reading never traps — a text longer than 8 192 characters, nested deeper than 6
/// or malformed throws ``MessageFormatError`` with the offset; rendering never fails (an argument
/// not given renders as `{name}`).
public struct MessageTemplate: Sendable, Hashable {
    package indirect enum Part: Sendable, Hashable {
        case text(String)
        /// Placeholders by their place in ``placeholders`` (resolved once a render).
        case argument(Int, Style)
        case select(Int, [Option], other: [Part])
        case plural(Int, exact: [Int: [Part]], [String: [Part]], other: [Part])
        case number
    }

    /// One option of a `select`: its value and its words (a few, so searched in order).
    package struct Option: Sendable, Hashable {
        package let key: String
        package let parts: [Part]
    }

    package enum Style: Sendable, Hashable {
        case plain, lower
        case kazakhCase(Grammar.KazakhCase)
        case kazakhPhrase(Grammar.KazakhCase)
    }

    package let parts: [Part]

    /// The argument names the message uses, each once, in order of first use.
    public let placeholders: [String]

    /// The message written `text`.
    public init(_ text: String) throws(MessageFormatError) {
        var reader = Reader(Array(text.unicodeScalars))
        guard reader.scalars.count <= 8192 else { throw MessageFormatError(offset: 8192, reason: "longer than 8 192 characters") }
        parts = try reader.message(depth: 0, inPlural: false)
        if reader.i < reader.scalars.count { throw MessageFormatError(offset: reader.i, reason: "a `}` closes nothing") }
        placeholders = reader.names
    }

    /// The message as plain text (no placeholders).
    public init(literal text: String) {
        parts = [.text(text)]; placeholders = []
    }

    /// The message in `language` with `arguments` in its placeholders.
    public func render(_ arguments: MessageArguments, in language: Language) -> String {
        // Each argument found once, by the placeholder it fills, as its text in `language`.
        var values = [String?](repeating: nil, count: placeholders.count)
        arguments.fill(&values, names: placeholders, language: language)
        return render(texts: values, in: language)
    }

    /// The message with `values[i]` in placeholder `placeholders[i]` (nil: left as `{name}`).
    package func render(texts values: [String?], in language: Language) -> String {
        var out = ""
        out.reserveCapacity(96)
        Self.render(parts, values, placeholders, language, number: nil, into: &out)
        return out
    }

    /// The message's text when it has no placeholders (nil otherwise).
    package var constant: String? {
        if parts.isEmpty { return "" }
        if parts.count == 1, case .text(let s) = parts[0] { return s }
        return nil
    }

    package static func render(_ parts: [Part], _ args: [String?], _ names: [String], _ language: Language, number: Int?, into out: inout String) {
        for part in parts {
            switch part {
            case .text(let s): out += s
            case .number: out += number.map(String.init) ?? "#"
            case .argument(let i, let style):
                guard let text = args[i] else { out += "{\(names[i])}"; continue }
                switch style {
                case .plain: out += text
                case .lower: out += lowered(text)
                case .kazakhCase(let c): out += Grammar.kazakh(text, c)
                case .kazakhPhrase(let c): out += Grammar.kazakhPhrase(text, c)
                }
            case .select(let i, let options, let other):
                let key = args[i] ?? ""
                render(options.first { $0.key == key }?.parts ?? other, args, names, language, number: number, into: &out)
            case .plural(let i, let exact, let options, let other):
                guard let n = args[i].flatMap({ Int($0) }) else { render(other, args, names, language, number: nil, into: &out); continue }
                let chosen = exact[n] ?? options[PluralRule.category(n, language: language)] ?? other
                render(chosen, args, names, language, number: n, into: &out)
            }
        }
    }

    /// `Кедейлік шегі` → `кедейлік шегі`; a word in capitals (`ЖСН`, `ATA`) is kept.
    package static func lowered(_ s: String) -> String {
        // By Unicode scalars (a label's first two letters): no grapheme breaking on the explanation path.
        var scalars = s.unicodeScalars.makeIterator()
        guard let first = scalars.next(), let second = scalars.next(),
              first.properties.isUppercase, second.properties.isLowercase else { return s }
        return first.properties.lowercaseMapping + s[s.unicodeScalars.index(after: s.unicodeScalars.startIndex)...]
    }

    /// A recursive-descent reader over the message's scalars.
    package struct Reader {
        package let scalars: [Unicode.Scalar]
        package var i = 0
        package var names: [String] = []

        package init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        package var peek: Unicode.Scalar? { i < scalars.count ? scalars[i] : nil }

        package mutating func message(depth: Int, inPlural: Bool) throws(MessageFormatError) -> [Part] {
            guard depth <= 6 else { throw MessageFormatError(offset: i, reason: "nested deeper than 6 levels") }
            var parts: [Part] = []
            var text = String.UnicodeScalarView()
            func flush() { if !text.isEmpty { parts.append(.text(String(text))); text = String.UnicodeScalarView() } }
            while let c = peek {
                switch c {
                case "}": flush(); return parts
                case "{":
                    flush()
                    parts.append(try placeholder(depth: depth))
                case "#" where inPlural:
                    flush(); parts.append(.number); i += 1
                case "'":
                    i += 1
                    if peek == "'" { text.append("'"); i += 1 }
                    else if let n = peek, n == "{" || n == "}" || (n == "#" && inPlural) {
                        // Quoted: everything to the next lone apostrophe is text.
                        while let q = peek {
                            i += 1
                            if q == "'" {
                                if peek == "'" { text.append("'"); i += 1; continue }
                                break
                            }
                            text.append(q)
                        }
                    } else { text.append("'") }
                default: text.append(c); i += 1
                }
            }
            flush()
            return parts
        }

        package mutating func skipSpace() { while let c = peek, c == " " || c == "\n" || c == "\t" || c == "\r" { i += 1 } }

        package mutating func word() -> String {
            var w = String.UnicodeScalarView()
            while let c = peek, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" || c == "=" { w.append(c); i += 1 }
            return String(w)
        }

        package mutating func expect(_ c: Unicode.Scalar, _ what: String) throws(MessageFormatError) {
            skipSpace()
            guard peek == c else { throw MessageFormatError(offset: i, reason: "expected \(what)") }
            i += 1
        }

        package mutating func placeholder(depth: Int) throws(MessageFormatError) -> Part {
            let start = i
            i += 1  // {
            skipSpace()
            let name = word()
            guard !name.isEmpty, !name.hasPrefix("=") else { throw MessageFormatError(offset: start, reason: "a placeholder needs a name: `{name}`") }
            if !names.contains(name) { names.append(name) }
            let index = names.firstIndex(of: name) ?? 0
            skipSpace()
            if peek == "}" { i += 1; return .argument(index, .plain) }
            try expect(",", "`,` or `}` after the name")
            skipSpace()
            let type = word()
            skipSpace()
            switch type {
            case "lower":
                try expect("}", "`}`")
                return .argument(index, .lower)
            case "case", "phrase":
                try expect(",", "`, dative` (a case: ablative, dative, locative, genitive, accusative, instrumental)")
                skipSpace()
                let caseName = word()
                guard let c = Grammar.KazakhCase(rawValue: caseName) else {
                    throw MessageFormatError(offset: i, reason: "`\(caseName)` is not a case (ablative, dative, locative, genitive, accusative, instrumental)")
                }
                try expect("}", "`}`")
                return .argument(index, type == "case" ? .kazakhCase(c) : .kazakhPhrase(c))
            case "select", "plural":
                try expect(",", "`,` and the options")
                var options: [String: [Part]] = [:], exact: [Int: [Part]] = [:]
                var other: [Part]?
                while true {
                    skipSpace()
                    if peek == "}" { i += 1; break }
                    let at = i
                    let key = word()
                    guard !key.isEmpty else { throw MessageFormatError(offset: at, reason: "expected an option's name or `}`") }
                    try expect("{", "`{` after the option `\(key)`")
                    let body = try message(depth: depth + 1, inPlural: type == "plural")
                    guard peek == "}" else { throw MessageFormatError(offset: i, reason: "the option `\(key)` is not closed with `}`") }
                    i += 1
                    if key == "other" { other = body }
                    else if type == "plural", key.hasPrefix("=") {
                        guard let n = Int(key.dropFirst()) else { throw MessageFormatError(offset: at, reason: "`\(key)` is not `=` and a whole number") }
                        exact[n] = body
                    } else if type == "plural", !PluralRule.categories.contains(key) {
                        throw MessageFormatError(offset: at, reason: "`\(key)` is not a plural category (zero, one, two, few, many, other, or =N)")
                    } else { options[key] = body }
                }
                guard let other else { throw MessageFormatError(offset: start, reason: "`\(type)` needs an `other {…}` option") }
                return type == "select" ? .select(index, options.sorted { $0.key < $1.key }.map { Option(key: $0.key, parts: $0.value) }, other: other)
                                        : .plural(index, exact: exact, options, other: other)
            default:
                throw MessageFormatError(offset: start, reason: "`\(type)` is not a placeholder type (select, plural, case, phrase, lower)")
            }
        }
    }
}

/// Why a catalogue message could not be read, and where (in characters from its start).
public struct MessageFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public let offset: Int
    public let reason: String
    public var description: String { "at character \(offset + 1): \(reason)" }
}

/// Plural categories by language, after CLDR: Russian (and Ukrainian, Belarusian) one/few/many;
/// every other language one (exactly 1) and other.
package enum PluralRule {
    package static let categories: Set<String> = ["zero", "one", "two", "few", "many", "other"]

    package static func category(_ n: Int, language: Language) -> String {
        switch language.rawValue {
        case "ru", "uk", "be":
            let m = n.magnitude, tens = m % 100, last = m % 10
            if (11...14).contains(tens) { return "many" }
            if last == 1 { return "one" }
            if (2...4).contains(last) { return "few" }
            return "many"
        default:
            return n == 1 ? "one" : "other"
        }
    }
}
