import Foundation
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import StateBackends

@Suite struct PostgresStateStoreTests {
    @Test func schemaIsCreatedOnFirstUseOnceWithVersionRow() async throws {
        let admin = try PGConnection(url: try await PostgresTestServer.shared.url())
        let database = "sb_schema_" + UUID().uuidString.prefix(8).lowercased()
        try admin.exec("CREATE DATABASE \(database)")
        let url = try await PostgresTestServer.shared.url().replacingOccurrences(of: "/postgres", with: "/\(database)")

        // Several stores on a fresh database race to create the schema.
        try await withThrowingTaskGroup(of: StateSnapshot.self) { group in
            for index in 0..<4 {
                group.addTask { try await PostgresStateStore(url: url, workspace: "w\(index)").load() }
            }
            for try await snapshot in group { #expect(snapshot.serial == 0) }
        }
        let conn = try PGConnection(url: url)
        try PostgresStateStore.prepareSchema(conn)
        try PostgresStateStore.prepareSchema(conn)
        let version = try conn.exec("SELECT count(*), max(version) FROM switchboard_schema")
        #expect(version.value(0, 0) == "1")
        #expect(version.value(0, 1) == "2")
        let tables = try conn.exec(
            "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables "
                + "WHERE table_name LIKE 'switchboard_%'")
        #expect(
            tables.value(0, 0)
                == "switchboard_history,switchboard_history_changes,switchboard_locks,switchboard_schema,"
                + "switchboard_state")
    }

    @Test func aVersionOneSchemaIsMigratedKeepingItsRows() async throws {
        let admin = try PGConnection(url: try await PostgresTestServer.shared.url())
        let database = "sb_v1_" + UUID().uuidString.prefix(8).lowercased()
        try admin.exec("CREATE DATABASE \(database)")
        let url = try await PostgresTestServer.shared.url().replacingOccurrences(of: "/postgres", with: "/\(database)")
        // A database as version 1 left it: no table of change outcomes.
        let store = PostgresStateStore(url: url, workspace: "w")
        let saved = try await store.save(PG.adding("a", to: try await store.load()))
        let conn = try PGConnection(url: url)
        try conn.exec("DROP TABLE switchboard_history_changes")
        try conn.exec("UPDATE switchboard_schema SET version = 1")

        let reopened = PostgresStateStore(url: url, workspace: "w")
        #expect(try await reopened.load() == saved)
        let version = try conn.exec("SELECT count(*), max(version) FROM switchboard_schema")
        #expect(version.value(0, 0) == "1")
        #expect(version.value(0, 1) == "2")
        #expect(try conn.exec("SELECT to_regclass('switchboard_history_changes') IS NOT NULL").value(0, 0) == "t")
    }

    @Test func newerSchemaVersionIsRefused() async throws {
        let admin = try PGConnection(url: try await PostgresTestServer.shared.url())
        let database = "sb_future_" + UUID().uuidString.prefix(8).lowercased()
        try admin.exec("CREATE DATABASE \(database)")
        let url = try await PostgresTestServer.shared.url().replacingOccurrences(of: "/postgres", with: "/\(database)")
        _ = try await PostgresStateStore(url: url, workspace: "w").load()
        try PGConnection(url: url).exec("UPDATE switchboard_schema SET version = 3")
        let error = await #expect(throws: StateError.self) {
            _ = try await PostgresStateStore(url: url, workspace: "w").load()
        }
        #expect(error.map(PG.message)?.contains("schema version 3, newer than this switchboard") == true)
    }

    @Test func emptyWorkspaceLoadsAsNewStateThenRoundTrips() async throws {
        let store = try await PG.store("roundtrip")
        let empty = try await store.load()
        #expect(empty.serial == 0)
        #expect(empty.resources.isEmpty)

        let first = try await store.save(PG.adding("a", to: empty))
        #expect(first.serial == 1)
        let second = try await store.save(PG.adding("b", to: first))
        #expect(second.serial == 2)

        let loaded = try await PostgresStateStore(
            url: try await PostgresTestServer.shared.url(), workspace: store.workspace
        )
        .load()
        #expect(loaded == second)
        #expect(loaded.lineage == empty.lineage)
        #expect(loaded.addresses.map(\.description) == ["Number/a", "Number/b"])
    }

    @Test func writeBasedOnOlderSerialFailsAndChangesNothing() async throws {
        let url = try await PostgresTestServer.shared.url()
        let workspace = PostgresTestServer.workspace("cas")
        let alice = PostgresStateStore(url: url, workspace: workspace)
        let bob = PostgresStateStore(url: url, workspace: workspace)
        let base = try await alice.save(PG.adding("base", to: try await alice.load()))

        let aliceView = try await alice.load()
        let bobView = try await bob.load()
        let alices = try await alice.save(PG.adding("alice", to: aliceView))
        #expect(alices.serial == 2)

        let error = await #expect(throws: StateError.self) {
            _ = try await bob.save(PG.adding("bob", to: bobView))
        }
        guard case .conflict(let expected, let found) = error else {
            Issue.record("expected a conflict, got \(String(describing: error))")
            return
        }
        #expect(expected == base.serial)
        #expect(found == 2)
        #expect(PG.message(try #require(error)).contains("expected serial 1, found 2; nothing was written"))
        let stored = try await bob.load()
        #expect(stored == alices)
        #expect(stored.resources[Address(.number, "bob")] == nil)
    }

    @Test func twoFirstWritesConflict() async throws {
        let url = try await PostgresTestServer.shared.url()
        let workspace = PostgresTestServer.workspace("first")
        let one = PostgresStateStore(url: url, workspace: workspace)
        let two = PostgresStateStore(url: url, workspace: workspace)
        let fromOne = try await one.load()
        let fromTwo = try await two.load()
        _ = try await one.save(PG.adding("one", to: fromOne))
        let error = await #expect(throws: StateError.self) {
            _ = try await two.save(PG.adding("two", to: fromTwo))
        }
        #expect(error.map(PG.message) == StateError.conflict(expected: 0, found: 1).description)
        #expect(try await two.load().resources.keys.sorted() == [Address(.number, "one")])
    }

    @Test func concurrentWritersUnderTheLockLoseNoUpdate() async throws {
        let url = try await PostgresTestServer.shared.url()
        let workspace = PostgresTestServer.workspace("writers")
        let perWriter = 5
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    let store = PostgresStateStore(url: url, workspace: workspace)
                    for step in 0..<perWriter {
                        let lock = try await store.lock(command: "apply #\(writer)", timeout: 120)
                        let current = try await store.load()
                        _ = try await store.save(PG.adding("w\(writer)-\(step)", to: current))
                        try await store.unlock(lock)
                    }
                }
            }
            try await group.waitForAll()
        }
        let final = try await PostgresStateStore(url: url, workspace: workspace).load()
        #expect(final.serial == 2 * perWriter)
        #expect(final.resources.count == 2 * perWriter)
    }

    @Test func historyIsOrderedByTimeAndReplacedById() async throws {
        let store = try await PG.store("history")
        let other = try await PG.store("history-other")
        let records = [
            HistoryRecord(id: "h2", time: "2025-03-02T10:00:00Z", user: "ana", host: "ci", result: .succeeded),
            HistoryRecord(id: "h1", time: "2025-03-01T10:00:00Z", user: "ana", host: "ci", result: .failed),
            HistoryRecord(
                id: "h3", time: "2025-03-03T10:00:00Z", user: "bo", host: "laptop", planChecksum: "sha256:abc",
                changes: [HistoryChange(address: Address(.number, "a"), action: .create, outcome: .succeeded)],
                result: .partial),
        ]
        for record in records { try await store.appendHistory(record) }
        try await other.appendHistory(
            HistoryRecord(id: "other-1", time: "2025-03-01T11:00:00Z", user: "x", host: "y", result: .succeeded))

        #expect(try await store.history().map(\.id) == ["h1", "h2", "h3"])
        #expect(try await store.history().last == records[2])

        var updated = records[2]
        updated.result = .succeeded
        try await store.appendHistory(updated)
        let after = try await store.history()
        #expect(after.map(\.id) == ["h1", "h2", "h3"])
        #expect(after.last?.result == .succeeded)
        #expect(try await other.history().map(\.id) == ["other-1"])
    }

    @Test func lockKeyIsStablePerWorkspace() {
        #expect(
            PostgresStateStore.advisoryLockKey(workspace: "a") == PostgresStateStore.advisoryLockKey(workspace: "a"))
        #expect(
            PostgresStateStore.advisoryLockKey(workspace: "a") != PostgresStateStore.advisoryLockKey(workspace: "b"))
        #expect(PostgresStateStore.advisoryLockKey(workspace: "a") != PostgresStateStore.schemaLockKey)
    }
}
