import Foundation

/// How often a poll looks: soon at first, then less and less often, never past its timeout.
///
/// The wait after look `n` is `first * factor^(n-1)`, at most `cap`; the last wait is cut short at the deadline, so
/// the last look happens at `timeout` seconds, not after it.
public struct PollSchedule: Sendable, Hashable {
    /// Seconds between the first look and the second.
    public var first: Double
    /// How much each wait grows over the one before (1: a fixed interval).
    public var factor: Double
    /// The longest wait between two looks.
    public var cap: Double
    /// Seconds after the first look at which the poll gives up.
    public var timeout: Double

    /// Creates a schedule; waits are at least a millisecond, and the factor is at least 1.
    public init(first: Double = 1, factor: Double = 1.5, cap: Double = 15, timeout: Double = 600) {
        self.first = max(first, 0.001)
        self.factor = max(factor, 1)
        self.cap = max(cap, self.first)
        self.timeout = max(timeout, 0)
    }

    /// The default for a live vendor: 1 s at first, growing by half each time up to 15 s, for at most 10 minutes.
    public static let standard = PollSchedule()

    /// The wait after look number `look` (1-based), before any cut at the deadline.
    public func interval(after look: Int) -> Double {
        // A power past the cap (even an infinite one) only ever yields the cap.
        min(cap, first * pow(factor, Double(max(look - 1, 0))))
    }
}

/// Polls a read until a condition holds or the schedule's timeout passes, on an injectable clock.
///
/// `now` and `sleep` go together: a test or a simulation passes a clock that its sleeps move, so a poll that never
/// succeeds gives up after `timeout` simulated seconds without waiting in real time.
public struct Poller: Sendable {
    /// When to look.
    public var schedule: PollSchedule
    /// Seconds on a monotonic clock, against which the timeout is measured.
    public var now: @Sendable () -> Double
    /// Waits the given seconds.
    /// - Throws: `CancellationError` when the task is cancelled.
    public var sleep: @Sendable (Double) async throws -> Void

    /// Creates a poller; `now` and `sleep` default to the monotonic clock and `Task.sleep`.
    public init(
        schedule: PollSchedule = .standard,
        now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime },
        sleep: @escaping @Sendable (Double) async throws -> Void = RateLimiter.taskSleep
    ) {
        self.schedule = schedule
        self.now = now
        self.sleep = sleep
    }

    /// A wait about to begin, as the progress callback sees it.
    public struct Wait: Sendable, Hashable {
        /// Looks so far (1 before the first wait).
        public var looks: Int
        /// Seconds since the first look began.
        public var elapsed: Double
        /// Seconds this wait lasts.
        public var seconds: Double
    }

    /// The poll gave up: the condition did not hold by the deadline.
    public struct TimedOut: Error, Sendable, Hashable, CustomStringConvertible {
        /// Seconds since the first look began.
        public var elapsed: Double
        /// How many looks were made.
        public var looks: Int

        public var description: String { "gave up after \(looks) looks in \(Int(elapsed)) s" }
    }

    /// Reads until `done` holds for what was read, and returns that value.
    /// - Parameters:
    ///   - waiting: called before every wait (once per wait, not per look); a caller that reports progress once
    ///     does so when `looks` is 1.
    /// - Throws: `TimedOut` when the timeout passes first; what `read` or `done` throws; `CancellationError`.
    public func poll<T>(
        _ read: () async throws -> T, until done: (T) throws -> Bool, waiting: (Wait) -> Void = { _ in }
    ) async throws -> T {
        let start = now()
        var looks = 0
        while true {
            let value = try await read()
            looks += 1
            if try done(value) { return value }
            let elapsed = now() - start
            let remaining = schedule.timeout - elapsed
            guard remaining > 0 else { throw TimedOut(elapsed: elapsed, looks: looks) }
            let wait = min(schedule.interval(after: looks), remaining)
            waiting(Wait(looks: looks, elapsed: elapsed, seconds: wait))
            try await sleep(wait)
        }
    }
}
