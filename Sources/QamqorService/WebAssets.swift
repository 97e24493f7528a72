import Foundation
import Hummingbird
import QamqorEngine

/// The web pages (plain HTML, CSS and JS, no build step), shipped inside the binary's resource
/// bundle and served by the service itself.
enum WebAssets {
    static let directory: URL? = Bundle.module.url(forResource: "Web", withExtension: nil)

    static let types: [String: String] = ["html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
                                          "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml"]

    static func response(_ file: String) throws -> Response {
        if file == "strings.js" {
            return Response(status: .ok, headers: [.contentType: types["js"] ?? "text/javascript", .cacheControl: "no-cache"],
                            body: .init(byteBuffer: ByteBuffer(string: PageStrings.served)))
        }
        guard !file.contains("/"), !file.hasPrefix("."), let dir = directory,
              let type = types[(file as NSString).pathExtension],
              let data = FileManager.default.contents(atPath: dir.appendingPathComponent(file).path) else {
            throw APIError(.notFound, "not-found", Localized("web-assets.data", ["file": file]))
        }
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
