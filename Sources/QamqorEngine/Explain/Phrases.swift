/// The fixed words and sentence patterns of explanations, from the message catalogue (`explain.*`).
/// Rule-specific text (labels, reasons) comes from the rule files; only the glue is here.
struct Phrases {
    let language: Language
    let catalogue: MessageCatalogue

    init(language: Language) {
        self.language = language
        self.catalogue = MessageCatalogue.current
    }

    private func say(_ key: String, _ arguments: KeyValuePairs<String, any MessageArgument> = [:]) -> String {
        catalogue.text(key, MessageArguments(arguments), in: language)
    }

    func status(_ s: DecisionStatus) -> String {
        switch s {
        case .eligible: say("explain.status.eligible")
        case .ineligible: say("explain.status.ineligible")
        case .undetermined: say("explain.status.undetermined")
        case .error: say("explain.status.error")
        }
    }

    var amount: String { say("explain.amount") }
    var perMonth: String { say("explain.per-month") }
    var form: String { say("explain.form") }
    var asOf: String { say("explain.as-of") }
    var rules: String { say("explain.rules-version") }
    var why: String { say("explain.why") }
    var factsNeeded: String { say("explain.facts-needed") }
    var figures: String { say("explain.figures") }
    /// "the figure of 01.09.2025" for a dated parameter value.
    func figureDated(_ d: String) -> String { say("explain.figure-dated", ["date": d]) }
    var rulesGap: String { say("explain.rules-gap") }
    var undeterminedByGap: String { say("explain.undetermined-by-gap") }
    var decides: String { say("explain.decides") }
    var values: String { say("explain.values") }
    var conditions: String { say("explain.conditions") }
    var error: String { say("explain.error") }
    var notReached: String { say("explain.not-reached") }

    /// "Per-capita income 45 000 ₸ is 2 583.50 ₸ above the poverty line 42 416.50 ₸"; with no
    /// `bound` label, a comparison with a number written in the rule ("… 0; до 4 не хватает 4").
    func comparison(subject: String, subjectValue: String, bound: String, boundValue: String, gap: String, above: Bool?) -> String {
        let side: any MessageArgument = above.map { $0 as any MessageArgument } ?? "equal"
        if bound.isEmpty {
            return say("explain.compare-number", ["subject": subject, "value": subjectValue, "bound": boundValue, "gap": gap, "above": side])
        }
        return say("explain.compare-bound", ["subject": subject, "value": subjectValue, "boundLabel": lower(bound), "bound": boundValue, "gap": gap, "above": side])
    }

    /// "the household's income for the quarter would have to be 68 400 ₸ lower"
    func change(_ label: String, by amount: String, lower isLower: Bool) -> String {
        say("explain.change", ["label": label, "amount": amount, "lower": isLower])
    }

    var toPass: String { say("explain.to-pass") }
    var thatIs: String { say("explain.that-is") }

    func holdsFrom(_ date: String) -> String { say("explain.holds-from", ["date": date]) }

    func lower(_ s: String) -> String { MessageTemplate.lowered(s) }
}
