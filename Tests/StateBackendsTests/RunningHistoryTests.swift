import Foundation
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import StateBackends

/// An apply's record as it goes, on both backends: `running`, then each change's outcome as it happens (a line or a
/// row, never the whole record again), then the result, which ends them; and a record left `running` by a process
/// that died, closed as `interrupted` by the next command that takes the lock, with the changes it completed.
@Suite struct RunningHistoryTests {
    static let a = Address(.number, "a")
    static let b = Address(.number, "b")
    static let c = Address(.number, "c")

    /// The record an apply of three creates writes first.
    static func running(_ id: String) -> HistoryRecord {
        HistoryRecord(
            id: id, time: "2026-11-20T09:00:00Z", user: "ana", host: "ci", planChecksum: "sha256:1",
            changes: [a, b, c].map { HistoryChange(address: $0, action: .create, outcome: .pending) },
            result: .running)
    }

    static func done(_ address: Address) -> HistoryChange {
        HistoryChange(address: address, action: .create, outcome: .succeeded, elapsedMs: 12)
    }

    /// State as the dead apply left it: `b` under way (its intent written by the apply `id`).
    static func crashedState(_ store: some StateStore, applyId id: String) async throws {
        var state = try await store.load()
        state.intents[b.description] = Intent(
            address: b, operation: .create, platform: "genesys", naturalKey: "b", startedAt: "2026-11-20T09:00:01Z",
            applyId: id)
        _ = try await store.save(state)
    }

    /// The whole life cycle on `store`.
    func lifeCycle(_ store: some StateStore) async throws {
        // An apply that finishes: outcomes as they happen, then the result ends them.
        try await store.appendHistory(Self.running("first"))
        try await store.appendHistoryChange(Self.done(Self.a), record: "first")
        let underWay = try #require(try await store.history().first)
        #expect(underWay.result == .running)
        #expect(underWay.changes.map(\.outcome) == [.succeeded, .pending, .pending])
        #expect(try await store.runningHistory().map(\.id) == ["first"])
        var finished = Self.running("first")
        finished.result = .succeeded
        finished.changes = [Self.a, Self.b, Self.c].map(Self.done)
        try await store.appendHistory(finished)
        #expect(try await store.history() == [finished])
        #expect(try await store.runningHistory().isEmpty)

        // An apply whose process dies after `a`, with `b` under way.
        try await store.appendHistory(Self.running("second"))
        try await store.appendHistoryChange(Self.done(Self.a), record: "second")
        try await Self.crashedState(store, applyId: "second")
        #expect(try await store.runningHistory().map(\.id) == ["second"])

        // The next command to take the lock closes it.
        try await withStateLock(store: store, command: "apply", timeout: 5) { _ in }
        let history = try await store.history()
        #expect(history.map(\.id) == ["first", "second"])
        let closed = try #require(history.last)
        #expect(closed.result == .interrupted)
        #expect(closed.changes.map(\.address) == [Self.a, Self.b, Self.c])
        #expect(closed.changes.map(\.outcome) == [.succeeded, .interrupted, .notStarted])
        #expect(closed.changes.first?.elapsedMs == 12)
        #expect(closed.time == Self.running("second").time)
        #expect(closed.message?.contains("1 of 3 changes completed; closed by 'apply'") == true)
        #expect(try await store.runningHistory().isEmpty)
        // Closed once: the next lock finds nothing to close.
        try await withStateLock(store: store, command: "state rm Number/c", timeout: 5) { _ in }
        #expect(try await store.history() == history)
    }

    @Test func localRecordsOutcomesAsTheyHappenAndClosesADeadApply() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = Fixture.store(dir.statePath)
        try await lifeCycle(store)
        // The journal is gone once every record it held has its result; it was owner-only while it existed.
        #expect(!FileManager.default.fileExists(atPath: store.runningHistoryPath))
        #expect(store.runningHistoryPath == dir.path + "/.switchboard/history.running.jsonl")
    }

    @Test func postgresRecordsOutcomesAsTheyHappenAndClosesADeadApply() async throws {
        let store = try await PG.store("running-history")
        try await lifeCycle(store)
        let url = try await PostgresTestServer.shared.url()
        let rows = try PGConnection(url: url).exec(
            "SELECT count(*) FROM switchboard_history_changes WHERE workspace = $1", params: [store.workspace])
        #expect(rows.value(0, 0) == "0")
    }

    @Test func localOutcomesAreLinesOfTheJournalNotTheRecordAgain() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = Fixture.store(dir.statePath)
        try await store.appendHistory(Self.running("r"))
        for address in [Self.a, Self.b, Self.c] {
            try await store.appendHistoryChange(Self.done(address), record: "r")
        }
        let journal = String(decoding: try #require(Fixture.bytes(store.runningHistoryPath)), as: UTF8.self)
        #expect(journal.split(separator: "\n").count == 4)
        #expect(Fixture.mode(store.runningHistoryPath) == 0o600)
        let history = String(decoding: try #require(Fixture.bytes(store.historyPath)), as: UTF8.self)
        #expect(history.split(separator: "\n").count == 1)
        #expect(try await store.history().first?.changes.map(\.outcome) == [.succeeded, .succeeded, .succeeded])
    }

    @Test func aResultWrittenJustBeforeACrashIsNotClosedAgain() async throws {
        // The process died between writing its result and ending its journal: the result stands.
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = Fixture.store(dir.statePath)
        try await store.appendHistory(Self.running("r"))
        let journal = try #require(Fixture.bytes(store.runningHistoryPath))
        var finished = Self.running("r")
        finished.result = .succeeded
        finished.changes = [Self.a, Self.b, Self.c].map(Self.done)
        try await store.appendHistory(finished)
        try journal.write(to: URL(fileURLWithPath: store.runningHistoryPath))

        #expect(try await store.runningHistory().isEmpty)
        try await withStateLock(store: store, command: "apply", timeout: 5) { _ in }
        #expect(try await store.history() == [finished])
        #expect(!FileManager.default.fileExists(atPath: store.runningHistoryPath))
    }

    @Test func aJournalLineCutShortByACrashIsSkippedThenDropped() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = Fixture.store(dir.statePath)
        try await store.appendHistory(Self.running("r"))
        try await store.appendHistoryChange(Self.done(Self.a), record: "r")
        let handle = try #require(FileHandle(forWritingAtPath: store.runningHistoryPath))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"change":{"action":"create","addr"#.utf8))
        try handle.close()
        #expect(try await store.runningHistory().first?.changes.map(\.outcome) == [.succeeded, .pending, .pending])
        try await store.appendHistoryChange(Self.done(Self.c), record: "r")
        #expect(try await store.runningHistory().first?.changes.map(\.outcome) == [.succeeded, .pending, .succeeded])
    }
}
