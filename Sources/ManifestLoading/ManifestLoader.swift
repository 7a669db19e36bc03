import Foundation
import SwitchboardCrypto
import SwitchboardModel

/// Reads a directory of manifests into a validated `ManifestSet` (DESIGN.md section 3).
public struct ManifestLoader: Sendable {
    /// The platforms a Project may name, and which resources each holds (the workspace's registry).
    public var platforms: PlatformCatalog
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
        platforms: PlatformCatalog, environment: [String: String] = ProcessInfo.processInfo.environment,
        today: String? = nil, secretsRequired: Bool = true
    ) {
        self.platforms = platforms
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

        let listing: ManifestFiles.Listing
        switch ManifestFiles.list(trimmed) {
        case .failure(let error):
            return LoadResult(
                manifests: nil, diagnostics: [.unlistableDirectory(error)], resourceCount: 0, sources: [:])
        case .success(let found):
            listing = found
        }
        guard !listing.entries.isEmpty || !listing.diagnostics.isEmpty else {
            return LoadResult(
                manifests: nil, diagnostics: [.noManifests(in: trimmed)], resourceCount: 0, sources: [:])
        }

        // A file or folder that could not be read leaves the set partial: it is reported, and no set is built.
        var decoded = decodeFiles(listing.entries, in: trimmed)
        decoded.diagnostics += listing.diagnostics
        var validator = SetValidator(platforms: platforms)
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
    private func decodeFiles(_ files: [ManifestFiles.Entry], in directory: String) -> DecodedFiles {
        var out = DecodedFiles()
        var hasher = SHA256Hasher()
        let todayNumber = DocumentDecoder.dayNumber(today)
        for file in files {
            let relative = file.relative
            let display = DocumentDecoder.join(directory, relative)
            let bytes: [UInt8]
            switch ManifestFiles.read(file, display: display) {
            case .bytes(let read): bytes = read
            case .problem(let diagnostic):
                out.diagnostics.append(diagnostic)
                continue
            }
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
                platforms: platforms, environment: environment, today: todayNumber,
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
}
