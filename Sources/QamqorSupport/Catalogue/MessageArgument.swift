/// A value a catalogue message's placeholder can take: text, a whole number, a yes/no, or a
/// ``Localized`` text that gives each language its own words.
public protocol MessageArgument: Sendable {
    /// The value as text in `language`.
    func messageText(in language: Language) -> String
    /// The value as a number, for `plural` placeholders (nil when it is not one).
    var messageNumber: Int? { get }
}

extension String: MessageArgument {
    public func messageText(in language: Language) -> String { self }
    public var messageNumber: Int? { Int(self) }
}

extension Substring: MessageArgument {
    public func messageText(in language: Language) -> String { String(self) }
    public var messageNumber: Int? { Int(self) }
}

extension Int: MessageArgument {
    public func messageText(in language: Language) -> String { String(self) }
    public var messageNumber: Int? { self }
}

extension Bool: MessageArgument {
    /// `true` or `false`: what a `select` placeholder chooses by.
    public func messageText(in language: Language) -> String { self ? "true" : "false" }
    public var messageNumber: Int? { nil }
}

extension Localized: MessageArgument {
    public func messageText(in language: Language) -> String { self[language] }
    public var messageNumber: Int? { nil }
}

/// The named values a message is filled with.
public struct MessageArguments: Sendable {
    /// The pairs as the caller wrote them (not copied: a message is filled on the explanation
    /// path), or names and values built elsewhere.
    package let pairs: KeyValuePairs<String, any MessageArgument>
    package let names: [String], values: [any MessageArgument]

    public init(_ pairs: KeyValuePairs<String, any MessageArgument>) { self.pairs = pairs; names = []; values = [] }

    package init(names: [String], values: [any MessageArgument]) { pairs = [:]; self.names = names; self.values = values }

    /// Puts each argument in the place of the placeholder of its name (`names`, a template's
    /// placeholders); an argument no placeholder names is left out.
    package func fill(_ slots: inout [String?], names placeholders: [String], language: Language) {
        for (key, value) in pairs {
            if let i = placeholders.firstIndex(of: key) { slots[i] = value.messageText(in: language) }
        }
        for (i, key) in names.enumerated() {
            if let j = placeholders.firstIndex(of: key) { slots[j] = values[i].messageText(in: language) }
        }
    }
}

extension Int64: MessageArgument {
    public func messageText(in language: Language) -> String { String(self) }
    public var messageNumber: Int? { Int(exactly: self) }
}

extension ExactDecimal: MessageArgument {
    /// The exact digits (`1234.5`); a message that shows an amount to people formats it first.
    public func messageText(in language: Language) -> String { description }
    public var messageNumber: Int? { nil }
}

extension Day: MessageArgument {
    /// The ISO date (`2025-06-01`), as in files and field values.
    public func messageText(in language: Language) -> String { description }
    public var messageNumber: Int? { nil }
}

extension Unicode.Scalar: MessageArgument {
    public func messageText(in language: Language) -> String { String(self) }
    public var messageNumber: Int? { nil }
}

/// A date written as its language writes dates (`01.06.2025` in kk and ru, `2025-06-01` in en).
public struct FormattedDay: MessageArgument {
    public let day: Day
    public init(day: Day) { self.day = day }
    public func messageText(in language: Language) -> String { ValueFormatter(language: language).date(day) }
    public var messageNumber: Int? { nil }
}

/// An amount written as its language writes money (`45 210 ₸`, `122,50 ₸`).
public struct FormattedMoney: MessageArgument {
    public let amount: ExactDecimal
    public init(amount: ExactDecimal) { self.amount = amount }
    public func messageText(in language: Language) -> String { ValueFormatter(language: language).money(amount) }
    public var messageNumber: Int? { nil }
}
