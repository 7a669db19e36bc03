import Foundation
import SwitchboardModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the POSIX calls the local backend needs: exclusive create, full writes, fsync,
/// atomic replace by rename, directory fsync and `flock`.
enum POSIXFile {
    /// A failed system call, with the path and `strerror` text.
    static func failure(_ call: String, _ path: String, _ code: Int32 = errno) -> StateError {
        .backend("\(call) \(path): \(String(cString: strerror(code)))")
    }

    /// Reads the whole file at `path`; nil when it does not exist.
    /// - Throws: `StateError.backend` on any other error.
    static func readFile(_ path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw failure("open", path)
        }
        defer { close(fd) }
        // Read straight into one buffer of the file's size (a state of 50,000 resources is 40 MB: growing an
        // array chunk by chunk copied it a dozen times); the loop below still reads whatever is left if it grew.
        var info = stat()
        if fstat(fd, &info) == 0, info.st_size > 0, info.st_size < Int.max / 2 {
            let size = Int(info.st_size)
            var failed: Int32 = 0
            let whole = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                while count < size {
                    let n = read(fd, buffer.baseAddress.map { $0 + count }, size - count)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failed = errno
                        return
                    }
                    if n == 0 { return }
                    count += n
                }
            }
            if failed != 0 {
                errno = failed
                throw failure("read", path)
            }
            if whole.count < size { return whole }  // it shrank while being read: that is all there is
            var out = whole
            try readRest(fd, into: &out, path: path)
            return out
        }
        var out: [UInt8] = []
        try readRest(fd, into: &out, path: path)
        return out
    }

    /// Runs `body` over the whole file at `path` (nil when it does not exist), mapped read-only into memory: a large
    /// state is neither copied into a buffer of its own nor paged in one fault at a time. Files that cannot be mapped
    /// (empty, not regular, or mmap refused) are read instead.
    ///
    /// For files that are never written in place (every write renames a new file over them): a mapping of a file
    /// truncated underneath it would fault.
    /// - Throws: `StateError.backend` when the file cannot be opened or read, or whatever `body` throws.
    static func withContents<T>(of path: String, _ body: (UnsafeBufferPointer<UInt8>?) throws -> T) throws -> T {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return try body(nil) }
            throw failure("open", path)
        }
        var info = stat()
        var mapped: UnsafeMutableRawPointer?
        var size = 0
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0, info.st_size < Int.max / 2 {
            size = Int(info.st_size)
            #if os(Linux)
            let flags = MAP_PRIVATE | MAP_POPULATE
            #else
            let flags = MAP_PRIVATE
            #endif
            let address = mmap(nil, size, PROT_READ, flags, fd, 0)
            if let address, address != MAP_FAILED { mapped = address }
        }
        close(fd)
        guard let mapped else {
            let bytes = try readFile(path)
            return try bytes.map { try $0.withUnsafeBufferPointer(body) } ?? body(nil)
        }
        defer { munmap(mapped, size) }
        return try body(UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: size))
    }

    /// Appends everything `fd` still has to `out`, 64 KiB at a time.
    private static func readRest(_ fd: Int32, into out: inout [UInt8], path: String) throws {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("read", path)
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
    }

    /// Writes all of `bytes` to `fd`, retrying short writes and interrupted calls.
    /// - Throws: `StateError.backend` when a write fails.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBufferPointer { try writeAll(fd, $0, path: path) }
    }

    /// Writes all of `bytes` to `fd`, retrying short writes and interrupted calls.
    /// - Throws: `StateError.backend` when a write fails.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeBufferPointer<UInt8>, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("write", path)
            }
            offset += n
        }
    }

    /// Flushes `fd` to stable storage.
    /// - Throws: `StateError.backend` when fsync fails.
    static func sync(_ fd: Int32, path: String) throws {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw failure("fsync", path)
        }
    }

    /// Flushes the directory entry changes of `directory` (after a rename) to stable storage.
    /// - Throws: `StateError.backend` when the directory cannot be opened or synced.
    static func syncDirectory(_ directory: String) throws {
        let fd = open(directory, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw failure("open", directory) }
        defer { close(fd) }
        if fsync(fd) != 0 {
            // Some file systems refuse fsync on directories; the rename itself has still happened.
            if errno == EINVAL || errno == EBADF || errno == ENOTSUP { return }
            throw failure("fsync", directory)
        }
    }

    /// A fresh temporary path in the same directory as `path` (same file system, so rename is atomic).
    static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let random = UUID().uuidString.prefix(8).lowercased()
        return dir + "/." + url.lastPathComponent + ".tmp." + String(getpid()) + "." + random
    }

    /// Writes `bytes` to a temporary file beside `path` with `mode`, fsyncs it, and renames it over `path`.
    ///
    /// Readers see either the old file or the new one, never a partial write. The directory is not
    /// synced here; call `syncDirectory` after the last rename of a batch.
    /// - Throws: `StateError.backend` on any failed call; the temporary file is removed.
    static func replaceAtomically(_ path: String, with bytes: [UInt8], mode: mode_t) throws {
        let temp = try writeTemporary(beside: path, bytes: bytes, mode: mode)
        try renameFile(temp, over: path)
    }

    /// Makes `copy` name the file `path` names now, atomically: a hard link to it, renamed over `copy`; `bytes` (the
    /// file's contents) are written instead where the file system has no hard links.
    ///
    /// Only for files that are never written in place (every write renames a new file over them), so the link keeps
    /// the contents as they are now. Saves writing and syncing a second copy of a large state.
    /// - Throws: `StateError.backend` on any failed call; the temporary link is removed.
    static func linkAtomically(
        _ copy: String, to path: String, bytes: UnsafeBufferPointer<UInt8>, mode: mode_t
    ) throws {
        let temp = temporaryPath(for: copy)
        if link(path, temp) != 0 {
            let code = errno
            guard code == EPERM || code == ENOTSUP || code == EXDEV || code == EMLINK || code == ENOSYS else {
                throw failure("link", temp, code)
            }
            let written = try writeTemporary(beside: copy, mode: mode) { try $0(bytes) }
            try renameFile(written, over: copy)
            return
        }
        try renameFile(temp, over: copy)
    }

    /// Writes `bytes` to a new temporary file beside `path`, fsynced, and returns its path.
    /// - Throws: `StateError.backend` on any failed call; nothing is left behind.
    static func writeTemporary(beside path: String, bytes: [UInt8], mode: mode_t) throws -> String {
        try writeTemporary(beside: path, mode: mode) { write in try bytes.withUnsafeBufferPointer(write) }
    }

    /// Creates a new temporary file beside `path`, lets `contents` write it piece by piece through the function it is
    /// given, fsyncs it, and returns its path.
    /// - Throws: `StateError.backend` on any failed call, or whatever `contents` throws; nothing is left behind.
    static func writeTemporary(
        beside path: String, mode: mode_t,
        contents: (_ write: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Void
    ) throws -> String {
        let temp = temporaryPath(for: path)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if fd < 0 { throw failure("open", temp) }
        do {
            // The umask may have narrowed the mode; it may never widen it, but set it exactly.
            if fchmod(fd, mode) != 0 { throw failure("fchmod", temp) }
            try contents { try writeAll(fd, $0, path: temp) }
            try sync(fd, path: temp)
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        close(fd)
        return temp
    }

    /// Renames `temp` over `path` atomically; removes `temp` if that fails.
    /// - Throws: `StateError.backend` when rename fails.
    static func renameFile(_ temp: String, over path: String) throws {
        #if canImport(Glibc)
        let result = Glibc.rename(temp, path)
        #elseif canImport(Musl)
        let result = Musl.rename(temp, path)
        #else
        let result = Darwin.rename(temp, path)
        #endif
        if result != 0 {
            let code = errno
            unlink(temp)
            throw failure("rename", path, code)
        }
    }

    /// Removes `path`; a missing file is not an error.
    /// - Throws: `StateError.backend` on any other error.
    static func removeFile(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT { throw failure("unlink", path) }
    }

    /// Creates `directory` and its parents when missing.
    /// - Throws: `StateError.backend` when it cannot be created.
    static func ensureDirectory(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue {
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StateError.backend("cannot create directory \(directory): \(error.localizedDescription)")
        }
    }

    /// True when a process with `pid` exists on this machine (`kill(pid, 0)` is not `ESRCH`).
    static func processExists(_ pid: Int32) -> Bool {
        // kill(0) and kill(-n) address process groups; never probe those.
        guard pid > 0 else { return true }
        if kill(pid, 0) == 0 { return true }
        return errno != ESRCH
    }
}

/// An exclusive `flock(2)` on a small companion file, held around read-check-write steps so two
/// processes (or two stores in one process) never interleave them.
///
/// The file is never deleted: deleting a lock file while another process waits on it breaks `flock`.
struct FileMutex {
    let path: String

    /// Runs `body` while holding the lock, polling for at most `timeout` seconds.
    /// - Throws: `StateError.backend` when the lock cannot be taken, or whatever `body` throws.
    func withLock<T>(
        timeout: Double = 30, isolation: isolated (any Actor)? = #isolation, _ body: () throws -> T
    ) async throws -> T {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 { throw POSIXFile.failure("open", path) }
        defer { close(fd) }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int64(timeout * 1000)))
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else { throw POSIXFile.failure("flock", path, code) }
            if clock.now >= deadline {
                throw StateError.backend("timed out waiting for \(path); another switchboard process is writing")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}

extension POSIXFile {
    /// Which version of a file: its identity, size and modification time.
    struct Stamp: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: timespec

        static func == (a: Stamp, b: Stamp) -> Bool {
            a.device == b.device && a.inode == b.inode && a.size == b.size
                && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
        }
    }

    /// The stamp of the file at `path`; nil when there is none.
    static func stamp(_ path: String) -> Stamp? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = st.st_mtimespec
        #else
        let modified = st.st_mtim
        #endif
        return Stamp(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size), modified: modified)
    }
}
