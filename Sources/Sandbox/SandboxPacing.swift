import Foundation
import PlatformKit

/// How a live adapter talking to the sandbox in process waits for an asynchronous state: how often it polls, how
/// long it may wait, and what a wait is.
///
/// While the sandbox clock runs (the real clock, or an offset from it) a state settles in real time, so a wait is a
/// real sleep. While it is frozen (`SWITCHBOARD_SANDBOX_NOW`, or a test's movable time) waiting cannot change the
/// world: a wait only yields and counts simulated seconds, so a state that never settles fails after `timeout`
/// simulated seconds at once, and a test moving the clock from another task is still seen at the next poll.
public struct SandboxPacing: Sendable {
    /// Seconds between two polls (`SandboxTiming.pollInterval`).
    public let pollInterval: Double
    /// Seconds a poll may last before it gives up (`SandboxTiming.waitTimeout`).
    public let timeout: Double
    /// True when waits are simulated (a frozen clock).
    public let isSimulated: Bool
    /// Waits `seconds`.
    /// - Throws: `CancellationError` when the task is cancelled.
    public let sleep: @Sendable (Double) async throws -> Void
    /// Seconds on the clock `sleep` moves, for measuring `timeout`.
    public let now: @Sendable () -> Double

    /// The pacing for a sandbox on `clock` with `timing`.
    public init(clock: SandboxClock, timing: SandboxTiming) {
        pollInterval = max(timing.pollInterval, 0.001)
        timeout = timing.waitTimeout
        isSimulated = clock.isFrozen
        if clock.isFrozen {
            let elapsed = MovableTime(Date(timeIntervalSince1970: 0))
            sleep = { seconds in
                elapsed.advance(by: max(seconds, 0))
                await Task.yield()
                try Task.checkCancellation()
            }
            now = { elapsed.now.timeIntervalSince1970 }
        } else {
            sleep = { seconds in
                if seconds > 0 { try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
            }
            now = { ProcessInfo.processInfo.systemUptime }
        }
    }

    /// The longest wait, in seconds, between two polls of an adapter in process: the sandbox's states settle within
    /// seconds, so it backs off as against a live organization but never waits longer than this.
    public static let maxPollInterval = 1.0

    /// This pace for a live adapter in process.
    public var adapterPacing: InProcessPacing {
        InProcessPacing(
            pollInterval: pollInterval, pollMaxInterval: max(pollInterval, Self.maxPollInterval), pollTimeout: timeout,
            sleep: sleep, now: now)
    }
}
