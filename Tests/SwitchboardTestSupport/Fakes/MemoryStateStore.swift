import Foundation
import SwitchboardModel

/// A state store in memory: the state backend of tests that are not about backends, and the other side of
/// push/pull tests. It counts saves, keeps history, and holds its lock as a real store does (one holder at a time).
public actor MemoryStateStore: StateStore {
    /// `memory store 'NAME'`.
    public nonisolated let describe: String
    /// The stored snapshot (serial 0 until the first save).
    public private(set) var current: StateSnapshot
    /// How many saves succeeded.
    public private(set) var saves = 0
    /// The history records appended, oldest first (a record written again under its id is appended again).
    public private(set) var records: [HistoryRecord] = []
    /// The change outcomes recorded for `running` records, in order, until each record's result is written.
    public private(set) var outcomes: [(id: String, change: HistoryChange)] = []
    /// The lock while a command holds it.
    public private(set) var held: LockInfo?
    /// The commands that took the lock, in order.
    public private(set) var lockedBy: [String] = []

    /// A store holding `initial` (by default an empty state of lineage `test-lineage`), described by `name`.
    public init(_ initial: StateSnapshot = StateSnapshot(lineage: "test-lineage"), name: String = "memory") {
        current = initial
        describe = "memory store '\(name)'"
    }

    /// The stored snapshot.
    public func load() async throws -> StateSnapshot { current }

    /// Stores `snapshot` with its serial bumped.
    /// - Throws: `StateError.conflict` when `snapshot` was not made from the stored serial.
    public func save(_ snapshot: StateSnapshot) async throws -> StateSnapshot {
        guard snapshot.serial == current.serial else {
            throw StateError.conflict(expected: snapshot.serial, found: current.serial)
        }
        var written = snapshot
        written.serial += 1
        current = written
        saves += 1
        return written
    }

    /// Takes the lock for `command`.
    /// - Throws: `StateError.locked` when another command holds it (the timeout is not waited for).
    public func lock(command: String, timeout: Double) async throws -> LockInfo {
        if let held { throw StateError.locked(held) }
        let info = LockInfo(
            id: "memory-\(lockedBy.count + 1)", pid: getpid(), host: "here", user: "me", command: command,
            acquiredAt: "", expiresAt: "")
        held = info
        lockedBy.append(command)
        return info
    }

    /// Renewing always succeeds.
    public func renew(_ lock: LockInfo) async throws {}

    /// Releases `lock` when it is the one held.
    public func unlock(_ lock: LockInfo) async throws {
        if held?.id == lock.id { held = nil }
    }

    /// Releases whatever lock has `id`.
    public func forceUnlock(id: String) async throws {
        if held?.id == id { held = nil }
    }

    /// The lock while held.
    public func currentLock() async throws -> LockInfo? { held }

    /// Appends `record` to the history; a record that is not `running` ends the outcomes recorded for its id.
    public func appendHistory(_ record: HistoryRecord) async throws {
        records.append(record)
        if record.result != .running { outcomes.removeAll { $0.id == record.id } }
    }

    /// Records one change outcome of the `running` record `id`.
    public func appendHistoryChange(_ change: HistoryChange, record id: String) async throws {
        outcomes.append((id, change))
    }

    /// The records still `running`, with their outcomes.
    public func runningHistory() async throws -> [HistoryRecord] {
        try await history().filter { $0.result == .running }
    }

    /// The history, oldest first: a record written again under its id supersedes the earlier one in its place; a
    /// `running` record carries its outcomes.
    public func history() async throws -> [HistoryRecord] {
        HistoryRecord.superseding(records).map { r in
            r.result == .running ? r.with(outcomes: outcomes.filter { $0.id == r.id }.map(\.change)) : r
        }
    }
}
