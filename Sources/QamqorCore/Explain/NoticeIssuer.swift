import QamqorSupport
import Yams

/// The body that issues decision notices — its name and address, and where a complaint against
/// its decision is considered — read from a deployment's issuer file (`qamqor serve --issuer`):
///
/// ```yaml
/// name: {kk: …, ru: …, en: …}
/// address: {kk: …, ru: …, en: …}
/// appeal_to: {kk: …, ru: …, en: …}      # the higher body that considers complaints
/// appeal_deadline: {kk: …, ru: …, en: …} # optional: replaces the three months of art. 92
/// ```
///
/// Guarantees: every text exists in kk, ru and en (a language left out is an error naming the
/// key); nothing else is read from the file.
public struct NoticeIssuer: Sendable, Equatable {
    public var name: Localized
    public var address: Localized?
    public var appealTo: Localized?
    public var appealDeadline: Localized?

    public init(name: Localized, address: Localized? = nil, appealTo: Localized? = nil, appealDeadline: Localized? = nil) {
        self.name = name; self.address = address; self.appealTo = appealTo; self.appealDeadline = appealDeadline
    }

    /// Reads an issuer file's text; the error says which key is wrong, in English (an operator's).
    public static func read(_ text: String) -> Result<NoticeIssuer, IssuerFileError> {
        guard text.utf8.count <= 64 * 1024 else { return .failure(IssuerFileError(message: "the issuer file is larger than 64 KB")) }
        let loaded: Any?
        do { loaded = try Yams.load(yaml: text) } catch { return .failure(IssuerFileError(message: "not YAML: \(error)")) }
        guard let top = loaded as? [String: Any] else { return .failure(IssuerFileError(message: "the issuer file must be a mapping with `name`")) }
        let known: Set<String> = ["name", "address", "appeal_to", "appeal_deadline"]
        if let unknown = top.keys.sorted().first(where: { !known.contains($0) }) {
            return .failure(IssuerFileError(message: "unknown key `\(unknown)` (the keys are \(known.sorted().joined(separator: ", ")))"))
        }
        func texts(_ key: String) throws(IssuerFileError) -> Localized? {
            guard let v = top[key] else { return nil }
            guard let m = v as? [String: Any], let kk = m["kk"] as? String, let ru = m["ru"] as? String, let en = m["en"] as? String,
                  !kk.isEmpty, !ru.isEmpty, !en.isEmpty else {
                throw IssuerFileError(message: "`\(key)` must give the text in kk, ru and en: `\(key): {kk: …, ru: …, en: …}`")
            }
            return Localized(kk: kk, ru: ru, en: en)
        }
        do throws(IssuerFileError) {
            guard let name = try texts("name") else { return .failure(IssuerFileError(message: "`name` is missing: the issuing body's name in kk, ru and en")) }
            return .success(NoticeIssuer(name: name, address: try texts("address"), appealTo: try texts("appeal_to"), appealDeadline: try texts("appeal_deadline")))
        } catch { return .failure(error) }
    }
}

/// Why an issuer file was refused.
public struct IssuerFileError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
