import Yams

/// A flat catalogue of texts by key in one language — `key: "text"` lines of YAML — such as the
/// sample households' descriptions (`samples/descriptions/kk.yaml`).
///
/// Guarantees: only text values are kept (anything else is left out); a file that is not such a
/// mapping, or is over 1 MB, reads as nil.
public enum TextCatalogue {
    public static func read(_ text: String) -> [String: String]? {
        guard text.utf8.count <= 1 << 20, let loaded = try? Yams.load(yaml: text) as? [String: Any] else { return nil }
        return loaded.compactMapValues { $0 as? String }
    }
}
