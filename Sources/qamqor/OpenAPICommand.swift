import ArgumentParser
import Foundation
import QamqorEngine
import QamqorService

struct OpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi",
        abstract: "Print the API document's schemas of what the readers take (households, rounds, programme ids), derived from the rules; with --write, bring docs/openapi.yaml up to date.",
        discussion: "Everything after the marker line in the document is generated; the operations above it are written by hand. `--check` exits 1 when the document is not current.")

    @Option(name: .long, help: "The rules directory.")
    var rules: String = "rules"

    @Option(help: "Rewrite the generated part of this document (e.g. docs/openapi.yaml).")
    var write: String?

    @Option(help: "Exit 1 (saying so) when this document's generated part is not what the rules give.")
    var check: String?

    func run() throws {
        let ruleSet = try Console.loadRules(rules)
        guard let path = write ?? check else { Console.out(String(OpenAPIDocument.generated(ruleSet).dropLast())); return }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { Console.err("\(path): cannot read the file"); throw ExitCode(1) }
        guard let updated = OpenAPIDocument.updated(text, rules: ruleSet) else {
            Console.err("\(path): no line `\(OpenAPIDocument.marker.trimmingCharacters(in: .whitespaces))` to generate after"); throw ExitCode(1)
        }
        if check != nil {
            guard updated == text else { Console.err("\(path): not current with \(rules); run `qamqor openapi --write \(path)`"); throw ExitCode(1) }
            Console.out("\(path): current")
            return
        }
        do { try updated.write(toFile: path, atomically: true, encoding: .utf8) } catch { Console.err("\(path): cannot write (\(error))"); throw ExitCode(1) }
        Console.out(updated == text ? "\(path): already current" : "\(path): updated")
    }
}
