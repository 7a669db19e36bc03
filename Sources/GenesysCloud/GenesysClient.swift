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
    /// Seconds between polls of an asynchronous state.
    public var pollInterval: Double
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
        requestTimeout: Double = 30, pageSize: Int = 100, pollInterval: Double = 2, pollTimeout: Double = 600,
        sleep: @escaping @Sendable (Double) async throws -> Void = RateLimiter.taskSleep,
        now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }
    ) {
        self.rateLimitPerMinute = rateLimitPerMinute
        self.rateLimitWindow = rateLimitWindow
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.pageSize = pageSize
        self.pollInterval = pollInterval
        self.pollTimeout = pollTimeout
        self.sleep = sleep
        self.now = now
    }
}

/// JSON over the transport for the Platform API v2: auth, rate limit, retries, paging, `ErrorBody` errors.
public struct GenesysClient: Sendable {
    public let endpoints: GenesysRegionEndpoints
    public let auth: GenesysAuth
    public let limiter: RateLimiter
    public let options: GenesysClientOptions
    private let transport: HTTPTransport
    private let secrets: [String]

    /// Creates a client for one OAuth client.
    public init(
        endpoints: GenesysRegionEndpoints, clientId: String, clientSecret: String,
        transport: @escaping HTTPTransport, options: GenesysClientOptions = .init()
    ) {
        self.endpoints = endpoints
        self.transport = transport
        self.options = options
        self.secrets = [clientSecret]
        self.auth = GenesysAuth(
            login: endpoints.login, clientId: clientId, clientSecret: clientSecret, transport: transport,
            retry: options.retry, sleep: options.sleep)
        self.limiter = RateLimiter(
            limit: options.rateLimitPerMinute, window: options.rateLimitWindow, now: options.now, sleep: options.sleep)
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
        var attempt = 0
        var reauthenticated = false
        while true {
            attempt += 1
            let token = try await auth.accessToken()
            var headers = ["Authorization": "Bearer \(token)", "Accept": "application/json"]
            var data: Data?
            if let body {
                headers["Content-Type"] = "application/json"
                data = JSONCoding.data(body)
            }
            let request = HTTPRequest(method: method, url: url, headers: headers, body: data, timeout: options.requestTimeout)
            var response: HTTPResponse?
            var failure: Error?
            let transport = self.transport
            do {
                response = try await limiter.perform { try await transport(request) }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failure = error
            }
            if let response, (200..<300).contains(response.status) {
                if response.body.isEmpty { return .null }
                do { return try JSONCoding.parse(response.body) } catch {
                    throw PlatformError(
                        code: "genesys.response", message: prefix(resource) + "the reply is not JSON", request: label,
                        status: response.status)
                }
            }
            if let response, response.status == 401, !reauthenticated {
                reauthenticated = true
                await auth.invalidate()
                continue
            }
            switch options.retry.decide(attempt: attempt, response: response, error: failure, safeToRepeat: repeatable) {
            case .retry(let wait): try await options.sleep(wait)
            case .stop: throw error(response: response, failure: failure, label: label, resource: resource, extra: extra)
            }
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

    /// Every entity of a paged listing (`entities`, `pageCount`).
    /// - Throws: `PlatformError`.
    public func getAll(_ path: String, query: [(String, String)] = [], resource: Address? = nil) async throws -> [Value] {
        var all: [Value] = []
        var page = 1
        while true {
            let reply = try await send(
                "GET", path, query: query + [("pageSize", String(options.pageSize)), ("pageNumber", String(page))],
                resource: resource)
            let entities = reply["entities"]?.listValue ?? []
            all += entities
            let pageCount = reply["pageCount"]?.intValue ?? 1
            if page >= pageCount || entities.isEmpty || page >= 1000 { return all }
            page += 1
        }
    }

    /// Polls `path` until `done` says the object reached its state, or the poll times out.
    /// `done` returns true to stop, false to go on, and throws to fail. A 404 passes nil.
    /// - Throws: `PlatformError` with code `genesys.timeout` when `pollTimeout` passes first.
    public func poll(
        _ path: String, resource: Address?, waitingFor what: String, progress: @Sendable (String) -> Void = { _ in },
        until done: (Value?) throws -> Bool
    ) async throws -> Value? {
        let started = options.now()
        var announced = false
        while true {
            let current = try await getIfExists(path, resource: resource)
            if try done(current) { return current }
            if !announced {
                progress("waiting for \(what)")
                announced = true
            }
            if options.now() - started > options.pollTimeout {
                throw PlatformError(
                    code: "genesys.timeout",
                    message: prefix(resource) + "gave up waiting for \(what) after \(Int(options.pollTimeout)) s",
                    request: "GET \(path)", retryable: true)
            }
            try await options.sleep(options.pollInterval)
        }
    }

    private func prefix(_ resource: Address?) -> String { resource.map { "\($0): " } ?? "" }

    private func error(
        response: HTTPResponse?, failure: Error?, label: String, resource: Address?, extra: [String]
    ) -> PlatformError {
        let scrub = secrets + extra
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
