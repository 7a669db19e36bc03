import Foundation
import Reconciler
import SwitchboardModel

/// A state store in memory: the other side of push/pull tests, without `SerialSettingStateStore`.
actor MemoryStateStore: StateStore {
    nonisolated let describe: String
    private var stored: StateSnapshot?
    private var records: [HistoryRecord] = []

    init(name: String = "memory") {
        describe = "memory store '\(name)'"
    }

    func load() async throws -> StateSnapshot {
        stored ?? StateSnapshot(lineage: UUID().uuidString.lowercased())
    }

    func save(_ snapshot: StateSnapshot) async throws -> StateSnapshot {
        let current = stored?.serial ?? 0
        guard current == snapshot.serial else { throw StateError.conflict(expected: snapshot.serial, found: current) }
        var written = snapshot
        written.serial += 1
        stored = written
        return written
    }

    func lock(command: String, timeout: Double) async throws -> LockInfo {
        LockInfo(id: "memory", pid: getpid(), host: "here", user: "me", command: command, acquiredAt: "", expiresAt: "")
    }

    func renew(_ lock: LockInfo) async throws {}
    func unlock(_ lock: LockInfo) async throws {}
    func forceUnlock(id: String) async throws {}
    func currentLock() async throws -> LockInfo? { nil }
    func appendHistory(_ record: HistoryRecord) async throws { records.append(record) }
    func history() async throws -> [HistoryRecord] { records }
}
