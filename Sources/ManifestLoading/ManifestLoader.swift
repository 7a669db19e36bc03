import Foundation
import SwitchboardCrypto
import SwitchboardModel

/// The outcome of loading a manifest directory.
public struct LoadResult: Sendable {
    /// The validated set; nil when any diagnostic is an error.
    public var manifests: ManifestSet?
    /// Every problem found, sorted by file then position.
    public var diagnostics: [Diagnostic]
    /// How many resource documents were read (valid or not), Project excluded.
    public var resourceCount: Int
    /// File contents by the path used in diagnostics, for rendering source lines with a caret.
    public var sources: [String: [UInt8]]

    public init(manifests: ManifestSet?, diagnostics: [Diagnostic], resourceCount: Int, sources: [String: [UInt8]]) {
        self.manifests = manifests
        self.diagnostics = diagnostics
        self.resourceCount = resourceCount
        self.sources = sources
    }

    /// The text of 1-based `line` of `file`, if known.
    public func sourceLine(file: String, line: Int) -> String? {
        guard let bytes = sources[file], line >= 1 else { return nil }
        var current = 1
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            if current == line { return String(decoding: bytes[start..<i], as: UTF8.self) }
            current += 1
            start = i + 1
        }
        return current == line && start <= bytes.count ? String(decoding: bytes[start...], as: UTF8.self) : nil
    }
}

/// Reads a directory of manifests into a validated `ManifestSet` (DESIGN.md section 3).
public struct ManifestLoader: Sendable {
    /// Environment for `${env:NAME}` and `{secretEnv: NAME}` checks.
    public var environment: [String: String]
    /// Today's date (UTC) for certificate expiry, `yyyy-MM-dd`.
    public var today: String
    /// False for commands that touch no platform (`validate`, `graph`, `state list/show`): an unset secret variable
    /// or a missing secret file is then a warning (DESIGN.md section 3). `${env:NAME}` substitution always needs its
    /// variable.
    public var secretsRequired: Bool

    /// Creates a loader.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, today: String? = nil,
        secretsRequired: Bool = true
    ) {
        self.environment = environment
        self.today = today ?? ManifestLoader.isoDay(Date())
        self.secretsRequired = secretsRequired
    }

    static func isoDay(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: d)
    }

    /// Loads every `*.yaml` / `*.yml` below `directory` (sorted paths). Never throws: problems are diagnostics.
    ///
    /// Diagnostics name files as `directory` joined with the path below it (`manifests/numbers.yaml`).
    public func load(directory: String) -> LoadResult {
        var trimmed = directory
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }

        let files: [String]
        switch ManifestLoader.manifestFiles(in: trimmed) {
        case .failure(let error):
            return LoadResult(
                manifests: nil, diagnostics: [.unlistableDirectory(error)], resourceCount: 0, sources: [:])
        case .success(let list):
            files = list
        }
        guard !files.isEmpty else {
            return LoadResult(
                manifests: nil, diagnostics: [.noManifests(in: trimmed)], resourceCount: 0, sources: [:])
        }

        var decoded = decodeFiles(files, in: trimmed)
        var validator = SetValidator()
        let (project, built) = validator.validate(projects: decoded.projects, resources: decoded.resources)
        decoded.diagnostics += validator.diagnostics
        decoded.diagnostics.sort(by: Diagnostic.sortKey)

        var set: ManifestSet?
        if !decoded.diagnostics.hasErrors, let project {
            set = ManifestSet(project: project, resources: built, digest: decoded.digest, directory: trimmed)
        }
        return LoadResult(
            manifests: set, diagnostics: decoded.diagnostics, resourceCount: decoded.resourceCount,
            sources: decoded.sources)
    }

    /// What reading and decoding the files gave, before the set rules.
    private struct DecodedFiles {
        var projects: [DecodedProject] = []
        var resources: [DecodedResource] = []
        var diagnostics: [Diagnostic] = []
        var resourceCount = 0
        var sources: [String: [UInt8]] = [:]
        var digest = ""
    }

    /// Reads, parses and decodes each file (relative to `directory`), and digests the set.
    private func decodeFiles(_ files: [String], in directory: String) -> DecodedFiles {
        var out = DecodedFiles()
        var hasher = SHA256Hasher()
        let todayNumber = DocumentDecoder.dayNumber(today)
        for relative in files {
            let display = DocumentDecoder.join(directory, relative)
            guard let data = FileManager.default.contents(atPath: display) else {
                out.diagnostics.append(.unreadableFile(display))
                continue
            }
            let bytes = [UInt8](data)
            out.sources[display] = bytes
            // The digest covers each path and content, length-prefixed so no two sets hash alike.
            hasher.update(relative)
            hasher.update([0])
            hasher.update(String(bytes.count))
            hasher.update([0])
            hasher.update(bytes)

            let parsed = YAMLParser.parse(bytes, path: display)
            out.diagnostics += parsed.diagnostics
            let slash = display.lastIndex(of: "/")
            let fileDirectory = slash.map { String(display[..<$0]) } ?? "."
            var decoder = DocumentDecoder(
                environment: environment, today: todayNumber,
                fileDirectory: fileDirectory.isEmpty ? "/" : fileDirectory, source: bytes)
            decoder.secretsRequired = secretsRequired
            for doc in parsed.documents {
                switch decoder.decode(doc) {
                case .project(let p): out.projects.append(p)
                case .resource(let r): out.resources.append(r)
                case .empty, .invalid: break
                }
            }
            out.diagnostics += decoder.diagnostics
            out.resourceCount += decoder.resourceCount
        }
        out.digest = hasher.finalizeHex()
        return out
    }

    /// The manifest files below `directory`, relative and sorted; hidden files and directories are skipped.
    static func manifestFiles(in directory: String) -> Result<[String], ManifestListingError> {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            return .failure(.missing(directory))
        }
        guard isDirectory.boolValue else {
            return .failure(.notADirectory(directory))
        }
        var out: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let absolute = relative.isEmpty ? directory : DocumentDecoder.join(directory, relative)
            guard let entries = try? fm.contentsOfDirectory(atPath: absolute) else { continue }
            for entry in entries where !entry.hasPrefix(".") {
                let childRelative = relative.isEmpty ? entry : relative + "/" + entry
                let childAbsolute = DocumentDecoder.join(directory, childRelative)
                var childIsDirectory: ObjCBool = false
                guard fm.fileExists(atPath: childAbsolute, isDirectory: &childIsDirectory) else { continue }
                if childIsDirectory.boolValue {
                    // Symbolic links to directories are not followed, so a link cycle cannot loop.
                    let attributes = try? fm.attributesOfItem(atPath: childAbsolute)
                    if attributes?[.type] as? FileAttributeType != .typeSymbolicLink { pending.append(childRelative) }
                } else if entry.hasSuffix(".yaml") || entry.hasSuffix(".yml") {
                    out.append(childRelative)
                }
            }
        }
        return .success(out.sorted())
    }
}

/// Why a manifest directory could not be listed.
enum ManifestListingError: Error {
    /// Nothing exists at the path.
    case missing(String)
    /// The path is a file.
    case notADirectory(String)
}
