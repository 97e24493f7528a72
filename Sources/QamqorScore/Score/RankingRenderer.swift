import QamqorSupport
import QamqorCore
import QamqorBatch
/// Renders a ranking as a text table, CSV, JSON or a printable HTML page, in kk, ru or en.
public struct RankingRenderer: Sendable {
    public let language: Language

    public init(language: Language) { self.language = language }

    package var f: ValueFormatter { ValueFormatter(language: language) }

    package struct Words {
        package let rank, id, name, status, total, grant, reason, region, round, date, rules, applications, funded, reserve, below, ineligible, undetermined, rejected, budget, used, remaining, criteria, passMark, signatures, chair, member, secretary, grants, generated: String
    }

    /// The table's words in the renderer's language, from the catalogue (`ranking.word.*`).
    package var w: Words {
        let c = MessageCatalogue.current, none = MessageArguments([:])
        func t(_ k: String) -> String { c.text("ranking.word." + k, none, in: language) }
        return Words(rank: t("rank"), id: t("id"), name: t("name"), status: t("status"), total: t("total"), grant: t("grant"), reason: t("reason"), region: t("region"), round: t("round"), date: t("date"), rules: t("rules"), applications: t("applications"), funded: t("funded"), reserve: t("reserve"), below: t("below"), ineligible: t("ineligible"), undetermined: t("undetermined"), rejected: t("rejected"), budget: t("budget"), used: t("used"), remaining: t("remaining"), criteria: t("criteria"), passMark: t("pass-mark"), signatures: t("signatures"), chair: t("chair"), member: t("member"), secretary: t("secretary"), grants: t("grants"), generated: t("generated"))
    }

    package func points(_ d: ExactDecimal?) -> String { d.map { f.number($0) } ?? "" }

    package func budgetLine(_ r: Ranking) -> String {
        var parts: [String] = []
        if let n = r.budgetGrants { parts.append("\(r.count(.funded)) / \(n) \(w.grants)") }
        if let b = r.budgetTenge {
            let rest = (try? b.subtracting(r.fundedTotal)) ?? .zero
            parts.append("\(f.money(r.fundedTotal)) \(w.used) / \(f.money(b)); \(f.money(rest)) \(w.remaining)")
        } else {
            parts.append("\(f.money(r.fundedTotal)) \(w.used)")
        }
        return "\(w.budget): " + parts.joined(separator: " · ")
    }

    package func summary(_ r: Ranking) -> String {
        "\(w.applications): \(r.applications.count) · \(w.funded): \(r.count(.funded)) · \(w.reserve): \(r.count(.reserve)) · \(w.below): \(r.count(.belowPassMark)) · \(w.ineligible): \(r.count(.ineligible)) · \(w.undetermined): \(r.count(.undetermined)) · \(w.rejected): \(r.rejected.count)"
    }

    // MARK: Text

    public func text(_ r: Ranking) -> String {
        let crit = r.scoring.criteria.map { $0.spec.label[language] }
        var lines = ["\(r.program.title[language]) [\(r.program.id)] — \(w.round) \(r.roundName), \(f.date(r.roundDate)) · \(w.rules) \(r.rulesVersion)",
                     "\(w.passMark): \(f.number(r.scoring.spec.passMark)) · \(w.criteria): " + crit.joined(separator: ", "), ""]
        let header = [w.rank, w.id, w.status, w.total] + r.scoring.criteria.map { $0.spec.id } + [w.grant, w.reason]
        var table = [header]
        for a in r.applications {
            table.append([a.rank.map(String.init) ?? "—", a.id, a.status.label[language], points(a.total)] + a.points.map { f.number($0) }
                         + (a.points.isEmpty ? Array(repeating: "", count: crit.count) : []) + [a.grant.map { f.money($0) } ?? "", a.reason?[language] ?? ""])
        }
        let widths = header.indices.map { c in table.map { $0[c].count }.max() ?? 0 }
        for row in table {
            lines.append(row.enumerated().map { c, v in c == row.count - 1 ? v : v.padding(toLength: widths[c], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
        lines.append("")
        lines.append(summary(r))
        lines.append(budgetLine(r))
        for rej in r.rejected { lines.append("  ✘ " + rej.said[language]) }
        for s in r.sharedIINs { lines.append("  ⚠ " + Self.sharedIIN(s, language)) }
        return lines.joined(separator: "\n")
    }

    // MARK: CSV

    /// The CSV's first line: column ids (`rank,id,…`, for programs) or their labels in the
    /// renderer's language with a UTF-8 byte-order mark first (for a spreadsheet, which reads
    /// Cyrillic right only with it).
    public enum CSVHeaders: String, Sendable, CaseIterable { case ids, labels }

    public func csv(_ r: Ranking, headers: CSVHeaders = .ids) -> String {
        String(decoding: csvBytes(r, headers: headers), as: UTF8.self)
    }

    /// The CSV as UTF-8 bytes, written without a String per cell (a round can have 100 000 rows).
    public func csvBytes(_ r: Ranking, headers: CSVHeaders = .ids) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(r.applications.count * 128)
        if headers == .labels { out += [0xEF, 0xBB, 0xBF] }
        writeCSV(r, headers: headers, to: &out)
        return out
    }

    /// The columns' headings in the renderer's language.
    package func columnLabels(_ r: Ranking) -> [String] {
        [w.rank, w.id, w.name, w.region, w.status, w.total] + r.scoring.criteria.map { $0.spec.label[language] } + [w.grant, w.reason]
    }

    private func writeCSV<Sink: ByteSink>(_ r: Ranking, headers: CSVHeaders, to out: inout Sink) {
        // For a spreadsheet (`labels`) in a language that writes a decimal comma (kk, ru), the
        // separator is `;` and numbers take the comma, as a kk/ru Excel reads them; for programs
        // (`ids`) and in English, `,` and a decimal point.
        let spreadsheetComma = headers == .labels && language.decimalMark == ","
        let sep: UInt8 = spreadsheetComma ? 59 : 44
        func number(_ d: ExactDecimal) -> String {
            spreadsheetComma ? d.description.replacingOccurrences(of: ".", with: ",") : d.description
        }
        /// A cell as it is, or in quotes with quotes doubled when it holds a comma, a quote or a line
        /// break. A text cell that a spreadsheet would take for a formula (starting with `=`, `+`,
        /// `-`, `@`, a tab or a carriage return) is written after a `'` and in quotes (OWASP's CSV
        /// injection advice); numbers are written as numbers.
        func cell(_ s: String, number: Bool = false) {
            var text = s
            text.withUTF8 { u in
                let formula = !number && u.first.map { [61, 43, 45, 64, 9, 13].contains($0) } == true
                guard formula || u.contains(where: { $0 == sep || $0 == 34 || $0 == 10 || $0 == 13 }) else { return out.write(u) }
                out.write(34)
                if formula { out.write(39) }
                for b in u { if b == 34 { out.write(34) }; out.write(b) }
                out.write(34)
            }
        }
        if headers == .labels {
            for (i, l) in columnLabels(r).enumerated() { if i > 0 { out.write(sep) }; cell(l) }
        } else {
            var header = (["rank", "id", "applicant", "region", "status", "total"] + r.scoring.criteria.map(\.spec.id) + ["grant", "reason"]).joined(separator: ",")
            header.withUTF8 { out.write($0) }
        }
        out.write(10)
        // Each row read in place (borrowed): a copy would count a dozen references a row.
        func row(_ a: borrowing RankedApplication) {
            if let rank = a.rank { out.writeDigits(rank) }
            out.write(sep); cell(a.id)
            out.write(sep); cell(a.name ?? "")
            out.write(sep); cell(a.region ?? "")
            out.write(sep); cell(headers == .labels ? a.status.label[language] : a.status.rawValue)
            out.write(sep); if let t = a.total { cell(number(t), number: true) }
            if a.points.isEmpty { for _ in r.scoring.criteria { out.write(sep) } }
            for p in a.points { out.write(sep); cell(number(p), number: true) }
            out.write(sep); if let g = a.grant { cell(number(g), number: true) }
            out.write(sep); cell(a.reason?[language] ?? "")
            out.write(10)
        }
        for i in r.applications.indices { row(r.applications[i]) }
    }

    // MARK: JSON

    public func json(_ r: Ranking) -> JSONValue {
        .object([
            ("program", .string(r.program.id)), ("title", .string(r.program.title[language])), ("round", .string(r.roundName)),
            ("round_date", .string(r.roundDate.description)), ("rules_version", .string(r.rulesVersion)),
            ("pass_mark", .number(r.scoring.spec.passMark.description)),
            ("criteria", .array(r.scoring.criteria.map { c in
                .object([("id", .string(c.spec.id)), ("label", .string(c.spec.label[language])), ("weight", .number(c.spec.weight.description)),
                         ("cap", c.spec.cap.map { .number($0.description) } ?? .null)])
            })),
            ("budget", .object([("grants", r.budgetGrants.map { .number(String($0)) } ?? .null),
                                ("total", r.budgetTenge.map { .number($0.description) } ?? .null),
                                ("used", .number(r.fundedTotal.description)), ("funded", .number(String(r.count(.funded))))])),
            ("counts", .object(RankingStatus.allCases.map { ($0.rawValue, .number(String(r.count($0)))) })),
            ("statuses", .array(RankingStatus.allCases.map { .object([("status", .string($0.rawValue)), ("label", .string($0.label[language])), ("count", .number(String(r.count($0))))]) })),
            ("applications", .array(r.applications.map { a in
                .object([("rank", a.rank.map { .number(String($0)) } ?? .null), ("id", .string(a.id)), ("line", .number(String(a.line))),
                         ("applicant", a.name.map { .string($0) } ?? .null), ("region", a.region.map { .string($0) } ?? .null), ("region_label", a.regionLabel.map { .string($0[language]) } ?? .null),
                         ("status", .string(a.status.rawValue)), ("status_label", .string(a.status.label[language])),
                         ("total", a.total.map { .number($0.description) } ?? .null),
                         ("points", .object(zip(r.scoring.criteria, a.points).map { ($0.spec.id, .number($1.description)) })),
                         ("grant", a.grant.map { .number($0.description) } ?? .null), ("reason", a.reason.map { .string($0[language]) } ?? .null)])
            })),
            ("rejected", .array(r.rejected.map { .object([("line", .number(String($0.line))), ("message", .string($0.said[language]))]) })),
            ("shared_iins", .array(r.sharedIINs.map { s in .object([("iin", .string(s.iin)), ("lines", .array(s.lines.map { .number(String($0)) })),
                                                                    ("message", .string(Self.sharedIIN(s, language)))]) })),
        ])
    }

    // MARK: HTML

    /// A self-contained page that prints on A4 (landscape): heading, the table, totals, budget
    /// and lines for the committee's signatures, with page numbers. With `keep`, only the rows it
    /// keeps (the committee's filter), and a line saying how many of how many are shown.
    public func html(_ r: Ranking, generatedAt: String, keep: ((RankedApplication) -> Bool)? = nil) -> String {
        let e = HTMLText.escape
        var rows = "", shown = 0
        for a in r.applications where keep?(a) ?? true {
            shown += 1
            let cls = a.status.rawValue
            rows += "<tr class=\"\(cls)\"><td>\(a.rank.map(String.init) ?? "—")</td><td class=\"id\">\(e(a.id))</td><td>\(e(a.name ?? ""))</td><td>\(e(a.regionLabel?[language] ?? a.region ?? ""))</td><td>\(e(a.status.label[language]))</td><td class=\"num\">\(points(a.total))</td>"
            rows += (a.points.isEmpty ? Array(repeating: "", count: r.scoring.criteria.count) : a.points.map { f.number($0) }).map { "<td class=\"num\">\($0)</td>" }.joined()
            rows += "<td class=\"num\">\(a.grant.map { e(f.money($0)) } ?? "")</td><td>\(e(a.reason?[language] ?? ""))</td></tr>\n"
        }
        let critHead = r.scoring.criteria.map { "<th title=\"\(e($0.spec.label[language]))\">\(e($0.spec.label[language]))</th>" }.joined()
        let rejected = r.rejected.isEmpty ? "" : "<h2>\(e(w.rejected))</h2><ul>" + r.rejected.map { "<li>\(e($0.said[language]))</li>" }.joined() + "</ul>"
        let signatures = [w.chair, w.member, w.member, w.secretary].map { "<div class=\"sig\"><span>\(e($0))</span><span class=\"line\"></span></div>" }.joined()
        return """
        <!doctype html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <title>\(e(r.program.title[language])) — \(e(r.roundName))</title>
        <style>
        @page { size: A4 landscape; margin: 12mm 12mm 16mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
        body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9pt; color: #111; margin: 0; }
        h1 { font-size: 14pt; margin: 0 0 4pt; }
        h2 { font-size: 11pt; margin: 10pt 0 4pt; }
        .meta { margin: 0 0 8pt; color: #333; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border: 0.5pt solid #999; padding: 2pt 4pt; vertical-align: top; }
        th { background: #eee; text-align: left; }
        thead { display: table-header-group; }
        tr { page-break-inside: avoid; }
        .num, .id { text-align: right; white-space: nowrap; } .id { text-align: left; }
        tr.funded td { background: #e8f5e9; }
        tr.reserve td { background: #fffde7; }
        tr.ineligible td, tr.undetermined td { color: #666; }
        .totals p { margin: 2pt 0; }
        .signatures { display: flex; flex-wrap: wrap; gap: 10pt 30pt; margin-top: 18pt; page-break-inside: avoid; }
        .sig { display: flex; align-items: flex-end; gap: 6pt; width: 45%; }
        .sig .line { flex: 1; border-bottom: 0.5pt solid #000; height: 16pt; }
        </style>
        </head>
        <body>
        <h1>\(e(r.program.title[language]))</h1>
        <p class="meta">\(e(w.round)): \(e(r.roundName)) · \(e(w.date)): \(e(f.date(r.roundDate))) · \(e(w.rules)): \(e(r.rulesVersion)) · \(e(w.passMark)): \(e(f.number(r.scoring.spec.passMark))) · \(e(w.generated)): \(e(generatedAt))</p>
        \(keep == nil ? "" : "<p class=\"meta shown\">\(e(w.applications)): \(shown) / \(r.applications.count)</p>")
        <table>
        <thead><tr><th>\(e(w.rank))</th><th>\(e(w.id))</th><th>\(e(w.name))</th><th>\(e(w.region))</th><th>\(e(w.status))</th><th>\(e(w.total))</th>\(critHead)<th>\(e(w.grant))</th><th>\(e(w.reason))</th></tr></thead>
        <tbody>
        \(rows)</tbody>
        </table>
        <div class="totals">
        <p>\(e(summary(r)))</p>
        <p>\(e(budgetLine(r)))</p>
        </div>
        \(rejected)
        <h2>\(e(w.signatures))</h2>
        <div class="signatures">\(signatures)</div>
        </body>
        </html>
        """
    }

    /// Why `a` ranks above `b` (or below): the criteria where they differ, and by how much.
    public func compare(_ r: Ranking, _ idA: String, _ idB: String) -> String? {
        guard let a = r.applications.first(where: { $0.id == idA }), let b = r.applications.first(where: { $0.id == idB }) else { return nil }
        var lines: [String] = []
        func place(_ x: RankedApplication) -> String { "\(x.id): \(x.status.label[language])" + (x.rank.map { ", #\($0)" } ?? "") + (x.total.map { ", \(w.total.lowercased()) \(f.number($0))" } ?? "") }
        lines.append(place(a))
        lines.append(place(b))
        guard let ta = a.total, let tb = b.total, a.points.count == b.points.count else {
            for x in [a, b] where x.total == nil { lines.append("\(x.id): \(x.reason?[language] ?? x.status.label[language])") }
            return lines.joined(separator: "\n")
        }
        let diff = (try? ta.subtracting(tb)) ?? .zero
        let header = diff == .zero ? Localized("ranking.compare.equal")[language]
            : Localized("ranking.compare.ahead", ["id": diff > .zero ? a.id : b.id, "points": f.number(ExactDecimal(units: abs(diff.units)))])[language]
        lines.append(header)
        for (k, c) in r.scoring.criteria.enumerated() where a.points[k] != b.points[k] {
            let d = (try? a.points[k].subtracting(b.points[k])) ?? .zero
            lines.append("  \(c.spec.label[language]): \(f.number(a.points[k])) − \(f.number(b.points[k])) = \(d > .zero ? "+" : "−")\(f.number(ExactDecimal(units: abs(d.units))))")
        }
        if diff == .zero {
            for (k, t) in r.scoring.tieBreaks.enumerated() {
                let va = a.tieValues[k], vb = b.tieValues[k]
                lines.append("  \(t.spec.label[language]): \(f.format(va, type: t.expr.type)) / \(f.format(vb, type: t.expr.type))")
                if Compiler.order(va, vb) != 0 { break }
            }
            if a.tieValues.indices.allSatisfy({ Compiler.order(a.tieValues[$0], b.tieValues[$0]) == 0 }) {
                lines.append("  " + Localized("ranking.compare.then-by-id")[language])
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One person in two applications, said in `language`.
    package static func sharedIIN(_ s: (iin: String, lines: [Int]), _ language: Language) -> String {
        Localized("ranking.shared-iin", ["iin": s.iin, "lines": s.lines.map(String.init).joined(separator: ", ")])[language]
    }
}
