import Foundation
import SwitchboardModel

/// Lists and reads the files of a manifest set (DESIGN.md section 3).
///
/// - Every visible `*.yaml` / `*.yml` file below the directory is listed, in sorted path order; names starting with
///   `.` are skipped, with everything below them.
/// - A file or folder that cannot be read is `manifest.read`, never skipped: a skipped folder would turn into
///   deletes. So is a manifest name that is not a regular file (a named pipe, a socket, a device) and a symbolic
///   link that leads to nothing.
/// - A symbolic link is followed only when its target is inside the directory: a link to a file is read under the
///   link's name, a link to a folder lists that folder under the link's name. A link that leads outside, or loops
///   (its resolution loops, or it leads to a folder that contains it), is `manifest.symlink`, and nothing of its
///   target is read. A link whose name is not a manifest's and whose target is not a folder is ignored like any
///   other file.
/// - Each folder is listed once: a second way to reach it (a link to a folder already listed, or a folder already
///   listed through a link) adds nothing, so work stays linear however links cross.
/// - A file's size is checked (`yaml.file-size`) before it is read, and reading stops past the limit.
enum ManifestFiles {
    /// One manifest file to read.
    struct Entry: Sendable {
        /// The path below the directory, as listed (through a link, the link's path): diagnostics name it.
        var relative: String
        /// The path it is read from: the real path of the file (a link's resolved target).
        var source: String
    }

    /// What listing a directory found.
    struct Listing: Sendable {
        /// The files to read, sorted by `relative`.
        var entries: [Entry] = []
        /// `manifest.read` and `manifest.symlink` problems, each placed at the path it is about.
        var diagnostics: [Diagnostic] = []
    }

    /// True for a name the loader reads: `*.yaml` or `*.yml`.
    static func isManifestName(_ name: String) -> Bool { name.hasSuffix(".yaml") || name.hasSuffix(".yml") }

    /// Lists `directory` (as given) whose files are named `directory/relative` in diagnostics.
    static func list(_ directory: String) -> Result<Listing, ManifestListingError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            return .failure(.missing(directory))
        }
        guard isDirectory.boolValue else { return .failure(.notADirectory(directory)) }
        var walk = Walk(display: directory)
        switch FileSystem.realPath(directory) {
        case .success(let root): walk.run(root: root)
        case .failure(let error): walk.unreadable("", folder: true, error.reason)
        }
        walk.listing.entries.sort { $0.relative < $1.relative }
        return .success(walk.listing)
    }

    /// What reading one file gave.
    enum Contents {
        case bytes([UInt8])
        /// Why it was not read (`manifest.read`, `yaml.file-size`), placed at the file's start.
        case problem(Diagnostic)
    }

    /// The contents of `entry`, named `display` in diagnostics.
    static func read(_ entry: Entry, display: String) -> Contents {
        switch FileSystem.readRegularFile(entry.source, limit: YAMLParser.maxFileSize) {
        case .success(let bytes): .bytes(bytes)
        case .failure(.tooLarge(let size)): .problem(.fileTooLarge(size, limit: YAMLParser.maxFileSize, file: display))
        case .failure(let error): .problem(.unreadable(display, folder: false, reason: error.reason))
        }
    }
}

/// Why a manifest directory could not be listed.
enum ManifestListingError: Error {
    /// Nothing exists at the path.
    case missing(String)
    /// The path is a file.
    case notADirectory(String)
}

extension ManifestFiles {
    /// A depth-first walk in sorted order from the real path of the directory.
    private struct Walk {
        /// The directory as given, the prefix of every path in a diagnostic.
        let display: String
        var listing = Listing()
        /// Real paths of the folders listed so far.
        var listed = Set<String>()
        /// The real path of the directory.
        var root = ""

        init(display: String) { self.display = display }

        /// A folder still to list: its path below the directory, its real path, and the real paths of the folders
        /// the walk went through to reach it (itself included), for finding links that loop.
        private typealias Folder = (relative: String, real: String, ancestors: [String])

        mutating func run(root: String) {
            self.root = root
            var pending: [Folder] = [("", root, [root])]
            while let folder = pending.popLast() {
                guard listed.insert(folder.real).inserted else { continue }
                let names: [String]
                switch FileSystem.names(in: folder.real) {
                case .success(let found): names = found
                case .failure(let error):
                    unreadable(folder.relative, folder: true, error.reason)
                    continue
                }
                var children: [Folder] = []
                for name in names.sorted() where !name.hasPrefix(".") {
                    let relative = folder.relative.isEmpty ? name : folder.relative + "/" + name
                    let path = folder.real == "/" ? "/" + name : folder.real + "/" + name
                    if let child = visit(name, relative: relative, path: path, ancestors: folder.ancestors) {
                        children.append(child)
                    }
                }
                // Reversed onto the stack, so folders are listed in sorted order.
                pending += children.reversed()
            }
        }

        /// Handles one directory entry; returns a folder to list.
        private mutating func visit(_ name: String, relative: String, path: String, ancestors: [String]) -> Folder? {
            switch FileSystem.kind(path) {
            case .failure(let error):
                unreadable(relative, folder: false, error.reason)
            case .success(.folder):
                return (relative, path, ancestors + [path])
            case .success(.file):
                if isManifestName(name) { listing.entries.append(Entry(relative: relative, source: path)) }
            case .success(.other(let what)):
                if isManifestName(name) { unreadable(relative, folder: false, "it is \(what), not a regular file") }
            case .success(.link):
                return follow(name, relative: relative, path: path, ancestors: ancestors)
            }
            return nil
        }

        /// Follows the link at `path` when it stays inside the directory.
        private mutating func follow(_ name: String, relative: String, path: String, ancestors: [String]) -> Folder? {
            let target: String
            switch FileSystem.realPath(path) {
            case .success(let real):
                target = real
            case .failure(.loop):
                symbolicLink(relative, loops: true)
                return nil
            case .failure(let error):
                // A link to nothing: say which rule it breaks without reading anything.
                if let first = FileSystem.linkText(path), !isInside(FileSystem.lexicalTarget(first, of: path)) {
                    symbolicLink(relative, loops: false)
                } else {
                    unreadable(
                        relative, folder: false, error == .missing ? "it is a symbolic link to nothing" : error.reason)
                }
                return nil
            }
            // Only what the kind of the target needs is asked (its metadata), never its contents.
            let kind = FileSystem.kind(target)
            guard isInside(target) else {
                if isManifestName(name) || kind == .success(.folder) { symbolicLink(relative, loops: false) }
                return nil
            }
            switch kind {
            case .failure(let error):
                unreadable(relative, folder: false, error.reason)
            case .success(.folder):
                if ancestors.contains(target) {
                    symbolicLink(relative, loops: true)
                } else if !listed.contains(target) {
                    return (relative, target, ancestors + [target])
                }
            case .success(.file):
                if isManifestName(name) { listing.entries.append(Entry(relative: relative, source: target)) }
            case .success(.other(let what)):
                if isManifestName(name) {
                    unreadable(relative, folder: false, "it leads to \(what), not a regular file")
                }
            case .success(.link):
                symbolicLink(relative, loops: true)  // a resolved path is never a link; a race with a writer.
            }
            return nil
        }

        /// True when the real path `path` is the directory or below it.
        private func isInside(_ path: String) -> Bool {
            root == "/" || path == root || path.hasPrefix(root + "/")
        }

        /// The name of `relative` in diagnostics.
        private func shown(_ relative: String) -> String {
            relative.isEmpty ? display : DocumentDecoder.join(display, relative)
        }

        mutating func unreadable(_ relative: String, folder: Bool, _ reason: String) {
            listing.diagnostics.append(.unreadable(shown(relative), folder: folder, reason: reason))
        }

        private mutating func symbolicLink(_ relative: String, loops: Bool) {
            listing.diagnostics.append(.symbolicLink(shown(relative), loops: loops))
        }
    }
}
