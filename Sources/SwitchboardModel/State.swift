/// The stored state: the reconciler's memory of what it manages (DESIGN.md section 4).
public struct StateSnapshot: Hashable, Sendable, Codable {
    public var format: Int
    /// Fixed for the life of this state.
    public var lineage: String
    /// Bumped by every write.
    public var serial: Int
    /// By address text (`Integration/support-whatsapp`).
    public var resources: [String: ResourceState]
    /// Mutations started but not known to have finished, by address text.
    public var intents: [String: Intent]

    /// Creates an empty state of a new lineage.
    public init(lineage: String, serial: Int = 0, resources: [String: ResourceState] = [:], intents: [String: Intent] = [:]) {
        self.format = 1
        self.lineage = lineage
        self.serial = serial
        self.resources = resources
        self.intents = intents
    }

    /// The resource at `address`, if managed.
    public subscript(address: Address) -> ResourceState? {
        get { resources[address.description] }
        set { resources[address.description] = newValue }
    }

    /// Managed addresses, sorted.
    public var addresses: [Address] {
        resources.keys.compactMap(Address.init(parsing:)).sorted()
    }

    enum CodingKeys: String, CodingKey { case format, lineage, serial, resources, intents }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(Int.self, forKey: .format)
        lineage = try c.decode(String.self, forKey: .lineage)
        serial = try c.decode(Int.self, forKey: .serial)
        resources = try c.decodeIfPresent([String: ResourceState].self, forKey: .resources) ?? [:]
        intents = try c.decodeIfPresent([String: Intent].self, forKey: .intents) ?? [:]
    }
}

/// What state remembers about one managed resource.
public struct ResourceState: Hashable, Sendable, Codable {
    public var kind: Kind
    public var name: String
    public var platform: String
    public var remoteId: String
    /// Platform status (`active`, `awaiting-verification`, `pending`, `disabled` ...).
    public var status: String
    /// The attributes last applied (no secrets).
    public var attributes: [String: Value]
    /// Secret path -> `hmac-sha256:<hex>`.
    public var fingerprints: [String: String]
    /// Values the platform produced (webhook URLs, DNS records ...).
    public var outputs: [String: Value]
    /// The addresses this resource referred to when applied (for delete ordering).
    public var dependencies: [Address]
    public var protect: Bool
    public var labels: [String: String]
    public var createdAt: String?
    public var activatedAt: String?
    public var updatedAt: String?

    public init(
        kind: Kind, name: String, platform: String, remoteId: String, status: String,
        attributes: [String: Value] = [:], fingerprints: [String: String] = [:], outputs: [String: Value] = [:],
        dependencies: [Address] = [], protect: Bool = false, labels: [String: String] = [:],
        createdAt: String? = nil, activatedAt: String? = nil, updatedAt: String? = nil
    ) {
        self.kind = kind
        self.name = name
        self.platform = platform
        self.remoteId = remoteId
        self.status = status
        self.attributes = attributes
        self.fingerprints = fingerprints
        self.outputs = outputs
        self.dependencies = dependencies
        self.protect = protect
        self.labels = labels
        self.createdAt = createdAt
        self.activatedAt = activatedAt
        self.updatedAt = updatedAt
    }

    public var address: Address { Address(kind, name) }

    enum CodingKeys: String, CodingKey {
        case kind, name, platform, remoteId, status, attributes, fingerprints, outputs, dependencies, protect, labels
        case createdAt, activatedAt, updatedAt
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(Kind.self, forKey: .kind)
        name = try c.decode(String.self, forKey: .name)
        platform = try c.decode(String.self, forKey: .platform)
        remoteId = try c.decode(String.self, forKey: .remoteId)
        status = try c.decode(String.self, forKey: .status)
        attributes = try c.decodeIfPresent([String: Value].self, forKey: .attributes) ?? [:]
        fingerprints = try c.decodeIfPresent([String: String].self, forKey: .fingerprints) ?? [:]
        outputs = try c.decodeIfPresent([String: Value].self, forKey: .outputs) ?? [:]
        dependencies = try c.decodeIfPresent([Address].self, forKey: .dependencies) ?? []
        protect = try c.decodeIfPresent(Bool.self, forKey: .protect) ?? false
        labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        createdAt = try c.decodeIfPresent(String.self, forKey: .createdAt)
        activatedAt = try c.decodeIfPresent(String.self, forKey: .activatedAt)
        updatedAt = try c.decodeIfPresent(String.self, forKey: .updatedAt)
    }
}

/// A mutation the applier started: written before the platform call, cleared after the result is recorded.
public struct Intent: Hashable, Sendable, Codable {
    public var address: Address
    /// `create`, `update`, `delete`, `replace-delete`, `replace-create`, `activate`.
    public var operation: String
    public var platform: String
    /// Phone number, domain or name: how to find the object if the outcome is unknown.
    public var naturalKey: String
    /// The remote id the mutation targeted, where there was one.
    public var remoteId: String?
    public var startedAt: String
    /// The apply run that wrote it.
    public var applyId: String
    /// For a create or an update: the secret fingerprints the mutation was made with (`hmac-sha256:...`, never
    /// values), so an object resolved after a crash is recorded with them instead of looking as if its secrets
    /// changed.
    public var fingerprints: [String: String]?

    public init(
        address: Address, operation: String, platform: String, naturalKey: String, remoteId: String? = nil,
        startedAt: String, applyId: String, fingerprints: [String: String]? = nil
    ) {
        self.address = address
        self.operation = operation
        self.platform = platform
        self.naturalKey = naturalKey
        self.remoteId = remoteId
        self.startedAt = startedAt
        self.applyId = applyId
        self.fingerprints = fingerprints
    }
}
