import Foundation
import PlatformKit
import SwitchboardModel

/// OAuth client credentials for one Genesys Cloud client: one token at a time, cached, renewed before it expires.
public actor GenesysAuth {
    private let tokenURL: URL
    private let clientId: String
    private let clientSecret: String
    private let transport: HTTPTransport
    private let retry: RetryPolicy
    private let renewMargin: Double
    private let now: @Sendable () -> Double
    private let sleep: @Sendable (Double) async throws -> Void
    private var token: (value: String, expires: Double)?
    private var inFlight: Task<(String, Double), Error>?
    /// How many tokens were minted (tests check caching).
    public private(set) var loginCount = 0

    /// Creates the authenticator.
    /// - Parameters:
    ///   - renewMargin: seconds before expiry at which a token counts as expired (at most half its lifetime).
    public init(
        login: URL, clientId: String, clientSecret: String, transport: @escaping HTTPTransport,
        retry: RetryPolicy = .standard, renewMargin: Double = 60,
        now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime },
        sleep: @escaping @Sendable (Double) async throws -> Void = RateLimiter.taskSleep
    ) {
        self.tokenURL = login.appendingPathComponent("oauth").appendingPathComponent("token")
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.transport = transport
        self.retry = retry
        self.renewMargin = renewMargin
        self.now = now
        self.sleep = sleep
    }

    /// A valid access token, minting one when none is cached or the cached one is about to expire.
    /// - Throws: `PlatformError` (`bad.credentials`, `genesys.login`) when the login fails.
    public func accessToken() async throws -> String {
        if let token, now() < token.expires { return token.value }
        if let inFlight { return try await inFlight.value.0 }
        let task = Task { try await self.mint() }
        inFlight = task
        defer { inFlight = nil }
        let (value, expires) = try await task.value
        token = (value, expires)
        return value
    }

    /// Forgets the cached token (after a 401), so the next call logs in again.
    public func invalidate() { token = nil }

    private func mint() async throws -> (String, Double) {
        let basic = Data("\(clientId):\(clientSecret)".utf8).base64EncodedString()
        let request = HTTPRequest(
            method: "POST", url: tokenURL,
            headers: [
                "Authorization": "Basic \(basic)", "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            ],
            body: Data("grant_type=client_credentials".utf8))
        var attempt = 0
        while true {
            attempt += 1
            var response: HTTPResponse?
            var failure: Error?
            do { response = try await transport(request) } catch { failure = error }
            if let response, response.status == 200 {
                loginCount += 1
                return try parse(response)
            }
            switch retry.decide(attempt: attempt, response: response, error: failure, safeToRepeat: true, isLogin: true) {
            case .retry(let wait): try await sleep(wait)
            case .stop: throw loginError(response: response, error: failure)
            }
        }
    }

    private func parse(_ response: HTTPResponse) throws -> (String, Double) {
        let body = try? JSONCoding.parse(response.body)
        guard let value = body?["access_token"]?.stringValue, !value.isEmpty else {
            throw PlatformError(
                code: "genesys.login", message: "the token endpoint answered without an access_token",
                request: "POST /oauth/token", status: response.status)
        }
        let lifetime = Double(body?["expires_in"]?.intValue ?? 86_400)
        let margin = min(renewMargin, lifetime / 2)
        return (value, now() + lifetime - margin)
    }

    private func loginError(response: HTTPResponse?, error: Error?) -> PlatformError {
        guard let response else {
            return PlatformError(
                code: "genesys.login", message: "could not reach the token endpoint: \(error.map { "\($0)" } ?? "unknown")",
                request: "POST /oauth/token", retryable: true)
        }
        let body = try? JSONCoding.parse(response.body)
        let code = body?["error"]?.stringValue ?? body?["code"]?.stringValue
            ?? (response.status == 401 ? "bad.credentials" : "genesys.login")
        var message = body?["error_description"]?.stringValue ?? body?["message"]?.stringValue
            ?? "the login was refused"
        if response.status == 401 || code == "invalid_client" {
            message = "the OAuth client id or secret was rejected: " + message
        }
        return PlatformError(
            code: code, message: Redactor.scrub(message, secrets: [clientSecret]), request: "POST /oauth/token",
            status: response.status, retryable: response.status == 429)
    }
}

/// Removes secret values from text that may reach a user.
enum Redactor {
    /// `text` with every non-empty secret (and its Base64 form) replaced by `(redacted)`.
    static func scrub(_ text: String, secrets: [String]) -> String {
        var out = text
        for s in secrets where s.count >= 4 {
            out = out.replacingOccurrences(of: s, with: "(redacted)")
        }
        return out
    }
}

