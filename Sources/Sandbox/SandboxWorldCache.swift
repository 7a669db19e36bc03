import Foundation

/// The sandbox worlds this process holds in memory, by world file path, each with the stamps of the world file and
/// its journal as last read or written: `SandboxStore` uses a world again while the files are as it left them.
///
/// `@unchecked Sendable`: the only state, `entries`, is read and written with `lock` held.
final class SandboxWorldCache: @unchecked Sendable {
    /// The process's one cache.
    static let shared = SandboxWorldCache()

    /// Which version of a file a world was read from or written to.
    struct FileStamp: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var seconds: Int64
        var nanoseconds: Int64
    }

    /// The world file's and the journal's stamps (nil: no such file).
    struct Stamp: Equatable {
        var world: FileStamp?
        var journal: FileStamp?
    }

    /// A world and the files it matches.
    struct Entry {
        var world: SandboxWorld
        var stamp: Stamp
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    /// The entry of the world file at `path`.
    subscript(path: String) -> Entry? {
        get { lock.withLock { entries[path] } }
        set { lock.withLock { entries[path] = newValue } }
    }

    /// The world files held, sorted.
    var paths: [String] { lock.withLock { entries.keys.sorted() } }
}
