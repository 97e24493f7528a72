import QamqorSupport
/// The fixed words and sentence patterns of explanations, from the message catalogue (`explain.*`,
/// read once into a ``PhraseBook``). Rule-specific text (labels, reasons) comes from the rule
/// files; only the glue is here.
package struct Phrases {
    package let language: Language
    package let book: PhraseBook

    package init(language: Language) {
        self.language = language
        let books = MessageCatalogue.current.books
        self.book = language.slot < books.count ? books[language.slot] : books[Language.en.slot]
    }

    private func say(_ p: PhraseBook.Pattern, _ arguments: KeyValuePairs<String, any MessageArgument>) -> String {
        p.template.render(MessageArguments(arguments), in: p.speaker)
    }

    package func status(_ s: DecisionStatus) -> String {
        switch s {
        case .eligible: book.statuses[0]
        case .ineligible: book.statuses[1]
        case .undetermined: book.statuses[2]
        case .error: book.statuses[3]
        }
    }

    package var amount: String { book.amount }
    package var perMonth: String { book.perMonth }
    package var form: String { book.form }
    package var asOf: String { book.asOf }
    package var rules: String { book.rules }
    package var why: String { book.why }
    package var factsNeeded: String { book.factsNeeded }
    package var figures: String { book.figures }
    /// "the figure of 01.09.2025" for a dated parameter value.
    package func figureDated(_ d: String) -> String { say(book.figureDated, ["date": d]) }
    package var rulesGap: String { book.rulesGap }
    package var undeterminedByGap: String { book.undeterminedByGap }
    package var decides: String { book.decides }
    package var values: String { book.values }
    package var conditions: String { book.conditions }
    package var error: String { book.error }
    package var notReached: String { book.notReached }

    /// "Per-capita income 45 000 ₸ is 2 583.50 ₸ above the poverty line 42 416.50 ₸"; with no
    /// `bound` label, a comparison with a number written in the rule ("… 0; до 4 не хватает 4").
    package func comparison(subject: String, subjectValue: String, bound: String, boundValue: String, gap: String, above: Bool?) -> String {
        let side = above == nil ? "equal" : above == true ? "true" : "false"
        if bound.isEmpty { return book.compareNumber.say([subject, subjectValue, boundValue, gap, side]) }
        return book.compareBound.say([subject, subjectValue, lower(bound), boundValue, gap, side])
    }

    /// "the household's income for the quarter would have to be 68 400 ₸ lower"
    package func change(_ label: String, by amount: String, lower isLower: Bool) -> String {
        book.change.say([label, amount, isLower ? "true" : "false"])
    }

    package var toPass: String { book.toPass }
    package var thatIs: String { book.thatIs }

    package func holdsFrom(_ date: String) -> String { say(book.holdsFrom, ["date": date]) }

    package func lower(_ s: String) -> String { MessageTemplate.lowered(s) }
}
