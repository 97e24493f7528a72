import Foundation
import Hummingbird
import Prometheus
import Synchronization

/// The service's metrics, for `GET /metrics` in Prometheus' text format: decisions by programme
/// and status, request latency by route, audit write latency, rule reloads by outcome, the rules
/// version in force, the requests in flight and the HTTP connections open. One registry per service (no global state).
/// Labels take only values the service itself names (programme ids, route patterns, statuses).
public final class ServiceMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let lastVersion = Mutex<String?>(nil)
    private let inFlight: Gauge
    private let connectionsOpen: Gauge
    static let latencyBuckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                             .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(10)]

    init() {
        inFlight = registry.makeGauge(descriptor: .init(metricName: "qamqor_requests_in_flight", unitName: "", helpText: "Requests being answered"))
        connectionsOpen = registry.makeGauge(descriptor: .init(metricName: "qamqor_connections_open", unitName: "", helpText: "HTTP connections open"))
    }

    func decided(program: String, status: String) {
        registry.makeCounter(descriptor: .init(metricName: "qamqor_decisions_total", unitName: "", helpText: "Decisions answered, by programme and status"),
                             labels: [("program", program), ("status", status)]).increment()
    }

    func request(route: String, method: String, status: Int, took: Duration) {
        registry.makeDurationHistogram(descriptor: .init(metricName: "qamqor_request_duration", unitName: "seconds", helpText: "Time to answer a request, by route"),
                                       labels: [("route", route), ("method", method), ("status", String(status))], buckets: Self.latencyBuckets)
            .recordNanoseconds(Int64(took.components.seconds) * 1_000_000_000 + took.components.attoseconds / 1_000_000_000)
    }

    func auditWrite(took: Duration) {
        registry.makeDurationHistogram(descriptor: .init(metricName: "qamqor_audit_write_duration", unitName: "seconds", helpText: "Time to commit a decision's audit row"),
                                       buckets: Self.latencyBuckets)
            .recordNanoseconds(Int64(took.components.seconds) * 1_000_000_000 + took.components.attoseconds / 1_000_000_000)
    }

    func reloaded(_ outcome: String) {
        registry.makeCounter(descriptor: .init(metricName: "qamqor_rule_reloads_total", unitName: "", helpText: "Rule changes picked up, by outcome"),
                             labels: [("outcome", outcome)]).increment()
    }

    /// The rules version in force: 1 for it, 0 for the one before.
    func rulesVersion(_ version: String) {
        let descriptor = MetricNameDescriptor(metricName: "qamqor_rules_version_info", unitName: "", helpText: "The rules version in force (1)")
        let previous = lastVersion.withLock { v -> String? in defer { v = version }; return v }
        if let previous, previous != version { registry.makeGauge(descriptor: descriptor, labels: [("version", previous)]).set(Double(0)) }
        registry.makeGauge(descriptor: descriptor, labels: [("version", version)]).set(Double(1))
    }

    func connections(_ open: Int) { connectionsOpen.set(Double(open)) }

    func started() { inFlight.increment() }
    func finished() { inFlight.decrement() }

    /// The exposition text.
    public func text() -> [UInt8] {
        var out: [UInt8] = []
        registry.emit(into: &out)
        return out
    }
}

/// Times every request and counts those in flight, by the route that answered it.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = QamqorContext
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        metrics.started()
        defer { metrics.finished() }
        do {
            let response = try await next(request, context)
            metrics.request(route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: response.status.code, took: ContinuousClock.now - start)
            return response
        } catch {
            let status = (error as? HTTPResponseError)?.status.code ?? (error as? APIError)?.status.code ?? 500
            metrics.request(route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: status, took: ContinuousClock.now - start)
            throw error
        }
    }
}
