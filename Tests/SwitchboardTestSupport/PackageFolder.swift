import Foundation

/// The package's own folders (`manifests/`, `examples/quickstart`) copied for a test, without what a user's runs left
/// in them.
///
/// The README's main command applies `manifests/` in place, which leaves state and a sandbox in
/// `manifests/.switchboard/` (git-ignored). A test that copied that folder would start from the user's state instead of
/// an empty one, so every copy of a package folder goes through here and leaves `.switchboard` out, at any depth.
public enum PackageFolder {
    /// Names never copied, at any depth: the directory of local state, history and the sandbox.
    public static let leftovers: Set<String> = [".switchboard"]

    /// Copies what is inside the package folder `folder` (relative to the package root) into `destination`.
    /// - Returns: the names copied at the top level, sorted.
    /// - Throws: when the folder cannot be listed or a file cannot be copied.
    @discardableResult
    public static func copy(_ folder: String, into destination: URL) throws -> [String] {
        try copyContents(of: SwitchboardProcess.packageRoot.appendingPathComponent(folder), into: destination)
    }

    /// Copies what is inside `source` into `destination` (created when missing), leaving out `leftovers` at any
    /// depth; symbolic links are copied as links, never followed.
    /// - Returns: the names copied at the top level, sorted.
    /// - Throws: when a folder cannot be listed or created, or a file cannot be copied.
    @discardableResult
    public static func copyContents(of source: URL, into destination: URL) throws -> [String] {
        let fm = FileManager.default
        try fm.createDirectory(at: destination, withIntermediateDirectories: true)
        let names = try fm.contentsOfDirectory(atPath: source.path).filter { !leftovers.contains($0) }.sorted()
        for name in names {
            let from = source.appendingPathComponent(name)
            let to = destination.appendingPathComponent(name)
            let type = try fm.attributesOfItem(atPath: from.path)[.type] as? FileAttributeType
            if type == .typeDirectory {
                try copyContents(of: from, into: to)
            } else {
                try fm.copyItem(at: from, to: to)
            }
        }
        return names
    }
}
