import QamqorSupport
/// One problem found in a rule file or an input record, with where it is.
///
/// Rendered as `file:line:col: error[code]: message`, then the source line and a caret under the
/// offending text, then an optional `help:` line (e.g. a "did you mean" suggestion).
/// Codes (``DiagnosticCode``) are stable identifiers that tests and tools may match on. Every
/// message and help exists in Kazakh, Russian and English; `message` and `help` hold the text in
/// the language last chosen with ``in(_:)`` (English until then).
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String
    public var file: String
    public var location: SourceLocation?
    public var help: String?
    /// The quoted source line, filled in when the diagnostic is made from a ``SourceFile``.
    public var sourceLine: String?
    /// The message in Kazakh, Russian and English; `message` is the English one until ``in(_:)``.
    public var translated: Localized?
    /// The help in the three languages, when translated.
    public var translatedHelp: Localized?

    public init(_ severity: Severity = .error, code: DiagnosticCode, message: String, file: String,
                location: SourceLocation?, help: String? = nil, sourceLine: String? = nil) {
        self.severity = severity; self.code = code; self.message = message; self.file = file
        self.location = location; self.help = help; self.sourceLine = sourceLine
    }

    /// A diagnostic whose message (and help) exist in all three languages; `message` and `help`
    /// are their English texts.
    public init(_ severity: Severity = .error, code: DiagnosticCode, translated message: Localized, help: Localized? = nil, file: String,
                location: SourceLocation?, sourceLine: String? = nil) {
        let message = Self.clipped(message), help = help.map(Self.clipped)
        self.init(severity, code: code, message: message.en, file: file, location: location, help: help?.en, sourceLine: sourceLine)
        translated = message
        translatedHelp = help
    }

    /// The longest message or help a diagnostic carries: what a user wrote (a name, a value) is
    /// echoed in it, and input without bound must not come back without bound.
    public static let maxMessage = 600

    package static func clipped(_ text: Localized) -> Localized {
        func clip(_ s: String) -> String {
            s.unicodeScalars.count <= maxMessage ? s : String(String.UnicodeScalarView(s.unicodeScalars.prefix(maxMessage))) + "…"
        }
        return text.map(clip)
    }

    /// The message in `language` (the English one when it has no translation).
    public func message(in language: Language) -> String { translated?[language] ?? message }

    /// The help in `language` (the English one when it has no translation).
    public func help(in language: Language) -> String? { translatedHelp?[language] ?? help }

    /// The diagnostic with its message and help in `language`, for rendering.
    public func `in`(_ language: Language) -> Diagnostic {
        var d = self
        d.message = message(in: language)
        d.help = help(in: language)
        return d
    }

    /// Makes a diagnostic in `source` at `location`, quoting the line.
    public init(code: DiagnosticCode, _ message: Localized, in source: SourceFile, at location: SourceLocation?,
                help: Localized? = nil, severity: Severity = .error) {
        self.init(severity, code: code, translated: message, help: help, file: source.path, location: location,
                  sourceLine: location.flatMap { source.line($0.line) }.map(String.init))
    }

    public static func < (a: Self, b: Self) -> Bool {
        if a.file != b.file { return a.file < b.file }
        let la = a.location ?? SourceLocation(line: 0, column: 0)
        let lb = b.location ?? SourceLocation(line: 0, column: 0)
        if la != lb { return la < lb }
        return (a.code.rawValue, a.message) < (b.code.rawValue, b.message)
    }

    /// The full rendering with the quoted line and caret.
    public var description: String {
        var out = file
        if let l = location { out += ":\(l.line):\(l.column)" }
        // A diagnostic about no file in particular (an unreadable rules directory) starts with its severity.
        out += (out.isEmpty ? "" : ": ") + "\(severity.rawValue)[\(code)]: \(message)"
        if var l = location, var src = sourceLine {
            // Quote at most a window of a very long line, keeping the caret under the same text.
            let scalars = Array(src.unicodeScalars)
            if scalars.count > 120 {
                let start = max(0, min(l.column - 1 - 40, scalars.count - 100))
                let end = min(scalars.count, start + 100)
                src = (start > 0 ? "…" : "") + String(String.UnicodeScalarView(scalars[start..<end])) + (end < scalars.count ? "…" : "")
                l.column = l.column - start + (start > 0 ? 1 : 0)
                l.length = min(l.length, end - (l.column - 1) + (start > 0 ? 1 : 0))
            }
            let number = String(l.line)
            let gutter = String(repeating: " ", count: number.count)
            out += "\n \(number) | \(src)"
            // Keep tabs so the caret lines up under tab-indented text.
            var pad = ""
            for (i, ch) in src.unicodeScalars.enumerated() where i < l.column - 1 {
                pad.append(ch == "\t" ? "\t" : " ")
            }
            if pad.unicodeScalars.count < l.column - 1 {
                pad += String(repeating: " ", count: l.column - 1 - pad.unicodeScalars.count)
            }
            let available = max(1, src.unicodeScalars.count - (l.column - 1))
            out += "\n \(gutter) | \(pad)\(String(repeating: "^", count: min(l.length, available)))"
        }
        if let h = help { out += "\n = help: \(h)" }
        return out
    }
}

/// Collects the diagnostics of a run: all of them, not only the first; sorted by file and position;
/// capped so a broken file cannot flood the terminal.
public struct DiagnosticList: Sendable, Error, CustomStringConvertible {
    public private(set) var items: [Diagnostic] = []

    public init(_ items: [Diagnostic] = []) { self.items = items }

    public mutating func append(_ d: Diagnostic) { items.append(d) }
    public mutating func append(contentsOf other: DiagnosticList) { items += other.items }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var errorCount: Int { items.filter { $0.severity == .error }.count }
    public var isEmpty: Bool { items.isEmpty }
    /// Every message (with its "did you mean") on one line, `; ` between them: what a rejected
    /// line of a JSONL file reports.
    public var oneLine: String { oneLine(in: .en) }

    /// ``oneLine`` in `language`.
    public func oneLine(in language: Language) -> String {
        items.map { d in d.message(in: language) + (d.help(in: language).map { " (\($0))" } ?? "") }.joined(separator: "; ")
    }

    /// Sorted, with exact duplicates removed.
    public var sorted: [Diagnostic] {
        Array(Set(items)).sorted()
    }

    /// The rendering of at most `limit` diagnostics, with a closing count of any left out;
    /// translated messages in `language`.
    public func rendered(limit: Int = 100, language: Language = .en) -> String {
        let all = sorted
        var parts = all.prefix(limit).map { $0.in(language).description }
        if all.count > limit {
            parts.append("… and \(all.count - limit) more diagnostics not shown")
        }
        return parts.joined(separator: "\n\n")
    }

    public var description: String { rendered() }
}
