import Foundation
import SwitchboardModel

/// A lock held for one command, renewed in the background by `withStateLock`.
///
/// The body of `withStateLock` calls `check()` before each write: if another process took the lease
/// over (because renewals failed for longer than the lease), it throws instead of writing on.
public actor LockLease {
    /// The lock as acquired.
    public nonisolated let info: LockInfo
    /// How often the lease is renewed, in seconds.
    public nonisolated let renewInterval: Double
    private var lostError: StateError?
    private var renewals = 0
    private var lastRenewalError: String?

    /// Wraps an acquired lock.
    public init(info: LockInfo, renewInterval: Double) {
        self.info = info
        self.renewInterval = renewInterval
    }

    /// True once a renewal found the lease held by someone else or gone.
    public var isLost: Bool { lostError != nil }

    /// Successful renewals so far.
    public var renewalCount: Int { renewals }

    /// The last renewal failure that did not lose the lease (a backend hiccup), if any.
    public var lastError: String? { lastRenewalError }

    /// Returns when the lease is still held.
    /// - Throws: the `StateError` the failed renewal reported (`locked` or `noSuchLock`).
    public func check() throws {
        if let lostError { throw lostError }
    }

    func renewed() {
        renewals += 1
        lastRenewalError = nil
    }

    func failed(_ error: Error) {
        switch error {
        case let state as StateError:
            switch state {
            case .locked, .noSuchLock: lostError = state
            default: lastRenewalError = state.description
            }
        default:
            lastRenewalError = "\(error)"
        }
    }

    /// The renewal interval for `info`: a third of its lease (`expiresAt - acquiredAt`), 20 s if unreadable.
    public static func defaultInterval(for info: LockInfo) -> Double {
        guard let start = StateTime.parse(info.acquiredAt), let end = StateTime.parse(info.expiresAt),
            end > start
        else { return 20 }
        return max(0.05, end.timeIntervalSince(start) / 3)
    }
}

/// Takes the lock of `store`, closes the history record of an apply whose process died (`InterruptedApplies`),
/// runs `body` while a background task renews the lease every third of its length, and releases the lock
/// afterwards, also when `body` throws.
///
/// - Parameters:
///   - command: recorded in the lock (`apply`, `state rm Number/x`), shown to whoever waits for it.
///   - timeout: how long to wait for another holder, in seconds (`--lock-timeout`; 0 fails at once).
///   - renewEvery: overrides the renewal interval (seconds).
///   - warning: told when an interrupted apply's record could not be closed (the command goes on; the next one
///     tries again).
/// - Returns: what `body` returns.
/// - Throws: `StateError.locked` when the lock is not free in time; whatever `body` throws; on success, the
///   error of releasing the lock when it was taken over meanwhile.
public func withStateLock<T>(
    store: some StateStore, command: String, timeout: Double, renewEvery: Double? = nil,
    warning: (String) -> Void = { _ in },
    isolation: isolated (any Actor)? = #isolation, body: (LockLease) async throws -> T
) async throws -> T {
    let info = try await store.lock(command: command, timeout: timeout)
    do {
        try await InterruptedApplies.close(in: store, by: command)
    } catch {
        warning("could not close the history record of an interrupted apply: \(error)")
    }
    let lease = LockLease(info: info, renewInterval: renewEvery ?? LockLease.defaultInterval(for: info))
    let renewal = Task {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .milliseconds(Int64(lease.renewInterval * 1000)))
            } catch {
                return
            }
            do {
                try await store.renew(info)
                await lease.renewed()
            } catch {
                await lease.failed(error)
                if await lease.isLost { return }
            }
        }
    }
    let result: T
    do {
        result = try await body(lease)
    } catch {
        renewal.cancel()
        await renewal.value
        try? await store.unlock(info)
        throw error
    }
    renewal.cancel()
    await renewal.value
    try await store.unlock(info)
    return result
}
