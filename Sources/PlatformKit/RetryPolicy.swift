import Foundation
import SwitchboardModel

/// When and how long to wait before repeating an HTTP request.
///
/// 429 is always retried (the server did not act); 5xx (except 501) and transport timeouts only when the request
/// is safe to repeat; a throttled login (400 "rate limit exceeded" from the token endpoint) is retried too.
public struct RetryPolicy: Sendable {
    /// Attempts in total, the first included.
    public var maxAttempts: Int
    /// The first backoff ceiling in seconds; it doubles with every attempt.
    public var baseDelay: Double
    /// The largest backoff ceiling in seconds.
    public var maxDelay: Double
    /// The longest `Retry-After` honoured; a longer one fails the request instead of stalling (as the Go SDK does).
    public var maxRetryAfter: Double
    /// A random number in `0..<1` for the jitter; tests may fix it.
    public var random: @Sendable () -> Double

    /// Creates a policy.
    public init(
        maxAttempts: Int = 8, baseDelay: Double = 0.5, maxDelay: Double = 30, maxRetryAfter: Double = 180,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.random = random
    }

    /// The default policy for Genesys Cloud.
    public static let standard = RetryPolicy()

    /// What to do after an attempt.
    public enum Decision: Sendable, Equatable {
        /// Wait this many seconds, then send again.
        case retry(after: Double)
        /// Give up and report the outcome.
        case stop
    }

    /// Decides whether attempt number `attempt` (1-based) should be repeated.
    /// - Parameters:
    ///   - response: the response, or nil when the transport failed with `error`.
    ///   - safeToRepeat: true for idempotent requests (GET, PUT, DELETE, PATCH of absolute values) or requests the
    ///     caller has made safe (a create it can find again by natural key).
    ///   - isLogin: true for the token endpoint, where a 400 "rate limit exceeded" means throttled.
    public func decide(
        attempt: Int, response: HTTPResponse?, error: Error?, safeToRepeat: Bool, isLogin: Bool = false
    ) -> Decision {
        guard attempt < maxAttempts else { return .stop }
        if let response {
            switch response.status {
            case 429:
                if let wait = Self.serverDelay(response) {
                    return wait <= maxRetryAfter ? .retry(after: wait) : .stop
                }
                return .retry(after: backoff(attempt: attempt))
            case 400 where isLogin && Self.isThrottledLogin(response):
                return .retry(after: Self.serverDelay(response) ?? backoff(attempt: attempt))
            case 500, 502, 503, 504:
                guard safeToRepeat else { return .stop }
                // Only Retry-After is a hint here: `inin-ratelimit-reset` says when the rate window resets, which
                // has nothing to do with a server error.
                if let text = response.header("Retry-After")?.trimmingCharacters(in: .whitespaces),
                    let wait = Double(text), wait >= 0, wait <= maxRetryAfter
                {
                    return .retry(after: wait)
                }
                return .retry(after: backoff(attempt: attempt))
            default:
                return .stop
            }
        }
        if let e = error as? HTTPTransportError {
            // A lost request may have been acted on: only repeat what is safe.
            switch e {
            case .timedOut, .connection: return safeToRepeat ? .retry(after: backoff(attempt: attempt)) : .stop
            }
        }
        return .stop
    }

    /// Exponential backoff with full jitter: a random wait in `0 ... min(maxDelay, baseDelay * 2^(attempt-1))`.
    public func backoff(attempt: Int) -> Double {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
        return ceiling * random()
    }

    /// The wait the server asked for: `Retry-After` (seconds), else `inin-ratelimit-reset` (seconds).
    public static func serverDelay(_ response: HTTPResponse) -> Double? {
        for name in ["Retry-After", "inin-ratelimit-reset"] {
            if let text = response.header(name)?.trimmingCharacters(in: .whitespaces), let s = Double(text), s >= 0 {
                return s
            }
        }
        return nil
    }

    /// True when a 400 from the token endpoint says the login was rate limited.
    public static func isThrottledLogin(_ response: HTTPResponse) -> Bool {
        String(decoding: response.body, as: UTF8.self).lowercased().contains("rate limit exceeded")
    }
}
