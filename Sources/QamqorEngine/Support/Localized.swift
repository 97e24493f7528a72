/// The three languages Qamqor speaks.
public enum Language: String, CaseIterable, Sendable, Codable {
    case kk, ru, en
}

/// A text in Kazakh, Russian and English. Rule files must give all three; the checker reports a
/// missing one as `missing-translation`.
public struct Localized: Hashable, Sendable {
    public var kk: String
    public var ru: String
    public var en: String

    public init(kk: String, ru: String, en: String) {
        self.kk = kk; self.ru = ru; self.en = en
    }

    /// The same text in every language (used for identifiers that have no translation).
    public init(uniform text: String) { self.init(kk: text, ru: text, en: text) }

    /// Each language's text put into that language's sentence: `map(kk: { "… \($0)" }, …)`.
    public func map(kk: (String) -> String, ru: (String) -> String, en: (String) -> String) -> Localized {
        Localized(kk: kk(self.kk), ru: ru(self.ru), en: en(self.en))
    }

    /// The text in `language`.
    public subscript(language: Language) -> String {
        switch language {
        case .kk: kk
        case .ru: ru
        case .en: en
        }
    }
}
