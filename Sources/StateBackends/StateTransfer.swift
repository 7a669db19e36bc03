import SwitchboardModel

/// A store that can write a snapshot with a serial of its choosing (above the stored one), so a transferred state
/// keeps its serial. Stores without it get the serial raised one `save` at a time.
public protocol SerialSettingStateStore: StateStore {
    /// Writes `snapshot` with serial `newSerial` if the stored serial is still `snapshot.serial`.
    /// - Throws: `StateError.conflict` when the stored serial moved on (nothing is written).
    func save(_ snapshot: StateSnapshot, newSerial: Int) async throws -> StateSnapshot
}

extension PostgresStateStore: SerialSettingStateStore {}
extension LocalStateStore: SerialSettingStateStore {}

/// Why `state push` / `state pull` refused.
public enum StateTransferError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The source has never been written.
    case emptySource(source: String)
    /// The destination holds another state (another lineage).
    case differentLineage(source: String, destination: String, sourceLineage: String, destinationLineage: String)
    /// The destination is ahead of the source.
    case destinationNewer(source: String, destination: String, sourceSerial: Int, destinationSerial: Int)
    /// Both have the same serial but different contents.
    case diverged(source: String, destination: String, serial: Int)

    /// The message for the operator, with the way out.
    public var description: String {
        switch self {
        case .emptySource(let source):
            return "\(source) holds no state (serial 0); nothing to transfer"
        case .differentLineage(let source, let destination, let sourceLineage, let destinationLineage):
            return "\(destination) holds a different state (lineage \(destinationLineage)) from \(source) "
                + "(lineage \(sourceLineage)); refusing to overwrite it. Use --force to replace it"
        case .destinationNewer(let source, let destination, let sourceSerial, let destinationSerial):
            return "\(destination) is newer (serial \(destinationSerial)) than \(source) (serial \(sourceSerial)); "
                + "refusing to overwrite newer state. Use --force to replace it"
        case .diverged(let source, let destination, let serial):
            return "\(destination) and \(source) both have serial \(serial) but differ; refusing to overwrite. "
                + "Use --force to replace it"
        }
    }
}

/// What a transfer did.
public struct StateTransferResult: Hashable, Sendable {
    /// The state's lineage (the source's).
    public var lineage: String
    /// The source's serial.
    public var sourceSerial: Int
    /// The destination's serial before the transfer (0 when it held nothing).
    public var previousSerial: Int
    /// The destination's serial after it (unchanged when nothing was written).
    public var serial: Int
    /// Whether anything was written (false when the destination already held the same state).
    public var written: Bool
}

/// `switchboard state push` / `state pull`: copies a state between two stores through the `StateStore` protocol.
///
/// The destination is refused when it holds another lineage or a higher serial than the source, unless `force`.
/// The written state keeps the source's lineage and gets serial max(source serial, destination serial + 1), so a
/// saved plan made against the old destination is stale. Callers hold the destination's lock around the call.
public enum StateTransfer {
    /// Copies the local state to the remote store (`state push`).
    /// - Throws: `StateTransferError` when refused; `StateError` from either store.
    @discardableResult
    public static func push(local: any StateStore, remote: any StateStore, force: Bool) async throws
        -> StateTransferResult
    {
        try await copy(from: local, to: remote, force: force)
    }

    /// Copies the remote state to the local store (`state pull`).
    /// - Throws: `StateTransferError` when refused; `StateError` from either store.
    @discardableResult
    public static func pull(local: any StateStore, remote: any StateStore, force: Bool) async throws
        -> StateTransferResult
    {
        try await copy(from: remote, to: local, force: force)
    }

    /// Copies `source`'s state over `destination`'s.
    /// - Throws: `StateTransferError` when refused; `StateError` from either store.
    public static func copy(from source: any StateStore, to destination: any StateStore, force: Bool) async throws
        -> StateTransferResult
    {
        let from = try await source.load()
        if from.serial == 0 { throw StateTransferError.emptySource(source: source.describe) }
        let to = try await destination.load()
        let exists = to.serial > 0
        if exists && !force {
            if to.lineage != from.lineage {
                throw StateTransferError.differentLineage(
                    source: source.describe, destination: destination.describe, sourceLineage: from.lineage,
                    destinationLineage: to.lineage)
            }
            if to.serial > from.serial {
                throw StateTransferError.destinationNewer(
                    source: source.describe, destination: destination.describe, sourceSerial: from.serial,
                    destinationSerial: to.serial)
            }
            if to.serial == from.serial {
                if to.resources == from.resources && to.intents == from.intents {
                    return StateTransferResult(
                        lineage: from.lineage, sourceSerial: from.serial, previousSerial: to.serial, serial: to.serial,
                        written: false)
                }
                throw StateTransferError.diverged(
                    source: source.describe, destination: destination.describe, serial: to.serial)
            }
        }
        let target = max(from.serial, to.serial + 1)
        var snapshot = from
        snapshot.serial = to.serial
        let written: StateSnapshot
        if let direct = destination as? any SerialSettingStateStore {
            written = try await direct.save(snapshot, newSerial: target)
        } else {
            var current = try await destination.save(snapshot)
            while current.serial < target {
                current = try await destination.save(current)
            }
            written = current
        }
        return StateTransferResult(
            lineage: written.lineage, sourceSerial: from.serial, previousSerial: to.serial, serial: written.serial,
            written: true)
    }
}
