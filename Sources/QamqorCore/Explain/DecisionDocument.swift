import QamqorSupport

/// The answer to "decide for this household": the rule version, the language and level it is
/// said in, the decision day asked for, and every programme's explained decision. What
/// `POST /v1/decisions` answers (with the audit id of the row that keeps it) and what
/// `qamqor eval --format json` prints (nothing audited: no id) — one writer, one document.
package struct DecisionDocument {
    package let rulesVersion: String
    package let language: Language
    package let level: ExplanationLevel
    /// The decision day asked for; nil when each decision was made for its application's date.
    package let asOf: Day?
    package let explanations: [Explanation]

    package init(rulesVersion: String, language: Language, level: ExplanationLevel, asOf: Day?, explanations: [Explanation]) {
        self.rulesVersion = rulesVersion; self.language = language; self.level = level; self.asOf = asOf; self.explanations = explanations
    }

    /// The document as compact JSON, `audit_id` first when there is one.
    package func write(auditID: String?, to out: inout JSONBytes) {
        let renderer = ExplanationRenderer(language: language, level: level, ruleSetVersion: rulesVersion)
        out.object { out in
            if let auditID { out.key("audit_id"); out.string(auditID) }
            out.key("rules_version"); out.string(rulesVersion)
            out.key("language"); out.string(language.rawValue)
            out.key("level"); out.string(level.rawValue)
            out.key("as_of"); out.string(asOf?.description)
            out.key("decisions"); out.array { out in for e in explanations { renderer.write(e, to: &out) } }
        }
    }
}
