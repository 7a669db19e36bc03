import Foundation
import PlatformKit

/// The HTTP transport of an `endpoint: sandbox` connection: every request goes to an emulator's handler in process,
/// with no socket and no HTTP framing. The request is handed over as the loopback server would have parsed it off
/// the wire (path percent-decoded, query split, header names lowercased), so `switchboard sandbox serve` and the
/// embedded sandbox answer the same request the same way.
public enum InProcessTransport {
    /// A transport that answers with `handler`.
    public static func make(
        _ handler: @escaping @Sendable (HTTPServerRequest) async -> HTTPResponse
    ) -> HTTPTransport {
        { request in
            try Task.checkCancellation()
            return await handler(HTTPServerRequest(request))
        }
    }
}

extension HTTPServerRequest {
    /// `request` as the loopback server parses it: the path without the query, percent-decoded; the query's
    /// parameters (the last value wins); header names lowercased, `host` added from the URL when absent; an absent
    /// body empty.
    public init(_ request: HTTPRequest) {
        let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        var query: [String: String] = [:]
        for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let path = components?.percentEncodedPath.removingPercentEncoding ?? request.url.path
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.lowercased()] = value }
        // Every HTTP client sends the host it addresses; answers with absolute links point back at it.
        if headers["host"] == nil, let host = request.url.host {
            headers["host"] = request.url.port.map { "\(host):\($0)" } ?? host
        }
        self.init(
            method: request.method, path: path.isEmpty ? "/" : path, query: query, headers: headers,
            body: request.body ?? Data())
    }
}
