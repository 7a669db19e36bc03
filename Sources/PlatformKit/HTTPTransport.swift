import Foundation
import SwitchboardModel

/// One HTTP request, as a value the transport seam carries.
public struct HTTPRequest: Sendable, Hashable {
    /// `GET`, `POST`, `PUT`, `PATCH`, `DELETE`.
    public var method: String
    /// The absolute URL, query included.
    public var url: URL
    /// Header fields; names are matched case-insensitively by `header(_:)`.
    public var headers: [String: String]
    public var body: Data?
    /// Seconds before the transport gives up.
    public var timeout: Double

    /// Creates a request.
    public init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil, timeout: Double = 30) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The value of header `name`, matched case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// `METHOD /path` without query, host or credentials: what diagnostics may show.
    public var redactedDescription: String { "\(method) \(url.path.isEmpty ? "/" : url.path)" }
}

/// One HTTP response.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    /// Header fields; names are matched case-insensitively by `header(_:)`.
    public var headers: [String: String]
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of header `name`, matched case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Failures of the transport itself (no HTTP response arrived).
public enum HTTPTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request did not complete in time.
    case timedOut
    /// The connection failed or was lost; the text names the cause without the URL's query or credentials.
    case connection(String)

    public var description: String {
        switch self {
        case .timedOut: "the request timed out"
        case .connection(let why): "the connection failed: \(why)"
        }
    }
}

/// The HTTP seam: production passes `URLSessionTransport`, tests pass a closure.
public typealias HTTPTransport = @Sendable (HTTPRequest) async throws -> HTTPResponse

// MARK: - Descriptions without secrets

extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `METHOD /path`: headers (credentials), query and body never show.
    public var description: String { redactedDescription }
    public var debugDescription: String { redactedDescription }
    public var customMirror: Mirror { Mirror(self, children: ["request": redactedDescription]) }
}
