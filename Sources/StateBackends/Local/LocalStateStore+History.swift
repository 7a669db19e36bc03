import Foundation
import SwitchboardModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// History: `history.jsonl`, one record per line, and beside it `history.running.jsonl`, the journal of the apply
/// under way: its `running` record, then one line per change outcome as it happens (DESIGN.md section 4). Writing a
/// record's result to `history.jsonl` ends its journal; a journal left by a process that died is how the next
/// command finds the record to close as `interrupted`.
extension LocalStateStore {
    /// The journal of the records still `running`: `history.running.jsonl` beside the history.
    public nonisolated var runningHistoryPath: String { directory + "/history.running.jsonl" }

    /// One journal line: a `running` record, or the outcome of one of its changes.
    struct JournalLine: Codable {
        /// The `running` record (first line of an apply).
        var record: HistoryRecord?
        /// The id of the record a change outcome belongs to.
        var id: String?
        /// A change outcome.
        var change: HistoryChange?
    }

    /// Appends `record` as one line of `history.jsonl` and fsyncs it. A `running` record is first written to the
    /// journal; any other record then ends the journal of its id.
    ///
    /// A last line cut short by a crash (no newline, not a whole record) is dropped first, so the new
    /// record starts on a line of its own.
    /// - Throws: `StateError.backend` when the file cannot be written.
    public func appendHistory(_ record: HistoryRecord) async throws {
        try POSIXFile.ensureDirectory(directory)
        let line = try Self.line(record)
        let journal = runningHistoryPath
        if record.result == .running {
            let header = try Self.line(JournalLine(record: record))
            try await mutex.withLock { try Self.append(header, to: journal, as: JournalLine.self) }
        }
        try await mutex.withLock {
            try Self.append(line, to: historyPath, as: HistoryRecord.self)
            if record.result != .running { try Self.endJournal(of: [record.id], at: journal) }
        }
    }

    /// Appends the outcome of one change of the `running` record `id` to the journal, fsynced.
    /// - Throws: `StateError.backend` when the file cannot be written.
    public func appendHistoryChange(_ change: HistoryChange, record id: String) async throws {
        try POSIXFile.ensureDirectory(directory)
        let line = try Self.line(JournalLine(id: id, change: change))
        let journal = runningHistoryPath
        try await mutex.withLock { try Self.append(line, to: journal, as: JournalLine.self) }
    }

    /// The records of the journal, with their outcomes, whose result `history.jsonl` does not hold yet (a journal
    /// left behind after its result was written, by a crash between the two, is ended here).
    /// - Throws: `StateError.corrupt` when the history cannot be read.
    public func runningHistory() async throws -> [HistoryRecord] {
        let journal = try readJournal()
        guard !journal.isEmpty else { return [] }
        let closed = Set(try readHistory().filter { $0.result != .running }.map(\.id))
        let ended = journal.map(\.id).filter(closed.contains)
        if !ended.isEmpty {
            let path = runningHistoryPath
            try await mutex.withLock { try Self.endJournal(of: ended, at: path) }
        }
        return journal.filter { !closed.contains($0.id) }
    }

    /// All records, oldest first; a cut-short last line is skipped; a `running` record carries the outcomes its
    /// journal holds.
    /// - Throws: `StateError.corrupt` naming the line when an earlier line is not a record.
    public func history() async throws -> [HistoryRecord] {
        let records = try readHistory()
        guard records.contains(where: { $0.result == .running }) else { return records }
        let journal = Dictionary(try readJournal().map { ($0.id, $0) }, uniquingKeysWith: { _, b in b })
        return records.map { r in r.result == .running ? journal[r.id] ?? r : r }
    }

    /// The records of `history.jsonl`: a record written again under the same id (an apply's `running` record, then
    /// its result) supersedes the earlier line, in the earlier line's place.
    private func readHistory() throws -> [HistoryRecord] {
        HistoryRecord.superseding(try Self.readLines(historyPath, as: HistoryRecord.self))
    }

    /// The journal's records (the last `running` line of each id), each with its outcomes laid over, in order.
    private func readJournal() throws -> [HistoryRecord] {
        let lines = try Self.readLines(runningHistoryPath, as: JournalLine.self)
        var order: [String] = []
        var records: [String: HistoryRecord] = [:]
        var outcomes: [String: [HistoryChange]] = [:]
        for line in lines {
            if let record = line.record {
                if records[record.id] == nil { order.append(record.id) }
                records[record.id] = record
            } else if let id = line.id, let change = line.change {
                outcomes[id, default: []].append(change)
            }
        }
        return order.compactMap { id in records[id]?.with(outcomes: outcomes[id] ?? []) }
    }

    /// Removes the lines of `ids` from the journal (the whole file when nothing else is left). Call under the mutex.
    private static func endJournal(of ids: [String], at path: String) throws {
        guard let bytes = try POSIXFile.readFile(path) else { return }
        let gone = Set(ids)
        var kept: [UInt8] = []
        var any = false
        for line in bytes.split(separator: UInt8(ascii: "\n")) where !line.allSatisfy(isSpace) {
            guard let decoded = try? JSONDecoder().decode(JournalLine.self, from: Data(line)) else { continue }
            let id = decoded.record?.id ?? decoded.id ?? ""
            if gone.contains(id) {
                any = true
                continue
            }
            kept += line
            kept.append(UInt8(ascii: "\n"))
        }
        guard any else { return }
        if kept.isEmpty {
            try POSIXFile.removeFile(path)
        } else {
            try POSIXFile.replaceAtomically(path, with: kept, mode: 0o600)
        }
    }

    /// A value as one JSON line with sorted keys.
    private static func line<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value)) + [UInt8(ascii: "\n")]
        } catch {
            throw StateError.backend("cannot encode history record: \(error)")
        }
    }

    /// Appends `line` to the JSON Lines file at `path` (created 0600), after repairing a cut-short tail, and fsyncs
    /// it. Call under the mutex.
    private static func append<T: Decodable>(_ line: [UInt8], to path: String, as type: T.Type) throws {
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        if fd < 0 { throw POSIXFile.failure("open", path) }
        defer { close(fd) }
        try repairTail(fd, path: path, as: type)
        try POSIXFile.writeAll(fd, line, path: path)
        try POSIXFile.sync(fd, path: path)
    }

    /// The values of every line of the JSON Lines file at `path` (none when it does not exist); a cut-short last
    /// line is skipped.
    /// - Throws: `StateError.corrupt` naming the line when an earlier line does not decode.
    private static func readLines<T: Decodable>(_ path: String, as type: T.Type) throws -> [T] {
        guard let bytes = try POSIXFile.readFile(path) else { return [] }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let endsWithNewline = bytes.last == UInt8(ascii: "\n")
        var values: [T] = []
        let decoder = JSONDecoder()
        for (index, line) in lines.enumerated() where !line.allSatisfy(isSpace) {
            do {
                values.append(try decoder.decode(T.self, from: Data(line)))
            } catch {
                let isCutShortTail = index == lines.count - 1 && !endsWithNewline
                if isCutShortTail { continue }
                throw StateError.corrupt("\(path) line \(index + 1): \(explain(error))")
            }
        }
        return values
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// Makes the file end at a line boundary: a whole last line (a `T`) gets its missing newline, a fragment left
    /// by a crash is cut off.
    private static func repairTail<T: Decodable>(_ fd: Int32, path: String, as type: T.Type) throws {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw POSIXFile.failure("fstat", path) }
        let size = Int(info.st_size)
        guard size > 0 else { return }
        var last: UInt8 = 0
        guard pread(fd, &last, 1, off_t(size - 1)) == 1 else { throw POSIXFile.failure("pread", path) }
        if last == UInt8(ascii: "\n") { return }
        guard let bytes = try POSIXFile.readFile(path) else { return }
        let start = (bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        let tail = Data(bytes[start...])
        if (try? JSONDecoder().decode(T.self, from: tail)) != nil {
            try POSIXFile.writeAll(fd, [UInt8(ascii: "\n")], path: path)
        } else if ftruncate(fd, off_t(start)) != 0 {
            throw POSIXFile.failure("ftruncate", path)
        }
    }
}
