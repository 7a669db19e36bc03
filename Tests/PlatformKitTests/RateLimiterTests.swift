import PlatformKit
import SwitchboardTestSupport
import Testing

@Suite struct RateLimiterTests {
    /// A limiter of `limit` requests per 10 s on a clock that only its sleeps move.
    static func limiter(_ limit: Int, _ clock: Locked<Double>) -> RateLimiter {
        RateLimiter(
            limit: limit, window: 10, now: { clock.get },
            sleep: { d in
                clock.with { $0 += d }
                await Task.yield()
            })
    }

    @Test func neverExceedsTheLimitOverABurst() async throws {
        let clock = Locked(0.0)
        let limiter = Self.limiter(5, clock)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<23 { group.addTask { try await limiter.acquire() } }
            try await group.waitForAll()
        }
        let granted = await limiter.granted
        #expect(granted.count == 23)
        #expect(await limiter.peakInWindow() <= 5)
        #expect(await limiter.peakInWindow() == 5)
    }

    /// A request is counted from its answer, not its grant: the server counted it on arrival, so a slow request
    /// granted early must not free its slot a window after the grant.
    @Test func countsARequestFromItsAnswer() async throws {
        let clock = Locked(0.0)
        let limiter = Self.limiter(2, clock)
        _ = try await limiter.perform { clock.with { $0 += 3 } }  // granted at 0, answered at 3
        _ = try await limiter.perform {}  // granted and answered at 3
        _ = try await limiter.perform {}  // must wait for the first slot: 3 + 10
        let granted = await limiter.granted
        #expect(granted.count == 3)
        #expect(granted[2] >= 13)
        // A request that fails still holds its slot until it fails.
        await #expect(throws: CancellationError.self) {
            _ = try await limiter.perform { () async throws -> Int in throw CancellationError() }
        }
        #expect(await limiter.granted.count == 4)
    }
}
