import QamqorSupport
import QamqorCore
/// Renders an ``ImpactAnalysis/Report`` for policy officers as text, JSON or a printable HTML page,
/// in kk, ru or en, with the example households explained under both rule sets.
///
/// Guarantees: every figure of the report appears in each format; every fixed word exists in the
/// three languages; money uses the formatter of the chosen language.
package struct ImpactRenderer: Sendable {
    package let language: Language
    package let analysis: ImpactAnalysis
    /// How the two rule sets are named in the report (their directories).
    package let baseName: String
    package let proposedName: String

    package init(language: Language, analysis: ImpactAnalysis, baseName: String, proposedName: String) {
        self.language = language; self.analysis = analysis; self.baseName = baseName; self.proposedName = proposedName
    }

    private var f: ValueFormatter { ValueFormatter(language: language) }
    private func say(_ key: String, _ arguments: KeyValuePairs<String, any MessageArgument> = [:]) -> String {
        MessageCatalogue.say(key, arguments, in: language)
    }

    /// `+1 234 ₸`, `−56 ₸` or `0 ₸`.
    package func signed(_ d: ExactDecimal) -> String {
        (d.units > 0 ? "+" : d.units < 0 ? "−" : "") + f.money(ExactDecimal(units: abs(d.units)))
    }

    private func heading(_ r: ImpactAnalysis.Report) -> String {
        say("impact.impact-against-households-not", ["proposedName": proposedName, "proposedVersion": analysis.proposed.version, "baseName": baseName, "baseVersion": analysis.base.version, "rHouseholds": r.households, "rRejected": r.rejected])
    }

    /// Said instead of a monthly total that exact arithmetic cannot hold.
    private var tooLarge: String {
        say("impact.beyond-exact-arithmetic-over")
    }

    /// The monthly costs before and after and their change, or `tooLarge` three times.
    private func costs(_ p: ImpactAnalysis.ProgramImpact) -> (before: String, after: String, change: String) {
        p.costTooLarge ? (tooLarge, tooLarge, tooLarge) : (f.money(p.costBefore), f.money(p.costAfter), signed(p.costChange))
    }

    private func summary(_ p: ImpactAnalysis.ProgramImpact) -> String {
        let c = costs(p)
        let gaps = p.gapsBefore == 0 && p.gapsAfter == 0 ? "" : say("impact.undetermined-gap-rules", ["gapsBefore": p.gapsBefore, "gapsAfter": p.gapsAfter])
        return gaps.isEmpty ? plain(p, c) : plain(p, c) + gaps
    }

    private func plain(_ p: ImpactAnalysis.ProgramImpact, _ c: (before: String, after: String, change: String)) -> String {
        p.costTooLarge
            ? say("impact.eligible-gain-lose-monthly", ["eligibleBefore": p.eligibleBefore, "eligibleAfter": p.eligibleAfter, "gains": p.gains, "losses": p.losses, "tooLarge": tooLarge])
            : say("impact.programme-line-with-cost", ["eligibleBefore": p.eligibleBefore, "eligibleAfter": p.eligibleAfter, "gains": p.gains, "losses": p.losses, "before": c.before, "after": c.after, "change": c.change])
    }

    /// `line 5: <why>` for each line not read that the report names, then how many more there were.
    private func unreadable(_ r: ImpactAnalysis.Report) -> [String] {
        var out = r.unreadable.map { line, why in say("impact.line", ["line": line, "why": why]) }
        let more = r.rejected - r.unreadable.count
        if more > 0 {
            out.append(say("impact.more-lines-not-read", ["more": more]))
        }
        return out
    }

    private func examplesHeading(_ p: ImpactAnalysis.ProgramImpact, gains: Bool) -> String {
        gains ? say("impact.households-gain-eligibility-examples")
              : say("impact.households-lose-eligibility-examples")
    }

    private func exampleLabel(line: Int, after: Bool) -> String {
        let version = after ? analysis.proposed.version : analysis.base.version
        return after ? say("impact.line-after", ["line": line, "version": version])
                     : say("impact.line-before", ["line": line, "version": version])
    }

    /// The programmes whose eligibility or cost changes.
    private func changed(_ r: ImpactAnalysis.Report) -> [ImpactAnalysis.ProgramImpact] {
        r.programs.filter(\.changed)
    }

    private func examples(_ p: ImpactAnalysis.ProgramImpact) -> [(gains: Bool, [(Int, String)])] {
        [(true, p.gainExamples), (false, p.lossExamples)].filter { !$0.1.isEmpty }
    }

    private func explained(_ json: String, _ p: ImpactAnalysis.ProgramImpact, after: Bool) -> Explanation? {
        analysis.explain(json, program: p.program, proposed: after)
    }

    /// An example household in one line (place, members, application date).
    private func household(_ json: String) -> Localized? {
        guard case .success(let r) = JSONRecordReader(schema: analysis.proposed.schema).read(Array(json.utf8), source: "example") else { return nil }
        return HouseholdLine.describe(r, schema: analysis.proposed.schema)
    }

    private func renderer(after: Bool) -> ExplanationRenderer {
        ExplanationRenderer(language: language, ruleSetVersion: after ? analysis.proposed.version : analysis.base.version)
    }

    package func text(_ r: ImpactAnalysis.Report) -> String {
        var lines = [heading(r)] + unreadable(r) + [""]
        for p in r.programs { lines.append("\(p.program) — \(p.title[language]): \(summary(p))") }
        for p in changed(r) {
            for (gains, list) in examples(p) {
                lines += ["", "== \(p.program): \(examplesHeading(p, gains: gains))"]
                for (line, json) in list {
                    for after in [false, true] {
                        lines.append("-- \(exampleLabel(line: line, after: after)):")
                        if let e = explained(json, p, after: after) { lines.append(renderer(after: after).text(e)) }
                    }
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    package func json(_ r: ImpactAnalysis.Report) -> JSONValue {
        .object([
            ("households", .number(String(r.households))), ("rejected", .number(String(r.rejected))),
            ("not_read", .array(r.unreadable.map { .object([("line", .number(String($0.line))), ("error", .string($0.message[language]))]) })),
            ("base_version", .string(analysis.base.version)), ("rules_version", .string(analysis.proposed.version)),
            ("programs", .array(r.programs.map { p in
                .object([("program", .string(p.program)), ("title", .string(p.title[language])),
                         ("eligible_before", .number(String(p.eligibleBefore))), ("eligible_after", .number(String(p.eligibleAfter))),
                         ("gains", .number(String(p.gains))), ("losses", .number(String(p.losses))),
                         ("rules_gaps_before", .number(String(p.gapsBefore))), ("rules_gaps_after", .number(String(p.gapsAfter))),
                         ("monthly_cost_before", p.costTooLarge ? .null : .number(p.costBefore.description)),
                         ("monthly_cost_after", p.costTooLarge ? .null : .number(p.costAfter.description)),
                         ("monthly_cost_change", p.costTooLarge ? .null : .number(p.costChange.description)),
                         ("monthly_cost_too_large", .bool(p.costTooLarge)),
                         ("annual_cost_before", p.costTooLarge ? .null : Self.annual(p.costBefore)),
                         ("annual_cost_after", p.costTooLarge ? .null : Self.annual(p.costAfter)),
                         ("annual_cost_change", p.costTooLarge ? .null : Self.annual(p.costChange)),
                         ("examples", .array(examples(p).flatMap { gains, list in list.map { line, json in
                             .object([("line", .number(String(line))), ("change", .string(gains ? "gain" : "loss")),
                                      ("household", household(json).map { .string($0[language]) } ?? .null),
                                      ("before", explained(json, p, after: false).map(renderer(after: false).json) ?? .null),
                                      ("after", explained(json, p, after: true).map(renderer(after: true).json) ?? .null)])
                         } }))])
            })),
            ("breakdown", breakdownJSON(r.breakdown)),
        ])
    }

    /// Twelve times a monthly figure, or null beyond exact arithmetic.
    package static func annual(_ monthly: ExactDecimal) -> JSONValue {
        (try? monthly.multiplied(by: ExactDecimal(integer: 12))).map { .number($0.description) } ?? .null
    }

    private func groupJSON(_ g: ImpactBreakdown.Group, _ extra: [(String, JSONValue)]) -> JSONValue {
        .object(extra + [("households", .number(String(g.households))), ("gainers", .number(String(g.gainers))), ("losers", .number(String(g.losers))),
                         ("monthly_cost_change", g.tooLarge ? .null : .number(g.costChange.description)),
                         ("annual_cost_change", g.tooLarge ? .null : Self.annual(g.costChange))])
    }

    /// The regions (those with households), the income deciles and the histogram of changes.
    package func breakdownJSON(_ b: ImpactBreakdown) -> JSONValue {
        let none = say("impact.no-region")
        let edges = ImpactBreakdown.histogramEdges
        return .object([
            ("regions", .array(b.regions.indices.filter { b.regions[$0].households > 0 }.map { i in
                groupJSON(b.regions[i], [("region", i < b.regionCodes.count ? .string(b.regionCodes[i]) : .null),
                                         ("label", .string(i < b.regionLabels.count ? b.regionLabels[i][language] : none))])
            })),
            ("deciles", .array(b.deciles.enumerated().map { k, g in
                groupJSON(g, [("decile", .number(String(k + 1))), ("income_up_to", g.incomeUpTo.map { .number($0.rounded(places: 2).description) } ?? .null)])
            })),
            ("histogram", .array(b.histogram.enumerated().map { k, n in
                .object([("from", k == 0 || k == 5 ? (k == 0 ? .null : .number("0")) : .number(String(edges[k - 1]))),
                         ("to", k == 8 ? .null : k == 4 ? .number("0") : .number(String(edges[k]))),
                         ("unchanged", .bool(k == 4)), ("households", .number(String(n)))])
            })),
        ])
    }

    /// The report as CSV for a spreadsheet, in the renderer's language: the programmes, then the
    /// regions, then the deciles, each under its heading; `;` and decimal commas where the language
    /// writes them (kk, ru), with a byte-order mark.
    package func csv(_ r: ImpactAnalysis.Report) -> String {
        let comma = language.decimalMark == ","
        let sep = comma ? ";" : ","
        func n(_ d: ExactDecimal?) -> String { guard let d else { return "" }; return comma ? d.description.replacingOccurrences(of: ".", with: ",") : d.description }
        func cell(_ t: String) -> String {
            let risky = t.first.map { "=+-@\t\r".contains($0) } ?? false
            return risky || t.contains(sep) || t.contains("\"") || t.contains("\n") ? "\"" + (risky ? "'" : "") + t.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : t
        }
        func row(_ cells: [String]) -> String { cells.joined(separator: sep) + "\r\n" }
        let twelve = ExactDecimal(units: 12 * ExactDecimal.scale)
        func annual(_ d: ExactDecimal) -> ExactDecimal? { try? d.multiplied(by: twelve) }
        var out = "\u{FEFF}" + row([cell(heading(r))])
        out += row([say("impact.programme"), say("impact.eligible-before"), say("impact.eligible-after"), say("impact.gain"), say("impact.lose"),
                    say("impact.monthly-cost-before"), say("impact.monthly-cost-after"), say("impact.change"), say("impact.annual-change")].map(cell))
        for p in r.programs {
            out += row([cell(p.title[language]), String(p.eligibleBefore), String(p.eligibleAfter), String(p.gains), String(p.losses),
                        p.costTooLarge ? "" : n(p.costBefore), p.costTooLarge ? "" : n(p.costAfter), p.costTooLarge ? "" : n(p.costChange),
                        p.costTooLarge ? "" : n(annual(p.costChange))])
        }
        let b = r.breakdown
        let groupHead = [say("impact.households"), say("impact.gainers"), say("impact.losers"), say("impact.change"), say("impact.annual-change")]
        func group(_ g: ImpactBreakdown.Group) -> [String] {
            [String(g.households), String(g.gainers), String(g.losers), g.tooLarge ? "" : n(g.costChange), g.tooLarge ? "" : n(annual(g.costChange))]
        }
        out += "\r\n" + row([say("impact.region")] .map(cell) + groupHead.map(cell))
        for i in b.regions.indices where b.regions[i].households > 0 {
            out += row([cell(i < b.regionLabels.count ? b.regionLabels[i][language] : say("impact.no-region"))] + group(b.regions[i]))
        }
        out += "\r\n" + row([say("impact.decile"), say("impact.income-up-to")].map(cell) + groupHead.map(cell))
        for (k, g) in b.deciles.enumerated() { out += row([String(k + 1), n(g.incomeUpTo?.rounded(places: 2))] + group(g)) }
        return out
    }

    /// A self-contained page: the table of programmes (changed rows marked), then the examples.
    package func html(_ r: ImpactAnalysis.Report) -> String {
        let e = HTMLText.escape
        let head = [say("impact.programme"), say("impact.eligible-before"),
                    say("impact.eligible-after"), say("impact.gain"),
                    say("impact.lose"), say("impact.monthly-cost-before"),
                    say("impact.monthly-cost-after"), say("impact.change"),
                    say("impact.gap-rules-before-after")]
        var page = "<!doctype html><html lang=\"\(language.rawValue)\"><head><meta charset=\"utf-8\"><title>Qamqor — \(e(say("impact.impact")))</title>"
        page += "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3em .6em}td.num{text-align:right}"
        page += "tr.changed{background:#fff4d6}pre{white-space:pre-wrap;background:#f6f6f6;padding:.6em}@media print{tr.changed{background:none;font-weight:bold}}</style></head><body>"
        page += "<h1>Qamqor — \(e(say("impact.impact-rule-change")))</h1><p>\(e(heading(r)))</p>"
        let notRead = unreadable(r)
        if !notRead.isEmpty { page += "<ul class=\"not-read\">" + notRead.map { "<li>\(e($0))</li>" }.joined() + "</ul>" }
        page += "<table><thead><tr>" + head.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for p in r.programs {
            let c = costs(p)
            page += "<tr\(p.changed ? " class=\"changed\"" : "")><td>\(e(p.title[language])) <small>[\(e(p.program))]</small></td>"
            page += [String(p.eligibleBefore), String(p.eligibleAfter), String(p.gains), String(p.losses), c.before, c.after, c.change,
                     "\(p.gapsBefore) → \(p.gapsAfter)"]
                .map { "<td class=\"num\">\(e($0))</td>" }.joined() + "</tr>\n"
        }
        page += "</tbody></table>"
        for p in changed(r) {
            for (gains, list) in examples(p) {
                page += "<h2>\(e(p.title[language])): \(e(examplesHeading(p, gains: gains)))</h2>"
                for (line, json) in list {
                    for after in [false, true] {
                        page += "<h3>\(e(exampleLabel(line: line, after: after)))</h3>"
                        if let x = explained(json, p, after: after) { page += "<pre>\(e(renderer(after: after).text(x)))</pre>" }
                    }
                }
            }
        }
        return page + "</body></html>\n"
    }
}
