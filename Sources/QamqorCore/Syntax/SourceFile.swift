import QamqorSupport
/// The text of one input file (a rule file, an applicant record) with its lines split, so that any
/// diagnostic can quote the line it points at.
public struct SourceFile: Sendable {
    /// The path as the user gave it (shown in diagnostics).
    public let path: String
    /// The whole text.
    public let text: String
    /// The lines, without their line breaks.
    public let lines: [Substring]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
    }

    /// The 1-based line `n`, or nil past the end.
    public func line(_ n: Int) -> Substring? {
        n >= 1 && n <= lines.count ? lines[n - 1] : nil
    }
}

/// A place in a source file: 1-based line and column (columns count Unicode scalars, as libyaml
/// does), and how many columns the caret line underlines.
public struct SourceLocation: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int
    public var length: Int

    public init(line: Int, column: Int, length: Int = 1) {
        self.line = line; self.column = column; self.length = max(1, length)
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}
