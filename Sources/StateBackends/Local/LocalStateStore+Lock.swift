import Foundation
import SwitchboardModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension LockInfo {
    /// True when the lease ended before `date` (or its end cannot be read).
    public func isExpired(at date: Date) -> Bool {
        guard let end = StateTime.parse(expiresAt) else { return true }
        return end <= date
    }
}

extension LocalStateStore {
    /// What one look at the lock file found.
    private enum Attempt {
        case acquired(LockInfo, takeover: String?)
        case held(LockInfo)
    }

    /// Takes the lease, waiting up to `timeout` seconds while a live holder keeps it.
    ///
    /// A lease that has expired, or whose holder ran on this host and no longer exists, is taken over at
    /// once, and a `lock-takeover` history record names the previous holder.
    /// - Throws: `StateError.locked` naming the holder when the wait ends; `StateError.backend` on I/O errors.
    public func lock(command: String, timeout: Double) async throws -> LockInfo {
        try POSIXFile.ensureDirectory(directory)
        let waitClock = ContinuousClock()
        let deadline = waitClock.now.advanced(by: .milliseconds(Int64(max(0, timeout) * 1000)))
        while true {
            let attempt = try await mutex.withLock { () throws -> Attempt in
                let now = clock()
                let reason: String?
                switch readLock() {
                case .none:
                    reason = nil
                case .unreadable(let detail):
                    reason = "replaced an unreadable lock file (\(detail))"
                case .held(let holder):
                    if holder.isExpired(at: now) {
                        reason = "took over the lock of \(holder.description): its lease expired at \(holder.expiresAt)"
                    } else if holder.host == identity.host && !POSIXFile.processExists(holder.pid) {
                        reason = "took over the lock of \(holder.description): process \(holder.pid) no longer "
                            + "exists on \(holder.host)"
                    } else {
                        return .held(holder)
                    }
                }
                let info = LockInfo(
                    id: UUID().uuidString.lowercased(), pid: identity.pid, host: identity.host, user: identity.user,
                    command: command, acquiredAt: StateTime.format(now),
                    expiresAt: StateTime.format(now.addingTimeInterval(leaseSeconds)))
                try writeLock(info)
                return .acquired(info, takeover: reason)
            }
            switch attempt {
            case .acquired(let info, let takeover):
                if let takeover {
                    do {
                        try await appendHistory(record(event: .lockTakeover, message: takeover))
                    } catch {
                        // A takeover nobody can audit does not happen: give the lock back.
                        try? await unlock(info)
                        throw error
                    }
                }
                // A journal left by an apply that died is folded in by the next command that takes the lock.
                do { try await compact() } catch {
                    try? await unlock(info)
                    throw error
                }
                return info
            case .held(let holder):
                let now = waitClock.now
                if now >= deadline { throw StateError.locked(holder) }
                let remaining = now.duration(to: deadline)
                let pause = min(Duration.milliseconds(Int64(pollInterval * 1000)), remaining)
                try await Task.sleep(for: pause)
            }
        }
    }

    /// Extends the lease of `lock` by `leaseSeconds` from now.
    /// - Throws: `StateError.locked` when another holder took it over; `StateError.noSuchLock` when no
    ///   lock is held any more.
    public func renew(_ lock: LockInfo) async throws {
        if case .none = readLock() { throw StateError.noSuchLock(lock.id) }
        try await mutex.withLock {
            switch readLock() {
            case .held(let holder) where holder.id == lock.id:
                var renewed = holder
                renewed.expiresAt = StateTime.format(clock().addingTimeInterval(leaseSeconds))
                try writeLock(renewed)
            case .held(let other):
                throw StateError.locked(other)
            case .none, .unreadable:
                throw StateError.noSuchLock(lock.id)
            }
        }
    }

    /// Releases `lock`; releasing a lock that is no longer there does nothing.
    /// - Throws: `StateError.noSuchLock` when someone else holds the lock now (it is left alone).
    public func unlock(_ lock: LockInfo) async throws {
        if case .none = readLock() { return }
        try await mutex.withLock {
            switch readLock() {
            case .held(let holder) where holder.id == lock.id:
                try POSIXFile.removeFile(lockPath)
            case .held, .unreadable:
                throw StateError.noSuchLock(lock.id)
            case .none:
                return
            }
        }
    }

    /// Ends the lease with `id`, whoever holds it, and records an `unlock` history event.
    /// - Throws: `StateError.noSuchLock` when the current lock (if any) has another id.
    public func forceUnlock(id: String) async throws {
        // Checked again under the mutex; this spares creating anything when no lock exists at all.
        if case .none = readLock() { throw StateError.noSuchLock(id) }
        let ended = try await mutex.withLock { () throws -> LockInfo in
            guard case .held(let holder) = readLock(), holder.id == id else { throw StateError.noSuchLock(id) }
            try POSIXFile.removeFile(lockPath)
            return holder
        }
        try await appendHistory(record(event: .unlock, message: "ended the lease of \(ended.description) by hand"))
    }

    /// The current holder, if any (even when its lease has expired).
    /// - Throws: `StateError.backend` when the lock file exists but cannot be read.
    public func currentLock() async throws -> LockInfo? {
        switch readLock() {
        case .none: return nil
        case .held(let info): return info
        case .unreadable(let detail): throw StateError.backend("\(lockPath) is unreadable: \(detail)")
        }
    }

    // MARK: - Lock file

    /// What the lock file holds.
    private enum LockFile {
        case none
        case held(LockInfo)
        case unreadable(String)
    }

    private nonisolated func readLock() -> LockFile {
        let bytes: [UInt8]?
        do {
            bytes = try POSIXFile.readFile(lockPath)
        } catch {
            return .unreadable("\(error)")
        }
        guard let bytes else { return .none }
        do {
            return .held(try JSONDecoder().decode(LockInfo.self, from: Data(bytes)))
        } catch {
            return .unreadable(Self.explain(error))
        }
    }

    private nonisolated func writeLock(_ info: LockInfo) throws {
        try POSIXFile.replaceAtomically(lockPath, with: try Self.encode(info), mode: 0o644)
    }

    /// A history record of a lock event by this store's identity.
    nonisolated func record(event: HistoryRecord.Event, message: String) -> HistoryRecord {
        HistoryRecord(
            id: UUID().uuidString.lowercased(), time: StateTime.format(clock()), user: identity.user,
            host: identity.host, event: event, result: .succeeded, message: message)
    }
}
