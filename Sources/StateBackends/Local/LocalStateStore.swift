import Foundation
import SwitchboardModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The local state backend: one JSON document on disk, written atomically with a backup, guarded by a
/// leased lock file, with an append-only JSON Lines history beside it (DESIGN.md section 4).
///
/// Files, for a state at `.switchboard/state.json`:
/// - `state.json`: the document (mode 0600);
/// - `state.json.backup`: the version before the last write;
/// - `state.json.journal`: during an apply, one line per recorded step (`StateJournalEntry`), each fsynced before
///   the step goes on; folded into `state.json` (a whole write, backup kept) at the end of the apply, or by the next
///   command that takes the lock after a crash; every read sees the document plus its journal;
/// - `state.json.lock`: the lease, while a command holds it;
/// - `state.json.mutex`: an empty file locked with `flock(2)` around read-check-write steps;
/// - `history.jsonl`: one `HistoryRecord` per line;
/// - `history.running.jsonl`: while an apply runs (or after one died), its `running` record and each change's
///   outcome as it happens.
public actor LocalStateStore: StateStore {
    /// The state file, as given.
    public nonisolated let path: String
    /// How long a lease lasts without renewal, in seconds.
    public nonisolated let leaseSeconds: Double
    /// Who this store says holds its locks and writes its history.
    public nonisolated let identity: ProcessIdentity
    /// How often a waiting `lock` looks again, in seconds.
    public nonisolated let pollInterval: Double
    /// The wall clock used for lease times and history records.
    nonisolated let clock: @Sendable () -> Date

    /// The lineage handed out by `load` while no file exists, so repeated loads agree until the first save.
    private var pendingLineage: String?
    /// The stored state's lineage and serial (document plus journal) as of the files' stamps, so recording a change
    /// reads neither file again while no other process wrote them.
    var journalMark: JournalMark?

    /// Creates a store for the state file at `path`; nothing is read or written until a method is called.
    /// - Parameters:
    ///   - leaseSeconds: lease length (default 60 s); holders renew every third of it.
    ///   - identity: the holder recorded in locks and history (default: this process).
    ///   - pollInterval: how often `lock` retries while waiting.
    ///   - clock: the wall clock (tests pass a fixed or moving one).
    public init(
        path: String, leaseSeconds: Double = 60, identity: ProcessIdentity = .current, pollInterval: Double = 0.2,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.path = path
        self.leaseSeconds = leaseSeconds
        self.identity = identity
        self.pollInterval = pollInterval
        self.clock = clock
    }

    /// `local file PATH`.
    public nonisolated var describe: String { "local file \(path)" }

    /// The directory holding the state file.
    public nonisolated var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// The previous version of the state, kept by every save.
    public nonisolated var backupPath: String { path + ".backup" }
    /// The lease file.
    public nonisolated var lockPath: String { path + ".lock" }
    /// The append-only history, `history.jsonl` beside the state file.
    public nonisolated var historyPath: String { directory + "/history.jsonl" }
    /// The `flock` companion file.
    nonisolated var mutex: FileMutex { FileMutex(path: path + ".mutex") }

    // MARK: - Load and save

    /// Reads the state file and the changes journaled since it was written (`state.json.journal`); a new state
    /// (serial 0, fresh lineage, not yet written) when there is none.
    /// - Throws: `StateError.corrupt` naming the file and its backup when it cannot be decoded;
    ///   `StateError.backend` when it cannot be read.
    public func load() async throws -> StateSnapshot {
        if let stored = try await loadWithJournal() { return stored }
        let lineage = pendingLineage ?? UUID().uuidString.lowercased()
        pendingLineage = lineage
        return StateSnapshot(lineage: lineage)
    }

    /// Writes `snapshot` with its serial bumped, if the stored serial is still `snapshot.serial`.
    ///
    /// The new document goes to a temporary file in the same directory and is fsynced; the previous
    /// document becomes `PATH.backup` atomically (a hard link to it, or a copy where there are none); the
    /// temporary file is renamed over the state and the directory is fsynced. A crash at any point leaves either
    /// the old or the new state in place.
    /// - Throws: `StateError.conflict` (nothing written) when the stored serial differs;
    ///   `StateError.backend` when the stored lineage differs or a system call fails;
    ///   `StateError.corrupt` when the stored file is unreadable (it is left untouched).
    public func save(_ snapshot: StateSnapshot) async throws -> StateSnapshot {
        try await write(snapshot, newSerial: snapshot.serial + 1, replacingLineage: false)
    }

    /// Writes `snapshot` with serial `newSerial` (a transferred state keeps its serial) in one atomic write; the
    /// stored lineage may be replaced, because `state push/pull` checked it (or was forced) first.
    /// - Throws: `StateError.conflict` when the stored serial is not `snapshot.serial`.
    public func save(_ snapshot: StateSnapshot, newSerial: Int) async throws -> StateSnapshot {
        try await write(snapshot, newSerial: max(newSerial, snapshot.serial + 1), replacingLineage: true)
    }

    private func write(_ snapshot: StateSnapshot, newSerial: Int, replacingLineage: Bool) async throws -> StateSnapshot {
        try POSIXFile.ensureDirectory(directory)
        let written = try await mutex.withLock { () throws -> StateSnapshot in
            try POSIXFile.withContents(of: path) { previous in
                // The stored document's serial and lineage are all a write compares; its syntax is checked in full,
                // so a damaged file is still refused (and left as it is) rather than replaced.
                let stored = try previous.map(decodeHeader)
                // Changes journaled since the document was written count: the serial is the last entry's.
                let storedSerial = try journalEntries(after: stored).last?.serial ?? stored?.serial ?? 0
                guard storedSerial == snapshot.serial else {
                    throw StateError.conflict(expected: snapshot.serial, found: storedSerial)
                }
                if let stored, stored.lineage != snapshot.lineage, !replacingLineage {
                    throw StateError.backend(
                        "\(path) holds state of lineage \(stored.lineage), not \(snapshot.lineage); "
                            + "refusing to overwrite a different state; nothing was written")
                }
                var next = snapshot
                next.format = 1
                next.serial = newSerial
                try replaceDocument(with: next, previous: previous)
                return next
            }
        }
        pendingLineage = nil
        journalMark = nil
        return written
    }

    /// Writes `snapshot` as the document: encoded straight into a temporary file, the previous document linked as
    /// the backup, the file renamed over the state, the journal (now folded in) removed, the directory fsynced.
    /// Call with the mutex held.
    /// - Throws: `StateError.backend` when a system call fails; the previous document is then still in place.
    func replaceDocument(with snapshot: StateSnapshot, previous: UnsafeBufferPointer<UInt8>?) throws {
        let temp = try POSIXFile.writeTemporary(beside: path, mode: 0o600) { write in
            try StateDocument.encode(snapshot, pretty: true) { try $0.withUnsafeBufferPointer(write) }
        }
        do {
            if let previous {
                try POSIXFile.linkAtomically(backupPath, to: path, bytes: previous, mode: 0o600)
            }
            try POSIXFile.renameFile(temp, over: path)
        } catch {
            unlink(temp)
            throw error
        }
        try POSIXFile.removeFile(journalPath)
        try POSIXFile.syncDirectory(directory)
    }

    // MARK: - Encoding

    /// Pretty-printed, sorted-keys JSON with a final newline, for the lease and other small documents (the state
    /// itself goes through `StateDocument`).
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value)) + [UInt8(ascii: "\n")]
        } catch {
            throw StateError.backend("cannot encode state: \(error)")
        }
    }

    /// Decodes a state document, or explains what is wrong and where the backup is.
    nonisolated func decodeState(_ bytes: UnsafeBufferPointer<UInt8>) throws -> StateSnapshot {
        let snapshot: StateSnapshot
        do {
            snapshot = try StateDocument.decode(bytes)
        } catch {
            throw corrupt(error.description)
        }
        guard snapshot.format == 1 else {
            throw corrupt("format \(snapshot.format) is not one this switchboard understands (1)")
        }
        return snapshot
    }

    /// Reads a state document's format, lineage and serial (checking the whole document's syntax).
    nonisolated func decodeHeader(
        _ bytes: UnsafeBufferPointer<UInt8>
    ) throws -> (format: Int, lineage: String, serial: Int) {
        let header: (format: Int, lineage: String, serial: Int)
        do { header = try StateDocument.header(bytes) } catch { throw corrupt(error.description) }
        guard header.format == 1 else {
            throw corrupt("format \(header.format) is not one this switchboard understands (1)")
        }
        return header
    }

    /// A `StateError.corrupt` naming the file and pointing at the backup.
    nonisolated func corrupt(_ detail: String) -> StateError {
        let backup =
            FileManager.default.fileExists(atPath: backupPath)
            ? "the previous version is kept in \(backupPath): check it and copy it over \(path) "
                + "(see docs/state.md, \"Recovery\")"
            : "no backup exists at \(backupPath); restore \(path) from your own copy or rebuild it "
                + "(see docs/state.md, \"Recovery\")"
        return .corrupt("\(path): \(detail); \(backup)")
    }

    /// A one-line account of a decoding error: what and where.
    static func explain(_ error: Error) -> String {
        func at(_ path: [CodingKey]) -> String {
            path.isEmpty ? "" : " at '" + path.map { $0.intValue.map(String.init) ?? $0.stringValue }
                .joined(separator: ".") + "'"
        }
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not valid JSON" }
            return context.debugDescription + at(context.codingPath)
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)'" + at(context.codingPath)
        case .typeMismatch(let type, let context):
            return "expected \(type)" + at(context.codingPath)
        case .valueNotFound(let type, let context):
            return "missing \(type) value" + at(context.codingPath)
        @unknown default:
            return "\(decoding)"
        }
    }
}
