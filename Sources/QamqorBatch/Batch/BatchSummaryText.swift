import QamqorSupport
import QamqorCore
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

    private func say(_ key: String, _ arguments: KeyValuePairs<String, any MessageArgument> = [:]) -> String {
        MessageCatalogue.say(key, arguments, in: language)
    }

    /// The summary of `summary` for `programs` (in rule order; those not run are left out), which
    /// took `seconds`.
    package func lines(_ summary: BatchRunner.Summary, programs: [ProgramPlan], seconds: Double) -> [String] {
        let f = ValueFormatter(language: language), phrases = Phrases(language: language)
        let elapsed = max(seconds, 0.001)
        let time = f.number(ExactDecimal(units: Int64((elapsed * 100).rounded()) * (ExactDecimal.scale / 100)), fractionDigits: 2)
        let rate = f.number(ExactDecimal(units: Int64((Double(summary.read) / elapsed).rounded()) * ExactDecimal.scale))
        let (read, decided, rejected) = (summary.read, summary.decided, summary.rejected)
        let perSecond = Int((Double(summary.read) / elapsed).rounded())
        var out = [say("batch.summary", ["read": read, "decided": decided, "rejected": rejected, "time": time, "rate": rate, "perSecond": perSecond])]
        for p in programs {
            guard let counts = summary.counts[p.id] else { continue }
            var line = "  \(p.id): " + DecisionStatus.allCases.compactMap { s in counts[s].map { "\(phrases.status(s)) \($0)" } }.joined(separator: ", ")
            if let g = summary.rulesGaps[p.id] {
                line += say("batch.undetermined-gap-rules", ["g": g])
            }
            if let a = summary.amounts[p.id], a != .zero { line += " · \(f.money(a)) \(phrases.perMonth)" }
            if summary.amountsTooLarge.contains(p.id) {
                line += " · " + say("batch.monthly-total-beyond-exact")
            }
            out.append(line)
        }
        for shared in summary.sharedIINs {
            let lines = shared.lines.map(String.init).joined(separator: ", ")
            out.append(say("batch.warning-iin-more-than", ["iin": shared.iin, "lines": lines]))
        }
        return out
    }
}
