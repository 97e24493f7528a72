import Foundation

/// The closing summary of a `qamqor batch` run, as lines of text in kk, ru or en: how many lines
/// were read, decided and rejected, how long it took, and per programme the households of each
/// status and the monthly total paid to the eligible.
///
/// Guarantees: read = decided + rejected is always the first line; every fixed word exists in
/// the three languages; money is formatted for the chosen language; a total beyond exact
/// arithmetic is said as such, never shown as a figure.
package struct BatchSummaryText: Sendable {
    package let language: Language

    package init(language: Language) { self.language = language }

    private var index: Int { language == .kk ? 0 : language == .ru ? 1 : 2 }
    private func say(_ kk: String, _ ru: String, _ en: String) -> String { [kk, ru, en][index] }

    /// The summary of `summary` for `programs` (in rule order; those not run are left out), which
    /// took `seconds`.
    package func lines(_ summary: BatchRunner.Summary, programs: [ProgramPlan], seconds: Double) -> [String] {
        let f = ValueFormatter(language: language), phrases = Phrases(language: language)
        let elapsed = max(seconds, 0.001)
        let time = f.number(ExactDecimal(units: Int64((elapsed * 100).rounded()) * (ExactDecimal.scale / 100)), fractionDigits: 2)
        let rate = f.number(ExactDecimal(units: Int64((Double(summary.read) / elapsed).rounded()) * ExactDecimal.scale))
        let (read, decided, rejected) = (summary.read, summary.decided, summary.rejected)
        var out = [say("оқылды \(read) = шешілді \(decided) + қабылданбады \(rejected) · \(time) с · секундына \(rate) отбасы",
                       "прочитано \(read) = решено \(decided) + отклонено \(rejected) · \(time) с · \(rate) \(Self.families(summary.read, elapsed)) в секунду",
                       "read \(read) = decided \(decided) + rejected \(rejected) · \(time) s · \(rate) households/s")]
        for p in programs {
            guard let counts = summary.counts[p.id] else { continue }
            var line = "  \(p.id): " + DecisionStatus.allCases.compactMap { s in counts[s].map { "\(phrases.status(s)) \($0)" } }.joined(separator: ", ")
            if let g = summary.rulesGaps[p.id] {
                line += say(" · \(g) ережелердегі олқылықтан анықталмады", " · \(g) не определено из-за пробела в правилах", " · \(g) undetermined for a gap in the rules")
            }
            if let a = summary.amounts[p.id], a != .zero { line += " · \(f.money(a)) \(phrases.perMonth)" }
            if summary.amountsTooLarge.contains(p.id) {
                line += " · " + say("айлық сомасы дәл есептеуге сыймайды (9 223 372 036 854 ₸-ден асады), көрсетілмейді",
                                    "сумма в месяц не помещается в точную арифметику (больше 9 223 372 036 854 ₸), не показана",
                                    "monthly total beyond exact arithmetic (over 9 223 372 036 854 ₸), not shown")
            }
            out.append(line)
        }
        for shared in summary.sharedIINs {
            let lines = shared.lines.map(String.init).joined(separator: ", ")
            out.append(say("ескерту: бір ЖСН \(shared.iin) бірнеше отбасында — жолдар \(lines) (бір адам екі рет есептелген)",
                           "внимание: один ИИН \(shared.iin) в нескольких семьях — строки \(lines) (один человек учтён дважды)",
                           "warning: the IIN \(shared.iin) is in more than one household — lines \(lines) (one person counted twice)"))
        }
        return out
    }

    /// "семья", "семьи" or "семей" agreeing with the whole households-per-second figure.
    static func families(_ read: Int, _ seconds: Double) -> String {
        let n = Int((Double(read) / seconds).rounded()) % 100
        if (11...14).contains(n) { return "семей" }
        switch n % 10 {
        case 1: return "семья"
        case 2, 3, 4: return "семьи"
        default: return "семей"
        }
    }
}
