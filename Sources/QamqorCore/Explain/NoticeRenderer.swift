import QamqorSupport
/// A decision notice: one printable A4 page per request that a caseworker can hand to the
/// applicant or file — who applied, each programme's decision, the amount and form, the
/// conditions that decided it in plain words, how the amount was computed, the legal basis (the
/// rule's source), the date it was decided as of, the rules version and the audit id, and where to
/// appeal. In kk, ru or en.
public struct NoticeRenderer: Sendable {
    public let language: Language

    /// What the notice says about the request itself.
    public struct Header: Sendable {
        public var auditID: String
        public var decidedAt: String
        public var rulesVersion: String
        /// The applicant's name and (masked) IIN, and the application's number and date (ISO), when known.
        public var applicant: String?
        public var iin: String?
        public var applicationID: String?
        public var applicationDate: String?
        public init(auditID: String, decidedAt: String, rulesVersion: String, applicant: String? = nil, iin: String? = nil,
                    applicationID: String? = nil, applicationDate: String? = nil) {
            self.auditID = auditID; self.decidedAt = decidedAt; self.rulesVersion = rulesVersion
            self.applicant = applicant; self.iin = iin; self.applicationID = applicationID; self.applicationDate = applicationDate
        }
    }

    public init(language: Language) { self.language = language }

    package func say(_ key: String, _ arguments: KeyValuePairs<String, any MessageArgument> = [:]) -> String {
        MessageCatalogue.say(key, arguments, in: language)
    }

    /// The notice for `explanations`: `bases` gives each programme's legal basis (its rule file's
    /// `legal_basis`; nil for a departmental decision); `issuer` the body that issues it (nil: the
    /// notice says the deployment has not named one). Internal notes (a rule's `source`) are
    /// never printed; dates are dd.mm.yyyy in kk and ru.
    public func html(_ explanations: [Explanation], bases: [String: Localized?], header h: Header, issuer: NoticeIssuer?) -> String {
        let e = HTMLText.escape
        let r = ExplanationRenderer(language: language, level: .decisive, ruleSetVersion: h.rulesVersion)
        let p = Phrases(language: language), f = ValueFormatter(language: language)
        func day(_ iso: String?) -> String? { iso.flatMap { Day(iso: $0) }.map(f.date) ?? iso }
        var body = "<header class=\"issuer\">"
        if let issuer {
            body += "<p class=\"body-name\"><b>\(e(issuer.name[language]))</b></p>"
            if let a = issuer.address { body += "<p>\(e(a[language]))</p>" }
        } else {
            body += "<p class=\"no-issuer\">\(e(say("notice.issuing-body-not-named")))</p>"
        }
        body += "</header>"
        body += "<h1>\(e(say("notice.decision-notice")))</h1>"
        body += "<table class=\"who\">"
        func row(_ k: String, _ v: String?) { if let v, !v.isEmpty { body += "<tr><th>\(e(k))</th><td>\(e(v))</td></tr>" } }
        row(say("notice.applicant"), h.applicant)
        row(say("notice.iin-label"), h.iin)
        row(say("notice.application-number"), h.applicationID)
        row(say("notice.application-date"), day(h.applicationDate))
        row(say("notice.decided"), day(h.decidedAt))
        body += "</table>"
        for x in explanations {
            let d = x.decision
            let title = d.title[language]
            body += "<section class=\"decision \(d.status.rawValue)\"><h2>\(e(title))</h2>"
            body += "<p class=\"outcome\"><b>\(e(say("notice.decision"))):</b> \(e(sentence(d, title: title, f: f, rulesGap: !x.gaps.isEmpty && x.facts.isEmpty)))</p>"
            let decisive = decisiveTests(x.root)
            if !decisive.isEmpty {
                let heading = d.status == .ineligible ? say("notice.ground-refusal")
                                                      : say("notice.conditions-decided")
                body += "<p><b>\(e(heading)):</b></p><ul>"
                for c in decisive where d.status != .ineligible || c.result == false {
                    let mark = c.result == true ? "✔" : c.result == false ? "✘" : "?"
                    // A failed condition is said as failed, not by its label alone (which states it as met).
                    var line = c.result == false
                        ? "\(mark) \(say("notice.condition-not-met")): «\(c.label[language])»"
                        : "\(mark) \(c.label[language])"
                    if let reason = c.reason { line += ": " + r.fill(reason[language], c.reasonValues) }
                    body += "<li>\(e(line))"
                    if let t = c.threshold { body += "<br><small>\(e(r.threshold(t).joined(separator: " ")))</small>" }
                    body += "</li>"
                }
                body += "</ul>"
            }
            if !x.facts.isEmpty {
                body += "<p><b>\(e(say("notice.facts-decision-needs"))):</b> "
                body += e(x.facts.map { $0.label[language] }.joined(separator: "; ")) + "</p>"
            }
            // A gap in the rules is said in the decision sentence; its technical name is for officers.
            if let b = x.amountBreakdown, !b.lines.isEmpty {
                body += "<p><b>\(e(say("notice.how-amount-computed"))):</b></p><ul class=\"calc\">"
                body += b.lines.map { "<li>\(e(r.equation($0)))</li>" }.joined() + "</ul>"
            }
            let basis = (bases[d.program] ?? nil)?[language]
                ?? say("notice.departmental-decision-programme-s")
            body += "<p class=\"basis\"><b>\(e(say("notice.legal-basis"))):</b> \(e(basis))</p>"
            body += "<p class=\"meta\">\(e(say("notice.decided-as-of", ["date": f.date(d.asOf)])))</p></section>"
        }
        body += "<section class=\"appeal\"><h2>\(e(say("notice.how-appeal")))</h2><p>"
        let to = issuer?.appealTo.map { $0[language] }
        body += e(say("notice.appeal-route", ["to": to ?? "", "named": to != nil]))
        body += "</p><p class=\"deadline\"><b>\(e(say("notice.deadline"))):</b> "
        body += e(issuer?.appealDeadline?[language] ?? say("notice.no-later-than-three")) + "</p></section>"
        body += "<div class=\"sig\"><span>\(e(say("notice.caseworker")))</span><span class=\"line\"></span><span>\(e(say("notice.notice-received-applicant-s")))</span><span class=\"line\"></span></div>"
        body += "<p class=\"meta\">\(e(say("notice.audit-id"))): \(e(h.auditID)) · \(e(p.rules)) \(e(h.rulesVersion))</p>"
        body += "<p class=\"print\"><button type=\"button\" class=\"print\">\(e(say("notice.print")))</button></p>"
        return """
        <!doctype html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <title>\(e(say("notice.decision-notice"))) — \(e(h.auditID))</title>
        <style>
        @page { size: A4; margin: 16mm 16mm 20mm; @bottom-right { content: "\(say("notice.page")) " counter(page) " / " counter(pages); font-size: 8pt; } }
        body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #111; max-width: 180mm; margin: 1em auto; }
        header.issuer p { margin: 0; } header.issuer { margin-bottom: 8pt; } .no-issuer { color: #a00; }
        h1 { font-size: 15pt; margin: 0 0 8pt; } h2 { font-size: 12pt; margin: 12pt 0 4pt; }
        table.who th { text-align: left; padding-right: 10pt; font-weight: normal; color: #444; }
        section.decision, section.appeal { border-top: 1pt solid #999; break-inside: avoid; }
        ul { margin: 2pt 0 6pt; padding-left: 14pt; } .meta { color: #444; font-size: 9pt; }
        .sig { display: grid; grid-template-columns: auto 1fr auto 1fr; gap: 6pt; margin-top: 24pt; align-items: end; }
        .sig .line { border-bottom: 0.5pt solid #000; height: 14pt; }
        @media print { a, .print { display: none; } }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// The decision as a formal sentence: what is granted (with the amount and form), found, or
    /// refused — or that no decision could be made.
    package func sentence(_ d: Decision, title: String, f: ValueFormatter, rulesGap: Bool = false) -> String {
        let form = d.formLabel.map { $0[language] }
        // «по программе «…»»: the title as a name, in quotes once (a title may bring its own).
        let t = title.hasPrefix("«") && title.hasSuffix("»") ? title : "«\(title)»"
        switch d.status {
        case .eligible:
            if let a = d.amount {
                let amount = f.money(a)
                return say("notice.sentence.granted-amount", ["program": t, "amount": amount, "form": form ?? "", "hasForm": form != nil])
            }
            return say("notice.sentence.granted", ["program": t, "form": form ?? "", "hasForm": form != nil])
        case .ineligible:
            return say("notice.sentence.refused", ["program": t])
        case .undetermined, .error:
            // A gap in the rules is not the citizen's to fill: say so, and ask for nothing.
            if rulesGap || d.status == .error {
                return say("notice.no-decision-made-figure")
            }
            return say("notice.no-decision-made-facts")
        }
    }

    /// The tests that decided the outcome, in order (the leaves of the decisive branches).
    package func decisiveTests(_ root: ExplainedCondition?) -> [ExplainedCondition] {
        var out: [ExplainedCondition] = []
        func walk(_ c: ExplainedCondition) {
            guard c.decisive else { return }
            if c.kind == .test { out.append(c) } else { c.children.forEach(walk) }
        }
        root.map(walk)
        return out
    }
}
