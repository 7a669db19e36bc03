/// The type of a platform connection (a Project's `type:` field): an open set, one per platform module. A module
/// names its own type (`PlatformProfile.type`); the three below are the ones the model's resource kinds were
/// written for, spelled once here.
public struct PlatformType: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The name Projects use (`genesys-cloud`).
    public var rawValue: String

    /// A platform type by its name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A platform type by its name.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    public static func < (a: PlatformType, b: PlatformType) -> Bool { a.rawValue < b.rawValue }

    public var description: String { rawValue }

    /// Genesys Cloud.
    public static let genesysCloud = PlatformType("genesys-cloud")
    /// Dynamics 365 Contact Center.
    public static let dynamics365 = PlatformType("dynamics-365")
    /// Twilio.
    public static let twilio = PlatformType("twilio")
}

/// A named connection to a platform.
public struct PlatformConnection: Hashable, Sendable, Codable {
    public var name: String
    public var type: PlatformType
    /// `sandbox`, a region name, or an http(s) URL.
    public var endpoint: String
    /// Credential secrets by field name (`clientId`, `clientSecret`, `accountSid`, `authToken`, `tenantId` ...).
    public var credentials: [String: SecretRef]
    /// Plain (non-secret) settings such as `clientId` or `rateLimitPerMinute`.
    public var settings: [String: String]
    public var location: SourceLocation?

    public init(
        name: String, type: PlatformType, endpoint: String = "sandbox", credentials: [String: SecretRef] = [:],
        settings: [String: String] = [:], location: SourceLocation? = nil
    ) {
        self.name = name
        self.type = type
        self.endpoint = endpoint
        self.credentials = credentials
        self.settings = settings
        self.location = location
    }

    /// True for the embedded simulated platform.
    public var isSandbox: Bool { endpoint == "sandbox" }
}

/// Where state is kept.
public enum StateBackendConfig: Hashable, Sendable, Codable {
    /// A JSON file; the path is relative to the manifest directory.
    case local(path: String)
    /// PostgreSQL; the URL is a secret (it may hold a password).
    case postgres(url: SecretRef, workspace: String)
}

/// The optional Project document: state backend and platform connections.
public struct Project: Hashable, Sendable, Codable {
    public var name: String
    public var state: StateBackendConfig
    public var platforms: [String: PlatformConnection]
    public var location: SourceLocation?

    public init(
        name: String, state: StateBackendConfig = .local(path: Project.defaultStatePath),
        platforms: [String: PlatformConnection] = [:], location: SourceLocation? = nil
    ) {
        self.name = name
        self.state = state
        self.platforms = platforms
        self.location = location
    }

    public static let defaultStatePath = ".switchboard/state.json"

    /// The name of the Project a set without one gets (its platforms: `PlatformCatalog.implicitPlatforms`).
    public static let implicitName = "default"
}

/// A loaded and validated manifest set.
public struct ManifestSet: Hashable, Sendable {
    public var project: Project
    /// Resources sorted by address.
    public var resources: [Resource]
    /// SHA-256 over the sorted file paths and contents.
    public var digest: String
    /// The directory the set was read from.
    public var directory: String

    public init(project: Project, resources: [Resource], digest: String, directory: String) {
        self.project = project
        // Sort positions, not resources: a Resource is large, and moving it n log n times cost more than the sort.
        let order = resources.indices.sorted { resources[$0].address < resources[$1].address }
        self.resources = order.map { resources[$0] }
        self.digest = digest
        self.directory = directory
    }

    /// The resource at `address`, if any.
    public func resource(_ address: Address) -> Resource? {
        resources.first { $0.address == address }
    }
}
