import Foundation

/// A fresh directory under the system's temporary directory, removed when the last reference to it goes (or at
/// `remove()`).
///
/// A class, so a test can keep it in a fixture or capture it in a closure; hold it for as long as the files are used.
public final class TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates `<tmp>/switchboard-<label>-<uuid>`.
    /// - Throws: when the directory cannot be created.
    public init(_ label: String = "test") throws {
        path = FileManager.default.temporaryDirectory.path + "/switchboard-\(label)-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { remove() }

    /// The directory as a file URL.
    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    /// Where a project's local state lives by default: `.switchboard/state.json` below the directory.
    public var statePath: String { path + "/.switchboard/state.json" }

    /// The absolute path of `relative` below the directory.
    public func path(_ relative: String) -> String { path + "/" + relative }

    /// Writes `text` to `relative` below the directory, creating the folders on the way.
    /// - Returns: the file's absolute path.
    /// - Throws: when the file cannot be written.
    @discardableResult
    public func write(_ relative: String, _ text: String) throws -> String {
        let file = path(relative)
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// The text of `relative` below the directory, nil when it does not exist or is not UTF-8.
    public func text(_ relative: String) -> String? {
        try? String(contentsOfFile: path(relative), encoding: .utf8)
    }

    /// Whether `relative` exists below the directory.
    public func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    /// Removes the directory and everything in it now.
    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
