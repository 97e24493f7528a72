import Foundation
import QamqorEngine

/// What became of a scheduled version, kept in the schedule's `outcome` column in every language
/// (a JSON object `{"kk": …, "ru": …, "en": …}`), so that each officer reads it in their own.
/// Rows written before outcomes were kept this way hold plain text, answered as it is.
enum ScheduleOutcome {
    /// The text to store.
    static func stored(_ said: Localized) -> String {
        JSONValue.object([("kk", .string(said.kk)), ("ru", .string(said.ru)), ("en", .string(said.en))]).rendered(pretty: false)
    }

    /// The stored outcome in `language` (English for a language it was not kept in).
    static func said(_ stored: String, in language: Language) -> String {
        guard stored.hasPrefix("{"), let object = try? JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String: String] else { return stored }
        return object[language.rawValue] ?? object["en"] ?? stored
    }
}
