import Foundation
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

    /// Creates a loader.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, today: String? = nil) {
        self.environment = environment
        self.today = today ?? ManifestLoader.isoDay(Date())
    }

    static func isoDay(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: d)
    }

    /// Loads every `*.yaml` / `*.yml` below `directory` (sorted paths). Never throws: problems are diagnostics.
    public func load(directory: String) -> LoadResult {
        // Implemented by the validation work (issue 2).
        LoadResult(manifests: nil, diagnostics: [], resourceCount: 0, sources: [:])
    }
}
