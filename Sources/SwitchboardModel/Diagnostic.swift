/// A place in a source file: 1-based line and column.
public struct SourceLocation: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The file path as the user gave it (relative to the working directory where possible).
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// A problem found in user input, with where it is and how to fix it.
public struct Diagnostic: Hashable, Sendable, Codable {
    /// How bad a diagnostic is.
    public enum Severity: String, Comparable, Sendable, Codable {
        case note, warning, error

        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    /// A stable code such as `number.e164` (DESIGN.md section 3.3).
    public var code: String
    /// A lowercase sentence; names in quotes.
    public var message: String
    /// A suggestion, such as `did you mean 'phoneNumber'?`.
    public var hint: String?
    public var location: SourceLocation?
    /// The field path inside the document, such as `spec.compliance.optOut.message`.
    public var path: String?
    /// Related places (for a duplicate: where the first one is).
    public var notes: [Diagnostic]

    /// Creates a diagnostic.
    public init(
        _ severity: Severity = .error, code: String, message: String, hint: String? = nil,
        location: SourceLocation? = nil, path: String? = nil, notes: [Diagnostic] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.hint = hint
        self.location = location
        self.path = path
        self.notes = notes
    }

    /// Orders diagnostics by file, then position, then code.
    public static func sortKey(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        switch (a.location, b.location) {
        case let (x?, y?) where x != y: return x < y
        case (nil, _?): return false
        case (_?, nil): return true
        default: return (a.code, a.message) < (b.code, b.message)
        }
    }
}

extension Array where Element == Diagnostic {
    /// True when any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
