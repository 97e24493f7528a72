import Testing
@testable import QamqorEngine

/// The expression grammar, as a table: text → canonical tree.
@Suite("Expression parser")
struct ParserTests {
    static let trees: [(String, String)] = [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
        ("a - b - c", "(- (- a b) c)"),
        ("0.35 * regional_median_income", "(* 0.35 regional_median_income)"),
        ("-5", "-5"),
        ("-x", "(neg x)"),
        ("not a and b or c", "(or (and (not a) b) c)"),
        ("a < b and c >= d", "(and (< a b) (>= c d))"),
        ("age between 1 and 6", "(between age 1 6)"),
        ("relation in ['child', 'adopted_child']", "(in relation ['child' 'adopted_child'])"),
        ("x not in [1, 2]", "(not in x [1 2])"),
        ("application.date", "(. application date)"),
        ("programs.ata.eligible", "(. (. programs ata) eligible)"),
        ("count(members, age < 18)", "(count members (< age 18))"),
        ("sum(members, sum(incomes, amount))", "(sum members (sum incomes amount))"),
        ("if a then 1 else if b then 2 else 3", "(if a 1 (if b 2 3))"),
        ("d < 2025-01-01", "(< d 2025-01-01)"),
        ("2025 - 1", "(- 2025 1)"),
        ("f()", "(f)"),
        ("1_000_000", "1000000"),
        ("true and false", "(and true false)"),
        ("\"text\" == relation", "(== 'text' relation)"),
    ]

    @Test("parses into the expected tree", arguments: trees)
    func parses(_ input: String, _ expected: String) throws {
        let e = try Parser.parse(input).get()
        #expect(e.description == expected)
    }

    static let errors: [(String, String, Range<Int>)] = [
        ("(a + b", "unclosed-bracket", 0..<1),
        ("f(a, b", "unclosed-bracket", 1..<2),
        ("a +", "unexpected-end", 3..<3),
        ("a = b", "unexpected-character", 2..<3),
        ("a && b", "unexpected-character", 2..<3),
        ("'open", "unclosed-string", 0..<1),
        ("a < b < c", "chained-comparison", 6..<7),
        ("if a then b", "unexpected-token", 11..<11),
        ("2025-02-30", "bad-literal", 0..<10),
        ("1.1234567", "bad-literal", 0..<9),
        ("a b", "unexpected-token", 2..<3),
        ("a)", "unexpected-token", 1..<2),
        ("99999999999999999999", "bad-literal", 0..<20),
    ]

    @Test("reports the error code and where", arguments: errors)
    func rejects(_ input: String, _ code: String, _ range: Range<Int>) {
        guard case .failure(let e) = Parser.parse(input) else { Issue.record("parsed"); return }
        #expect(e.code.rawValue == code)
        #expect(e.range == range)
    }

    @Test("10 000 nested parentheses are an error, not a crash")
    func deepNesting() {
        let text = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        guard case .failure(let e) = Parser.parse(text) else { Issue.record("parsed"); return }
        #expect(e.code == .tooDeep)
    }

    @Test("a 10 000-term chain is an error, not a crash")
    func longChain() {
        let text = "1" + String(repeating: " + 1", count: 10_000)
        guard case .failure(let e) = Parser.parse(text) else { Issue.record("parsed"); return }
        #expect(e.code == .tooDeep)
    }

    @Test("10 000 nested calls and negations are errors, not crashes")
    func deepCalls() {
        let calls = String(repeating: "f(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        let negs = String(repeating: "not ", count: 10_000) + "true"
        #expect(throws: SyntaxError.self) { try Parser.parse(calls).get() }
        #expect(throws: SyntaxError.self) { try Parser.parse(negs).get() }
    }
}
