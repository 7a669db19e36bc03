import Foundation
import PlatformKit
import Testing

@Suite struct RetryPolicyTests {
    @Test func backoffIsExponentialWithFullJitter() {
        let top = RetryPolicy(baseDelay: 0.5, maxDelay: 30, random: { 0.999_999 })
        #expect(top.backoff(attempt: 1) < 0.5 + 1e-9)
        #expect(abs(top.backoff(attempt: 4) - 4) < 0.001)
        #expect(top.backoff(attempt: 20) <= 30)
        let bottom = RetryPolicy(random: { 0 })
        #expect(bottom.backoff(attempt: 5) == 0)
        let policy = RetryPolicy(maxRetryAfter: 180)
        let huge = HTTPResponse(status: 429, headers: ["Retry-After": "600"])
        #expect(policy.decide(attempt: 1, response: huge, error: nil, safeToRepeat: true) == .stop)
        let notImplemented = HTTPResponse(status: 501)
        #expect(policy.decide(attempt: 1, response: notImplemented, error: nil, safeToRepeat: true) == .stop)
    }

    @Test func aThrottledAnswerIsRetriedLikeA429WithTheVendorsDelayHeader() {
        let policy = RetryPolicy(random: { 0 })
        let throttled = HTTPResponse(status: 400, headers: ["X-Window-Reset": "12"])
        #expect(policy.decide(attempt: 1, response: throttled, error: nil, safeToRepeat: false) == .stop)
        #expect(
            policy.decide(attempt: 1, response: throttled, error: nil, safeToRepeat: false, throttled: true)
                == .retry(after: 0))
        #expect(
            policy.decide(
                attempt: 1, response: throttled, error: nil, safeToRepeat: false, throttled: true,
                delayHeaders: RetryPolicy.retryAfter + ["x-window-reset"]) == .retry(after: 12))
        // Retry-After comes first; a vendor's window header counts only for 429s and throttled answers.
        let both = HTTPResponse(status: 429, headers: ["Retry-After": "3", "X-Window-Reset": "12"])
        #expect(
            policy.decide(
                attempt: 1, response: both, error: nil, safeToRepeat: false,
                delayHeaders: RetryPolicy.retryAfter + ["X-Window-Reset"]) == .retry(after: 3))
        let failed = HTTPResponse(status: 503, headers: ["X-Window-Reset": "12"])
        #expect(
            policy.decide(
                attempt: 1, response: failed, error: nil, safeToRepeat: true,
                delayHeaders: RetryPolicy.retryAfter + ["X-Window-Reset"]) == .retry(after: 0))
    }

    @Test func theLastAttemptIsNeverRepeated() {
        let policy = RetryPolicy(maxAttempts: 3, random: { 0 })
        let busy = HTTPResponse(status: 429, headers: ["Retry-After": "1"])
        #expect(policy.decide(attempt: 2, response: busy, error: nil, safeToRepeat: true) == .retry(after: 1))
        #expect(policy.decide(attempt: 3, response: busy, error: nil, safeToRepeat: true) == .stop)
    }
}
