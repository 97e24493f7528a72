import Testing
@testable import QamqorEngine

/// A YAML mistake is said in the reader's language with what to do, not in libyaml's words.
@Suite("YAML mistakes in plain words")
struct YAMLProblemWordsTests {
    static let cases: [(String, String, String)] = [
        ("source: a: b\n", "бұл жерде қос нүкте (:) күтілмеген", "здесь не ожидалось двоеточие (:)"),
        ("values: [1, 2\n", "тізім жабылмаған: `,` немесе `]` күтілді", "список не закрыт: ожидалась `,` или `]`"),
        ("a:\n\tb: 1\n", "шегініс табуляциямен жасалған", "отступ сделан табуляцией"),
        ("a: 1\n b: 2\n", "бұл жерде қос нүкте (:) күтілмеген", "здесь не ожидалось двоеточие (:)"),
        ("title: \"unclosed\n", "файл күтпеген жерде аяқталды", "файл неожиданно закончился"),
    ]

    @Test("each mistake is named in kk and ru, with help, at its line", arguments: cases)
    func named(_ text: String, _ kk: String, _ ru: String) throws {
        guard case .failure(let d) = YAMLDocument.load(SourceFile(path: "x.yaml", text: text)) else { Issue.record("read as YAML: \(text)"); return }
        let first = try #require(d.sorted.first)
        #expect(first.message(in: .kk) == kk)
        #expect(first.message(in: .ru) == ru)
        #expect(first.help(in: .kk) != nil && first.help(in: .ru) != nil)
        #expect(first.location != nil)
    }

    @Test("every entry says what it means and what to do in kk, ru and en")
    func complete() {
        for (problem, words) in YAMLProblemWords.table {
            for l in Language.allCases { #expect(!words.said[l].isEmpty && !words.help[l].isEmpty, "\(problem) in \(l)") }
        }
    }
}
