import Foundation
import SwitchboardModel
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The production HTTP transport over `URLSession`; the only place that imports FoundationNetworking.
public enum URLSessionTransport {
    /// A transport backed by an ephemeral session (no cookies, no cache).
    public static func make() -> HTTPTransport {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: configuration)
        return { request in try await send(request, session: session) }
    }

    /// Sends `request` on `session`.
    /// - Throws: `HTTPTransportError` when no response arrives.
    static func send(_ request: HTTPRequest, session: URLSession) async throws -> HTTPResponse {
        var r = URLRequest(url: request.url)
        r.httpMethod = request.method
        r.timeoutInterval = request.timeout
        for (k, v) in request.headers { r.setValue(v, forHTTPHeaderField: k) }
        r.httpBody = request.body
        do {
            let (data, response) = try await session.data(for: r)
            guard let http = response as? HTTPURLResponse else {
                throw HTTPTransportError.connection("not an HTTP response")
            }
            var headers: [String: String] = [:]
            for (k, v) in http.allHeaderFields {
                if let k = k as? String { headers[k] = "\(v)" }
            }
            return HTTPResponse(status: http.statusCode, headers: headers, body: data)
        } catch let error as URLError {
            if error.code == .timedOut { throw HTTPTransportError.timedOut }
            throw HTTPTransportError.connection("URL error \(error.code.rawValue)")
        }
    }
}
