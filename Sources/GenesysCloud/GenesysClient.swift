import Foundation
import PlatformKit
import SwitchboardModel

/// Tuning for a Genesys Cloud connection.
public struct GenesysClientOptions: Sendable {
    /// Requests per minute this client sends at most (Genesys allows 300 per client-credentials token).
    public var rateLimitPerMinute: Int
    /// The window of the rate limit in seconds (60; tests shorten it).
    public var rateLimitWindow: Double
    public var retry: RetryPolicy
    /// Seconds before one HTTP request times out.
    public var requestTimeout: Double
    /// Page size for listings.
    public var pageSize: Int
    /// Seconds between the first poll of an asynchronous state and the second; later waits grow by `pollBackoff`.
    public var pollInterval: Double
    /// How much each wait between two polls grows over the one before (1: a fixed interval).
    public var pollBackoff: Double
    /// The longest wait between two polls, in seconds.
    public var pollMaxInterval: Double
    /// Seconds before a poll gives up.
    public var pollTimeout: Double
    /// Sleeps; tests may speed time up.
    public var sleep: @Sendable (Double) async throws -> Void
    /// Seconds on a monotonic clock, against which a poll's `pollTimeout` is measured; goes with `sleep` (the
    /// sandbox passes a simulated clock that its simulated sleeps move).
    public var now: @Sendable () -> Double

    /// Creates options; the defaults suit a live organization.
    public init(
        rateLimitPerMinute: Int = 300, rateLimitWindow: Double = 60, retry: RetryPolicy = .standard,
        requestTimeout: Double = 30, pageSize: Int = 100, pollInterval: Double = 1, pollBackoff: Double = 1.5,
        pollMaxInterval: Double = 15, pollTimeout: Double = 600,
        sleep: @escaping @Sendable (Double) async throws -> Void = RateLimiter.taskSleep,
        now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }
    ) {
        self.rateLimitPerMinute = rateLimitPerMinute
        self.rateLimitWindow = rateLimitWindow
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.pageSize = pageSize
        self.pollInterval = pollInterval
        self.pollBackoff = pollBackoff
        self.pollMaxInterval = pollMaxInterval
        self.pollTimeout = pollTimeout
        self.sleep = sleep
        self.now = now
    }

    /// When a poll looks: `pollInterval` at first, growing by `pollBackoff` up to `pollMaxInterval`, for at most
    /// `pollTimeout` seconds.
    public var pollSchedule: PollSchedule {
        PollSchedule(first: pollInterval, factor: pollBackoff, cap: pollMaxInterval, timeout: pollTimeout)
    }

    /// The options for an emulator in process: its pace, and no rate limit (the emulator in process has none).
    public static func inProcess(_ pacing: InProcessPacing) -> GenesysClientOptions {
        GenesysClientOptions(
            rateLimitPerMinute: .max, rateLimitWindow: 0.001, pollInterval: pacing.pollInterval,
            pollMaxInterval: pacing.pollMaxInterval, pollTimeout: pacing.pollTimeout, sleep: pacing.sleep,
            now: pacing.now)
    }
}

/// JSON over the transport for the Platform API v2: auth, rate limit, retries, paging, `ErrorBody` errors.
public struct GenesysClient: Sendable {
    /// The headers that say how long to wait after a 429, in order: `Retry-After`, then Genesys Cloud's
    /// `inin-ratelimit-reset` (seconds until the rate window resets).
    public static let delayHeaders = RetryPolicy.retryAfter + ["inin-ratelimit-reset"]

    public let endpoints: GenesysRegionEndpoints
    /// The OAuth client credentials of this client (`GenesysAuth`).
    public let auth: OAuthClientCredentials
    public let limiter: RateLimiter
    public let options: GenesysClientOptions
    /// Every API request goes through it: the bearer token, the rate limit, the retries.
    private let sender: RequestSender

    /// Creates a client for one OAuth client.
    public init(
        endpoints: GenesysRegionEndpoints, clientId: String, clientSecret: String,
        transport: @escaping HTTPTransport, options: GenesysClientOptions = .init()
    ) {
        self.endpoints = endpoints
        self.options = options
        let auth = GenesysAuth.credentials(
            login: endpoints.login, clientId: clientId, clientSecret: clientSecret, transport: transport,
            retry: options.retry, sleep: options.sleep)
        let limiter = RateLimiter(
            limit: options.rateLimitPerMinute, window: options.rateLimitWindow, now: options.now, sleep: options.sleep)
        self.auth = auth
        self.limiter = limiter
        self.sender = RequestSender(
            transport: transport, authorization: .bearer(auth), limiter: limiter, retry: options.retry,
            delayHeaders: Self.delayHeaders, sleep: options.sleep)
    }

    /// Sends one API request and returns the parsed body (`.null` when empty).
    /// - Parameters:
    ///   - safe: whether repeating after a 5xx or timeout is harmless; defaults to true for GET, PUT and DELETE.
    ///   - resource: the address the request serves, named in errors.
    ///   - secrets: values to scrub from any error text (request bodies may hold them).
    /// - Throws: `PlatformError` naming the resource, the request and the vendor's code and message.
    @discardableResult
    public func send(
        _ method: String, _ path: String, query: [(String, String)] = [], body: Value? = nil, safe: Bool? = nil,
        resource: Address? = nil, secrets extra: [String] = []
    ) async throws -> Value {
        let label = "\(method) \(path)"
        guard var components = URLComponents(url: endpoints.api, resolvingAgainstBaseURL: false) else {
            throw PlatformError(code: "genesys.endpoint", message: "bad API base URL", request: label)
        }
        components.path = (components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path) + path
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components.url else {
            throw PlatformError(code: "genesys.endpoint", message: "bad request path", request: label)
        }
        let repeatable = safe ?? ["GET", "PUT", "DELETE", "HEAD"].contains(method)
        var headers = ["Accept": "application/json"]
        var data: Data?
        if let body {
            headers["Content-Type"] = "application/json"
            data = JSONCoding.data(body)
        }
        let request = HTTPRequest(
            method: method, url: url, headers: headers, body: data, timeout: options.requestTimeout)
        let outcome = try await sender.send(request, safeToRepeat: repeatable)
        guard let response = outcome.response, (200..<300).contains(response.status) else {
            throw error(
                response: outcome.response, failure: outcome.failure, label: label, resource: resource, extra: extra)
        }
        if response.body.isEmpty { return .null }
        do { return try JSONCoding.parse(response.body) } catch {
            throw PlatformError(
                code: "genesys.response", message: prefix(resource) + "the reply is not JSON", request: label,
                status: response.status)
        }
    }

    /// GETs `path`; nil on 404.
    /// - Throws: `PlatformError` for any other failure.
    public func getIfExists(_ path: String, query: [(String, String)] = [], resource: Address? = nil) async throws -> Value? {
        do {
            return try await send("GET", path, query: query, resource: resource)
        } catch let e as PlatformError where e.status == 404 {
            return nil
        }
    }

    /// Every entity of a paged listing (`entities`, `pageCount`), page by page up to `Pages.defaultLimit` pages.
    /// - Throws: `PlatformError`.
    public func getAll(_ path: String, query: [(String, String)] = [], resource: Address? = nil) async throws -> [Value] {
        try await Pages.collect(from: 1) { page in
            let reply = try await send(
                "GET", path, query: query + [("pageSize", String(options.pageSize)), ("pageNumber", String(page))],
                resource: resource)
            let entities = reply["entities"]?.listValue ?? []
            let pageCount = reply["pageCount"]?.intValue ?? 1
            return Pages.Page(items: entities, next: page < pageCount && !entities.isEmpty ? page + 1 : nil)
        }
    }

    /// Polls `path` until `done` says the object reached its state, or the poll times out: soon at first, then
    /// less often (`GenesysClientOptions.pollSchedule`). `progress` hears "waiting for `what`" once, before the
    /// first wait. `done` returns true to stop, false to go on, and throws to fail. A 404 passes nil.
    /// - Throws: `PlatformError` with code `genesys.timeout` when `pollTimeout` passes first.
    public func poll(
        _ path: String, resource: Address?, waitingFor what: String, progress: @Sendable (String) -> Void = { _ in },
        until done: (Value?) throws -> Bool
    ) async throws -> Value? {
        let poller = Poller(schedule: options.pollSchedule, now: options.now, sleep: options.sleep)
        do {
            return try await poller.poll({ try await getIfExists(path, resource: resource) }, until: done) { wait in
                if wait.looks == 1 { progress("waiting for \(what)") }
            }
        } catch is Poller.TimedOut {
            throw PlatformError(
                code: "genesys.timeout",
                message: prefix(resource) + "gave up waiting for \(what) after \(Int(options.pollTimeout)) s",
                request: "GET \(path)", retryable: true)
        }
    }

    private func prefix(_ resource: Address?) -> String { resource.map { "\($0): " } ?? "" }

    private func error(
        response: HTTPResponse?, failure: Error?, label: String, resource: Address?, extra: [String]
    ) -> PlatformError {
        let scrub = sender.authorization.secrets + extra
        guard let response else {
            let why = failure.map { "\($0)" } ?? "no response"
            return PlatformError(
                code: failure as? HTTPTransportError == .timedOut ? "request.timeout" : "genesys.connection",
                message: prefix(resource) + Redactor.scrub(why, secrets: scrub), request: label, retryable: true)
        }
        let body = try? JSONCoding.parse(response.body)
        let code = body?["code"]?.stringValue ?? "http.\(response.status)"
        var message = body?["message"]?.stringValue ?? "HTTP \(response.status)"
        let details = (body?["details"]?.listValue ?? []).compactMap { d -> String? in
            guard let c = d["errorCode"]?.stringValue else { return nil }
            return d["fieldName"]?.stringValue.map { "\(c) (\($0))" } ?? c
        }
        if !details.isEmpty { message += " [" + details.joined(separator: ", ") + "]" }
        if let context = body?["contextId"]?.stringValue { message += " (contextId \(context))" }
        return PlatformError(
            code: code, message: prefix(resource) + Redactor.scrub(message, secrets: scrub), request: label,
            status: response.status, retryable: response.status == 429 || response.status >= 500)
    }
}
