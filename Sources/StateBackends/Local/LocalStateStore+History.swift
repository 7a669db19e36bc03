import Foundation
import SwitchboardModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension LocalStateStore {
    /// Appends `record` as one line of `history.jsonl` and fsyncs it.
    ///
    /// A last line cut short by a crash (no newline, not a whole record) is dropped first, so the new
    /// record starts on a line of its own.
    /// - Throws: `StateError.backend` when the file cannot be written.
    public func appendHistory(_ record: HistoryRecord) async throws {
        try POSIXFile.ensureDirectory(directory)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line: [UInt8]
        do {
            line = Array(try encoder.encode(record)) + [UInt8(ascii: "\n")]
        } catch {
            throw StateError.backend("cannot encode history record: \(error)")
        }
        let file = historyPath
        try await mutex.withLock {
            let fd = open(file, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            if fd < 0 { throw POSIXFile.failure("open", file) }
            defer { close(fd) }
            try Self.repairTail(fd, path: file)
            try POSIXFile.writeAll(fd, line, path: file)
            try POSIXFile.sync(fd, path: file)
        }
    }

    /// All records, oldest first; a cut-short last line is skipped.
    /// - Throws: `StateError.corrupt` naming the line when an earlier line is not a record.
    public func history() async throws -> [HistoryRecord] {
        guard let bytes = try POSIXFile.readFile(historyPath) else { return [] }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let endsWithNewline = bytes.last == UInt8(ascii: "\n")
        var records: [HistoryRecord] = []
        let decoder = JSONDecoder()
        for (index, line) in lines.enumerated() where !line.allSatisfy(Self.isSpace) {
            do {
                records.append(try decoder.decode(HistoryRecord.self, from: Data(line)))
            } catch {
                let isCutShortTail = index == lines.count - 1 && !endsWithNewline
                if isCutShortTail { continue }
                throw StateError.corrupt("\(historyPath) line \(index + 1): \(Self.explain(error))")
            }
        }
        // The file is append-only: a record written again under the same id (an apply's `running` record, then its
        // result) supersedes the earlier line, in the earlier line's place.
        var position: [String: Int] = [:]
        var latest: [HistoryRecord] = []
        for r in records {
            if let i = position[r.id] { latest[i] = r } else {
                position[r.id] = latest.count
                latest.append(r)
            }
        }
        return latest
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// Makes the file end at a line boundary: a whole last record gets its missing newline, a fragment
    /// left by a crash is cut off.
    private static func repairTail(_ fd: Int32, path: String) throws {
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
        if (try? JSONDecoder().decode(HistoryRecord.self, from: tail)) != nil {
            try POSIXFile.writeAll(fd, [UInt8(ascii: "\n")], path: path)
        } else if ftruncate(fd, off_t(start)) != 0 {
            throw POSIXFile.failure("ftruncate", path)
        }
    }
}
