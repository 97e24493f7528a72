/// The words an explanation says most, in one language, taken from the catalogue once when it is
/// installed: the fixed words as text, the sentence patterns as templates. An explanation then
/// reads them without a lookup (it says them for every condition of every household).
package final class PhraseBook: Sendable {
    package typealias Pattern = (template: MessageTemplate, speaker: Language)

    /// A sentence said with its arguments in a fixed order (`names`), whatever order its
    /// translation uses them in: filled by position, without looking a name up.
    package struct Sentence: Sendable {
        package let template: MessageTemplate
        package let speaker: Language
        /// For each of the template's placeholders, the position of its argument in `names`.
        package let positions: [Int?]

        package init(_ p: Pattern, names: [String]) {
            template = p.template; speaker = p.speaker
            positions = p.template.placeholders.map { names.firstIndex(of: $0) }
        }

        package func say(_ values: [String]) -> String {
            template.render(texts: positions.map { $0.map { values[$0] } }, in: speaker)
        }
    }

    package let statuses: [String]
    package let amount, perMonth, form, asOf, rules, why, factsNeeded, figures, rulesGap, undeterminedByGap: String
    package let decides, values, conditions, error, notReached, toPass, thatIs, yes, no, unknown: String
    package let figureDated, holdsFrom: Pattern
    /// `subject, value, bound, gap, above` (`true`, `false` or `equal`).
    package let compareNumber: Sentence
    /// `subject, value, boundLabel, bound, gap, above`.
    package let compareBound: Sentence
    /// `label, amount, lower` (`true` or `false`).
    package let change: Sentence

    package init(_ resolved: [String: MessageCatalogue.Entry], language: Language) {
        func pattern(_ key: String) -> Pattern {
            if let row = resolved[key]?.row, language.slot < row.count { return row[language.slot] }
            return (MessageTemplate(literal: key), language)
        }
        func word(_ key: String) -> String {
            let p = pattern(key)
            return p.template.constant ?? p.template.render(MessageArguments([:]), in: p.speaker)
        }
        statuses = ["eligible", "ineligible", "undetermined", "error"].map { word("explain.status." + $0) }
        amount = word("explain.amount"); perMonth = word("explain.per-month"); form = word("explain.form"); asOf = word("explain.as-of")
        rules = word("explain.rules-version"); why = word("explain.why"); factsNeeded = word("explain.facts-needed")
        figures = word("explain.figures"); rulesGap = word("explain.rules-gap"); undeterminedByGap = word("explain.undetermined-by-gap")
        decides = word("explain.decides"); values = word("explain.values"); conditions = word("explain.conditions")
        error = word("explain.error"); notReached = word("explain.not-reached"); toPass = word("explain.to-pass"); thatIs = word("explain.that-is")
        yes = word("format.yes"); no = word("format.no"); unknown = word("format.unknown")
        figureDated = pattern("explain.figure-dated"); holdsFrom = pattern("explain.holds-from")
        compareNumber = Sentence(pattern("explain.compare-number"), names: ["subject", "value", "bound", "gap", "above"])
        compareBound = Sentence(pattern("explain.compare-bound"), names: ["subject", "value", "boundLabel", "bound", "gap", "above"])
        change = Sentence(pattern("explain.change"), names: ["label", "amount", "lower"])
    }
}
