import Foundation
import Yams

/// One catalogue file read: its language code, name, fallback, messages and page words.
///
/// Guarantees: reading never traps and never reads more than 4 MB; every problem (YAML syntax,
/// an alias bomb, a code that disagrees with the file name, a message that is not valid
/// MessageFormat, a value of the wrong kind) is reported with the file, line and column. Problems
/// are said in English: they are for whoever edits the catalogue, before any catalogue is in use.
package struct CatalogueFile {
    package let path: String
    package let code: String
    package let name: String?
    package let fallback: String?
    package let decimalMark: Character?
    package let dateFormat: String?
    package let messages: [String: MessageTemplate]
    package let pages: [String: MessageCatalogue.PageText]

    package static func read(path: String) -> Result<CatalogueFile, CatalogueProblems> {
        func fail(_ reason: String) -> Result<CatalogueFile, CatalogueProblems> {
            .failure(CatalogueProblems(problems: [CatalogueProblem(file: path, line: 1, column: 1, reason: reason)]))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= 4 << 20 else { return fail("larger than 4 MB") }
        guard let data = FileManager.default.contents(atPath: path) else { return fail("cannot be read") }
        guard let text = String(data: data, encoding: .utf8) else { return fail("is not UTF-8 text") }
        return read(text: text, path: path)
    }

    /// The catalogue file `path` holding `text` (its file name gives the language code).
    package static func read(text: String, path: String) -> Result<CatalogueFile, CatalogueProblems> {
        func fail(_ line: Int, _ column: Int, _ reason: String) -> Result<CatalogueFile, CatalogueProblems> {
            .failure(CatalogueProblems(problems: [CatalogueProblem(file: path, line: line, column: column, reason: reason)]))
        }
        guard text.utf8.count <= 4 << 20 else { return fail(1, 1, "larger than 4 MB") }
        if let refusal = YAMLGuard.screen(text, nodeBudget: 200_000, maxDepth: 8) {
            let why = switch refusal.reason {
            case .expandsBeyond(let n): "expands to more than \(n) nodes (aliases repeat content)"
            case .aliasAsKey: "an alias cannot be used as a key"
            case .nestsBeyond(let n): "nests deeper than \(n) levels"
            }
            return fail(refusal.line, refusal.column, why)
        }
        let root: Node
        do {
            guard let r = try Yams.compose(yaml: text) else { return fail(1, 1, "the file is empty") }
            root = r
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _), let YamlError.composer(_, problem, mark, _) {
            return fail(mark.line, mark.column, "not valid YAML: \(problem)")
        } catch {
            return fail(1, 1, "not valid YAML: \(error)")
        }
        guard let top = root.mapping else { return fail(line(root), column(root), "a catalogue file is a mapping: language, name, messages, pages") }

        var problems: [CatalogueProblem] = []
        func problem(_ node: Node, _ reason: String) { problems.append(CatalogueProblem(file: path, line: line(node), column: column(node), reason: reason)) }
        let fileCode = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var code = fileCode, name: String?, fallback: String?, decimalMark: Character?, dateFormat: String?
        var messages: [String: MessageTemplate] = [:], pages: [String: MessageCatalogue.PageText] = [:]
        for (keyNode, value) in top {
            guard let key = keyNode.scalar?.string else { problem(keyNode, "a key must be text"); continue }
            switch key {
            case "language":
                guard let c = value.scalar?.string, c.count >= 2, c.count <= 8, c.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) else {
                    problem(value, "`language` is a code of 2 to 8 letters (kk, ru, en, uz)"); continue
                }
                guard c == fileCode else { problem(value, "`language: \(c)` disagrees with the file name `\(fileCode).yaml`"); continue }
                code = c
            case "name": name = value.scalar?.string
            case "fallback":
                guard let f = value.scalar?.string, ["kk", "ru", "en"].contains(f) else { problem(value, "`fallback` is kk, ru or en"); continue }
                fallback = f
            case "decimal_mark":
                guard let m = value.scalar?.string, m == "," || m == "." else { problem(value, "`decimal_mark` is `,` or `.`"); continue }
                decimalMark = m.first
            case "date_format":
                guard let f = value.scalar?.string, ["dd.mm.yyyy", "dd/mm/yyyy", "yyyy-mm-dd", "mm/dd/yyyy", "dd-mm-yyyy", "yyyy.mm.dd"].contains(f) else {
                    problem(value, "`date_format` is one of dd.mm.yyyy, dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd, yyyy.mm.dd, mm/dd/yyyy"); continue
                }
                dateFormat = f
            case "messages":
                guard let m = value.mapping else { problem(value, "`messages` is a mapping of message id to text"); continue }
                for (k, v) in m {
                    guard let id = k.scalar?.string else { problem(k, "a message id must be text"); continue }
                    guard let t = v.scalar?.string else { problem(v, "`\(id)`: a message is text"); continue }
                    do { messages[id] = try MessageTemplate(t) } catch { problem(v, "`\(id)`: \(error.description)") }
                }
            case "pages":
                guard let m = value.mapping else { problem(value, "`pages` is a mapping of key to text"); continue }
                for (k, v) in m {
                    guard let id = k.scalar?.string else { problem(k, "a page key must be text"); continue }
                    if let t = v.scalar?.string { pages[id] = .text(t) }
                    else if let forms = v.sequence?.map({ $0.scalar?.string }), !forms.isEmpty, forms.allSatisfy({ $0 != nil }) { pages[id] = .forms(forms.compactMap { $0 }) }
                    else { problem(v, "`\(id)`: a page word is text or a list of forms") }
                }
            default:
                problem(keyNode, "`\(key)` is not a catalogue field (language, name, fallback, decimal_mark, date_format, messages, pages)")
            }
        }
        if !problems.isEmpty { return .failure(CatalogueProblems(problems: problems)) }
        return .success(CatalogueFile(path: path, code: code, name: name, fallback: fallback, decimalMark: decimalMark, dateFormat: dateFormat, messages: messages, pages: pages))
    }

    private static func line(_ n: Node) -> Int { n.mark?.line ?? 1 }
    private static func column(_ n: Node) -> Int { n.mark?.column ?? 1 }
}
