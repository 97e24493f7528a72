/// A text in every language Qamqor speaks: Kazakh, Russian and English always (rule files must
/// give all three; the checker reports a missing one as `missing-translation`), and the further
/// languages of installed catalogues when the text comes from one.
///
/// Guarantees: `self[l]` is never empty-handed — a language the text was not given in reads its
/// fallback's text (``Language/fallback``).
public struct Localized: Hashable, Sendable {
    public var kk: String
    public var ru: String
    public var en: String
    /// Texts in the installed languages after the three, by slot − 3; nil when there are none.
    package var others: [String]?

    public init(kk: String, ru: String, en: String) {
        self.kk = kk; self.ru = ru; self.en = en; self.others = nil
    }

    /// The same text in every language (used for identifiers that have no translation).
    public init(uniform text: String) { self.init(kk: text, ru: text, en: text) }

    /// The text of each installed language, in slot order (kk, ru, en, then the others).
    package init(slots texts: [String]) {
        self.init(kk: texts.count > 0 ? texts[0] : "", ru: texts.count > 1 ? texts[1] : "", en: texts.count > 2 ? texts[2] : "")
        if texts.count > 3 { others = Array(texts[3...]) }
    }

    /// The catalogue's message `key` in every installed language, its placeholders filled from
    /// `arguments` (a ``Localized`` argument gives each language its own text). A key no
    /// catalogue has reads as the key itself.
    public init(_ key: String, _ arguments: KeyValuePairs<String, any MessageArgument> = [:]) {
        self.init(slots: MessageCatalogue.current.texts(key, arguments))
    }

    /// The text `make` gives for each installed language (kk, ru, en and the others).
    public init(each make: (Language) -> String) {
        self.init(slots: Language.allCases.map(make))
    }

    /// The text in `language`, or its fallback's when the text was not given in it.
    public subscript(language: Language) -> String {
        switch language.slot {
        case 0: kk
        case 1: ru
        case 2: en
        default:
            if let others, language.slot - 3 < others.count { others[language.slot - 3] } else { self[language.fallback] }
        }
    }

    /// Each language's text put through `transform` (the same for every language).
    public func map(_ transform: (String) -> String) -> Localized {
        var out = Localized(kk: transform(kk), ru: transform(ru), en: transform(en))
        out.others = others?.map(transform)
        return out
    }

    /// Each language's text of `self` and `other` joined by `transform`.
    public func combined(with other: Localized, _ transform: (String, String) -> String) -> Localized {
        var out = Localized(kk: transform(kk, other.kk), ru: transform(ru, other.ru), en: transform(en, other.en))
        let extra = max(others?.count ?? 0, other.others?.count ?? 0)
        if extra > 0 { out.others = (0..<extra).map { i in transform(self[Language(slot: 3 + i)], other[Language(slot: 3 + i)]) } }
        return out
    }
}
