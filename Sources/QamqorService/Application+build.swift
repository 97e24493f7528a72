import Hummingbird
import Logging
import NIOCore

/// How the service is put together, as Hummingbird's template does it: the router (middleware
/// every request passes, then the one route table) and the application around it.
extension QamqorAPI {
    /// All routes (``ServiceRoutes/all``: `/v1/*`, `/healthz`, `/metrics` and the pages) behind
    /// the middleware every request passes: security headers, metrics, the request log, JSON
    /// errors, the origin guard and the bearer token. Deciding needs the `caseworker` role,
    /// ranking `committee`, the workbench `policy`, the audit log `auditor`; the pages, the
    /// programme list, the schema, the samples, health and metrics need none.
    public func router() -> Router<QamqorContext> {
        let router = Router(context: QamqorContext.self)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: ErrorJSONMiddleware())
        router.add(middleware: RequestOriginGuard(publicNames: configuration.publicNames))
        router.add(middleware: TokenAuthenticator(tokens: configuration.tokens))
        ServiceRoutes.register(self, on: router)
        return router
    }

    /// The service as a Hummingbird application listening at the configured address, with these
    /// connection limits; `onRunning` is called once it listens. With `watching`, the rule
    /// watcher (hot reload and scheduled publications) runs beside the server as one of its
    /// services and stops with it on SIGTERM or SIGINT, after requests in flight finish.
    public func application(limits: ConnectionLimits, watching report: (@Sendable (RuleSetStore.ReloadOutcome, RuleSetStore.Snapshot) -> Void)? = nil,
                            onRunning: @escaping @Sendable () -> Void = {}) -> some ApplicationProtocol {
        Application(router: router(), server: limits.server,
                    configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "qamqor",
                                         availableConnectionsDelegate: CountedConnections(maximum: limits.maximum, metrics: metrics)),
                    services: report.map { [RuleWatcher(api: self, report: $0)] } ?? [],
                    onServerRunning: { _ in onRunning() }, logger: Logger(label: "qamqor"))
    }
}
