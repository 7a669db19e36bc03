import Foundation

/// A sliding-window limiter: at most `limit` acquisitions in any `window` seconds, across all callers.
public actor RateLimiter {
    /// The most requests allowed in one window.
    public let limit: Int
    /// The window length in seconds (60 for "per minute").
    public let window: Double
    private let now: @Sendable () -> Double
    private let sleep: @Sendable (Double) async throws -> Void
    private var stamps: [Double] = []
    /// Every grant, in order, for tests and diagnostics (kept bounded).
    public private(set) var granted: [Double] = []

    /// Creates a limiter of `limit` requests per `window` seconds.
    /// `now` and `sleep` default to the monotonic clock and `Task.sleep`; tests may pass a virtual clock.
    public init(
        limit: Int, window: Double = 60,
        now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime },
        sleep: @escaping @Sendable (Double) async throws -> Void = RateLimiter.taskSleep
    ) {
        self.limit = max(1, limit)
        self.window = window
        self.now = now
        self.sleep = sleep
    }

    /// Sleeps on the task clock for `seconds`.
    /// - Throws: `CancellationError` when the task is cancelled.
    public static let taskSleep: @Sendable (Double) async throws -> Void = { seconds in
        if seconds > 0 { try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
    }

    /// Waits until a request may be sent, then counts it.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    public func acquire() async throws {
        while true {
            let t = now()
            stamps.removeAll { $0 <= t - window }
            if stamps.count < limit {
                stamps.append(t)
                granted.append(t)
                if granted.count > 10_000 { granted.removeFirst(granted.count - 10_000) }
                return
            }
            let wait = (stamps.first ?? t) + window - t
            try await sleep(max(wait, 0.001))
        }
    }

    /// The largest number of grants that fell inside any one window (what tests check against `limit`).
    public func peakInWindow() -> Int {
        var peak = 0
        var start = 0
        for end in granted.indices {
            while granted[end] - granted[start] >= window { start += 1 }
            peak = max(peak, end - start + 1)
        }
        return peak
    }
}
