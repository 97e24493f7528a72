import QamqorEngine

/// A rule file's path inside the rules directory as the workbench accepts it from a client:
/// relative, in one of the rules' folders, lower-case names of letters, digits, `_`, `-` and `.`,
/// a `.yaml` file (or a `.json` household of the rule tests), never `..`, never absolute, at most
/// 200 characters. Anything else is refused with the reason; nothing outside the directory can
/// be named.
struct RulePath: Sendable, Hashable, CustomStringConvertible {
    public let value: String
    public var description: String { value }

    /// The largest rule file a draft may hold.
    public static let maxFileBytes = 1 << 20
    /// The most files a draft may hold.
    public static let maxFiles = 500
    /// The most bytes a draft's files may hold together (the shipped rules: about 200 KB): with
    /// the texts reclaimed when a draft is rewritten or deleted, what bounds the database.
    public static let maxDraftBytes = 8 << 20

    /// The folders (and top-level files) rule files live in.
    static let topLevel: Set<String> = ["schema.yaml", "definitions.yaml"]
    static let folders: Set<String> = ["parameters", "programs", "tests"]

    init(_ text: String) throws(APIError) {
        func refuse(_ why: Localized) -> APIError {
            APIError(.badRequest, "bad-rule-path", Localized("rule-path.cannot-rule-file-path", ["prefix": text.prefix(200), "why": why]))
        }
        guard !text.isEmpty, text.utf8.count <= 200 else {
            throw refuse(Localized("rule-path.refuse"))
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_-.")
        for p in parts {
            guard !p.isEmpty, p != ".", p != "..", p.first != ".", p.allSatisfy({ allowed.contains($0) }) else {
                throw refuse(Localized("rule-path.allowed"))
            }
        }
        let inPlace = parts.count == 1 ? Self.topLevel.contains(text)
            : parts.count == 2 ? Self.folders.contains(String(parts[0]))
            : parts.count == 3 && parts[0] == "tests" && parts[1] == "households"
        guard inPlace, RuleFiles.isRuleFile(text), !text.hasSuffix(".yml") else {
            throw refuse(Localized("rule-path.in-place"))
        }
        value = text
    }
}

extension RulePath: MessageArgument {
    func messageText(in language: Language) -> String { value }
    var messageNumber: Int? { nil }
}
