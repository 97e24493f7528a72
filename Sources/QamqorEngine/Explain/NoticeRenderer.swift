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
        /// The applicant's name and (masked) IIN, and the application's number and date, when known.
        public var applicant: String?
        public var iin: String?
        public var application: String?
        public init(auditID: String, decidedAt: String, rulesVersion: String, applicant: String? = nil, iin: String? = nil, application: String? = nil) {
            self.auditID = auditID; self.decidedAt = decidedAt; self.rulesVersion = rulesVersion
            self.applicant = applicant; self.iin = iin; self.application = application
        }
    }

    public init(language: Language) { self.language = language }

    func say(_ kk: String, _ ru: String, _ en: String) -> String { Localized(kk: kk, ru: ru, en: en)[language] }

    /// The notice for `explanations`; `sources` gives each programme's legal source (its rule file's `source`).
    public func html(_ explanations: [Explanation], sources: [String: String], header h: Header) -> String {
        let e = HTMLText.escape
        let r = ExplanationRenderer(language: language, level: .decisive, ruleSetVersion: h.rulesVersion)
        let p = Phrases(language: language), f = ValueFormatter(language: language)
        var body = "<h1>\(e(say("Шешім туралы хабарлама", "Уведомление о решении", "Decision notice")))</h1>"
        body += "<table class=\"who\">"
        func row(_ k: String, _ v: String?) { if let v, !v.isEmpty { body += "<tr><th>\(e(k))</th><td>\(e(v))</td></tr>" } }
        row(say("Өтініш беруші", "Заявитель", "Applicant"), h.applicant)
        row(say("ЖСН", "ИИН", "IIN"), h.iin)
        row(say("Өтінім", "Заявление", "Application"), h.application)
        row(say("Шешім шығарылды", "Решение принято", "Decided on"), h.decidedAt)
        body += "</table>"
        for x in explanations {
            let d = x.decision
            body += "<section class=\"decision \(d.status.rawValue)\"><h2>\(e(d.title[language]))</h2>"
            body += "<p class=\"outcome\"><b>\(e(say("Шешім", "Решение", "Decision"))):</b> \(e(p.status(d.status)))"
            if let a = d.amount { body += " — <b>\(e(f.money(a)))</b> \(e(p.perMonth))" }
            if let fl = d.formLabel { body += " (\(e(fl[language])))" }
            body += "</p>"
            let decisive = decisiveTests(x.root)
            if !decisive.isEmpty {
                body += "<p><b>\(e(say("Шешімді анықтаған шарттар", "Условия, определившие решение", "The conditions that decided it"))):</b></p><ul>"
                for c in decisive {
                    let mark = c.result == true ? "✔" : c.result == false ? "✘" : "?"
                    var line = "\(mark) \(c.label[language])"
                    if let reason = c.reason { line += ": " + r.fill(reason[language], c.reasonValues) }
                    body += "<li>\(e(line))"
                    if let t = c.threshold { body += "<br><small>\(e(r.threshold(t).joined(separator: " ")))</small>" }
                    body += "</li>"
                }
                body += "</ul>"
            }
            if !x.facts.isEmpty {
                body += "<p><b>\(e(say("Шешім үшін қажет мәліметтер", "Для решения нужны сведения", "Facts the decision needs"))):</b> "
                body += e(x.facts.map { $0.label[language] }.joined(separator: "; ")) + "</p>"
            }
            if !x.gaps.isEmpty {
                body += "<p><b>\(e(p.rulesGap))</b> " + e(x.gaps.map { $0.label[language] }.joined(separator: "; ")) + "</p>"
            }
            if let b = x.amountBreakdown, !b.lines.isEmpty {
                body += "<p><b>\(e(say("Сома қалай есептелді", "Как рассчитана сумма", "How the amount was computed"))):</b></p><ul class=\"calc\">"
                body += b.lines.map { "<li>\(e(r.equation($0)))</li>" }.joined() + "</ul>"
            }
            body += "<p class=\"basis\"><b>\(e(say("Құқықтық негіз", "Правовое основание", "Legal basis"))):</b> \(e(sources[d.program] ?? ""))</p>"
            body += "<p class=\"meta\">\(e(p.asOf)) \(e(f.date(d.asOf)))</p></section>"
        }
        body += "<p class=\"appeal\"><b>\(e(say("Шағымдану тәртібі", "Порядок обжалования", "How to appeal"))):</b> "
        body += e(say("бұл шешімге оны шығарған органға немесе жоғары тұрған органға, содан кейін сотқа Қазақстан Республикасының әкімшілік рәсімдік заңнамасында белгіленген тәртіппен шағым жасауға болады.",
                      "это решение можно обжаловать в орган, принявший его, или в вышестоящий орган, а затем в суд в порядке, установленном административным процедурным законодательством Республики Казахстан.",
                      "this decision may be appealed to the body that made it or to its higher body, and then to a court, in the manner the administrative procedure legislation of the Republic of Kazakhstan sets.")) + "</p>"
        body += "<div class=\"sig\"><span>\(e(say("Маман", "Специалист", "Caseworker")))</span><span class=\"line\"></span><span>\(e(say("Өтініш беруші", "Заявитель", "Applicant")))</span><span class=\"line\"></span></div>"
        body += "<p class=\"meta\">\(e(say("Аудит нөмірі", "Номер в журнале аудита", "Audit id"))): \(e(h.auditID)) · \(e(p.rules)) \(e(h.rulesVersion))</p>"
        return """
        <!doctype html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <title>\(e(say("Шешім туралы хабарлама", "Уведомление о решении", "Decision notice"))) — \(e(h.auditID))</title>
        <style>
        @page { size: A4; margin: 16mm; }
        body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #111; max-width: 180mm; margin: 1em auto; }
        h1 { font-size: 15pt; margin: 0 0 8pt; } h2 { font-size: 12pt; margin: 12pt 0 4pt; }
        table.who th { text-align: left; padding-right: 10pt; font-weight: normal; color: #444; }
        section.decision { border-top: 1pt solid #999; }
        ul { margin: 2pt 0 6pt; padding-left: 14pt; } .meta { color: #444; font-size: 9pt; }
        .sig { display: grid; grid-template-columns: auto 1fr auto 1fr; gap: 6pt; margin-top: 24pt; align-items: end; }
        .sig .line { border-bottom: 0.5pt solid #000; height: 14pt; }
        @media print { a { display: none; } }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// The tests that decided the outcome, in order (the leaves of the decisive branches).
    func decisiveTests(_ root: ExplainedCondition?) -> [ExplainedCondition] {
        var out: [ExplainedCondition] = []
        func walk(_ c: ExplainedCondition) {
            guard c.decisive else { return }
            if c.kind == .test { out.append(c) } else { c.children.forEach(walk) }
        }
        root.map(walk)
        return out
    }
}
