/// The stored state: the reconciler's memory of what it manages (DESIGN.md section 4).
public struct StateSnapshot: Hashable, Sendable, Codable {
    public var format: Int
    /// Fixed for the life of this state.
    public var lineage: String
    /// Bumped by every write.
    public var serial: Int
    /// By address. The state document keys them by address text (`Integration/support-whatsapp`).
    public var resources: ResourceTable
    /// Mutations started but not known to have finished, by address text.
    public var intents: [String: Intent]
    /// The key the secret fingerprints were made with: `lineage` (derived from the lineage) or `key:<hex>`, a short
    /// identifier of a configured key (never the key). nil in a state written before it was recorded, which reads
    /// as `lineage`.
    public var fingerprintKey: String?
    /// Companion work done at other platforms for resources, by address text, kept until it is put back (a number's
    /// webhook and where it pointed before). Not secret.
    public var companions: [String: CompanionRecord]

    /// Creates an empty state of a new lineage.
    public init(
        lineage: String, serial: Int = 0, resources: ResourceTable = [:], intents: [String: Intent] = [:],
        fingerprintKey: String? = nil, companions: [String: CompanionRecord] = [:]
    ) {
        self.format = 1
        self.lineage = lineage
        self.serial = serial
        self.resources = resources
        self.intents = intents
        self.fingerprintKey = fingerprintKey
        self.companions = companions
    }

    /// The identifier of the key the fingerprints were made with (`lineage` when none is recorded).
    public var recordedFingerprintKey: String { fingerprintKey ?? Self.lineageFingerprintKey }

    /// The identifier recorded for fingerprints under the key derived from the lineage.
    public static let lineageFingerprintKey = "lineage"

    /// The resource at `address`, if managed.
    public subscript(address: Address) -> ResourceState? {
        get { resources[address] }
        set { resources[address] = newValue }
    }

    /// Managed addresses, sorted.
    public var addresses: [Address] { resources.keys.sorted() }

    // MARK: - Codable

    enum CodingKeys: String, CodingKey { case format, lineage, serial, resources, intents, fingerprintKey, companions }

    /// Decodes the state document: resources keyed by address text.
    /// - Throws: `DecodingError` when a member is missing or has the wrong type, or a key is not `Kind/name`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(Int.self, forKey: .format)
        lineage = try c.decode(String.self, forKey: .lineage)
        serial = try c.decode(Int.self, forKey: .serial)
        let byText = try c.decodeIfPresent([String: ResourceState].self, forKey: .resources) ?? [:]
        var resources = ResourceTable()
        resources.reserveCapacity(byText.count)
        for (text, resource) in byText {
            guard let address = Address(parsing: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .resources, in: c, debugDescription: "bad address '\(text)'")
            }
            resources[address] = resource
        }
        self.resources = resources
        intents = try c.decodeIfPresent([String: Intent].self, forKey: .intents) ?? [:]
        fingerprintKey = try c.decodeIfPresent(String.self, forKey: .fingerprintKey)
        companions = try c.decodeIfPresent([String: CompanionRecord].self, forKey: .companions) ?? [:]
    }

    /// Encodes the state document: resources keyed by address text.
    /// - Throws: whatever the encoder throws.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(format, forKey: .format)
        try c.encode(lineage, forKey: .lineage)
        try c.encode(serial, forKey: .serial)
        var byText: [String: ResourceState] = [:]
        byText.reserveCapacity(resources.count)
        for (address, resource) in resources { byText[address.description] = resource }
        try c.encode(byText, forKey: .resources)
        try c.encode(intents, forKey: .intents)
        try c.encodeIfPresent(fingerprintKey, forKey: .fingerprintKey)
        if !companions.isEmpty { try c.encode(companions, forKey: .companions) }
    }
}

/// What state remembers about one managed resource.
public struct ResourceState: Hashable, Sendable, Codable {
    /// The stored properties. A state holds tens of thousands of these: kept in a copy-on-write box (`Indirect`),
    /// a copy is one retain and the state's table of them is an array of pointers.
    struct Fields: Hashable, Sendable {
        var kind: Kind
        var name: String
        var platform: String
        var remoteId: String
        var status: ResourceStatus
        var attributes: [String: Value]
        var fingerprints: [String: String]
        var outputs: [String: Value]
        var dependencies: [Address]
        var protect: Bool
        var labels: [String: String]
        var createdAt: String?
        var activatedAt: String?
        var updatedAt: String?
    }

    private var storage: Indirect<Fields>

    public var kind: Kind {
        _read { yield storage.value.kind }
        _modify { yield &storage.value.kind }
    }
    public var name: String {
        _read { yield storage.value.name }
        _modify { yield &storage.value.name }
    }
    public var platform: String {
        _read { yield storage.value.platform }
        _modify { yield &storage.value.platform }
    }
    public var remoteId: String {
        _read { yield storage.value.remoteId }
        _modify { yield &storage.value.remoteId }
    }
    /// Platform status (`active`, `awaiting-verification`, `pending`, `disabled` ...).
    public var status: ResourceStatus {
        _read { yield storage.value.status }
        _modify { yield &storage.value.status }
    }
    /// The attributes last applied (no secrets).
    public var attributes: [String: Value] {
        _read { yield storage.value.attributes }
        _modify { yield &storage.value.attributes }
    }
    /// Secret path -> `hmac-sha256:<hex>`.
    public var fingerprints: [String: String] {
        _read { yield storage.value.fingerprints }
        _modify { yield &storage.value.fingerprints }
    }
    /// Values the platform produced (webhook URLs, DNS records ...).
    public var outputs: [String: Value] {
        _read { yield storage.value.outputs }
        _modify { yield &storage.value.outputs }
    }
    /// The addresses this resource referred to when applied (for delete ordering).
    public var dependencies: [Address] {
        _read { yield storage.value.dependencies }
        _modify { yield &storage.value.dependencies }
    }
    public var protect: Bool {
        _read { yield storage.value.protect }
        _modify { yield &storage.value.protect }
    }
    public var labels: [String: String] {
        _read { yield storage.value.labels }
        _modify { yield &storage.value.labels }
    }
    public var createdAt: String? {
        _read { yield storage.value.createdAt }
        _modify { yield &storage.value.createdAt }
    }
    public var activatedAt: String? {
        _read { yield storage.value.activatedAt }
        _modify { yield &storage.value.activatedAt }
    }
    public var updatedAt: String? {
        _read { yield storage.value.updatedAt }
        _modify { yield &storage.value.updatedAt }
    }

    public init(
        kind: Kind, name: String, platform: String, remoteId: String, status: ResourceStatus,
        attributes: [String: Value] = [:], fingerprints: [String: String] = [:], outputs: [String: Value] = [:],
        dependencies: [Address] = [], protect: Bool = false, labels: [String: String] = [:],
        createdAt: String? = nil, activatedAt: String? = nil, updatedAt: String? = nil
    ) {
        storage = Indirect(Fields(
            kind: kind, name: name, platform: platform, remoteId: remoteId, status: status, attributes: attributes,
            fingerprints: fingerprints, outputs: outputs, dependencies: dependencies, protect: protect, labels: labels,
            createdAt: createdAt, activatedAt: activatedAt, updatedAt: updatedAt))
    }

    public var address: Address { Address(kind, name) }

    // MARK: - Codable

    enum CodingKeys: String, CodingKey {
        case kind, name, platform, remoteId, status, attributes, fingerprints, outputs, dependencies, protect, labels
        case createdAt, activatedAt, updatedAt
    }

    /// Decodes a stored resource; absent collections are empty, absent timestamps nil.
    /// - Throws: `DecodingError` when a required member is missing or a member has the wrong type.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try c.decode(Kind.self, forKey: .kind),
            name: try c.decode(String.self, forKey: .name),
            platform: try c.decode(String.self, forKey: .platform),
            remoteId: try c.decode(String.self, forKey: .remoteId),
            status: try c.decode(ResourceStatus.self, forKey: .status),
            attributes: try c.decodeIfPresent([String: Value].self, forKey: .attributes) ?? [:],
            fingerprints: try c.decodeIfPresent([String: String].self, forKey: .fingerprints) ?? [:],
            outputs: try c.decodeIfPresent([String: Value].self, forKey: .outputs) ?? [:],
            dependencies: try c.decodeIfPresent([Address].self, forKey: .dependencies) ?? [],
            protect: try c.decodeIfPresent(Bool.self, forKey: .protect) ?? false,
            labels: try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:],
            createdAt: try c.decodeIfPresent(String.self, forKey: .createdAt),
            activatedAt: try c.decodeIfPresent(String.self, forKey: .activatedAt),
            updatedAt: try c.decodeIfPresent(String.self, forKey: .updatedAt))
    }

    /// Encodes every member by name, leaving out absent timestamps.
    /// - Throws: whatever the encoder throws.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let f = storage.value
        try c.encode(f.kind, forKey: .kind)
        try c.encode(f.name, forKey: .name)
        try c.encode(f.platform, forKey: .platform)
        try c.encode(f.remoteId, forKey: .remoteId)
        try c.encode(f.status, forKey: .status)
        try c.encode(f.attributes, forKey: .attributes)
        try c.encode(f.fingerprints, forKey: .fingerprints)
        try c.encode(f.outputs, forKey: .outputs)
        try c.encode(f.dependencies, forKey: .dependencies)
        try c.encode(f.protect, forKey: .protect)
        try c.encode(f.labels, forKey: .labels)
        try c.encodeIfPresent(f.createdAt, forKey: .createdAt)
        try c.encodeIfPresent(f.activatedAt, forKey: .activatedAt)
        try c.encodeIfPresent(f.updatedAt, forKey: .updatedAt)
    }
}

/// A mutation the applier started: written before the platform call, cleared after the result is recorded.
public struct Intent: Hashable, Sendable, Codable {
    public var address: Address
    /// What the mutation is (`create`, `replace-delete` ...).
    public var operation: Operation
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
        address: Address, operation: Operation, platform: String, naturalKey: String, remoteId: String? = nil,
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

extension Intent {
    /// The mutation an intent records; state keeps it by its raw value.
    public enum Operation: String, Hashable, Sendable, Codable, CustomStringConvertible {
        case create, update, delete
        /// The delete half of a replacement (its intent stays until the create half is recorded).
        case replaceDelete = "replace-delete"
        /// The create half of a replacement.
        case replaceCreate = "replace-create"
        case activate

        public var description: String { rawValue }
    }
}
