/// What manifest loading must know of a platform, as plain data: its type name, the connection fields a Project
/// may give it, the names its `endpoint` may take besides `sandbox` and a URL, and which resources it holds. Each
/// platform module supplies one (in its descriptor); the workspace hands the registry's list to the loader as a
/// `PlatformCatalog`, so the loader names no platform.
public struct PlatformProfile: Sendable {
    /// The type a Project's connection names.
    public var type: PlatformType
    /// The vendor's name in sentences (`Genesys Cloud`).
    public var displayName: String
    /// The connection's name in the Project a set without one gets (`genesys`).
    public var defaultConnectionName: String
    /// The connection fields it takes besides `type` and `endpoint`.
    public var connectionFields: [ConnectionField]
    /// Named endpoints (regions) besides `sandbox` and an http(s) URL, in the order hints show them; empty when
    /// there are none.
    public var regions: [String]
    /// Other names its endpoint may take (`live`: the vendor's own hosts).
    public var namedEndpoints: [String]
    /// The resources it holds.
    public var holds: [Holding]

    /// Creates a profile.
    public init(
        type: PlatformType, displayName: String, defaultConnectionName: String, connectionFields: [ConnectionField],
        regions: [String] = [], namedEndpoints: [String] = [], holds: [Holding]
    ) {
        self.type = type
        self.displayName = displayName
        self.defaultConnectionName = defaultConnectionName
        self.connectionFields = connectionFields
        self.regions = regions
        self.namedEndpoints = namedEndpoints
        self.holds = holds
    }

    /// A sort of resource a platform holds: a kind, narrowed by integration type or template channel.
    public struct Holding: Sendable {
        /// The kind.
        public var kind: Kind
        /// The integration types it holds; nil for any.
        public var integrationTypes: Set<IntegrationType>?
        /// The template channels it holds; nil for any.
        public var templateChannels: Set<TemplateChannel>?
        /// False when a resource of this sort goes here only when `spec.platform` names such a connection.
        public var byDefault: Bool

        /// Creates a holding.
        public init(
            _ kind: Kind, integrationTypes: Set<IntegrationType>? = nil, templateChannels: Set<TemplateChannel>? = nil,
            byDefault: Bool = true
        ) {
            self.kind = kind
            self.integrationTypes = integrationTypes
            self.templateChannels = templateChannels
            self.byDefault = byDefault
        }

        /// True when a resource of `kind` (with its integration type or template channel) is of this sort.
        public func matches(_ kind: Kind, integrationType: IntegrationType?, templateChannel: TemplateChannel?) -> Bool {
            guard kind == self.kind else { return false }
            if let types = integrationTypes, !(integrationType.map(types.contains) ?? false) { return false }
            if let channels = templateChannels, !(templateChannel.map(channels.contains) ?? false) { return false }
            return true
        }
    }
}

/// A field of a platform connection in a Project (`clientId`, `clientSecret` ...).
public struct ConnectionField: Hashable, Sendable {
    /// The field's name in the manifest.
    public var name: String
    /// True when it must be a secret reference (`{secretEnv: NAME}`), never a plain value.
    public var secretOnly: Bool
    /// True when a live connection cannot work without it.
    public var required: Bool

    /// Creates a field.
    public init(_ name: String, secretOnly: Bool = false, required: Bool = false) {
        self.name = name
        self.secretOnly = secretOnly
        self.required = required
    }
}

/// The platforms a manifest set may name, by profile.
public struct PlatformCatalog: Sendable {
    /// The profiles, one per type, in registry order.
    public var profiles: [PlatformProfile]

    /// Creates a catalog.
    public init(_ profiles: [PlatformProfile]) { self.profiles = profiles }

    /// The profile of `type`.
    public func profile(_ type: PlatformType) -> PlatformProfile? { profiles.first { $0.type == type } }

    /// Every type name, in registry order.
    public var typeNames: [String] { profiles.map(\.type.rawValue) }

    /// One sandbox connection per platform, by its default name: what a set without a Project (or a Project without
    /// `platforms`) gets.
    public var implicitPlatforms: [String: PlatformConnection] {
        Dictionary(
            profiles.map { ($0.defaultConnectionName, PlatformConnection(name: $0.defaultConnectionName, type: $0.type)) },
            uniquingKeysWith: { first, _ in first })
    }

    /// The type a resource goes to without `spec.platform`; nil when no platform holds it by default.
    public func defaultType(_ kind: Kind, integrationType: IntegrationType?, templateChannel: TemplateChannel?)
        -> PlatformType?
    {
        profiles.first { p in
            p.holds.contains { $0.byDefault && $0.matches(kind, integrationType: integrationType, templateChannel: templateChannel) }
        }?.type
    }

    /// The types a resource may also be placed on by naming such a connection in `spec.platform`.
    public func otherTypes(_ kind: Kind, integrationType: IntegrationType?, templateChannel: TemplateChannel?)
        -> [PlatformType]
    {
        profiles.filter { p in
            p.holds.contains { !$0.byDefault && $0.matches(kind, integrationType: integrationType, templateChannel: templateChannel) }
        }.map(\.type)
    }
}
