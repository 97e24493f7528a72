import Foundation
import Testing
@testable import QamqorEngine

/// The amount breakdown is arithmetic a caseworker can redo: for every sample household and every
/// programme that pays, each line's terms, computed as written, give the line's value.
@Suite("Amount breakdown")
struct AmountBreakdownTests {
    static let samples: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: Repo.samples)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    /// The value of a line's terms (numbers and named values, + − × ÷ and parentheses).
    static func evaluate(_ terms: [AmountBreakdown.Term]) -> ExactDecimal? {
        var tokens: [Either] = []
        var roundedUp = false
        for t in terms {
            switch t {
            case .named(_, let v, _), .written(_, let v, _): guard let d = v?.asDecimal else { return nil }; tokens.append(.number(d))
            case .number(let v, _): guard let d = v.asDecimal else { return nil }; tokens.append(.number(d))
            case .symbol(let s): tokens.append(.symbol(s))
            // "(rounded up to whole tenge)": the whole line's value, rounded up.
            case .note: roundedUp = true
            }
        }
        if roundedUp { return Self.evaluate(tokens)?.ceiled() }
        return Self.evaluate(tokens)
    }

    static func evaluate(_ tokens: [Either]) -> ExactDecimal? {
        var i = 0
        func primary() -> ExactDecimal? {
            guard i < tokens.count else { return nil }
            switch tokens[i] {
            case .number(let d): i += 1; return d
            case .symbol("("): i += 1; let v = sum(); i += 1; return v
            case .symbol("−"): i += 1; return primary().flatMap { try? ExactDecimal.zero.subtracting($0) }
            default: return nil
            }
        }
        func product() -> ExactDecimal? {
            guard var v = primary() else { return nil }
            while i < tokens.count, case .symbol(let s) = tokens[i], s == "×" || s == "÷" {
                i += 1
                guard let r = primary() else { return nil }
                v = s == "×" ? ((try? v.multiplied(by: r)) ?? v) : ((try? v.divided(by: r)) ?? v)
            }
            return v
        }
        func sum() -> ExactDecimal? {
            guard var v = product() else { return nil }
            while i < tokens.count, case .symbol(let s) = tokens[i], s == "+" || s == "−" {
                i += 1
                guard let r = product() else { return nil }
                v = s == "+" ? ((try? v.adding(r)) ?? v) : ((try? v.subtracting(r)) ?? v)
            }
            return v
        }
        return sum()
    }
    enum Either { case number(ExactDecimal), symbol(String) }

    @Test("every line of every paying decision adds up", arguments: samples)
    func addsUp(_ file: String) throws {
        let text = try String(contentsOfFile: Repo.samples + "/" + file, encoding: .utf8)
        let record = try Repo.record(text).get()
        for e in try Repo.ruleSet.explain(record) where e.decision.amount != nil {
            for line in e.amountBreakdown?.lines ?? [] {
                guard let want = line.value?.asDecimal, let got = Self.evaluate(line.terms) else { continue }
                let diff = (try? want.subtracting(got)) ?? .zero
                #expect(abs(diff.units) <= ExactDecimal.scale / 100, "\(file) \(e.decision.program): \(line.label.en) \(want) ≠ \(got)")
            }
        }
    }

    @Test("a large family of four in 2026 is paid 69 330: the exact product 69 329.75 is shown, rounded up")
    func paidRoundedUp() throws {
        let e = try #require(try Repo.ruleSet.explain(try Repo.record(QuarterFigureTests.largeFamilyOfFour).get(), programs: ["large_family_allowance"]).first)
        #expect(e.decision.amount == ExactDecimal(parsing: "69330"))
        let lines = (e.amountBreakdown?.lines ?? []).map(ExplanationRenderer(language: .en, ruleSetVersion: "").equation)
        #expect(lines.first == "Monthly allowance (paid) 69 330 ₸ = Allowance before rounding (MRP multiple × MRP) 69 329.75 ₸ (rounded up to whole tenge)", "\(lines)")
        let ru = (e.amountBreakdown?.lines ?? []).map(ExplanationRenderer(language: .ru, ruleSetVersion: "").equation)
        #expect(ru.first?.contains("69 329,75 ₸ (с округлением вверх до целого тенге)") == true, "\(ru)")
    }

    @Test("ATA for a widow with five children: the amount, the gap to the line and the child supplement")
    func ata() throws {
        let text = try String(contentsOfFile: Repo.samples + "/almaty-widow-five-children.yaml", encoding: .utf8)
        let e = try #require(try Repo.ruleSet.explain(try Repo.record(text).get(), programs: ["ata"]).first)
        let r = ExplanationRenderer(language: .en, ruleSetVersion: "")
        let lines = (e.amountBreakdown?.lines ?? []).map(r.equation)
        #expect(lines.first == "Monthly ATA amount 127 295 ₸ = Gap to the poverty line 115 499 ₸ + Supplement for children aged 1–6 11 796 ₸")
        #expect(lines.contains("Supplement for children aged 1–6 11 796 ₸ = 1.5 × Monthly calculation index (MRP) 3 932 ₸ × Children aged 1 to 6 2"))
    }
}
