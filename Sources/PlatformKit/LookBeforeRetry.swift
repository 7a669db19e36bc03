import SwitchboardModel

/// The rule for a request that is not safe to repeat blindly (a create whose answer may be lost after the server
/// acted): after a retryable failure, wait, then look for what the first attempt may have left behind, and send
/// again only when there is nothing.
public enum LookBeforeRetry {
    /// Runs `perform`; after a retryable `PlatformError` waits `backoff(attempt)` seconds, asks `recover`, and
    /// returns what it found or tries again, `attempts` times in all.
    /// - Throws: the last failure, or one that is not retryable.
    public static func run<T>(
        attempts: Int = 6, backoff: (Int) -> Double, sleep: @Sendable (Double) async throws -> Void,
        perform: () async throws -> T, recover: () async throws -> T?
    ) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await perform()
            } catch let e as PlatformError where e.retryable && attempt < attempts {
                try await sleep(backoff(attempt))
                if let found = try await recover() { return found }
            }
        }
    }
}
