import QamqorSupport
/// Grammar around a value of the rules (a reason's placeholder): see ``Grammar``.
extension Grammar {
    /// A value formatted by `text` and the grammar asked for after `|` in a placeholder, in `language`:
    /// `-тен` (kk case), `one/few/many` (ru), `one/other` (en). Anything else: the value alone.
    package static func apply(_ spec: String, to text: String, value: Value, language: Language) -> String {
        let s = spec.trimmingSpaces()
        if language == .kk, let c = kazakhCase(named: s) { return kazakh(text, c) }
        let forms = s.split(separator: "/").map { $0.trimmingSpaces() }
        guard let n = value.asDecimal else { return text }
        switch (language, forms.count) {
        case (.ru, 3): return "\(text) \(russian(n, one: forms[0], few: forms[1], many: forms[2]))"
        case (.en, 2): return "\(text) \(english(n, one: forms[0], other: forms[1]))"
        default: return text
        }
    }
}
