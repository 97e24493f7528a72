extension StringProtocol {
    /// The text without the spaces and tabs around it: what Foundation's
    /// `trimmingCharacters(in: .whitespaces)` gives (tab, every Unicode space separator and the
    /// zero-width space U+200B, which Foundation counts too; not line breaks), without building a
    /// character set — for text trimmed once per decision.
    public func trimmingSpaces() -> String {
        func isSpace(_ c: Character) -> Bool {
            guard c.unicodeScalars.count == 1, let s = c.unicodeScalars.first else { return false }
            return s == "\t" || s == "\u{200B}" || s.properties.generalCategory == .spaceSeparator
        }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        guard let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
