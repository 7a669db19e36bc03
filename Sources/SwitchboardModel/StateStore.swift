
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
    /// `succeeded`, `failed`, `skipped`, `awaiting-verification`, `not-started`, `pending`, `interrupted`.
    public var outcome: Outcome
    public var error: String?
    public var elapsedMs: Int?

    public init(address: Address, action: Action, outcome: Outcome, error: String? = nil, elapsedMs: Int? = nil) {
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
    public var event: Event
    public var planChecksum: String?
    public var manifestDigest: String?
    public var commit: String?
    /// `--accept-billing` and the like, as used.
    public var accepted: [String]
    public var changes: [HistoryChange]
    /// `succeeded`, `failed`, `refused`, `partial`, `running`, `interrupted`.
    public var result: Result
    public var message: String?

    public init(
        id: String, time: String, user: String, host: String, event: Event = .apply, planChecksum: String? = nil,
        manifestDigest: String? = nil, commit: String? = nil, accepted: [String] = [], changes: [HistoryChange] = [],
        result: Result, message: String? = nil
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

extension HistoryChange {
    /// How one change of an apply ended; history keeps it by its raw value.
    public enum Outcome: String, Hashable, Sendable, Codable, CustomStringConvertible {
        case succeeded, failed
        /// Not run because a change it depends on failed.
        case skipped
        /// Created, waiting for a verification code before it is active.
        case awaitingVerification = "awaiting-verification"
        /// Not run because the apply stopped after a failure.
        case notStarted = "not-started"
        /// Not run yet (the record of an apply under way).
        case pending
        /// Under way when the process running the apply died: its intent is still in state, and the next plan
        /// reads the platform to learn whether it happened.
        case interrupted

        public var description: String { rawValue }

        /// True when the change did what it was planned to do (a verification code may still be due).
        public var isDone: Bool { self == .succeeded || self == .awaitingVerification }
    }
}

extension HistoryRecord {
    /// What a history record is about; history keeps it by its raw value.
    public enum Event: String, Hashable, Sendable, Codable, CustomStringConvertible {
        case apply
        case lockTakeover = "lock-takeover"
        case unlock
        case stateRm = "state-rm"
        case stateUnprotect = "state-unprotect"

        public var description: String { rawValue }
    }

    /// How the recorded run ended; history keeps it by its raw value.
    public enum Result: String, Hashable, Sendable, Codable, CustomStringConvertible {
        case succeeded, failed
        /// Stopped before any change (stale plan, findings not accepted, not confirmed).
        case refused
        case partial
        /// Under way: the record written as an apply starts, replaced by its result.
        case running
        /// The process running the apply died before it finished: the next command that took the lock closed the
        /// record, with the outcomes recorded as each change happened.
        case interrupted

        public var description: String { rawValue }
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

    /// Records the resources and intents at `addresses` as `snapshot` holds them, as one step (serial + 1), when the
    /// stored state is still at `snapshot.serial`: what the applier does after each change. A backend with a journal
    /// appends an entry, at the cost of the change, not of the state (DESIGN.md section 4); `compact` folds the
    /// entries into the document. Every read sees the document plus its journal.
    /// - Throws: `StateError.conflict` when the stored serial is not `snapshot.serial`.
    /// - Returns: `snapshot` with its serial bumped.
    func record(_ addresses: [Address], of snapshot: StateSnapshot) async throws -> StateSnapshot

    /// Folds the journal into the document (at the end of an apply, and when a command takes the lock after a
    /// crash). Nothing to do without a journal.
    func compact() async throws

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

    /// Appends a history record. A record with the id of one already appended supersedes it (an apply writes its
    /// record `running` first, then its result); writing the result of a `running` record also ends the outcomes
    /// recorded for it with `appendHistoryChange`, which the result carries.
    func appendHistory(_ record: HistoryRecord) async throws

    /// Records the outcome of one change of the `running` record `id` as it happens, without writing the record
    /// again (the cost of a line, whatever the size of the apply).
    func appendHistoryChange(_ change: HistoryChange, record id: String) async throws

    /// The records still `running`, each with the change outcomes recorded for it so far. Called under the lock,
    /// where such a record can only be one whose process died.
    func runningHistory() async throws -> [HistoryRecord]

    /// All history records, oldest first; a `running` record carries the change outcomes recorded so far.
    func history() async throws -> [HistoryRecord]
}

extension StateStore {
    /// A backend without a journal records a change by writing the whole snapshot.
    /// - Throws: as `save`.
    public func record(_ addresses: [Address], of snapshot: StateSnapshot) async throws -> StateSnapshot {
        try await save(snapshot)
    }

    /// A backend without a journal has nothing to fold.
    public func compact() async throws {}
}
