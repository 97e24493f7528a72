import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing
@testable import QamqorService

/// The request deadlines of a connection measure idleness, not the time an answer takes to reach
/// a slow client: the next request's deadline starts once the answer has been written out.
@Suite("Request deadlines")
struct DeadlineTests {
    @Test("an answer still being written out to a slow client is not cut by the next request's deadline; once sent, the deadline runs")
    func answerWrittenOutFirst() throws {
        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(handler: RequestDeadlineHandler(head: .seconds(10), body: .seconds(60)), loop: loop)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1", path: "/big")))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        // The answer is queued, but the client has not read it yet: nothing is flushed.
        channel.write(HTTPResponsePart.head(HTTPResponse(status: .ok)), promise: nil)
        channel.write(HTTPResponsePart.body(ByteBuffer(repeating: 0x61, count: 1 << 20)), promise: nil)
        channel.write(HTTPResponsePart.end(nil), promise: nil)
        loop.advanceTime(by: .seconds(30))
        #expect(channel.isActive, "the connection was closed while its answer was still going out")
        // Written out: now a client that sends nothing more is closed after the head deadline.
        channel.flush()
        loop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        loop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive, "an idle connection after its answer was sent is closed at the deadline")
        _ = try? channel.finish()
    }
}
