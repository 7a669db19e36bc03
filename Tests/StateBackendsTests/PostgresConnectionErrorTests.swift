import Foundation
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import StateBackends

@Suite struct PostgresConnectionErrorTests {
    static let secret = "hunter2-Secret"

    @Test(arguments: [
        "mysql://admin:hunter2-Secret@db.example.com/switchboard",
        "postgres://admin:hunter2-Secret@db.example.com/switchboard?bogus=1",
        "host=db.example.com password=hunter2-Secret garbage",
        "postgresql://admin:hunter2-Secret@[::1/switchboard",
        "",
    ])
    func badURLIsReportedWithoutThePassword(url: String) async throws {
        let store = PostgresStateStore(url: url, workspace: "w")
        #expect(!store.describe.contains(Self.secret))
        let error = await #expect(throws: StateError.self) { _ = try await store.load() }
        let text = try #require(error.map(PG.message))
        #expect(text.hasPrefix("invalid PostgreSQL URL"))
        #expect(!text.contains(Self.secret))
    }

    @Test func sanitizedURLHidesThePassword() {
        #expect(
            PGConnectionInfo.sanitize("postgres://ops:hunter2-Secret@db.internal:6432/state")
                == "postgres://ops:***@db.internal:6432/state")
        #expect(PGConnectionInfo.sanitize("postgres://ops@db.internal/state") == "postgres://ops@db.internal/state")
        #expect(
            PGConnectionInfo.sanitize("host=db user=ops password='hunter2-Secret' dbname=state")
                == "postgres://ops:***@db/state")
    }

    @Test func unreachableServerIsReported() async throws {
        let port = try PostgresTestServer.freePort()
        let store = PostgresStateStore(url: "postgres://ops:\(Self.secret)@127.0.0.1:\(port)/state", workspace: "w")
        let error = await #expect(throws: StateError.self) { _ = try await store.load() }
        let text = try #require(error.map(PG.message))
        #expect(text.contains("cannot connect to PostgreSQL at postgres://ops:***@127.0.0.1:\(port)/state"))
        #expect(text.contains("server unreachable"))
        #expect(!text.contains(Self.secret))
    }

    @Test func wrongPasswordIsReported() async throws {
        let server = PostgresTestServer.shared
        let url = try await server.urlWithWrongPassword()
        let store = PostgresStateStore(url: url, workspace: "w")
        let error = await #expect(throws: StateError.self) { _ = try await store.load() }
        let text = try #require(error.map(PG.message))
        #expect(text.contains("authentication failed for user 'switchboard'"))
        #expect(!text.contains(server.password))
        #expect(!text.contains("not-"))
    }

    @Test func missingDatabaseIsReported() async throws {
        let url = try await PostgresTestServer.shared.url().replacingOccurrences(of: "/postgres", with: "/nope_db")
        let error = await #expect(throws: StateError.self) {
            _ = try await PostgresStateStore(url: url, workspace: "w").load()
        }
        #expect(error.map(PG.message)?.contains("database \"nope_db\" does not exist") == true)
    }

    @Test func serverGoneMidApplyKeepsTheLastCompleteState() async throws {
        let server = PostgresTestServer()
        let url = try await server.url()
        let workspace = PostgresTestServer.workspace("gone")
        let store = PostgresStateStore(url: url, workspace: workspace)
        let lock = try await store.lock(command: "apply", timeout: 0)
        let first = try await store.save(PG.adding("a", to: try await store.load()))
        try await store.appendHistory(
            HistoryRecord(id: "apply-1", time: "2025-01-01T00:00:00Z", user: "u", host: "h", result: .running))

        try await server.crash()
        let saveError = await #expect(throws: StateError.self) { _ = try await store.save(PG.adding("b", to: first)) }
        let text = try #require(saveError.map(PG.message))
        #expect(text.contains("writing state failed for PostgreSQL workspace '\(workspace)'"))
        #expect(!text.contains(server.password))
        await #expect(throws: StateError.self) { try await store.renew(lock) }

        try await server.restart()
        let after = try await PostgresStateStore(url: url, workspace: workspace).load()
        #expect(after == first)
        // The store reconnects on its own; the lost lock is gone, so a new one can be taken.
        #expect(try await store.load() == first)
        #expect(try await store.history().map(\.id) == ["apply-1"])
        let again = try await store.lock(command: "apply", timeout: 30)
        try await store.unlock(again)
        await server.stop()
    }
}
