/// A language Qamqor speaks: Kazakh, Russian and English always, and any other whose message
/// catalogue is installed (``MessageCatalogue``, `QAMQOR_CATALOGUES`).
///
/// Guarantees: `Language(rawValue:)` is nil for a code no installed catalogue has, so a language
/// value always has a catalogue; each language other than the three names one of them as its
/// fallback, which answers for the words it does not translate (rule files' labels among them).
/// A value is one small number (its place among the installed languages): copied and compared
/// for free on the explanation path.
public struct Language: Hashable, Sendable, Codable, RawRepresentable, CustomStringConvertible {
    /// 0 kk, 1 ru, 2 en, then each further language in the catalogue's order.
    package let slot: Int

    package init(slot: Int) { self.slot = slot }

    public static let kk = Language(slot: 0)
    public static let ru = Language(slot: 1)
    public static let en = Language(slot: 2)
    /// The languages every rule file and catalogue gives in full.
    public static let builtIn: [Language] = [.kk, .ru, .en]

    /// The language of code `rawValue`, when an installed catalogue has it.
    public init?(rawValue: String) {
        switch rawValue {
        case "kk": self = .kk
        case "ru": self = .ru
        case "en": self = .en
        default:
            guard let l = MessageCatalogue.current.language(rawValue) else { return nil }
            self = l
        }
    }

    /// Every installed language: kk, ru, en, then the others.
    public static var allCases: [Language] { MessageCatalogue.current.languages }

    /// A further language's settings, from the catalogue that installed it.
    private var profile: MessageCatalogue.Profile? {
        let profiles = MessageCatalogue.current.profiles
        return slot < profiles.count ? profiles[slot] : nil
    }

    /// The code (`kk`, `ru`, `en`, `uz`): what `?lang=`, `--lang` and the catalogue's file name say.
    public var rawValue: String {
        switch slot {
        case 0: "kk"
        case 1: "ru"
        case 2: "en"
        default: profile?.code ?? "en"
        }
    }

    /// The built-in language that answers for this one (itself for kk, ru and en).
    public var fallback: Language { slot < 3 ? self : Language(slot: profile?.fallbackSlot ?? 2) }

    /// The decimal mark numbers are written with: `,` in kk and ru, `.` in en; a further
    /// language's catalogue says (`decimal_mark`, by default its fallback's).
    public var decimalMark: Character {
        switch slot {
        case 0, 1: ","
        case 2: "."
        default: profile?.decimalMark ?? fallback.decimalMark
        }
    }

    /// How dates are written: `dd.mm.yyyy` in kk and ru, `yyyy-mm-dd` in en; a further
    /// language's catalogue says (`date_format`, by default its fallback's).
    public var dateFormat: String {
        switch slot {
        case 0, 1: "dd.mm.yyyy"
        case 2: "yyyy-mm-dd"
        default: profile?.dateFormat ?? fallback.dateFormat
        }
    }

    public var description: String { rawValue }

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
