import Foundation

/// At most `limit` operations at once, across all callers; the others wait their turn in order of arrival.
///
/// For vendors whose limit is on requests in flight rather than requests per window (Twilio answers 20429 past an
/// account's concurrency; Dataverse allows 52 concurrent requests per user).
public actor ConcurrencyLimiter {
    /// The most operations running at once.
    public let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// The most that ran at once so far (for tests).
    public private(set) var peak = 0

    /// Creates a limiter of `limit` (at least 1) operations at once.
    public init(limit: Int) { self.limit = max(1, limit) }

    /// Runs `operation` once a place is free, and frees it when `operation` returns or throws.
    /// - Throws: what `operation` throws.
    public func run<T: Sendable>(_ operation: @Sendable () async throws -> T) async throws -> T {
        await enter()
        defer { leave() }
        return try await operation()
    }

    private func enter() async {
        if running < limit {
            running += 1
        } else {
            // `leave` hands its place straight to the first waiter.
            await withCheckedContinuation { waiting.append($0) }
        }
        peak = max(peak, running)
    }

    private func leave() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
