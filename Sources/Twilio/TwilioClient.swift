import Foundation
import PlatformKit
import SwitchboardModel

/// Tuning for a Twilio connection.
public struct TwilioClientOptions: Sendable {
    public var retry: RetryPolicy
    /// Seconds before one HTTP request times out.
    public var requestTimeout: Double
    /// `PageSize` of listings (Twilio allows up to 1,000).
    public var pageSize: Int
    /// Requests in flight at once per account (Twilio answers 20429 past the account's concurrency limit).
    public var maxConcurrentRequests: Int
    /// Sleeps between attempts; tests may speed time up.
    public var sleep: @Sendable (Double) async throws -> Void

    /// Creates options; the defaults suit a live account.
    public init(
        retry: RetryPolicy = .standard, requestTimeout: Double = 30, pageSize: Int = 1000,
        maxConcurrentRequests: Int = 8, sleep: @escaping @Sendable (Double) async throws -> Void = RateLimiter.taskSleep
    ) {
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.pageSize = min(max(1, pageSize), 1000)
        self.maxConcurrentRequests = maxConcurrentRequests
        self.sleep = sleep
    }
}

/// Twilio's REST APIs over the transport: HTTP Basic auth, form-encoded requests, JSON answers, the 2010 API's and
/// the v1 APIs' paging, Twilio's error bodies, 429 (20429) retried with backoff, requests per account bounded.
public struct TwilioClient: Sendable {
    public let hosts: TwilioHosts
    /// The account every path names.
    public let accountSid: String
    public let options: TwilioClientOptions
    /// The requests in flight for this account (shared by every client of the account in this process).
    public let gate: ConcurrencyLimiter
    private let sender: RequestSender

    /// Creates a client. `username` is the account SID, or an API key SID (`SK...`) with its secret as `password`.
    public init(
        hosts: TwilioHosts, accountSid: String, username: String, password: String,
        transport: @escaping HTTPTransport, options: TwilioClientOptions = .init()
    ) {
        self.hosts = hosts
        self.accountSid = accountSid
        self.options = options
        let gate = TwilioGates.shared.gate(accountSid, limit: options.maxConcurrentRequests)
        self.gate = gate
        self.sender = RequestSender(
            transport: { request in try await gate.run { try await transport(request) } },
            authorization: .basic(username: username, password: password), limiter: nil, retry: options.retry,
            sleep: options.sleep)
    }

    /// The secret values errors must not show.
    var secrets: [String] { sender.authorization.secrets }

    /// Sends one request and returns the parsed answer (`.null` when empty).
    /// - Parameters:
    ///   - form: form fields (PascalCase), sent as `application/x-www-form-urlencoded`.
    ///   - safe: whether repeating after a 5xx or a lost answer is harmless; defaults to true for GET and DELETE.
    ///   - resource: the address the request serves, named in errors.
    /// - Throws: `PlatformError` with Twilio's error code and message.
    @discardableResult
    public func send(
        _ method: String, _ api: TwilioHosts.API, _ path: String, query: [(String, String)] = [],
        form: [(String, String)]? = nil, safe: Bool? = nil, resource: Address? = nil
    ) async throws -> Value {
        guard let url = hosts.url(api, path, query: query) else {
            throw PlatformError(code: "twilio.endpoint", message: "bad request path", request: "\(method) \(path)")
        }
        return try await send(method, url: url, form: form, safe: safe, resource: resource)
    }

    /// Sends one request to `url` (a next-page link).
    func send(
        _ method: String, url: URL, form: [(String, String)]? = nil, safe: Bool? = nil, resource: Address? = nil
    ) async throws -> Value {
        let label = "\(method) \(url.path)"
        var headers = ["Accept": "application/json"]
        var body: Data?
        if let form {
            headers["Content-Type"] = FormEncoding.contentType
            body = FormEncoding.data(form)
        }
        let request = HTTPRequest(
            method: method, url: url, headers: headers, body: body, timeout: options.requestTimeout)
        let outcome = try await sender.send(request, safeToRepeat: safe ?? ["GET", "DELETE"].contains(method))
        guard let response = outcome.response, (200..<300).contains(response.status) else {
            throw error(response: outcome.response, failure: outcome.failure, label: label, resource: resource)
        }
        if response.body.isEmpty { return .null }
        do { return try JSONCoding.parse(response.body) } catch {
            throw PlatformError(
                code: "twilio.response", message: prefix(resource) + "the answer is not JSON", request: label,
                status: response.status)
        }
    }

    /// GETs `path`; nil on 404.
    /// - Throws: `PlatformError` for any other failure.
    public func getIfExists(
        _ api: TwilioHosts.API, _ path: String, query: [(String, String)] = [], resource: Address? = nil
    ) async throws -> Value? {
        do {
            return try await send("GET", api, path, query: query, resource: resource)
        } catch let e as PlatformError where e.status == 404 {
            return nil
        }
    }

    /// Every item of a listing, page by page: the 2010 API's `next_page_uri` (relative to its host) or the v1 APIs'
    /// `meta.next_page_url` (absolute; its path and query are sent to this connection's host, so a proxy or the
    /// emulator keeps serving), up to `Pages.defaultLimit` pages.
    /// - Parameter key: the member holding the items (`incoming_phone_numbers`, `services` ...).
    /// - Throws: `PlatformError`.
    public func list(
        _ api: TwilioHosts.API, _ path: String, key: String, query: [(String, String)] = [], resource: Address? = nil
    ) async throws -> [Value] {
        guard let first = hosts.url(api, path, query: query + [("PageSize", String(options.pageSize))]) else {
            throw PlatformError(code: "twilio.endpoint", message: "bad request path", request: "GET \(path)")
        }
        return try await Pages.collect(from: first) { url in
            let page = try await send("GET", url: url, resource: resource)
            let link = page["next_page_uri"]?.stringValue ?? page["meta"]?["next_page_url"]?.stringValue
            return Pages.Page(items: page[key]?.listValue ?? [], next: nextURL(link, api: api))
        }
    }

    /// A next-page link on this connection's host for `api`.
    func nextURL(_ link: String?, api: TwilioHosts.API) -> URL? {
        guard let link, !link.isEmpty, let base = hosts.bases[api],
            let parsed = URLComponents(string: link), var c = URLComponents(url: base, resolvingAgainstBaseURL: false)
        else { return nil }
        let basePath = c.path.hasSuffix("/") ? String(c.path.dropLast()) : c.path
        c.path = parsed.path.hasPrefix(basePath) ? parsed.path : basePath + parsed.path
        c.percentEncodedQuery = parsed.percentEncodedQuery
        return c.url
    }

    /// The 2010 API path of `tail` in `account` (this client's by default): `/2010-04-01/Accounts/{sid}/{tail}.json`.
    public func accountPath(_ tail: String, account: String? = nil) -> String {
        "/2010-04-01/Accounts/\(account ?? accountSid)/\(tail).json"
    }

    private func prefix(_ resource: Address?) -> String { resource.map { "\($0): " } ?? "" }

    /// Twilio's error body (`{"code", "message", "more_info", "status"}`, or the newer `{"errors": [...]}`) as a
    /// `PlatformError` carrying Twilio's numeric code.
    private func error(response: HTTPResponse?, failure: Error?, label: String, resource: Address?) -> PlatformError {
        guard let response else {
            let why = failure.map { "\($0)" } ?? "no response"
            return PlatformError(
                code: failure as? HTTPTransportError == .timedOut ? "request.timeout" : "twilio.connection",
                message: prefix(resource) + Redactor.scrub(why, secrets: secrets), request: label, retryable: true)
        }
        let body = try? JSONCoding.parse(response.body)
        let detail = body?["errors"]?.listValue?.first ?? body
        let code = detail?["code"].flatMap { $0.intValue.map(String.init) ?? $0.stringValue } ?? "http.\(response.status)"
        var message = detail?["message"]?.stringValue ?? "HTTP \(response.status)"
        if let more = detail?["more_info"]?.stringValue ?? detail?["infoUrl"]?.stringValue { message += " (\(more))" }
        return PlatformError(
            code: code, message: prefix(resource) + Redactor.scrub(message, secrets: secrets), request: label,
            status: response.status, retryable: response.status == 429 || response.status >= 500)
    }
}

/// The concurrency limiter of each account, shared by every client of it in this process (one apply may reach one
/// account through a connection and through integrations' own credentials).
// @unchecked Sendable: `gates` is only read or written while `lock` is held.
final class TwilioGates: @unchecked Sendable {
    static let shared = TwilioGates()
    private let lock = NSLock()
    private var gates: [String: ConcurrencyLimiter] = [:]

    func gate(_ account: String, limit: Int) -> ConcurrencyLimiter {
        lock.lock()
        defer { lock.unlock() }
        if let g = gates[account] { return g }
        let g = ConcurrencyLimiter(limit: limit)
        gates[account] = g
        return g
    }
}
