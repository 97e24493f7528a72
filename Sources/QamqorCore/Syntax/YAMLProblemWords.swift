import QamqorSupport
/// libyaml's problem messages in the three languages, with what to do about each: what a policy
/// officer who has never seen YAML reads instead of «mapping values are not allowed in this
/// context». A problem not listed here is shown in libyaml's words after a translated sentence.
package enum YAMLProblemWords {
    /// (problem, what it means, what to do)
    package static let table: [String: (said: Localized, help: Localized)] = [
        "mapping values are not allowed in this context": (
            Localized("yaml.table"),
            Localized("yaml.if-colon-part-value")),
        "could not find expected ':'": (
            Localized("yaml.no-colon-after-key"),
            Localized("yaml.write-key-value-or")),
        "did not find expected key": (
            Localized("yaml.key-expected-here-did"),
            Localized("yaml.check-line-indented-like")),
        "did not find expected '-' indicator": (
            Localized("yaml.list-item-expected-did"),
            Localized("yaml.each-line-list-starts")),
        "found character that cannot start any token": (
            Localized("yaml.value-cannot-start-with"),
            Localized("yaml.put-value-starts-with")),
        "found a tab character that violates indentation": (
            Localized("yaml.tab-used-indentation"),
            Localized("yaml.indent-with-spaces-only")),
        "found a tab character where an indentation space is expected": (
            Localized("yaml.tab-used-indentation"),
            Localized("yaml.indent-with-spaces-only")),
        "did not find expected ',' or ']'": (
            Localized("yaml.list-brackets-not-closed"),
            Localized("yaml.every-needs-separate-values")),
        "did not find expected ',' or '}'": (
            Localized("yaml.braces-are-not-closed"),
            Localized("yaml.every-separate-pairs-with")),
        "found unexpected end of stream": (
            Localized("yaml.file-ends-too-early"),
            Localized("yaml.look-unclosed-quote-or")),
        "found unknown escape character": (
            Localized("yaml.unknown-sequence-quoted-text"),
            Localized("yaml.double-backslash-or-use")),
        "block sequence entries are not allowed in this context": (
            Localized("yaml.list-item-not-allowed"),
            Localized("yaml.start-list-line-after")),
        "mapping keys are not allowed in this context": (
            Localized("yaml.key-not-allowed-here"),
            Localized("yaml.check-line-indentation")),
        "did not find expected node content": (
            Localized("yaml.value-expected-did-not"),
            Localized("yaml.write-value-or-remove")),
        "did not find expected comment or line break": (
            Localized("yaml.extra-text-after-value"),
            Localized("yaml.line-must-end-after")),
    ]
}
