import Foundation

/// Polls `condition` every `interval` seconds for up to `timeout` seconds.
/// - Returns: true as soon as the condition holds; after the timeout, whether it holds then.
public func eventually(
    timeout: Double = 30, every interval: Double = 0.1, _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
    }
    return try await condition()
}
