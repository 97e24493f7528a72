import HTTPTypes
import Hummingbird
import QamqorEngine

/// Refuses requests a browser could be tricked into sending for another site, before any route
/// sees them:
/// - a `Host` that is not this machine's loopback (or a name the service was told it is reached
///   by, `--public-name`): a DNS-rebinding page at `evil.example` reaches the port under its own
///   name and is refused (421);
/// - a state-changing request (POST, PUT, PATCH, DELETE) from a page of another origin (its
///   `Origin` is not this `Host`) or that the browser marks as cross-site (`Sec-Fetch-Site`) (403);
/// - a body sent with a content type a cross-site form can send without asking
///   (`text/plain`, `application/x-www-form-urlencoded`, `multipart/form-data`) or any type the
///   service does not read: JSON, YAML, CSV and JSON lines only, each with its own type (415).
///   A body with no `Content-Type` at all is read as before (its format found from its first bytes).
///   `text/plain` is accepted only where a request changes nothing or is never sent across sites
///   without asking: a draft file's text (`PUT`, which a form cannot send), the editor's check
///   and a draft's impact (which answer a report and write nothing).
struct RequestOriginGuard: RouterMiddleware {
    typealias Context = QamqorContext
    /// Names (lower-cased, without port) accepted in `Host` besides loopback ones.
    let publicNames: Set<String>

    /// The media types a request body may be sent with.
    static let bodyTypes: Set<String> = [
        "application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml",
        "text/csv", "application/x-ndjson", "application/jsonl", "application/json-lines",
    ]

    init(publicNames: [String]) {
        self.publicNames = Set(publicNames.compactMap { LoopbackAddress.hostPart(ofHostHeader: $0) })
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let authority = request.head.authority
        if let authority {
            guard let host = LoopbackAddress.hostPart(ofHostHeader: authority),
                  LoopbackAddress.isLoopbackHostName(host) || publicNames.contains(host) else {
                throw APIError(.misdirectedRequest, "host-not-served", Localized("request-origin-guard.host"))
            }
        }
        guard [.post, .put, .patch, .delete].contains(request.method) else { return try await next(request, context) }
        // A path that does not take this method (or no path at all) serves nothing to guard: it
        // is answered 405 with `Allow` (or 404) as everywhere.
        guard ServiceRoutes.methods(of: request.uri.path)?.contains(request.method) == true else { return try await next(request, context) }
        if let site = request.headers.first(where: { $0.name.canonicalName == "sec-fetch-site" })?.value.lowercased(), site == "cross-site" || site == "same-site" {
            throw Self.crossOrigin
        }
        if let origin = request.headers[.origin] {
            let o = origin.lowercased()
            guard let authority, o == "http://" + authority.lowercased() || o == "https://" + authority.lowercased() else { throw Self.crossOrigin }
        }
        if let type = request.headers[.contentType], Self.hasBody(request) {
            let media = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            guard Self.bodyTypes.contains(media) || (media == "text/plain" && Self.takesText(request)) else {
                throw APIError(.unsupportedMediaType, "unsupported-media-type", Localized("request-origin-guard.media", ["prefix": media.prefix(60)]))
            }
        }
        return try await next(request, context)
    }

    static let crossOrigin = APIError(.forbidden, "cross-origin", Localized("request-origin-guard.cross-origin"))

    /// Whether `request` may send its body as `text/plain` (see the type's summary).
    static func takesText(_ request: Request) -> Bool {
        let path = request.uri.path
        guard path.hasPrefix("/v1/drafts/") else { return false }
        return (request.method == .put && path.hasSuffix("/file")) || (request.method == .post && (path.hasSuffix("/check") || path.hasSuffix("/impact")))
    }

    /// Whether the request says it carries a body.
    static func hasBody(_ request: Request) -> Bool {
        if let length = request.headers[.contentLength] { return length != "0" }
        return request.headers[.transferEncoding] != nil
    }
}
