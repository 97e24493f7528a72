/// A language Qamqor speaks: Kazakh, Russian and English always, and any other whose message
/// catalogue is installed (``MessageCatalogue``, `QAMQOR_CATALOGUES`).
///
/// Guarantees: `Language(rawValue:)` is nil for a code no installed catalogue has, so a language
/// value always has a catalogue; each language other than the three names one of them as its
/// fallback, which answers for the words it does not translate (rule files' labels among them).
public struct Language: Hashable, Sendable, Codable, RawRepresentable, CustomStringConvertible {
    /// The code (`kk`, `ru`, `en`, `uz`): what `?lang=`, `--lang` and the catalogue's file name say.
    public let rawValue: String
    /// 0 kk, 1 ru, 2 en, then each further language in the catalogue's order.
    package let slot: Int
    /// The slot of the built-in language answering for this one (its own slot for kk, ru and en).
    let fallbackSlot: Int
    /// The decimal mark numbers are written with (`,` or `.`), as the catalogue's `decimal_mark`.
    public let decimalMark: Character
    /// How dates are written, as the catalogue's `date_format`: `dd.mm.yyyy`, `yyyy-mm-dd`, … .
    public let dateFormat: String

    init(code: String, slot: Int, fallbackSlot: Int, decimalMark: Character, dateFormat: String) {
        self.rawValue = code; self.slot = slot; self.fallbackSlot = fallbackSlot
        self.decimalMark = decimalMark; self.dateFormat = dateFormat
    }

    public static let kk = Language(code: "kk", slot: 0, fallbackSlot: 0, decimalMark: ",", dateFormat: "dd.mm.yyyy")
    public static let ru = Language(code: "ru", slot: 1, fallbackSlot: 1, decimalMark: ",", dateFormat: "dd.mm.yyyy")
    public static let en = Language(code: "en", slot: 2, fallbackSlot: 2, decimalMark: ".", dateFormat: "yyyy-mm-dd")
    /// The languages every rule file and catalogue gives in full.
    public static let builtIn: [Language] = [.kk, .ru, .en]

    /// The language of code `rawValue`, when an installed catalogue has it.
    public init?(rawValue: String) {
        guard let l = MessageCatalogue.current.language(rawValue) else { return nil }
        self = l
    }

    /// Every installed language: kk, ru, en, then the others.
    public static var allCases: [Language] { MessageCatalogue.current.languages }

    /// The built-in language that answers for this one (itself for kk, ru and en).
    public var fallback: Language { Language.builtIn[fallbackSlot] }

    public var description: String { rawValue }

    public static func == (a: Language, b: Language) -> Bool { a.slot == b.slot }
    public func hash(into h: inout Hasher) { h.combine(slot) }

    public init(from decoder: any Decoder) throws {
        let code = try decoder.singleValueContainer().decode(String.self)
        guard let l = Language(rawValue: code) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "no catalogue for language `\(code)`"))
        }
        self = l
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
