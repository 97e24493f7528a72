import Foundation

/// Text put into the HTML pages the engine renders (notices, shortlists, impact reports).
public enum HTMLText {
    /// `s` with `&`, `<`, `>` and `"` escaped, safe inside an element or a quoted attribute.
    public static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
