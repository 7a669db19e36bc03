/// The kinds of document a manifest set may hold.
public enum Kind: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case project = "Project"
    case contentProfile = "ContentProfile"
    case integration = "Integration"
    case number = "Number"
    case template = "Template"
    case workstream = "Workstream"

    /// The kinds that are resources (everything but Project).
    public static let resourceKinds: [Kind] = [.contentProfile, .integration, .number, .template, .workstream]

    /// The position in `allCases` (a switch, so comparing allocates nothing).
    private var rank: Int {
        switch self {
        case .project: 0
        case .contentProfile: 1
        case .integration: 2
        case .number: 3
        case .template: 4
        case .workstream: 5
        }
    }
    public static func < (a: Kind, b: Kind) -> Bool { a.rank < b.rank }

    // MARK: - Hashable

    // By position, not by the raw value: the defaults `RawRepresentable` gives compare and hash the name as a
    // String, and every state and plan lookup by `Address` does both.
    public static func == (a: Kind, b: Kind) -> Bool { a.rank == b.rank }

    public func hash(into hasher: inout Hasher) { hasher.combine(rank) }
}

/// A resource's address, `Kind/name`.
public struct Address: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public var kind: Kind
    public var name: String

    /// Creates an address.
    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    /// Parses `Kind/name`; nil when malformed.
    public init?(parsing text: String) {
        guard let slash = text.firstIndex(of: "/"), let kind = Kind(rawValue: String(text[..<slash])) else {
            return nil
        }
        let name = String(text[text.index(after: slash)...])
        guard !name.isEmpty else { return nil }
        self.init(kind, name)
    }

    public var description: String {
        let k = kind.rawValue
        var s = ""
        s.reserveCapacity(k.utf8.count + 1 + name.utf8.count)
        s += k
        s += "/"
        s += name
        return s
    }

    /// Orders by the text `Kind/name`. No kind's name is a prefix of another's, and nothing composes with '/',
    /// so comparing the parts gives the same order without building the two strings.
    public static func < (a: Address, b: Address) -> Bool {
        a.kind == b.kind ? a.name < b.name : a.kind.rawValue < b.kind.rawValue
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = Address(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad address \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
