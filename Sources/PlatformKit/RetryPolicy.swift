import Foundation
import SwitchboardModel

/// When and how long to wait before repeating an HTTP request.
///
/// 429 is always retried (the server did not act), and so is any other answer the caller knows to mean "throttled"
/// (some token endpoints answer 400); 5xx (except 501) and transport timeouts only when the request is safe to
/// repeat.
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

    /// The default policy: 8 attempts, 0.5 s doubling to at most 30 s, `Retry-After` up to 180 s.
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
    ///   - throttled: true when the caller knows this answer, whatever its status, means "too many requests" (the
    ///     server did not act), as a 429 does.
    ///   - delayHeaders: the headers that say, in seconds, how long to wait before the next try after a 429 or a
    ///     throttled answer, in order of preference (`Retry-After`, and any the vendor adds).
    public func decide(
        attempt: Int, response: HTTPResponse?, error: Error?, safeToRepeat: Bool, throttled: Bool = false,
        delayHeaders: [String] = RetryPolicy.retryAfter
    ) -> Decision {
        guard attempt < maxAttempts else { return .stop }
        if let response {
            if response.status == 429 || throttled {
                if let wait = Self.serverDelay(response, headers: delayHeaders) {
                    return wait <= maxRetryAfter ? .retry(after: wait) : .stop
                }
                return .retry(after: backoff(attempt: attempt))
            }
            switch response.status {
            case 500, 502, 503, 504:
                guard safeToRepeat else { return .stop }
                // Only Retry-After is a hint here: a vendor's rate-window header says when the rate window resets,
                // which has nothing to do with a server error.
                if let wait = Self.serverDelay(response, headers: Self.retryAfter), wait <= maxRetryAfter {
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

    /// `Retry-After` alone: the header every vendor may send.
    public static let retryAfter = ["Retry-After"]

    /// The wait the server asked for: the first of `headers` that holds a non-negative number of seconds.
    public static func serverDelay(_ response: HTTPResponse, headers: [String] = retryAfter) -> Double? {
        for name in headers {
            if let text = response.header(name)?.trimmingCharacters(in: .whitespaces), let s = Double(text), s >= 0 {
                return s
            }
        }
        return nil
    }
}
