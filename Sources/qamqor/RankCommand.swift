import ArgumentParser
import Foundation
import QamqorEngine

enum RankFormat: String, ExpressibleByArgument, CaseIterable { case text, csv, json, html }

struct RankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank a round of grant applications: eligibility, points per criterion, rank and funded/reserve/below/ineligible.")

    @Option(name: .long, help: "The rules directory.")
    var rules: String = "rules"

    @Option(name: .long, help: "The grant programme (one with a `scoring:` section).")
    var program: String

    @Argument(help: "The round: .jsonl, .json or .csv.")
    var round: String

    @Option(help: "Output format: text, csv, json or html.")
    var format: RankFormat = .text

    @Option(name: .customLong("csv-headers"), help: "The CSV's first line: ids (column ids, for programs) or labels (in --lang, with a UTF-8 byte-order mark, for spreadsheets; in kk and ru separated by `;` with decimal commas).")
    var csvHeaders: RankingRenderer.CSVHeaders = .ids

    @Option(help: "Write the output to this file instead of standard output.")
    var output: String?

    @Option(help: "Language: kk, ru or en.")
    var lang: Language = .en

    @Option(name: .customLong("as-of"), help: "Decide every application as of this date (default: each application's date).")
    var asOf: DayArgument?

    @Option(parsing: .upToNextOption, help: "Explain why the first application ranks above (or below) the others: --compare ID_A ID_B ...")
    var compare: [String] = []

    func run() throws {
        let ruleSet = try Console.loadRules(rules)
        guard let plan = ruleSet.program(program), let scoring = plan.scoring else {
            Console.err(MessageCatalogue.say("cli.rank.no-scoring", ["program": program, "grants": ruleSet.programs.filter { $0.scoring != nil }.map(\.id).joined(separator: ", ")], in: lang))
            throw ExitCode(1)
        }
        guard let data = Console.readBytes(round) else { Console.err(MessageCatalogue.say("cli.cannot-read", ["path": round], in: lang)); throw ExitCode(1) }
        _ = scoring
        let ranking: Ranking
        do {
            // A CSV round may name household files, inside the round file's own folder only.
            ranking = try Ranker(rules: ruleSet).rank(programID: program, round: data, path: round, asOf: asOf?.day,
                                                      householdFiles: .inside((round as NSString).deletingLastPathComponent))
        } catch {
            Console.err("error: \(error.message)"); throw ExitCode(1)
        }
        for r in ranking.rejected { Console.err("\(round): \(r.said[lang])") }
        let renderer = RankingRenderer(language: lang)
        if !compare.isEmpty {
            // The same ids, taken and refused the same way, as `POST /v1/rankings?compare=…`.
            switch RankingComparison.make(compare, in: ranking, renderer: renderer) {
            case .failure(.ids): Console.err("error: " + RankingComparison.Refusal.ids.said[lang]); throw ExitCode(2)
            case .failure(let refusal): Console.err("error: " + refusal.said[lang]); throw ExitCode(1)
            case .success(let c): for o in c.others { Console.out(o.text) }
            }
            return
        }
        let bytes: [UInt8] = switch format {
        case .text: Array(renderer.text(ranking).utf8)
        case .csv: renderer.csvBytes(ranking, headers: csvHeaders)
        case .json: Array(renderer.json(ranking).rendered().utf8)
        case .html: Array(renderer.html(ranking, generatedAt: Date().formatted(.iso8601)).utf8)
        }
        if let output {
            let handle = try Console.openOutput(output, notOver: [round])
            do { try Console.write(bytes, to: handle, name: output) } catch {
                Console.err("\(error)"); throw ExitCode(1)
            }
            Console.err("wrote \(output): \(ranking.applications.count) applications, \(ranking.count(.funded)) funded, \(ranking.rejected.count) rows not read")
        } else {
            Console.out(String(decoding: bytes, as: UTF8.self))
        }
        Console.keepUntilExit(ranking)
    }
}

extension RankingRenderer.CSVHeaders: ExpressibleByArgument {}
