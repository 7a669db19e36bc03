import SwitchboardModel

/// The outcome of loading a manifest directory.
public struct LoadResult: Sendable {
    /// The validated set; nil when any diagnostic is an error.
    public var manifests: ManifestSet?
    /// Every problem found, sorted by file then position.
    public var diagnostics: [Diagnostic] {
        didSet { lines = Self.index(sources, for: diagnostics) }
    }
    /// How many resource documents were read (valid or not), Project excluded.
    public var resourceCount: Int
    /// File contents by the path used in diagnostics, for rendering source lines with a caret.
    public var sources: [String: [UInt8]] {
        didSet { lines = Self.index(sources, for: diagnostics) }
    }
    /// The line index of each file a diagnostic or note names, built once, so looking up a line never rescans.
    private var lines: [String: LineIndex]

    public init(manifests: ManifestSet?, diagnostics: [Diagnostic], resourceCount: Int, sources: [String: [UInt8]]) {
        self.manifests = manifests
        self.diagnostics = diagnostics
        self.resourceCount = resourceCount
        self.sources = sources
        lines = Self.index(sources, for: diagnostics)
    }

    /// The text of 1-based `line` of `file`, if known.
    public func sourceLine(file: String, line: Int) -> String? {
        guard let bytes = sources[file], let range = lineIndex(file, bytes).range(ofLine: line) else { return nil }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// At most `width` characters of 1-based `line` of `file`: the whole line when it is that short, else a window
    /// holding 1-based `column`; nil when the file or line is not known. Only the window is decoded, so a long line
    /// quoted by many diagnostics costs `width` characters each.
    public func sourceExcerpt(file: String, line: Int, column: Int, width: Int) -> SourceExcerpt? {
        guard let bytes = sources[file],
            let (text, at) = lineIndex(file, bytes).excerpt(of: bytes, line: line, column: column, width: width)
        else { return nil }
        return SourceExcerpt(text: text, column: at)
    }

    private func lineIndex(_ file: String, _ bytes: [UInt8]) -> LineIndex {
        lines[file] ?? LineIndex(bytes)
    }

    private static func index(_ sources: [String: [UInt8]], for diagnostics: [Diagnostic]) -> [String: LineIndex] {
        var files = Set<String>()
        for diagnostic in diagnostics {
            if let file = diagnostic.location?.file { files.insert(file) }
            for note in diagnostic.notes { if let file = note.location?.file { files.insert(file) } }
        }
        var out: [String: LineIndex] = [:]
        for file in files { if let bytes = sources[file] { out[file] = LineIndex(bytes) } }
        return out
    }
}

/// Part of one source line, for quoting under a diagnostic.
public struct SourceExcerpt: Hashable, Sendable {
    /// The quoted characters.
    public var text: String
    /// The diagnostic's 1-based column, counted within `text`.
    public var column: Int

    /// Creates an excerpt.
    public init(text: String, column: Int) {
        self.text = text
        self.column = column
    }
}
