import Foundation
import PlatformKit
import SwitchboardModel

/// How Genesys Cloud's token endpoint takes OAuth client credentials: `POST https://login.<domain>/oauth/token` with
/// `Authorization: Basic` and `grant_type=client_credentials`, a token valid 24 h unless its client says otherwise,
/// a throttled login answered with 400 "rate limit exceeded", and refusals as `{error, error_description}` or the
/// Platform API's `{code, message}`.
public enum GenesysAuth {
    /// The token provider for one OAuth client of the organization whose login host is `login`.
    public static func credentials(
        login: URL, clientId: String, clientSecret: String, transport: @escaping HTTPTransport,
        retry: RetryPolicy = .standard, renewMargin: Double = 60,
        now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime },
        sleep: @escaping @Sendable (Double) async throws -> Void = RateLimiter.taskSleep
    ) -> OAuthClientCredentials {
        OAuthClientCredentials(
            configuration(login: login, clientId: clientId, clientSecret: clientSecret, renewMargin: renewMargin),
            transport: transport, retry: retry, now: now, sleep: sleep)
    }

    /// The token endpoint's configuration for one OAuth client.
    public static func configuration(
        login: URL, clientId: String, clientSecret: String, renewMargin: Double = 60
    ) -> OAuthClientCredentials.Configuration {
        OAuthClientCredentials.Configuration(
            tokenURL: login.appendingPathComponent("oauth").appendingPathComponent("token"), clientId: clientId,
            clientSecret: clientSecret, placement: .basicAuth, renewMargin: renewMargin, defaultLifetime: 86_400,
            errorCode: "genesys.login", rejectedCode: "bad.credentials", isThrottled: isThrottledLogin,
            describeRefusal: { body in
                let standard = OAuthClientCredentials.standardRefusal(body)
                return (standard.code ?? body["code"]?.stringValue, standard.message ?? body["message"]?.stringValue)
            },
            delayHeaders: GenesysClient.delayHeaders)
    }

    /// True when an answer of the token endpoint says the login was rate limited: Genesys Cloud answers 400
    /// `invalid_request` "rate limit exceeded", not 429.
    public static func isThrottledLogin(_ response: HTTPResponse) -> Bool {
        response.status == 400
            && String(decoding: response.body, as: UTF8.self).lowercased().contains("rate limit exceeded")
    }
}
