import Foundation
import SwitchboardModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The state journal of the local backend (DESIGN.md section 4): `state.json.journal`, one `StateJournalEntry` per
/// line, appended and fsynced per step of an apply, so recording a change costs the change, not the state.
extension LocalStateStore {
    /// Which version of the document and journal a `JournalMark` was taken from.
    struct JournalMark: Equatable {
        var document: POSIXFile.Stamp?
        var journal: POSIXFile.Stamp?
        var lineage: String
        var serial: Int
    }

    /// The journal beside the state file.
    public nonisolated var journalPath: String { path + ".journal" }

    /// Appends one journal line recording `addresses` as `snapshot` holds them (serial + 1), fsynced, if the stored
    /// state (document plus journal) is still at `snapshot.serial`.
    /// - Throws: `StateError.conflict` when the serial moved on; `StateError.backend` on I/O errors or a different
    ///   lineage; `StateError.corrupt` for an unreadable document or journal.
    public func record(_ addresses: [Address], of snapshot: StateSnapshot) async throws -> StateSnapshot {
        let mark = try await mutex.withLock { () throws -> JournalMark in
            let current = try currentMark()
            guard current.serial == snapshot.serial else {
                throw StateError.conflict(expected: snapshot.serial, found: current.serial)
            }
            guard current.lineage == snapshot.lineage else {
                throw StateError.backend(
                    "\(path) holds state of lineage \(current.lineage), not \(snapshot.lineage); nothing was written")
            }
            let entry = StateJournalEntry(recording: addresses, of: snapshot, serial: snapshot.serial + 1)
            let existed = current.journal != nil
            let fd = open(journalPath, O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw POSIXFile.failure("open", journalPath) }
            defer { close(fd) }
            try POSIXFile.writeAll(fd, entry.encoded + [0x0A], path: journalPath)
            try POSIXFile.sync(fd, path: journalPath)
            if !existed { try POSIXFile.syncDirectory(directory) }
            return JournalMark(
                document: current.document, journal: POSIXFile.stamp(journalPath), lineage: current.lineage,
                serial: entry.serial)
        }
        journalMark = mark
        var recorded = snapshot
        recorded.serial = mark.serial
        return recorded
    }

    /// Folds the journal into the document: one whole write (backup kept) at the last entry's serial, then the journal
    /// is removed. Nothing to do without a journal.
    /// - Throws: `StateError.corrupt` for an unreadable document or journal; `StateError.backend` on I/O errors.
    public func compact() async throws {
        guard POSIXFile.stamp(journalPath) != nil else { return }
        try await mutex.withLock { () throws in
            try POSIXFile.withContents(of: path) { previous in
                guard let previous else {
                    throw corrupt("\(journalPath) records changes to a state document that does not exist")
                }
                var snapshot = try decodeState(previous)
                for entry in try journalEntries(after: (snapshot.format, snapshot.lineage, snapshot.serial)) {
                    entry.apply(to: &snapshot)
                }
                try replaceDocument(with: snapshot, previous: previous)
            }
        }
        journalMark = nil
    }

    /// The document with the journal's entries applied; nil when there is no document. With a journal, read under
    /// the mutex (so a compaction cannot fold the journal away between the two reads); without one, the document
    /// alone, which every write replaces atomically (and nothing is created).
    func loadWithJournal() async throws -> StateSnapshot? {
        let read = { () throws -> StateSnapshot? in
            try POSIXFile.withContents(of: self.path) { bytes -> StateSnapshot? in
                guard let bytes else { return nil }
                var snapshot = try self.decodeState(bytes)
                for entry in try self.journalEntries(after: (snapshot.format, snapshot.lineage, snapshot.serial)) {
                    entry.apply(to: &snapshot)
                }
                return snapshot
            }
        }
        guard POSIXFile.stamp(journalPath) != nil else { return try read() }
        return try await mutex.withLock(read)
    }

    /// The stored lineage and serial: from the last mark while neither file changed, else read. Call with the mutex
    /// held.
    private func currentMark() throws -> JournalMark {
        let document = POSIXFile.stamp(path)
        let journal = POSIXFile.stamp(journalPath)
        if let mark = journalMark, mark.document == document, mark.journal == journal { return mark }
        let header = try POSIXFile.withContents(of: path) { bytes in try bytes.map(decodeHeader) }
        guard let header else {
            throw StateError.backend("\(path) does not exist: a change can be recorded only in a written state")
        }
        let serial = try journalEntries(after: header).last?.serial ?? header.serial
        return JournalMark(document: document, journal: journal, lineage: header.lineage, serial: serial)
    }

    /// The journal's entries that come after the document `stored` (format, lineage, serial), in order. Entries at or
    /// below its serial were folded in already (a compaction that died before removing the journal). A last line
    /// without its newline was being written when its process died, was never acknowledged, and is ignored.
    /// - Throws: `StateError.corrupt` for a line that is not an entry, a gap in the serials or another lineage.
    nonisolated func journalEntries(
        after stored: (format: Int, lineage: String, serial: Int)?
    ) throws -> [StateJournalEntry] {
        guard let bytes = try POSIXFile.readFile(journalPath), !bytes.isEmpty else { return [] }
        guard let stored else {
            throw corrupt("\(journalPath) records changes to a state document that does not exist")
        }
        var entries: [StateJournalEntry] = []
        var expected = stored.serial + 1
        var start = 0
        var line = 0
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            line += 1
            defer { start = newline + 1 }
            if newline == start { continue }
            let entry: StateJournalEntry
            do { entry = try StateJournalEntry.decode(Array(bytes[start..<newline])) } catch {
                throw corrupt("\(journalPath) line \(line): \(error.description)")
            }
            guard entry.lineage == stored.lineage else {
                throw corrupt("\(journalPath) line \(line) belongs to lineage \(entry.lineage), not \(stored.lineage)")
            }
            if entry.serial < expected { continue }
            guard entry.serial == expected else {
                throw corrupt("\(journalPath) line \(line) is serial \(entry.serial), expected \(expected)")
            }
            entries.append(entry)
            expected += 1
        }
        return entries
    }
}
