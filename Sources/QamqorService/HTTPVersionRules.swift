import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// What HTTP/1.x requires of a server and the request types lose (they hold no version):
/// - an HTTP/1.1 request without `Host` is refused with 400 and the connection closed
///   (RFC 9112 §3.2);
/// - an HTTP/1.0 request without `Connection: keep-alive` is answered and the connection closed
///   at once, not held open until a deadline;
/// - a request with two `Host` headers, or whose request line names a host (absolute form), is
///   refused with 400: the service is no proxy, and the name checked must be the one routed.
///
/// Sits between NIO's HTTP/1 decoder and the conversion to the request types (placed there by
/// ``RequestDeadlineHandler`` when the server's handlers are added).
final class HTTPVersionRules: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// The answer in progress ends the connection.
    private var closeAfterAnswer = false
    /// The body of a refused request is read and dropped.
    private var dropping = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var head):
            if head.version.major == 1, head.version.minor >= 1, !head.headers.contains(name: "host") {
                dropping = true
                refuse(context, version: head.version, code: "missing-host", message: "an HTTP/1.1 request must name its Host")
                return
            }
            // Two Hosts, or a request line naming another host (absolute form: this service is
            // no proxy), could make the guard and the router read different names.
            if head.headers["host"].count > 1 || !(head.uri.hasPrefix("/") || head.uri == "*") {
                dropping = true
                refuse(context, version: head.version, code: "bad-host", message: "a request must name one Host and give a path")
                return
            }
            if head.version.major == 1, head.version.minor == 0, !head.isKeepAlive {
                head.headers.replaceOrAdd(name: "connection", value: "close")
                closeAfterAnswer = true
            }
            context.fireChannelRead(wrapInboundOut(.head(head)))
        case .body:
            if !dropping { context.fireChannelRead(data) }
        case .end:
            if dropping { dropping = false } else { context.fireChannelRead(data) }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard closeAfterAnswer, case .end = unwrapOutboundIn(data) else { return context.write(data, promise: promise) }
        closeAfterAnswer = false
        let sent = promise ?? context.eventLoop.makePromise(of: Void.self)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        sent.futureResult.whenComplete { _ in bound.value.close(promise: nil) }
        context.writeAndFlush(data, promise: sent)
    }

    private func refuse(_ context: ChannelHandlerContext, version: HTTPVersion, code: String, message: String) {
        let body = #"{"error":{"code":"\#(code)","message":"\#(message)"}}"#
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json; charset=utf-8")
        headers.add(name: "content-security-policy", value: SecurityHeaders.pagePolicy)
        headers.add(name: "x-content-type-options", value: "nosniff")
        headers.add(name: "x-frame-options", value: "DENY")
        headers.add(name: "referrer-policy", value: "no-referrer")
        headers.add(name: "cache-control", value: "no-store")
        headers.add(name: "content-length", value: String(body.utf8.count))
        headers.add(name: "connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: .badRequest, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }

    /// Places the rules before the conversion to the request types in `pipeline`, if it has one.
    static func install(in pipeline: ChannelPipeline.SynchronousOperations) {
        guard let codec = try? pipeline.handler(type: HTTP1ToHTTPServerCodec.self) else { return }
        try? pipeline.addHandler(HTTPVersionRules(), position: .before(codec))
    }
}
