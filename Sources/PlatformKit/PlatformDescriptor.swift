import SwitchboardModel

/// What a platform module tells the rest of Switchboard about its platform: the type name Projects use, the
/// connection fields it takes, how to build its live adapter, and the rules the planner and policy follow for the
/// resources it holds. The workspace's platform registry lists one descriptor per platform; nothing else names a
/// platform.
public struct PlatformDescriptor: Sendable {
    /// Builds the live adapter of a connection from the connection, its resolved credential values by field name,
    /// and the transport to send requests over (with the pacing of an emulator in process, for `endpoint: sandbox`).
    /// - Throws: `PlatformError` for an unknown endpoint or missing credentials.
    public typealias Factory = @Sendable (PlatformConnection, [String: String], AdapterContext) throws -> any Platform

    /// What manifest loading must know: the type name, connection fields, regions and the resources it holds.
    public var profile: PlatformProfile
    /// Which fields force replacement, natural keys, activation, ordering constraints and findings.
    public var rules: PlatformRules
    /// The live adapter; nil while the platform has none (only its sandbox).
    public var live: Factory?

    /// Creates a descriptor.
    public init(profile: PlatformProfile, rules: PlatformRules, live: Factory?) {
        self.profile = profile
        self.rules = rules
        self.live = live
    }

    /// The type a Project's connection names (its `type:` field).
    public var type: PlatformType { profile.type }

    /// The connection fields it takes besides `type` and `endpoint`.
    public var connectionFields: [ConnectionField] { profile.connectionFields }
}
