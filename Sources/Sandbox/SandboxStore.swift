import Foundation
import SwitchboardModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Loads and saves the sandbox world at a path (normally `.switchboard/sandbox.json`, beside the state file).
///
/// Every access is a read-modify-write under an exclusive `flock` on `<path>.lock`, so the CLI and an emulator
/// process (or several stores in one process) never lose each other's writes. The world stays in memory for the
/// life of the process (`SandboxWorldCache`, shared by every store of the same path) and each operation persists
/// only what it changed: one fsynced line of edits appended to `<path>.journal` (`SandboxJournal`), mode 0600. The
/// journal is folded into the world file (compaction: pretty, sorted-keys JSON written atomically — temporary file
/// created mode 0600, fsync, rename, fsync of the directory — then the journal removed) when it outgrows the world
/// file, at the end of a command (`compactAll`), and by the first access that finds a journal it did not write (a
/// process that died, or another process). A crash loses nothing: every acknowledged operation is in the world
/// file or in a complete journal line, and replaying a line twice changes nothing. Before each access the store
/// compares the two files' identity, size and modification time with what it last read or wrote, and reads them
/// again when another process changed them. The files hold no secret values.
public struct SandboxStore: Sendable {
    /// The world file.
    public let path: String
    /// The clock the world is advanced to on every access.
    public let clock: SandboxClock
    /// How long to wait for the file lock before failing with `sandbox.locked`.
    public let lockTimeout: TimeInterval

    /// Creates a store for the world file at `path`.
    public init(path: String, clock: SandboxClock = .system, lockTimeout: TimeInterval = 30) {
        self.path = path
        self.clock = clock
        self.lockTimeout = lockTimeout
    }

    /// The sandbox file beside a state file: `<directory of statePath>/sandbox.json`.
    public static func path(besideState statePath: String) -> String {
        let dir = (statePath as NSString).deletingLastPathComponent
        return dir.isEmpty ? "sandbox.json" : (dir as NSString).appendingPathComponent("sandbox.json")
    }

    /// Runs `body` on the world advanced to the clock's now, under the file lock, and saves the world if it changed.
    /// Waits for the lock without blocking a thread (polling a non-blocking `flock`).
    /// - Throws: `sandbox.locked` after `lockTimeout`, `sandbox.io` / `sandbox.corrupt` for file problems, and
    ///   whatever `body` throws (the world is then not saved).
    public func transact<T>(_ body: (inout SandboxWorld, Date) throws -> T) async throws -> T {
        try await withFileLock { try locked(body) }
    }

    /// Runs `body` under the file lock, waiting for it without blocking a thread.
    private func withFileLock<T>(_ body: () throws -> T) async throws -> T {
        let fd = try openLockFile()
        defer { close(fd) }
        let deadline = Date().addingTimeInterval(lockTimeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw ioError("cannot lock \(path).lock") }
            if Date() >= deadline {
                throw PlatformError(
                    code: "sandbox.locked", message: "\(path) is locked by another process", retryable: true)
            }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// `transact` for callers that are not async: waits for the lock by blocking the calling thread.
    /// - Throws: as `transact`.
    public func transactBlocking<T>(_ body: (inout SandboxWorld, Date) throws -> T) throws -> T {
        let fd = try openLockFile()
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw ioError("cannot lock \(path).lock") }
        }
        defer { flock(fd, LOCK_UN) }
        return try locked(body)
    }

    /// The world advanced to now (saved if advancing changed it).
    /// - Throws: as `transact`.
    public func read() async throws -> SandboxWorld {
        try await transact { world, _ in world }
    }

    /// Moves the sandbox's time forward by `seconds` (`switchboard sandbox advance`): the offset is kept in the world,
    /// so every later reader (an apply, `sandbox serve`, plan findings) sees the moved time, and the world's
    /// time-derived states move with it at once.
    /// - Returns: the sandbox's new now.
    /// - Throws: `sandbox.clock.invalid` for a negative or non-finite interval, and as `transact`.
    @discardableResult
    public func advanceClock(by seconds: TimeInterval) async throws -> Date {
        guard seconds.isFinite, seconds >= 0 else {
            throw PlatformError(code: "sandbox.clock.invalid", message: "the sandbox's time only moves forward")
        }
        return try await transact { world, now in
            world.clockOffset += seconds
            let moved = now.addingTimeInterval(seconds)
            world.advance(to: moved)
            return moved
        }
    }

    /// The sandbox's now: the clock plus the offset `sandbox advance` stored in the world at `path` (none when there is
    /// no world yet, or it cannot be read).
    public func now() -> Date {
        let cached = SandboxWorldCache.shared[path].flatMap { $0.stamp == stamp() ? $0.world : nil }
        return clock.now().addingTimeInterval((cached ?? (try? load()) ?? nil)?.clockOffset ?? 0)
    }

    private func locked<T>(_ body: (inout SandboxWorld, Date) throws -> T) throws -> T {
        let original = try current()
        var world = original ?? SandboxWorld()
        let now = clock.now().addingTimeInterval(world.clockOffset)
        world.advance(to: now)
        let result = try body(&world, now)
        if let original {
            let edits: [SandboxJournal.Edit]
            do { edits = try SandboxJournal.edits(from: original, to: world) } catch {
                throw PlatformError(code: "sandbox.io", message: "cannot record a change of \(path): \(error)")
            }
            if !edits.isEmpty { try appendJournal(SandboxJournal.line(edits)) }
            if let size = fileStamp(journalPath)?.size, size > max(fileStamp(path)?.size ?? 0, Self.journalFloor) {
                try save(world)
                try removeJournal()
            }
        } else {
            try save(world)
        }
        SandboxWorldCache.shared[path] = SandboxWorldCache.Entry(world: world, stamp: stamp())
        return result
    }

    /// The world under the lock: the cached one when no other process touched the files since, else read (and a
    /// journal found compacted).
    private func current() throws -> SandboxWorld? {
        let now = stamp()
        if let cached = SandboxWorldCache.shared[path], cached.stamp == now { return cached.world }
        let world = try load()
        if let world, now.journal != nil {
            try save(world)
            try removeJournal()
        }
        return world
    }

    /// The journal file beside the world file.
    public var journalPath: String { path + ".journal" }

    /// The journal size past which an operation compacts (unless the world file is larger).
    static let journalFloor: Int64 = 1 << 20

    /// Folds the journal into the world file, if there is one.
    /// - Throws: as `transact`.
    public func compact() async throws {
        guard fileStamp(journalPath) != nil else { return }
        try await withFileLock {
            guard let world = try current() else { return }
            if fileStamp(journalPath) != nil {
                try save(world)
                try removeJournal()
            }
            SandboxWorldCache.shared[path] = SandboxWorldCache.Entry(world: world, stamp: stamp())
        }
    }

    /// Compacts the journal of every sandbox this process opened: what a command does before it ends.
    /// - Throws: the first store's error (the others are still compacted).
    public static func compactAll() async throws {
        var first: Error?
        for path in SandboxWorldCache.shared.paths {
            do { try await SandboxStore(path: path).compact() } catch { first = first ?? error }
        }
        if let first { throw first }
    }

    private func appendJournal(_ line: Data) throws {
        let existed = fileStamp(journalPath) != nil
        let fd = open(journalPath, O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ioError("cannot open \(journalPath)") }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0, writeAll(fd, line), fsync(fd) == 0 else {
            throw ioError("cannot append to \(journalPath)")
        }
        if !existed { syncDirectory() }
    }

    private func removeJournal() throws {
        guard unlink(journalPath) == 0 || errno == ENOENT else { throw ioError("cannot remove \(journalPath)") }
        syncDirectory()
    }

    private func syncDirectory() {
        let dir = (path as NSString).deletingLastPathComponent
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }

    private func writeAll(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            var offset = 0
            while offset < raw.count {
                let n = write(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }

    private func stamp() -> SandboxWorldCache.Stamp {
        SandboxWorldCache.Stamp(world: fileStamp(path), journal: fileStamp(journalPath))
    }

    private func fileStamp(_ file: String) -> SandboxWorldCache.FileStamp? {
        var st = stat()
        guard stat(file, &st) == 0 else { return nil }
        #if canImport(Darwin)
            let mtime = (Int64(st.st_mtimespec.tv_sec), Int64(st.st_mtimespec.tv_nsec))
        #else
            let mtime = (Int64(st.st_mtim.tv_sec), Int64(st.st_mtim.tv_nsec))
        #endif
        return SandboxWorldCache.FileStamp(
            device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size), seconds: mtime.0,
            nanoseconds: mtime.1)
    }

    private func openLockFile() throws -> Int32 {
        try createDirectory()
        let fd = open(path + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError("cannot open \(path).lock") }
        return fd
    }

    private func createDirectory() throws {
        let dir = (path as NSString).deletingLastPathComponent
        guard !dir.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw ioError("cannot create \(dir)")
        }
    }

    private func ioError(_ message: String) -> PlatformError {
        PlatformError(code: "sandbox.io", message: "\(message): \(String(cString: strerror(errno)))")
    }

    /// The world as stored (not advanced): the world file with its journal's edits applied, or nil when there is
    /// neither.
    /// - Throws: `sandbox.corrupt` when the file is not a sandbox world or the journal is damaged.
    public func load() throws -> SandboxWorld? {
        let base = FileManager.default.contents(atPath: path)
        let journal = FileManager.default.contents(atPath: journalPath).flatMap { $0.isEmpty ? nil : $0 }
        guard base != nil || journal != nil else { return nil }
        do {
            let data = try journal.map { try SandboxJournal.replay(base: base, journal: $0) } ?? base ?? Data()
            return try Self.decoder().decode(SandboxWorld.self, from: data)
        } catch {
            throw PlatformError(
                code: "sandbox.corrupt",
                message: "\(path) is not a sandbox world (\(error)); remove it and \(journalPath) to start afresh")
        }
    }

    private func save(_ world: SandboxWorld) throws {
        var data = try Self.encoder().encode(world)
        data.append(0x0A)
        let tmp = "\(path).tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        // Owner only, like state (DESIGN.md section 4): set exactly, whatever the umask.
        let fd = open(tmp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ioError("cannot write \(tmp)") }
        var ok = fchmod(fd, 0o600) == 0
        ok = ok && writeAll(fd, data)
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(tmp, path) == 0 else {
            let error = ioError("cannot write \(path)")
            unlink(tmp)
            throw error
        }
        let dir = (path as NSString).deletingLastPathComponent
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }

    /// The encoder of the world file: pretty, sorted keys, ISO 8601 dates with milliseconds.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(SandboxDates.format(date))
        }
        return e
    }

    /// The decoder of the world file.
    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = SandboxDates.parse(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "bad date \(text)")
            }
            return date
        }
        return d
    }
}
