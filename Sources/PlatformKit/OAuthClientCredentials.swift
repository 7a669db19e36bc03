import Foundation
import SwitchboardModel

/// OAuth 2.0 client credentials (RFC 6749 section 4.4) for one client: one token at a time, cached, renewed shortly
/// before it expires, minted by one request at a time however many callers ask.
///
/// The token request is `POST tokenURL` with the form body `grant_type=client_credentials` (and `scope` when
/// configured); the client id and secret go in `Authorization: Basic` or in the form, as the vendor wants. What
/// differs between vendors (the URL, where the credentials go, the scope, how a throttled login answers, the shape of
/// a refused login's body, error codes) is the `Configuration`. The client secret never appears in an error.
public actor OAuthClientCredentials {
    /// Where the client id and secret go in the token request.
    public enum CredentialPlacement: Sendable, Hashable {
        /// `Authorization: Basic base64(id:secret)`.
        case basicAuth
        /// `client_id` and `client_secret` fields of the form body.
        case formFields
    }

    /// How one vendor's token endpoint is called and how its answers read.
    public struct Configuration: Sendable {
        /// The token endpoint.
        public var tokenURL: URL
        /// The OAuth client id.
        public var clientId: String
        /// The OAuth client secret; scrubbed from every error.
        public var clientSecret: String
        /// Where the id and secret go.
        public var placement: CredentialPlacement
        /// The `scope` form field; none when nil.
        public var scope: String?
        /// Seconds before expiry at which a token counts as expired (at most half its lifetime).
        public var renewMargin: Double
        /// The lifetime in seconds assumed when the answer has no `expires_in`.
        public var defaultLifetime: Double
        /// The error code of a login that failed without a code of the vendor's own (unreachable endpoint, no
        /// token in the answer, a refusal with an unreadable body).
        public var errorCode: String
        /// The error code of a 401 whose body names no code.
        public var rejectedCode: String
        /// True when an answer other than 429 means the login was throttled (the server did not act).
        public var isThrottled: @Sendable (HTTPResponse) -> Bool
        /// The vendor's error code and message in the body of a refused login, when it has them.
        public var describeRefusal: @Sendable (Value) -> (code: String?, message: String?)
        /// The headers that say how long to wait after a throttled login, in order of preference.
        public var delayHeaders: [String]

        /// Creates a configuration; the defaults are RFC 6749's: credentials in `Authorization: Basic`, a refusal
        /// read from `error` and `error_description`, only 429 means throttled, only `Retry-After` says how long.
        public init(
            tokenURL: URL, clientId: String, clientSecret: String, placement: CredentialPlacement = .basicAuth,
            scope: String? = nil, renewMargin: Double = 60, defaultLifetime: Double = 3600,
            errorCode: String = "oauth.login", rejectedCode: String = "oauth.credentials",
            isThrottled: @escaping @Sendable (HTTPResponse) -> Bool = { _ in false },
            describeRefusal: @escaping @Sendable (Value) -> (code: String?, message: String?) =
                OAuthClientCredentials.standardRefusal,
            delayHeaders: [String] = RetryPolicy.retryAfter
        ) {
            self.tokenURL = tokenURL
            self.clientId = clientId
            self.clientSecret = clientSecret
            self.placement = placement
            self.scope = scope
            self.renewMargin = renewMargin
            self.defaultLifetime = defaultLifetime
            self.errorCode = errorCode
            self.rejectedCode = rejectedCode
            self.isThrottled = isThrottled
            self.describeRefusal = describeRefusal
            self.delayHeaders = delayHeaders
        }
    }

    /// RFC 6749 section 5.2: `error` and `error_description`.
    public static let standardRefusal: @Sendable (Value) -> (code: String?, message: String?) = { body in
        (body["error"]?.stringValue, body["error_description"]?.stringValue)
    }

    /// How the token endpoint is called.
    public nonisolated let configuration: Configuration
    /// Sends the token request: the credentials in Basic auth where configured, repeated as `retry` says.
    private let sender: RequestSender
    private let now: @Sendable () -> Double
    private var token: (value: String, expires: Double)?
    private var minting: Task<(String, Double), Error>?
    /// How many tokens were minted (tests check caching).
    public private(set) var loginCount = 0

    /// Creates the authenticator; `now` and `sleep` default to the monotonic clock and `Task.sleep`.
    public init(
        _ configuration: Configuration, transport: @escaping HTTPTransport, retry: RetryPolicy = .standard,
        now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime },
        sleep: @escaping @Sendable (Double) async throws -> Void = RateLimiter.taskSleep
    ) {
        self.configuration = configuration
        self.now = now
        let authorization: RequestAuthorization =
            switch configuration.placement {
            case .basicAuth: .basic(username: configuration.clientId, password: configuration.clientSecret)
            case .formFields: .none
            }
        self.sender = RequestSender(
            transport: transport, authorization: authorization, limiter: nil, retry: retry,
            delayHeaders: configuration.delayHeaders, isThrottled: configuration.isThrottled, sleep: sleep)
    }

    /// A valid access token: the cached one, else one minted now (callers asking meanwhile share that login).
    /// - Throws: `PlatformError` when the login fails (the vendor's code, or the configuration's codes).
    public func accessToken() async throws -> String {
        if let token, now() < token.expires { return token.value }
        if let minting { return try await minting.value.0 }
        let task = Task { try await self.mint() }
        minting = task
        defer { minting = nil }
        let (value, expires) = try await task.value
        token = (value, expires)
        return value
    }

    /// Forgets the cached token, so the next call logs in again.
    public func invalidate() { token = nil }

    /// Forgets `rejected` if it is still the cached token: after a 401 on an API call. Many calls rejected with the
    /// same token cause one login, not one each.
    public func invalidate(_ rejected: String) {
        if token?.value == rejected { token = nil }
    }

    /// The secret values an error about this client must not show: the secret and the Basic credentials.
    public nonisolated var secrets: [String] {
        RequestAuthorization.basic(username: configuration.clientId, password: configuration.clientSecret).secrets
    }

    private nonisolated var label: String { "POST \(configuration.tokenURL.path)" }

    private func request() -> HTTPRequest {
        let headers = ["Content-Type": FormEncoding.contentType, "Accept": "application/json"]
        var fields = [("grant_type", "client_credentials")]
        if let scope = configuration.scope { fields.append(("scope", scope)) }
        if configuration.placement == .formFields {
            fields += [("client_id", configuration.clientId), ("client_secret", configuration.clientSecret)]
        }
        return HTTPRequest(
            method: "POST", url: configuration.tokenURL, headers: headers, body: FormEncoding.data(fields))
    }

    private func mint() async throws -> (String, Double) {
        let outcome = try await sender.send(request(), safeToRepeat: true)
        guard let response = outcome.response, (200..<300).contains(response.status) else {
            throw loginError(response: outcome.response, error: outcome.failure)
        }
        loginCount += 1
        return try parse(response)
    }

    private func parse(_ response: HTTPResponse) throws -> (String, Double) {
        let body = try? JSONCoding.parse(response.body)
        guard let value = body?["access_token"]?.stringValue, !value.isEmpty else {
            throw PlatformError(
                code: configuration.errorCode, message: "the token endpoint answered without an access_token",
                request: label, status: response.status)
        }
        let lifetime = Double(body?["expires_in"]?.intValue ?? Int(configuration.defaultLifetime))
        let margin = min(configuration.renewMargin, lifetime / 2)
        return (value, now() + lifetime - margin)
    }

    private func loginError(response: HTTPResponse?, error: Error?) -> PlatformError {
        guard let response else {
            let why = Redactor.scrub(error.map { "\($0)" } ?? "unknown", secrets: secrets)
            return PlatformError(
                code: configuration.errorCode, message: "could not reach the token endpoint: \(why)", request: label,
                retryable: true)
        }
        let refusal = (try? JSONCoding.parse(response.body)).map(configuration.describeRefusal)
        let code = refusal?.code ?? (response.status == 401 ? configuration.rejectedCode : configuration.errorCode)
        var message = refusal?.message ?? "the login was refused"
        if response.status == 401 || code == "invalid_client" {
            message = "the OAuth client id or secret was rejected: " + message
        }
        return PlatformError(
            code: code, message: Redactor.scrub(message, secrets: secrets), request: label, status: response.status,
            retryable: response.status == 429)
    }
}

// MARK: - Descriptions without secrets

extension OAuthClientCredentials.Configuration: CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The token endpoint's path and the client id; never the secret.
    public var description: String { "client \(clientId) at \(tokenURL.path)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["client": description]) }
}
