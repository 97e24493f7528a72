import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id — the client's `X-Request-Id` when it is a short token, else a new
/// one — puts it on every log line of the request and on the answer, and logs one line per request:
/// method, route, status and time. Never the query or the body (they may carry personal data).
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = QamqorContext
    /// A valid field name, so the fallback is never taken.
    static let header = HTTPField.Name("X-Request-Id") ?? .via

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let given = request.headers[Self.header].flatMap { id in
            id.count <= 64 && !id.isEmpty && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") } ? id : nil
        }
        let id = given ?? String(UUID().uuidString.lowercased().prefix(18))
        context.logger[metadataKey: "request_id"] = .string(id)
        let start = ContinuousClock.now
        func line(_ status: Int) {
            let took = ContinuousClock.now - start
            let ms = Double(took.components.seconds) * 1000 + Double(took.components.attoseconds) / 1e15
            context.logger.info("request", metadata: [
                "method": .string(request.method.rawValue), "route": .string(context.endpointPath ?? "unmatched"),
                "status": .stringConvertible(status), "ms": .string(Self.milliseconds(ms)),
            ])
        }
        do {
            var response = try await next(request, context)
            response.headers[Self.header] = id
            line(Int(response.status.code))
            return response
        } catch {
            line((error as? HTTPResponseError)?.status.code ?? 500)
            throw error
        }
    }

    /// A duration in milliseconds with one decimal (`12.3`), as `String(format: "%.1f")` writes a
    /// non-negative one, without Foundation's formatter (one a request).
    static func milliseconds(_ ms: Double) -> String {
        guard ms.isFinite, ms >= 0, ms < 1e15 else { return ms.description }
        let tenths = Int((ms * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
