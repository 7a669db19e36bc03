import SwitchboardModel

/// Who holds a lock, for messages and for takeover.
public struct LockInfo: Hashable, Sendable, Codable {
    public var id: String
    public var pid: Int32
    public var host: String
    public var user: String
    public var command: String
    /// ISO 8601.
    public var acquiredAt: String
    /// ISO 8601; a lease past this instant may be taken over.
    public var expiresAt: String

    public init(id: String, pid: Int32, host: String, user: String, command: String, acquiredAt: String, expiresAt: String) {
        self.id = id
        self.pid = pid
        self.host = host
        self.user = user
        self.command = command
        self.acquiredAt = acquiredAt
        self.expiresAt = expiresAt
    }

    public var description: String {
        "\(user)@\(host) (pid \(pid)) running '\(command)' since \(acquiredAt), lock id \(id)"
    }
}

/// One change's outcome in an apply history record.
public struct HistoryChange: Hashable, Sendable, Codable {
    public var address: Address
    public var action: Action
    /// `succeeded`, `failed`, `skipped`, `awaiting-verification`, `not-started`.
    public var outcome: String
    public var error: String?
    public var elapsedMs: Int?

    public init(address: Address, action: Action, outcome: String, error: String? = nil, elapsedMs: Int? = nil) {
        self.address = address
        self.action = action
        self.outcome = outcome
        self.error = error
        self.elapsedMs = elapsedMs
    }
}

/// One apply (or lock takeover, or refused apply) in the append-only history.
public struct HistoryRecord: Hashable, Sendable, Codable {
    public var id: String
    public var time: String
    public var user: String
    public var host: String
    /// `apply`, `lock-takeover`, `state-rm`, `unlock` ...
    public var event: String
    public var planChecksum: String?
    public var manifestDigest: String?
    public var commit: String?
    /// `--accept-billing` and the like, as used.
    public var accepted: [String]
    public var changes: [HistoryChange]
    /// `succeeded`, `failed`, `refused`, `partial`.
    public var result: String
    public var message: String?

    public init(
        id: String, time: String, user: String, host: String, event: String = "apply", planChecksum: String? = nil,
        manifestDigest: String? = nil, commit: String? = nil, accepted: [String] = [], changes: [HistoryChange] = [],
        result: String, message: String? = nil
    ) {
        self.id = id
        self.time = time
        self.user = user
        self.host = host
        self.event = event
        self.planChecksum = planChecksum
        self.manifestDigest = manifestDigest
        self.commit = commit
        self.accepted = accepted
        self.changes = changes
        self.result = result
        self.message = message
    }
}

/// Errors every state backend reports the same way.
public enum StateError: Error, Sendable, CustomStringConvertible {
    /// Another command holds the lock.
    case locked(LockInfo)
    /// A write was based on an older serial than the one stored.
    case conflict(expected: Int, found: Int)
    /// The stored state is unreadable.
    case corrupt(String)
    /// The backend cannot be reached or refused the operation.
    case backend(String)
    /// No lock with that id is held.
    case noSuchLock(String)

    public var description: String {
        switch self {
        case .locked(let info): "state is locked by \(info.description)"
        case .conflict(let expected, let found):
            "state changed underneath: expected serial \(expected), found \(found); nothing was written"
        case .corrupt(let m): "state is unreadable: \(m)"
        case .backend(let m): m
        case .noSuchLock(let id): "no lock with id '\(id)' is held"
        }
    }
}

/// Where state lives. The reconciler never knows which backend it talks to.
public protocol StateStore: Sendable {
    /// A short description for messages (`local file .switchboard/state.json`).
    var describe: String { get }

    /// Loads the current state; a new, empty state (serial 0, new lineage) when none exists.
    func load() async throws -> StateSnapshot

    /// Writes `snapshot` atomically with `serial` = the stored serial + 1.
    /// - Throws: `StateError.conflict` when the stored serial is not `snapshot.serial`.
    /// - Returns: the snapshot as written (serial bumped).
    func save(_ snapshot: StateSnapshot) async throws -> StateSnapshot

    /// Takes the lock for the whole command, waiting up to `timeout` seconds.
    /// - Throws: `StateError.locked` naming the holder.
    func lock(command: String, timeout: Double) async throws -> LockInfo

    /// Renews the lease (called periodically while the command runs).
    func renew(_ lock: LockInfo) async throws

    /// Releases a lock this process holds.
    func unlock(_ lock: LockInfo) async throws

    /// Ends a lease by id, whoever holds it (`switchboard state unlock ID`).
    func forceUnlock(id: String) async throws

    /// The current holder, if any.
    func currentLock() async throws -> LockInfo?

    /// Appends a history record.
    func appendHistory(_ record: HistoryRecord) async throws

    /// All history records, oldest first.
    func history() async throws -> [HistoryRecord]
}
