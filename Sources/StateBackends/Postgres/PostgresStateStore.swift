import Foundation
import SwitchboardCrypto
import SwitchboardModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// State in PostgreSQL, one row per workspace (DESIGN.md section 4, PostgreSQL backend).
///
/// Writes are compare-and-swap on `serial`; the lock is a session advisory lock held on a dedicated connection for
/// the whole command, with a row in `switchboard_locks` naming the holder; history lives in `switchboard_history`,
/// and the outcomes of a `running` apply's changes, as they happen, in `switchboard_history_changes`.
/// The tables are created on first use (and a version 1 schema migrated).
public actor PostgresStateStore: StateStore {
    /// The schema version this build writes and understands: 2 added `switchboard_history_changes`.
    public static let schemaVersion = 2

    /// The workspace whose state this store reads and writes.
    public nonisolated let workspace: String
    /// A short description for messages; never holds the password.
    public nonisolated let describe: String

    private let url: String
    var connection: PGConnection?
    private var schemaReady = false
    /// Open lock connections by lock id: the advisory lock lives exactly as long as its connection.
    private var lockConnections: [String: PGConnection] = [:]

    /// Creates a store; nothing is contacted until the first call.
    /// - Parameters:
    ///   - url: a `postgres://user:password@host:port/database` URL or a libpq `key=value` string.
    ///   - workspace: the name of this state among the others in the same database.
    public init(url: String, workspace: String) {
        self.url = url
        self.workspace = workspace
        self.describe = "PostgreSQL workspace '\(workspace)' at \(PGConnectionInfo.sanitize(url))"
    }

    // MARK: - Keys

    /// The 64-bit session advisory lock key for `workspace` (the first 8 bytes of a SHA-256, big-endian).
    ///
    /// Any client taking `pg_advisory_lock(key)` on the same database excludes Switchboard from the workspace.
    public static func advisoryLockKey(workspace: String) -> Int64 {
        key(for: "switchboard-state-lock:" + workspace)
    }

    /// The transaction advisory lock key that serializes schema creation and migrations.
    public static let schemaLockKey: Int64 = key(for: "switchboard-schema-migration")

    private static func key(for text: String) -> Int64 {
        let bytes = Digest.sha256(Array(text.utf8))
        var value: UInt64 = 0
        for byte in bytes.prefix(8) { value = value << 8 | UInt64(byte) }
        return Int64(bitPattern: value)
    }

    private var lockKey: String { String(PostgresStateStore.advisoryLockKey(workspace: workspace)) }

    /// `pg_locks` shows a 64-bit advisory key as classid (high 32 bits) and objid (low 32 bits).
    private var lockKeyParts: (high: String, low: String) {
        let key = UInt64(bitPattern: PostgresStateStore.advisoryLockKey(workspace: workspace))
        return (String(key >> 32), String(key & 0xFFFF_FFFF))
    }

    // MARK: - Connection and schema

    /// The shared connection, opened (and the schema made ready) on first use and reopened after a loss.
    func db() throws -> PGConnection {
        if workspace.isEmpty {
            throw StateError.backend("the PostgreSQL state backend needs a non-empty workspace name")
        }
        if let connection, connection.isOpen { return connection }
        connection = nil
        let fresh = try PGConnection(url: url)
        if !schemaReady {
            try PostgresStateStore.prepareSchema(fresh)
            schemaReady = true
        }
        connection = fresh
        return fresh
    }

    /// Runs `sql` on the shared connection; a lost connection is dropped so the next call reconnects.
    @discardableResult
    func run(_ sql: String, _ params: [String?] = [], doing what: String) throws -> PGResult {
        let conn = try db()
        switch conn.execDetailed(sql, params: params) {
        case .success(let result): return result
        case .failure(let error):
            if error.connectionLost { connection = nil }
            throw StateError.backend("\(what) failed for \(describe): \(error.description)")
        }
    }

    /// Creates the tables and the version row if missing (or adds what a version 1 schema lacks), in one
    /// transaction under an advisory lock.
    /// - Throws: `StateError.backend` when the role cannot create tables or the schema is newer than this build.
    static func prepareSchema(_ conn: PGConnection) throws {
        if try isCurrent(conn) { return }
        let statements = [
            "CREATE TABLE IF NOT EXISTS switchboard_schema (version integer NOT NULL)",
            "INSERT INTO switchboard_schema (version) SELECT \(schemaVersion) "
                + "WHERE NOT EXISTS (SELECT 1 FROM switchboard_schema)",
            """
            CREATE TABLE IF NOT EXISTS switchboard_state (
                workspace text PRIMARY KEY, lineage text NOT NULL, serial bigint NOT NULL,
                document jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())
            """,
            """
            CREATE TABLE IF NOT EXISTS switchboard_history (
                id text PRIMARY KEY, seq bigserial NOT NULL, workspace text NOT NULL,
                time timestamptz NOT NULL, record jsonb NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS switchboard_history_workspace_time "
                + "ON switchboard_history (workspace, time, seq)",
            """
            CREATE TABLE IF NOT EXISTS switchboard_locks (
                workspace text PRIMARY KEY, lock_id text NOT NULL, pid integer NOT NULL, backend_pid integer NOT NULL,
                host text NOT NULL, username text NOT NULL, command text NOT NULL,
                acquired_at timestamptz NOT NULL DEFAULT now())
            """,
            // Version 2: a running apply's change outcomes, a row each, until its result is written.
            """
            CREATE TABLE IF NOT EXISTS switchboard_history_changes (
                seq bigserial PRIMARY KEY, workspace text NOT NULL, history_id text NOT NULL, change jsonb NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS switchboard_history_changes_record "
                + "ON switchboard_history_changes (workspace, history_id)",
            "UPDATE switchboard_schema SET version = \(schemaVersion) WHERE version < \(schemaVersion)",
        ]
        try conn.exec("BEGIN")
        do {
            // Another client may have made the schema while this one waited for the lock: then touch nothing (DDL on
            // tables in use would take locks that deadlock with their writers).
            try conn.exec("SELECT pg_advisory_xact_lock(\(schemaLockKey))")
            if try isCurrent(conn) {
                try conn.exec("COMMIT")
                return
            }
            for statement in statements {
                switch conn.execDetailed(statement) {
                case .success: continue
                case .failure(let error):
                    if error.sqlState == "42501" {
                        throw StateError.backend(
                            "cannot create the Switchboard tables in \(conn.info.display): \(error.message); "
                                + "run Switchboard once with a role that may create tables in the database "
                                + "(or GRANT CREATE ON SCHEMA to this role)")
                    }
                    throw StateError.backend("cannot create the Switchboard tables: \(error.description)")
                }
            }
            let version = try conn.exec("SELECT max(version) FROM switchboard_schema").value(0, 0).flatMap { Int($0) }
            try checkVersion(version ?? schemaVersion, conn: conn)
            try conn.exec("COMMIT")
        } catch {
            if conn.isOpen { _ = conn.execDetailed("ROLLBACK") }
            throw error
        }
    }

    /// True when the schema exists at this build's version.
    /// - Throws: `StateError.backend` when it is newer than this build.
    private static func isCurrent(_ conn: PGConnection) throws -> Bool {
        let exists = try conn.exec("SELECT to_regclass('switchboard_schema') IS NOT NULL").value(0, 0) == "t"
        guard exists, let text = try conn.exec("SELECT max(version) FROM switchboard_schema").value(0, 0),
            let version = Int(text)
        else { return false }
        try checkVersion(version, conn: conn)
        return version == schemaVersion
    }

    private static func checkVersion(_ version: Int, conn: PGConnection) throws {
        if version > schemaVersion {
            throw StateError.backend(
                "the Switchboard tables in \(conn.info.display) are schema version \(version), newer than this "
                    + "switchboard understands (\(schemaVersion)); upgrade switchboard")
        }
    }

    // MARK: - State

    /// Loads the workspace's state; a new, empty state (serial 0, new lineage) when the workspace has none.
    /// - Throws: `StateError.backend` when the server cannot be reached, `StateError.corrupt` for a bad document.
    public func load() async throws -> StateSnapshot {
        let result = try run(
            "SELECT lineage, serial, document::text FROM switchboard_state WHERE workspace = $1", [workspace],
            doing: "reading state")
        guard let lineage = result.value(0, 0), let serialText = result.value(0, 1), let serial = Int(serialText),
            let document = result.value(0, 2)
        else {
            return StateSnapshot(lineage: UUID().uuidString.lowercased())
        }
        var snapshot: StateSnapshot
        do {
            snapshot = try StateDocument.decode(Array(document.utf8))
        } catch {
            throw StateError.corrupt("the document of workspace '\(workspace)' in PostgreSQL does not decode: \(error)")
        }
        snapshot.lineage = lineage
        snapshot.serial = serial
        return snapshot
    }

    /// Compare-and-swap write: succeeds only if the stored serial is still `snapshot.serial`.
    /// - Throws: `StateError.conflict` (nothing written) when another writer moved the serial on;
    ///   `StateError.backend` when the server fails (the stored state is then the last complete one).
    public func save(_ snapshot: StateSnapshot) async throws -> StateSnapshot {
        try write(snapshot, expected: snapshot.serial, newSerial: snapshot.serial + 1)
    }

    /// Writes `snapshot` with serial `newSerial` if the stored serial is still `snapshot.serial` (state push/pull).
    /// - Throws: `StateError.conflict` when the stored serial moved; `StateError.backend` on server failure.
    public func save(_ snapshot: StateSnapshot, newSerial: Int) async throws -> StateSnapshot {
        guard newSerial > snapshot.serial else {
            throw StateError.backend("a new serial must be above the stored one (\(snapshot.serial))")
        }
        return try write(snapshot, expected: snapshot.serial, newSerial: newSerial)
    }

    private func write(_ snapshot: StateSnapshot, expected: Int, newSerial: Int) throws -> StateSnapshot {
        var written = snapshot
        written.serial = newSerial
        let document = String(decoding: StateDocument.encode(written, pretty: false), as: UTF8.self)
        let result: PGResult
        if expected == 0 {
            result = try run(
                "INSERT INTO switchboard_state (workspace, lineage, serial, document, updated_at) "
                    + "VALUES ($1, $2, $3, $4::jsonb, now()) ON CONFLICT (workspace) DO NOTHING",
                [workspace, written.lineage, String(newSerial), document], doing: "writing state")
        } else {
            result = try run(
                "UPDATE switchboard_state SET lineage = $3, serial = $4, document = $5::jsonb, updated_at = now() "
                    + "WHERE workspace = $1 AND serial = $2",
                [workspace, String(expected), written.lineage, String(newSerial), document], doing: "writing state")
        }
        if result.affectedRows == 1 { return written }
        let current = try run(
            "SELECT serial FROM switchboard_state WHERE workspace = $1", [workspace], doing: "reading the serial")
        let found = current.value(0, 0).flatMap { Int($0) } ?? 0
        throw StateError.conflict(expected: expected, found: found)
    }

    // MARK: - Locking

    /// Takes the workspace's session advisory lock on a dedicated connection, polling up to `timeout` seconds,
    /// then records the holder.
    /// - Throws: `StateError.locked` naming the holder when the lock stays taken; `StateError.backend` otherwise.
    public func lock(command: String, timeout: Double) async throws -> LockInfo {
        _ = try db()
        let lockConnection = try PGConnection(url: url, applicationName: "switchboard-lock")
        let deadline = Date().addingTimeInterval(max(0, timeout))
        while true {
            let taken = try lockConnection.execDetailed("SELECT pg_try_advisory_lock($1::bigint)", params: [lockKey])
                .orBackendError()
            if taken.value(0, 0) == "t" { break }
            if Date() >= deadline {
                throw StateError.locked(try holder() ?? unknownHolder())
            }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        do {
            let info = try recordHolder(on: lockConnection, command: command)
            lockConnections[info.id] = lockConnection
            return info
        } catch {
            _ = lockConnection.execDetailed("SELECT pg_advisory_unlock($1::bigint)", params: [lockKey])
            throw error
        }
    }

    /// Writes the holder row (overwriting a stale one whose session died, with a history line saying so).
    private func recordHolder(on lockConnection: PGConnection, command: String) throws -> LockInfo {
        let identity = PostgresHolderIdentity.current()
        let id = UUID().uuidString.lowercased()
        let stale = try lockConnection.exec(
            "SELECT lock_id, pid, backend_pid, host, username, command, \(isoColumn("acquired_at")) "
                + "FROM switchboard_locks WHERE workspace = $1", params: [workspace])
        let result = try lockConnection.exec(
            """
            INSERT INTO switchboard_locks (workspace, lock_id, pid, backend_pid, host, username, command, acquired_at)
            VALUES ($1, $2, $3, pg_backend_pid(), $4, $5, $6, now())
            ON CONFLICT (workspace) DO UPDATE SET lock_id = excluded.lock_id, pid = excluded.pid,
                backend_pid = excluded.backend_pid, host = excluded.host, username = excluded.username,
                command = excluded.command, acquired_at = excluded.acquired_at
            RETURNING \(isoColumn("acquired_at"))
            """,
            params: [workspace, id, String(identity.pid), identity.host, identity.user, command])
        let acquiredAt = result.value(0, 0) ?? PostgresHolderIdentity.now()
        let info = LockInfo(
            id: id, pid: identity.pid, host: identity.host, user: identity.user, command: command,
            acquiredAt: acquiredAt, expiresAt: "")
        if let previous = PostgresStateStore.lockInfo(from: stale, row: 0) {
            let record = HistoryRecord(
                id: UUID().uuidString.lowercased(), time: acquiredAt, user: identity.user, host: identity.host,
                event: .lockTakeover, result: .succeeded,
                message: "took over the lock of \(previous.description): its PostgreSQL session had ended")
            try insertHistory(record, on: lockConnection)
        }
        return info
    }

    /// Checks that the lock's connection (and so the advisory lock) is still alive.
    /// - Throws: `StateError.backend` when the connection is gone: the lock is lost and another command may hold it.
    public func renew(_ lock: LockInfo) async throws {
        guard let lockConnection = lockConnections[lock.id] else { throw StateError.noSuchLock(lock.id) }
        if case .failure(let error) = lockConnection.execDetailed("SELECT 1") {
            lockConnections[lock.id] = nil
            throw StateError.backend(
                "lost the state lock \(lock.id) on \(describe): \(error.description); another command may now hold "
                    + "it, so stop and plan again")
        }
    }

    /// Deletes the holder row and releases the advisory lock by closing its connection.
    /// - Throws: `StateError.noSuchLock` when this store does not hold `lock`.
    public func unlock(_ lock: LockInfo) async throws {
        guard let lockConnection = lockConnections.removeValue(forKey: lock.id) else {
            throw StateError.noSuchLock(lock.id)
        }
        // Delete the row while still holding the advisory lock, so no newer holder's row is touched.
        _ = lockConnection.execDetailed(
            "DELETE FROM switchboard_locks WHERE workspace = $1 AND lock_id = $2", params: [workspace, lock.id])
        _ = lockConnection.execDetailed("SELECT pg_advisory_unlock($1::bigint)", params: [lockKey])
        // Closing the connection (when `lockConnection` goes) releases the advisory lock in any case.
    }

    /// Ends the lock `id` whoever holds it: terminates the holder's PostgreSQL session (which releases the advisory
    /// lock), deletes the holder row and records an `unlock` line in the history.
    /// - Throws: `StateError.noSuchLock` for an unknown id; `StateError.backend` when the server refuses to end
    ///   another role's session (this needs `pg_signal_backend` or the holder's role).
    public func forceUnlock(id: String) async throws {
        if lockConnections[id] != nil {
            try await unlock(LockInfo(id: id, pid: 0, host: "", user: "", command: "", acquiredAt: "", expiresAt: ""))
            return
        }
        let rows = try run(
            "SELECT lock_id, pid, backend_pid, host, username, command, \(isoColumn("acquired_at")) "
                + "FROM switchboard_locks WHERE workspace = $1 AND lock_id = $2", [workspace, id],
            doing: "reading the lock holder")
        guard let holder = PostgresStateStore.lockInfo(from: rows, row: 0),
            let backendPID = rows.value(0, "backend_pid")
        else {
            throw StateError.noSuchLock(id)
        }
        let parts = lockKeyParts
        let holding = try run(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = $1::int "
                + "AND classid::bigint = $2::bigint AND objid::bigint = $3::bigint AND objsubid = 1",
            [backendPID, parts.high, parts.low], doing: "looking for the lock holder's session")
        if !holding.rows.isEmpty {
            let conn = try db()
            switch conn.execDetailed("SELECT pg_terminate_backend($1::int)", params: [backendPID]) {
            case .success: break
            case .failure(let error):
                if error.connectionLost { connection = nil }
                throw StateError.backend(
                    "cannot end lock \(id) held by \(holder.description): the server refused to terminate its "
                        + "session \(backendPID) (\(error.message)); this needs the holder's database role, a member "
                        + "of pg_signal_backend or a superuser; or stop the holder's process")
            }
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                let still = try run(
                    "SELECT 1 FROM pg_stat_activity WHERE pid = $1::int", [backendPID], doing: "waiting for the holder")
                if still.rows.isEmpty { break }
                try await Task.sleep(nanoseconds: 100_000_000)
            }
        }
        try run(
            "DELETE FROM switchboard_locks WHERE workspace = $1 AND lock_id = $2", [workspace, id],
            doing: "deleting the lock holder row")
        let identity = PostgresHolderIdentity.current()
        try insertHistory(
            HistoryRecord(
                id: UUID().uuidString.lowercased(), time: PostgresHolderIdentity.now(), user: identity.user,
                host: identity.host, event: .unlock, result: .succeeded,
                message: "ended the lock of \(holder.description) by hand"),
            on: try db())
    }

    /// The current holder, if the workspace's advisory lock is held.
    /// - Throws: `StateError.backend` when the server cannot be reached.
    public func currentLock() async throws -> LockInfo? {
        try readCurrentLock()
    }

    private func readCurrentLock() throws -> LockInfo? {
        let parts = lockKeyParts
        let held = try run(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                + "AND classid::bigint = $1::bigint AND objid::bigint = $2::bigint AND objsubid = 1",
            [parts.high, parts.low], doing: "reading the lock")
        if held.rows.isEmpty { return nil }
        return try holder() ?? unknownHolder()
    }

    /// The holder row, if any.
    private func holder() throws -> LockInfo? {
        let rows = try run(
            "SELECT lock_id, pid, backend_pid, host, username, command, \(isoColumn("acquired_at")) "
                + "FROM switchboard_locks WHERE workspace = $1", [workspace], doing: "reading the lock holder")
        return PostgresStateStore.lockInfo(from: rows, row: 0)
    }

    /// What can be said about a holder that wrote no row (another client, or one between lock and row).
    private func unknownHolder() throws -> LockInfo {
        let parts = lockKeyParts
        let rows = try run(
            """
            SELECT a.pid, coalesce(a.usename, ''), coalesce(host(a.client_addr), 'local socket'),
                coalesce(a.application_name, ''), \(isoColumn("a.backend_start"))
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = $1::bigint
                AND l.objid::bigint = $2::bigint AND l.objsubid = 1
            """,
            [parts.high, parts.low], doing: "reading the lock holder's session")
        let backend = rows.value(0, 0) ?? "?"
        return LockInfo(
            id: "unknown", pid: 0, host: rows.value(0, 2) ?? "unknown host",
            user: "database role " + (rows.value(0, 1) ?? "unknown"),
            command: "session \(backend) (\(rows.value(0, 3) ?? "")) without a holder row",
            acquiredAt: rows.value(0, 4) ?? "", expiresAt: "")
    }

    private func isoColumn(_ column: String) -> String {
        "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    }

    private static func lockInfo(from rows: PGResult, row: Int) -> LockInfo? {
        guard let id = rows.value(row, "lock_id") else { return nil }
        return LockInfo(
            id: id, pid: Int32(rows.value(row, "pid") ?? "") ?? 0, host: rows.value(row, "host") ?? "",
            user: rows.value(row, "username") ?? "", command: rows.value(row, "command") ?? "",
            acquiredAt: rows.value(row, 6) ?? "", expiresAt: "")
    }
}

/// Who this process is, for lock holder rows and history lines.
private struct PostgresHolderIdentity {
    var user: String
    var host: String
    var pid: Int32

    static func current() -> PostgresHolderIdentity {
        let environment = ProcessInfo.processInfo.environment
        var user = environment["USER"] ?? environment["LOGNAME"] ?? ""
        if user.isEmpty, let entry = getpwuid(getuid()), let name = entry.pointee.pw_name {
            user = String(cString: name)
        }
        var buffer = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&buffer, buffer.count) == 0
            ? String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : "unknown-host"
        return PostgresHolderIdentity(user: user.isEmpty ? "uid \(getuid())" : user, host: host, pid: getpid())
    }

    static func now() -> String {
        Date().ISO8601Format()
    }
}
