import Foundation

/// How requests to an API prove who sends them.
public enum RequestAuthorization: Sendable {
    /// No `Authorization` header.
    case none
    /// `Authorization: Basic base64(username:password)` on every request.
    case basic(username: String, password: String)
    /// `Authorization: Bearer <token>` from OAuth client credentials; a 401 forgets the token and repeats the request
    /// once with a new one.
    case bearer(OAuthClientCredentials)

    /// The secret values an error must not show: the password or client secret and the encoded credentials.
    public var secrets: [String] {
        switch self {
        case .none: []
        case .basic(let username, let password): [password, Self.encode(username, password)]
        case .bearer(let credentials): credentials.secrets
        }
    }

    fileprivate static func encode(_ username: String, _ password: String) -> String {
        Data("\(username):\(password)".utf8).base64EncodedString()
    }
}

/// Sends one API request the way every live adapter does: with its authorization, inside the client's rate limit,
/// repeated after a 429 (or an answer the vendor throttles with) and, where repeating is safe, after a 5xx or a lost
/// answer, as the retry policy decides; a bearer token rejected with 401 is renewed once.
///
/// What comes back is the last attempt's outcome, an answer of any status or the transport's failure: reading the
/// body and wording the vendor's errors stay with the adapter.
public struct RequestSender: Sendable {
    /// The last attempt of a request: the answer, or the failure that left none.
    public struct Outcome: Sendable {
        /// The answer; nil when the transport failed.
        public var response: HTTPResponse?
        /// Why no answer came; nil when one did.
        public var failure: (any Error)?
        /// How many attempts were made.
        public var attempts: Int
    }

    /// The HTTP seam.
    public let transport: HTTPTransport
    /// Who sends.
    public let authorization: RequestAuthorization
    /// The client-side rate limit every attempt waits for; none when nil.
    public let limiter: RateLimiter?
    /// When to repeat.
    public let retry: RetryPolicy
    /// The headers that say how long to wait after a 429, in order of preference.
    public let delayHeaders: [String]
    /// True when an answer other than 429 means "throttled" (the server did not act).
    public let isThrottled: @Sendable (HTTPResponse) -> Bool
    /// Waits between attempts.
    public let sleep: @Sendable (Double) async throws -> Void

    /// Creates a sender.
    public init(
        transport: @escaping HTTPTransport, authorization: RequestAuthorization, limiter: RateLimiter?,
        retry: RetryPolicy = .standard, delayHeaders: [String] = RetryPolicy.retryAfter,
        isThrottled: @escaping @Sendable (HTTPResponse) -> Bool = { _ in false },
        sleep: @escaping @Sendable (Double) async throws -> Void = RateLimiter.taskSleep
    ) {
        self.transport = transport
        self.authorization = authorization
        self.limiter = limiter
        self.retry = retry
        self.delayHeaders = delayHeaders
        self.isThrottled = isThrottled
        self.sleep = sleep
    }

    /// Sends `request` (its `Authorization` header is set here) until an attempt succeeds or the policy stops.
    /// - Parameter safeToRepeat: true when repeating after a 5xx or a lost answer is harmless.
    /// - Returns: the last attempt's outcome: a 2xx, or the answer or failure the policy gave up on.
    /// - Throws: `CancellationError`; `PlatformError` when a bearer token cannot be had.
    public func send(_ request: HTTPRequest, safeToRepeat: Bool) async throws -> Outcome {
        var attempt = 0
        var renewed = false
        while true {
            attempt += 1
            var request = request
            let token = try await authorize(&request)
            var outcome = Outcome(response: nil, failure: nil, attempts: attempt)
            do {
                outcome.response = try await perform(request)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                outcome.failure = error
            }
            if let response = outcome.response, (200..<300).contains(response.status) { return outcome }
            if let token, case .bearer(let credentials) = authorization, outcome.response?.status == 401, !renewed {
                renewed = true
                await credentials.invalidate(token)
                continue
            }
            let throttled = outcome.response.map(isThrottled) ?? false
            switch retry.decide(
                attempt: attempt, response: outcome.response, error: outcome.failure, safeToRepeat: safeToRepeat,
                throttled: throttled, delayHeaders: delayHeaders)
            {
            case .retry(let wait): try await sleep(wait)
            case .stop: return outcome
            }
        }
    }

    /// Sends one attempt, inside the rate limit when there is one.
    private func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let limiter else { return try await transport(request) }
        let transport = self.transport
        return try await limiter.perform { try await transport(request) }
    }

    /// Sets the `Authorization` header; returns the bearer token it used, if any.
    private func authorize(_ request: inout HTTPRequest) async throws -> String? {
        switch authorization {
        case .none:
            return nil
        case .basic(let username, let password):
            request.headers["Authorization"] = "Basic " + RequestAuthorization.encode(username, password)
            return nil
        case .bearer(let credentials):
            let token = try await credentials.accessToken()
            request.headers["Authorization"] = "Bearer \(token)"
            return token
        }
    }
}

// MARK: - Descriptions without secrets

extension RequestAuthorization: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The scheme and the user; never the password or token.
    public var description: String {
        switch self {
        case .none: "none"
        case .basic(let username, _): "basic \(username)"
        case .bearer(let credentials): "bearer (\(credentials.configuration))"
        }
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["authorization": description]) }
}
