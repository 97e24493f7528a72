import HTTPTypes
import Hummingbird

/// Headers on every answer that keep the pages and their data where they belong:
/// - `Content-Security-Policy`: scripts from this origin only (no inline script, no inline event
///   handler, no `eval`), no plug-ins, no `<base>`, and no framing by any page
///   (`frame-ancestors 'none'`, with `X-Frame-Options: DENY` for older browsers): "publish"
///   cannot be clicked through a frame. Styles may be inline: the rendered documents (a notice, a
///   printable shortlist, opened from the pages as they are saved to files) carry their own
///   `<style>`, and a style runs no code.
/// - `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer` everywhere.
/// - `Cache-Control: no-store` on every answer but the pages' static files: decisions, notices,
///   replays, rankings and the audit log hold personal data that no cache may keep.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = QamqorContext

    /// The policy of every answer: script from this origin only.
    static let pagePolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        Self.apply(to: &response, path: request.uri.path)
        return response
    }

    static func apply(to response: inout Response, path: String) {
        if response.headers[.contentSecurityPolicy] == nil { response.headers[.contentSecurityPolicy] = pagePolicy }
        response.headers[.xContentTypeOptions] = "nosniff"
        if let name = HTTPField.Name.xFrameOptions { response.headers[name] = "DENY" }
        if let name = HTTPField.Name.referrerPolicy { response.headers[name] = "no-referrer" }
        // Everything but the pages' own files (however the path is spelt: `//v1/…` reaches the
        // API too) may hold personal data: no cache keeps it.
        if !path.hasPrefix("/static/") { response.headers[.cacheControl] = "no-store" }
    }
}

extension HTTPField.Name {
    /// Names HTTPTypes does not declare (valid tokens: never nil).
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")
}
