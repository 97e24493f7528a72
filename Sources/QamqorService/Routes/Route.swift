import Hummingbird
import QamqorEngine

/// One operation the service answers: its method and path, who may call it, the id the API
/// document (`docs/openapi.yaml`) gives it, and what answers it. The router, the `405 Allow`
/// answers and the test of the API document are all made from the one table of these
/// (``ServiceRoutes/all``), so a route cannot be served without being listed, nor listed
/// with another role than it is served with.
struct Route: Sendable {
    /// Who may call a route.
    enum Access: Sendable, Equatable {
        /// Anyone (the pages, the programme list, the schema, the samples, health, metrics).
        case open
        /// A caller holding the role (a bearer token with it, or the workstation's caller).
        case role(Role)
    }

    /// What answers a route, given the service it is served by.
    typealias Handler = @Sendable (QamqorAPI, Request, QamqorContext) async throws -> Response

    let method: HTTPRequest.Method
    /// The path as the router matches it: `:name` is one segment.
    let path: String
    let access: Access
    /// The operation's id in the API document; nil for the pages, which are not API operations.
    let operationID: String?
    let handler: Handler

    init(_ method: HTTPRequest.Method, _ path: String, _ access: Access, _ operationID: String?, _ handler: @escaping Handler) {
        self.method = method; self.path = path; self.access = access; self.operationID = operationID; self.handler = handler
    }

    /// The path as the API document writes it: `/v1/drafts/{id}`.
    var documentPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            .joined(separator: "/")
    }
}

/// Every route the service serves, area by area.
enum ServiceRoutes {
    /// The one table: decisions, the audit log, rankings, the workbench, what the pages read,
    /// the operator's endpoints and the pages.
    static let all: [Route] = DecisionRoutes.table + AuditRoutes.table + RankingRoutes.table + WorkbenchRoutes.table
        + ReferenceRoutes.table + OperationsRoutes.table + PageRoutes.table

    /// The methods `path` is served with, or nil for a path not served at all (a 404, not a 405).
    static func methods(of path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        // As the router's trie does, a constant segment is preferred to a parameter: the first
        // matching path of `shapes` (fewest parameters first) decides.
        return shapes.first { shape in
            shape.segments.count == segments.count && zip(shape.segments, segments).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
        }?.methods
    }

    /// Each served path once, split into segments, with its methods in table order: made once,
    /// since the origin guard asks for every request that could change something.
    private static let shapes: [(segments: [Substring], methods: [HTTPRequest.Method])] = {
        var paths: [String] = []
        var methods: [String: [HTTPRequest.Method]] = [:]
        for r in all {
            if methods[r.path] == nil { paths.append(r.path) }
            if methods[r.path, default: []].contains(r.method) == false { methods[r.path, default: []].append(r.method) }
        }
        let shapes = paths.map { p in (segments: p.split(separator: "/", omittingEmptySubsequences: true), methods: methods[p] ?? []) }
        let parameters = { (s: [Substring]) in s.filter { $0.hasPrefix(":") }.count }
        return shapes.enumerated().sorted { (parameters($0.element.segments), $0.offset) < (parameters($1.element.segments), $1.offset) }.map(\.element)
    }()

    /// Adds every route to `router`, each behind the role it needs.
    static func register(_ api: QamqorAPI, on router: Router<QamqorContext>) {
        for route in all {
            let handler = route.handler
            let respond: @Sendable (Request, QamqorContext) async throws -> Response = { request, context in
                try await handler(api, request, context)
            }
            switch route.access {
            case .open:
                router.on(RouterPath(stringLiteral: route.path), method: route.method, use: respond)
            case .role(let role):
                router.group().add(middleware: RequireRole(role: role))
                    .on(RouterPath(stringLiteral: route.path), method: route.method, use: respond)
            }
        }
    }
}
