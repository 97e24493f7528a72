import ArgumentParser
import Foundation
import QamqorService

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Add a bearer token to a token file for `qamqor serve --auth FILE`: prints the token once; the file keeps only its SHA-256.")

    @Option(name: .long, help: "The token file (created if missing).")
    var auth: String

    @Option(name: .long, help: "Who holds the token (written into the audit rows of their decisions).")
    var name: String

    @Option(name: .long, parsing: .upToNextOption, help: "Roles: caseworker, committee, policy, auditor.")
    var role: [String]

    func run() throws {
        var roles: [Role] = []
        for r in role {
            guard let x = Role(rawValue: r) else {
                Console.err("error: unknown role `\(r)`; roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))"); throw ExitCode(2)
            }
            if !roles.contains(x) { roles.append(x) }
        }
        guard !roles.isEmpty else { Console.err("error: give at least one --role"); throw ExitCode(2) }
        var entries: [TokenTable.Entry] = []
        if FileManager.default.fileExists(atPath: auth) {
            do { entries = try TokenTable(contentsOf: auth).entries } catch { Console.err("error: \(error)"); throw ExitCode(1) }
        }
        let (token, digest) = TokenTable.newToken()
        entries.append(TokenTable.Entry(name: name, roles: roles, sha256: digest))
        do {
            _ = try TokenTable(entries: entries)
            let text = try TokenTable.text(entries)
            // Written whole, readable by the owner only.
            try Data(text.utf8).write(to: URL(fileURLWithPath: auth), options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: auth)
        } catch { Console.err("error: \(auth): \(error)"); throw ExitCode(1) }
        Console.out(token)
        Console.err("token for \(name) (\(roles.map(\.rawValue).joined(separator: ", "))) added to \(auth); it is shown only now")
    }
}
