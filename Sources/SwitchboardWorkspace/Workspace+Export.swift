import Foundation
import SwitchboardModel

/// Why an export could not run.
public enum ExportError: Error, CustomStringConvertible {
    /// `--platform NAME` names no connection of the Project.
    case unknownPlatform(String, known: [String])
    /// A file the export would write exists already.
    case exists(String)

    public var description: String {
        switch self {
        case .unknownPlatform(let name, let known):
            "no platform connection named '\(name)'; the Project has \(known.map { "'\($0)'" }.joined(separator: ", "))"
        case .exists(let path): "'\(path)' exists already; export into an empty directory"
        }
    }
}

extension Workspace {
    /// The kinds an export lists, in file order.
    static let exportedKinds: [Kind] = [.contentProfile, .integration, .number, .template, .workstream]

    /// Lists everything the Project's connections (or only `platform`) hold of the five kinds and renders it as
    /// manifests (`ManifestExport`). A connection that cannot list a kind is named in the notes, not an error.
    /// - Throws: `ExportError.unknownPlatform`; the first `PlatformError` of a listing.
    public func export(platform: String? = nil) async throws -> (output: ManifestExport.Output, notes: [String]) {
        let project = manifests.project
        var connections = Array(project.platforms.values)
        if let platform {
            guard let connection = project.platforms[platform] else {
                throw ExportError.unknownPlatform(platform, known: project.platforms.keys.sorted())
            }
            connections = [connection]
        }
        let platforms = try self.platforms()
        var objects: [ExportedObject] = []
        var notes: [String] = []
        for connection in connections.sorted(by: { $0.name < $1.name }) {
            guard let adapter = platforms[connection.name] else { continue }
            for kind in Self.exportedKinds {
                do {
                    objects += try await adapter.list(kind: kind).map {
                        ExportedObject(kind: kind, connection: connection.name, remote: $0, name: $0.name)
                    }
                } catch let e as PlatformError where e.code == PlatformError.listUnsupportedCode {
                    notes.append("platform '\(connection.name)' cannot list \(kind.rawValue) objects; none exported")
                }
            }
        }
        // Only connections that hold something, or the one asked for, are named in the exported Project.
        let used = Set(objects.map(\.connection))
        let named = connections.filter { used.contains($0.name) || $0.name == platform }
        let export = ManifestExport(
            connections: named.isEmpty ? connections : named, objects: objects, projectName: project.name)
        return (export.render(), notes)
    }

    /// Writes `output` into `directory` (created when missing), refusing to replace a file.
    /// - Throws: `ExportError.exists`; I/O errors.
    public static func write(_ output: ManifestExport.Output, to directory: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for file in output.files {
            let path = (directory as NSString).appendingPathComponent(file.name)
            if fm.fileExists(atPath: path) { throw ExportError.exists(path) }
        }
        for file in output.files {
            let path = (directory as NSString).appendingPathComponent(file.name)
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        }
    }
}
