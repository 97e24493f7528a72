import ArgumentParser
import Foundation
import QamqorEngine
import Synchronization

/// `qamqor`: decide eligibility for social support from YAML rules, and explain why.
@main
struct Qamqor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qamqor",
        abstract: "Decide eligibility for social support in Kazakhstan from YAML rules, and explain why.",
        subcommands: [CheckCommand.self, EvalCommand.self, ExplainCommand.self, RankCommand.self, ServeCommand.self, GenerateCommand.self, BatchCommand.self, ImpactCommand.self, TestCommand.self, ProgramsCommand.self, BenchCommand.self, TokenCommand.self, AuditCommand.self, PublishCommand.self, OpenAPICommand.self]
    )

    /// Exit codes: 0 success, 1 a rule or input error, 2 a usage error.
    static func main() async {
        // Further languages, or corrected words, from the catalogue files of QAMQOR_CATALOGUES:
        // installed before the arguments are read, so that `--lang uz` is a language.
        if let dir = ProcessInfo.processInfo.environment["QAMQOR_CATALOGUES"], !dir.isEmpty {
            do throws(CatalogueProblems) {
                MessageCatalogue.install(try MessageCatalogue.load(overrides: dir))
            } catch {
                FileHandle.standardError.write(Data("QAMQOR_CATALOGUES: the catalogues cannot be used:\n\(error)\n".utf8))
                Foundation.exit(1)
            }
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let e as CleanExit {
            Qamqor.exit(withError: e)
        } catch let e as ExitCode {
            Foundation.exit(e.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure || code.rawValue == 64 {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            Qamqor.exit(withError: error)
        }
    }
}

/// Output that could not be written (a full disk, a closed pipe): exit code 1, not a usage error.
struct OutputFailure: Error, CustomStringConvertible {
    let description: String
}

/// Output helpers shared by the commands.
enum Console {
    static func out(_ s: String) { print(s) }

    /// What a command has finished with but leaves to the end of the process, which returns all
    /// its memory at once: a ranking of 100 000 applications freed piece by piece just before the
    /// process exits took a tenth of a second.
    private static let keptUntilExit = Mutex<[any Sendable]>([])
    static func keepUntilExit(_ value: some Sendable) { keptUntilExit.withLock { $0.append(value) } }
    static func err(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

    /// Writes `bytes` whole to `handle` with the system call itself (no copy into a `Data`);
    /// a failure (a full disk, a closed pipe) is thrown with `name` and the reason.
    static func write(_ bytes: [UInt8], to handle: FileHandle, name: String) throws {
        do { try FileBytes.write(bytes, to: handle.fileDescriptor) } catch {
            throw OutputFailure(description: "\(name): cannot write (\(error.description))")
        }
    }

    /// A file opened for reading, or the reason on standard error and exit 1 (a directory or an
    /// unreadable path is said as such, not as a system error later).
    static func openInput(_ path: String) throws -> FileHandle {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { err("\(path): no such file"); throw ExitCode(1) }
        guard !isDirectory.boolValue else { err("\(path): is a directory, not a file"); throw ExitCode(1) }
        guard let h = FileHandle(forReadingAtPath: path) else { err("\(path): cannot read the file"); throw ExitCode(1) }
        return h
    }

    /// A file created (or emptied) for writing, or the reason on standard error and exit 1.
    /// Opened in place, never replaced: `/dev/null`, a pipe or a device stays what it is. A file
    /// that is one of `inputs` is refused before anything is emptied.
    static func openOutput(_ path: String, notOver inputs: [String] = []) throws -> FileHandle {
        var out = stat()
        if stat(path, &out) == 0, out.st_mode & S_IFMT == S_IFREG {
            for input in inputs {
                var given = stat()
                if stat(input, &given) == 0, given.st_dev == out.st_dev, given.st_ino == out.st_ino {
                    err("\(path): is also the input \(input); write the output to another file"); throw ExitCode(1)
                }
            }
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { err("\(path): cannot write (\(String(cString: strerror(errno))))"); throw ExitCode(1) }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// A whole file read straight into one byte array (no intermediate copy), or nil.
    static func readBytes(_ path: String) -> [UInt8]? { FileBytes.read(path) }

    /// Loads rules or prints every diagnostic and exits 1.
    static func loadRules(_ dir: String, language: Language = .en) throws -> RuleSet {
        switch RuleSet.load(from: DirectoryRuleSource(directory: dir)) {
        case .success(let r): return r
        case .failure(let d):
            err(d.rendered(language: language))
            let n = d.errorCount
            err(MessageCatalogue.say("cli.rules-errors", ["dir": dir, "n": n], in: language))
            throw ExitCode(1)
        }
    }

    /// Reads an applicant file or prints its errors and exits 1.
    static func readRecord(_ path: String, rules: RuleSet, language: Language = .en) throws -> RecordValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            err(MessageCatalogue.say("cli.cannot-read", ["path": path], in: language)); throw ExitCode(1)
        }
        guard let text = String(data: data, encoding: .utf8) else { err(MessageCatalogue.say("cli.not-utf8", ["path": path], in: language)); throw ExitCode(1) }
        switch rules.recordReader.read(SourceFile(path: path, text: text)) {
        case .success(let r): return r
        case .failure(let d):
            err(d.rendered(language: language))
            throw ExitCode(1)
        }
    }
}

extension Language: ExpressibleByArgument {}

/// `--format text|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

/// Parses `--as-of`.
struct DayArgument: ExpressibleByArgument {
    let day: Day
    init?(argument: String) {
        guard let d = Day(iso: argument) else { return nil }
        day = d
    }
}
