import HTTPTypes
import NIOHTTPTypes
import Hummingbird
import Logging
import HummingbirdCore
import NIOCore

/// Closes a connection that is too slow to say what it wants: a request head must arrive within
/// `head` of the connection opening (or of the last answer, on a kept-alive connection), and its
/// body must be complete within `body` of the head. A slow-loris client that trickles bytes is
/// therefore closed, as an idle one is by the idle timeout. While a request is being answered,
/// and until its answer has been written out to the client, no deadline runs.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let head: TimeAmount
    let body: TimeAmount
    private var deadline: Scheduled<Void>?

    init(head: TimeAmount, body: TimeAmount) { self.head = head; self.body = body }

    private func arm(_ after: TimeAmount, _ context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: after) { channel.close(promise: nil) }
    }

    private func disarm() { deadline?.cancel(); deadline = nil }

    func handlerAdded(context: ChannelHandlerContext) {
        HTTPVersionRules.install(in: context.pipeline.syncOperations)
        if context.channel.isActive { arm(head, context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(head, context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { disarm() }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: arm(body, context)
        case .end: disarm()
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else { return context.write(data, promise: promise) }
        // The next request's deadline starts once the answer has gone out, not when its end is
        // queued: a large answer read slowly by the client (a ranking of 40 MB at 1 MB/s) is not
        // cut. A client that stops reading altogether is closed by the idle timeout.
        let sent = promise ?? context.eventLoop.makePromise(of: Void.self)
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        sent.futureResult.whenComplete { _ in
            let (handler, context) = bound.value
            guard context.channel.isActive else { return }
            handler.arm(handler.head, context)
        }
        context.write(data, promise: sent)
    }
}

/// The limits a listening service puts on connections.
public struct ConnectionLimits: Sendable {
    /// Connections open at once; more wait in the kernel's backlog until one closes.
    public var maximum: Int
    /// A connection with no traffic at all is closed after this.
    public var idle: Duration
    /// A request head must be complete within this of the connection opening or the last answer.
    public var head: Duration
    /// A request body must be complete within this of its head.
    public var body: Duration

    public init(maximum: Int = 512, idle: Duration = .seconds(30), head: Duration = .seconds(10), body: Duration = .seconds(60)) {
        self.maximum = maximum; self.idle = idle; self.head = head; self.body = body
    }

    /// The HTTP/1 server with these deadlines.
    public var server: HTTPServerBuilder {
        let head = TimeAmount(self.head), body = TimeAmount(self.body)
        return .http1(configuration: .init(additionalChannelHandlers: [RequestDeadlineHandler(head: head, body: body)], idleTimeout: TimeAmount(idle)))
    }
}

extension TimeAmount {
    init(_ d: Duration) {
        let (s, atto) = d.components
        self = .nanoseconds(s * 1_000_000_000 + atto / 1_000_000_000)
    }
}

/// At most `maximum` connections open at once (more wait in the listen queue until one closes),
/// each opened and closed counted in `qamqor_connections_open`.
struct CountedConnections: AvailableConnectionsDelegate {
    let maximum: Int
    let metrics: ServiceMetrics
    var open = 0

    mutating func connectionOpened() { open += 1; metrics.connections(open) }
    mutating func connectionClosed() { open -= 1; metrics.connections(open) }
    func isAcceptingNewConnections() -> Bool { open < maximum }
}
