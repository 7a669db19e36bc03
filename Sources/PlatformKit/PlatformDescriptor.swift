import SwitchboardModel

/// What a platform module tells the rest of Switchboard about its platform: the type name Projects use, the
/// connection fields it takes, how to build its live adapter, and the rules the planner and policy follow for the
/// resources it holds. The workspace's platform registry lists one descriptor per platform; nothing else names a
/// platform.
public struct PlatformDescriptor: Sendable {
    /// Builds the live adapter of a connection from the connection, its resolved credential values by field name,
    /// and the transport to send requests over.
    /// - Throws: `PlatformError` for an unknown endpoint or missing credentials.
    public typealias Factory =
        @Sendable (PlatformConnection, [String: String], @escaping HTTPTransport) throws
        -> any Platform

    /// The type a Project's connection names (its `type:` field).
    public var type: PlatformType
    /// The connection fields it takes besides `type` and `endpoint`.
    public var connectionFields: [ConnectionField]
    /// Which fields force replacement, natural keys, activation, ordering constraints and findings.
    public var rules: PlatformRules
    /// The live adapter; nil while the platform has none (only its sandbox).
    public var live: Factory?

    /// Creates a descriptor.
    public init(type: PlatformType, connectionFields: [ConnectionField], rules: PlatformRules, live: Factory?) {
        self.type = type
        self.connectionFields = connectionFields
        self.rules = rules
        self.live = live
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
