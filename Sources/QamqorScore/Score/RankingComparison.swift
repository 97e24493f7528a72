import QamqorCore
import QamqorSupport

/// Why the first of several applications ranks above or below each of the others: what
/// `qamqor rank --compare A B C` prints and `POST /v1/rankings?compare=A&compare=B&compare=C`
/// answers. Both take the ids the same way — two to ``most``, the first compared with each of
/// the others — and refuse them with the same words.
public struct RankingComparison: Sendable {
    /// The most ids one comparison takes.
    public static let most = 20

    /// The application the others are compared with.
    public let first: String
    /// Each other application, with why the first ranks above or below it.
    public let others: [(id: String, text: String)]

    /// Why a comparison cannot be made, in the user's language.
    public enum Refusal: Error, Sendable {
        /// Fewer than two ids, or more than ``RankingComparison/most``.
        case ids
        /// No application of the round has this id.
        case noApplication(String)

        public var said: Localized {
            switch self {
            case .ids: Localized("ranking.compare-ids", ["most": RankingComparison.most])
            case .noApplication(let id): Localized("ranking.no-application", ["id": id])
            }
        }
    }

    /// The comparison of `ids` in `ranking`, said by `renderer`.
    public static func make(_ ids: [String], in ranking: Ranking, renderer: RankingRenderer) -> Result<RankingComparison, Refusal> {
        guard ids.count >= 2, ids.count <= most else { return .failure(.ids) }
        var others: [(id: String, text: String)] = []
        for other in ids.dropFirst() {
            guard let text = renderer.compare(ranking, ids[0], other) else {
                return .failure(.noApplication(ranking.applications.contains { $0.id == ids[0] } ? String(other.prefix(200)) : String(ids[0].prefix(200))))
            }
            others.append((other, text))
        }
        return .success(RankingComparison(first: ids[0], others: others))
    }
}
