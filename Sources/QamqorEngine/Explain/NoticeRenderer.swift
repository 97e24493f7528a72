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

    func say(_ kk: String, _ ru: String, _ en: String) -> String { Localized(kk: kk, ru: ru, en: en)[language] }

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
            body += "<p class=\"no-issuer\">\(e(say("Шешім шығарған орган көрсетілмеген", "Орган, принявший решение, не указан", "The issuing body is not named")))</p>"
        }
        body += "</header>"
        body += "<h1>\(e(say("Шешім туралы хабарлама", "Уведомление о решении", "Decision notice")))</h1>"
        body += "<table class=\"who\">"
        func row(_ k: String, _ v: String?) { if let v, !v.isEmpty { body += "<tr><th>\(e(k))</th><td>\(e(v))</td></tr>" } }
        row(say("Өтініш беруші", "Заявитель", "Applicant"), h.applicant)
        row(say("ЖСН", "ИИН", "IIN"), h.iin)
        row(say("Өтініш нөмірі", "Номер заявления", "Application number"), h.applicationID)
        row(say("Өтініш күні", "Дата заявления", "Application date"), day(h.applicationDate))
        row(say("Шешім күні", "Дата решения", "Decided on"), day(h.decidedAt))
        body += "</table>"
        for x in explanations {
            let d = x.decision
            let title = d.title[language]
            body += "<section class=\"decision \(d.status.rawValue)\"><h2>\(e(title))</h2>"
            body += "<p class=\"outcome\"><b>\(e(say("Шешім", "Решение", "Decision"))):</b> \(e(sentence(d, title: title, f: f, rulesGap: !x.gaps.isEmpty && x.facts.isEmpty)))</p>"
            let decisive = decisiveTests(x.root)
            if !decisive.isEmpty {
                let heading = d.status == .ineligible ? say("Бас тарту негізі", "Основание отказа", "Ground for refusal")
                                                      : say("Шешімді анықтаған шарттар", "Условия, определившие решение", "The conditions that decided it")
                body += "<p><b>\(e(heading)):</b></p><ul>"
                for c in decisive where d.status != .ineligible || c.result == false {
                    let mark = c.result == true ? "✔" : c.result == false ? "✘" : "?"
                    // A failed condition is said as failed, not by its label alone (which states it as met).
                    var line = c.result == false
                        ? "\(mark) \(say("Орындалмаған шарт", "Не выполнено условие", "Condition not met")): «\(c.label[language])»"
                        : "\(mark) \(c.label[language])"
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
            // A gap in the rules is said in the decision sentence; its technical name is for officers.
            if let b = x.amountBreakdown, !b.lines.isEmpty {
                body += "<p><b>\(e(say("Сома қалай есептелді", "Как рассчитана сумма", "How the amount was computed"))):</b></p><ul class=\"calc\">"
                body += b.lines.map { "<li>\(e(r.equation($0)))</li>" }.joined() + "</ul>"
            }
            let basis = (bases[d.program] ?? nil)?[language]
                ?? say("ведомство шешімі (бағдарламаға қабылдау ережелері)", "решение ведомства (правила приёма в программу)", "a departmental decision (the programme's admission rules)")
            body += "<p class=\"basis\"><b>\(e(say("Құқықтық негіз", "Правовое основание", "Legal basis"))):</b> \(e(basis))</p>"
            body += "<p class=\"meta\">\(e(say("Шешім \(f.date(d.asOf)) жағдай бойынша қабылданды", "Решение принято по состоянию на \(f.date(d.asOf))", "Decided as of \(f.date(d.asOf))")))</p></section>"
        }
        body += "<section class=\"appeal\"><h2>\(e(say("Шағымдану тәртібі", "Порядок обжалования", "How to appeal")))</h2><p>"
        let to = issuer?.appealTo.map { $0[language] }
        body += e(say(
            "Бұл шешімге шағым оны шығарған орган арқылы \(to.map { "жоғары тұрған органға (\($0))" } ?? "жоғары тұрған органға") беріледі (Қазақстан Республикасының Әкімшілік рәсімдік-процестік кодексінің 91-бабы); шағым бойынша қабылданған шешімге сотқа шағымдануға болады.",
            "Жалоба на это решение подаётся через орган, принявший его, \(to.map { "в вышестоящий орган (\($0))" } ?? "в вышестоящий орган") (статья 91 Административного процедурно-процессуального кодекса Республики Казахстан); решение по жалобе можно обжаловать в суде.",
            "A complaint against this decision is filed through the body that made it \(to.map { "with its higher body (\($0))" } ?? "with its higher body") (Administrative Procedural and Process Code of the Republic of Kazakhstan, article 91), and the decision on the complaint may be taken to court."))
        body += "</p><p class=\"deadline\"><b>\(e(say("Мерзімі", "Срок", "Deadline"))):</b> "
        body += e(issuer?.appealDeadline?[language] ?? say(
            "шешімнің қабылданғаны белгілі болған күннен бастап үш айдан кешіктірілмей (ҚР Әкімшілік рәсімдік-процестік кодексінің 92-бабы).",
            "не позднее трёх месяцев со дня, когда стало известно о принятии решения (статья 92 АППК РК).",
            "no later than three months from the day the decision became known (article 92 of the Administrative Procedural and Process Code).")) + "</p></section>"
        body += "<div class=\"sig\"><span>\(e(say("Маман", "Специалист", "Caseworker")))</span><span class=\"line\"></span><span>\(e(say("Хабарламаны алдым (өтініш берушінің қолы, күні)", "Уведомление получил(а) (подпись заявителя, дата)", "Notice received (applicant's signature, date)")))</span><span class=\"line\"></span></div>"
        body += "<p class=\"meta\">\(e(say("Аудит нөмірі", "Номер в журнале аудита", "Audit id"))): \(e(h.auditID)) · \(e(p.rules)) \(e(h.rulesVersion))</p>"
        body += "<p class=\"print\"><button type=\"button\" class=\"print\">\(e(say("Басып шығару", "Распечатать", "Print")))</button></p>"
        return """
        <!doctype html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <title>\(e(say("Шешім туралы хабарлама", "Уведомление о решении", "Decision notice"))) — \(e(h.auditID))</title>
        <style>
        @page { size: A4; margin: 16mm 16mm 20mm; @bottom-right { content: "\(say("Бет", "Стр.", "Page")) " counter(page) " / " counter(pages); font-size: 8pt; } }
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
    func sentence(_ d: Decision, title: String, f: ValueFormatter, rulesGap: Bool = false) -> String {
        let form = d.formLabel.map { $0[language] }
        // «по программе «…»»: the title as a name, in quotes once (a title may bring its own).
        let t = title.hasPrefix("«") && title.hasSuffix("»") ? title : "«\(title)»"
        switch d.status {
        case .eligible:
            if let a = d.amount {
                let amount = f.money(a)
                return say("\(t) бойынша айына \(amount) мөлшерінде төлем тағайындалсын" + (form.map { ", нысаны: \($0)" } ?? "") + ".",
                           "Назначить выплату по программе \(t): \(amount) в месяц" + (form.map { ", форма: \($0)" } ?? "") + ".",
                           "\(title) is granted: \(amount) a month" + (form.map { ", form: \($0)" } ?? "") + ".")
            }
            return say("Өтініш берушінің \(t) бойынша құқығы бар деп танылсын" + (form.map { " (\($0))" } ?? "") + ".",
                       "Признать право заявителя по программе \(t)" + (form.map { " (\($0))" } ?? "") + ".",
                       "The applicant is found eligible for \(title)" + (form.map { " (\($0))" } ?? "") + ".")
        case .ineligible:
            return say("\(t) бойынша өтінішті қанағаттандырудан бас тартылсын.", "Отказать в удовлетворении заявления по программе \(t).", "\(title) is refused.")
        case .undetermined, .error:
            // A gap in the rules is not the citizen's to fill: say so, and ask for nothing.
            if rulesGap || d.status == .error {
                return say("Шешім қабылданған жоқ: шешімге қажетті көрсеткіш әлі бекітілмеген; сізден қосымша құжат талап етілмейді.",
                           "Решение не принято: не утверждён показатель, необходимый для решения; дополнительных документов от вас не требуется.",
                           "No decision is made: a figure the decision needs is not yet set; no further documents are asked of you.")
            }
            return say("Шешім қабылданған жоқ: мәліметтер жеткіліксіз.", "Решение не принято: недостаточно сведений.", "No decision is made: facts are missing.")
        }
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
