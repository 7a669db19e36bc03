import Foundation
import SwitchboardModel

/// A sliding-window limiter: at most `limit` acquisitions in any `window` seconds, across all callers.
///
/// A request sent through `perform` holds its slot from the grant until its answer and is counted from the time of
/// the answer: the server counted it when it arrived, which is no later than that, so the client's window never
/// ends before the server's (stamping at the grant let a slow-to-leave request land inside the server's next
/// window and earn a 429).
public actor RateLimiter {
    /// The most requests allowed in one window.
    public let limit: Int
    /// The window length in seconds (60 for "per minute").
    public let window: Double
    private let now: @Sendable () -> Double
    private let sleep: @Sendable (Double) async throws -> Void
    private var stamps: [Double] = []
    /// Requests granted through `perform` whose answer has not come back: they count against the limit until then.
    private var inFlight = 0
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
        try await grant(holding: false)
    }

    /// Waits for a slot, runs `request`, and counts the slot from the moment `request` returns or throws.
    /// - Throws: what `request` throws; `CancellationError` when cancelled while waiting.
    public func perform<T: Sendable>(_ request: @Sendable () async throws -> T) async throws -> T {
        try await grant(holding: true)
        defer { finish() }
        return try await request()
    }

    private func grant(holding: Bool) async throws {
        while true {
            let t = now()
            stamps.removeAll { $0 <= t - window }
            if stamps.count + inFlight < limit {
                if holding { inFlight += 1 } else { stamps.append(t) }
                granted.append(t)
                if granted.count > 10_000 { granted.removeFirst(granted.count - 10_000) }
                return
            }
            // Every slot is held by a request in flight: look again soon (it frees a slot when it returns).
            let wait = stamps.first.map { $0 + window - t } ?? 0.01
            try await sleep(max(wait, 0.001))
        }
    }

    /// Ends a held slot: it is now counted from this moment.
    private func finish() {
        inFlight -= 1
        stamps.append(now())
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
