import Foundation
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import StateBackends

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct PostgresLockTests {
    @Test func secondLockIsRefusedNamingTheHolder() async throws {
        let url = try await PostgresTestServer.shared.url()
        let workspace = PostgresTestServer.workspace("lock")
        let first = PostgresStateStore(url: url, workspace: workspace)
        let second = PostgresStateStore(url: url, workspace: workspace)

        let held = try await first.lock(command: "apply manifests/", timeout: 0)
        #expect(held.pid == getpid())
        #expect(held.command == "apply manifests/")
        #expect(!held.user.isEmpty && !held.host.isEmpty)

        let error = await #expect(throws: StateError.self) {
            _ = try await second.lock(command: "apply", timeout: 0)
        }
        guard case .locked(let holder) = error else {
            Issue.record("expected locked, got \(String(describing: error))")
            return
        }
        #expect(holder.id == held.id)
        #expect(holder.user == held.user && holder.host == held.host && holder.pid == held.pid)
        #expect(holder.command == "apply manifests/")
        let text = PG.message(try #require(error))
        #expect(
            text.contains("state is locked by \(held.user)@\(held.host) (pid \(held.pid)) running 'apply manifests/'"))
        #expect(try await second.currentLock()?.id == held.id)

        // Another workspace is not affected.
        let elsewhere = try await PG.store("lock-elsewhere")
        let free = try await elsewhere.lock(command: "plan", timeout: 0)
        try await elsewhere.unlock(free)

        try await first.unlock(held)
        #expect(try await second.currentLock() == nil)
        let next = try await second.lock(command: "apply", timeout: 0)
        try await second.unlock(next)
    }

    @Test func waitingLockSucceedsAfterRelease() async throws {
        let url = try await PostgresTestServer.shared.url()
        let workspace = PostgresTestServer.workspace("wait")
        let first = PostgresStateStore(url: url, workspace: workspace)
        let second = PostgresStateStore(url: url, workspace: workspace)
        let held = try await first.lock(command: "apply", timeout: 0)

        let started = Date()
        await #expect(throws: StateError.self) { _ = try await second.lock(command: "apply", timeout: 0.5) }
        #expect(Date().timeIntervalSince(started) >= 0.4)

        let waiter = Task { try await second.lock(command: "apply (waiting)", timeout: 120) }
        try await Task.sleep(nanoseconds: 500_000_000)
        try await first.unlock(held)
        let got = try await waiter.value
        #expect(got.command == "apply (waiting)")
        #expect(try await first.currentLock()?.id == got.id)
        try await second.unlock(got)
    }

    @Test func holderKilledWithSIGKILLReleasesTheLock() async throws {
        let server = PostgresTestServer.shared
        let url = try await server.url()
        let store = try await PG.store("sigkill")
        _ = try await store.load()  // creates the schema
        let key = PostgresStateStore.advisoryLockKey(workspace: store.workspace)

        // Another process takes the same advisory lock and writes a holder row, like a running apply would.
        let holder = try PsqlHolder(
            url: url,
            sql: """
                SELECT pg_advisory_lock(\(key));
                INSERT INTO switchboard_locks (workspace, lock_id, pid, backend_pid, host, username, command)
                VALUES ('\(store.workspace)', 'dead-holder', 4242, pg_backend_pid(), 'runner-7', 'ci-bot', 'apply');
                \\echo LOCKED
                """)
        #expect(await eventually { holder.output.contains("LOCKED") })

        let error = await #expect(throws: StateError.self) { _ = try await store.lock(command: "apply", timeout: 0) }
        #expect(error.map(PG.message)?.contains("ci-bot@runner-7 (pid 4242) running 'apply'") == true)
        #expect(try await store.currentLock()?.id == "dead-holder")

        await holder.kill()
        let taken = try await store.lock(command: "apply after crash", timeout: 60)
        #expect(try await store.currentLock()?.id == taken.id)
        let takeover = try await store.history().filter { $0.event == .lockTakeover }
        #expect(takeover.count == 1)
        #expect(takeover.first?.message?.contains("ci-bot@runner-7 (pid 4242)") == true)
        try await store.unlock(taken)
    }

    @Test func lostLockConnectionFailsRenewAndFreesTheLock() async throws {
        let url = try await PostgresTestServer.shared.url()
        let workspace = PostgresTestServer.workspace("lost")
        let first = PostgresStateStore(url: url, workspace: workspace)
        let second = PostgresStateStore(url: url, workspace: workspace)
        let held = try await first.lock(command: "apply", timeout: 0)
        try await first.renew(held)

        let admin = try PGConnection(url: url)
        try admin.exec(
            "SELECT pg_terminate_backend(backend_pid) FROM switchboard_locks WHERE workspace = $1", params: [workspace])

        let error = await #expect(throws: StateError.self) {
            // The server ends the session asynchronously; poll until renew notices.
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                try await first.renew(held)
                try await Task.sleep(nanoseconds: 100_000_000)
            }
        }
        #expect(error.map(PG.message)?.contains("lost the state lock \(held.id)") == true)
        let password = PostgresTestServer.shared.password
        #expect(error.map(PG.message)?.contains(password) == false)
        let taken = try await second.lock(command: "apply", timeout: 30)
        try await second.unlock(taken)
    }

    @Test func forceUnlockEndsAnotherHoldersSession() async throws {
        let url = try await PostgresTestServer.shared.url()
        let workspace = PostgresTestServer.workspace("force")
        let holder = PostgresStateStore(url: url, workspace: workspace)
        let operator_ = PostgresStateStore(url: url, workspace: workspace)
        let held = try await holder.lock(command: "apply", timeout: 0)

        let unknown = await #expect(throws: StateError.self) { try await operator_.forceUnlock(id: "no-such-id") }
        #expect(unknown.map(PG.message) == "no lock with id 'no-such-id' is held")
        try await operator_.forceUnlock(id: held.id)
        #expect(try await operator_.currentLock() == nil)
        await #expect(throws: StateError.self) { try await holder.renew(held) }
        let unlocks = try await operator_.history().filter { $0.event == .unlock }
        #expect(unlocks.count == 1)
        #expect(unlocks.first?.message?.contains(held.id) == true)
        let taken = try await operator_.lock(command: "apply", timeout: 0)
        try await operator_.unlock(taken)
    }
}

/// A `psql` process fed from a pipe that stays open, so its session lives until the process dies.
final class PsqlHolder: Sendable {
    private let child: ChildProcess
    private let inputFD: Int32
    private let outputPath: String

    init(url: String, sql: String) throws {
        let bin = try PostgresTestServer.findBinDirectory()
        outputPath = FileManager.default.temporaryDirectory.path + "/psql-holder-" + UUID().uuidString
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw ChildProcess.Failure(description: "pipe() failed") }
        child = try ChildProcess.spawn(
            bin + "/psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url], stdinFD: fds[0], outputPath: outputPath)
        close(fds[0])
        inputFD = fds[1]
        let bytes = Array((sql + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(inputFD, $0.baseAddress, $0.count) }
    }

    /// What psql printed so far.
    var output: String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// SIGKILL: no chance to unlock or close the session cleanly. Then waits for the process to end.
    func kill() async {
        child.kill(SIGKILL)
        _ = await child.wait()
        close(inputFD)
        try? FileManager.default.removeItem(atPath: outputPath)
    }
}
