/// What the planner decided for one address.
public enum Action: String, Hashable, Sendable, Codable, CaseIterable {
    case create, update, replace, delete, noop
    /// Adopt an object the platform already holds under the resource's natural key (`plan --refresh` found it and
    /// state has none): no create call, only the field updates that make it match (`PlannedChange.prior` is the
    /// object as found).
    case `import`

    /// The same object under a new address: a resource renamed in the manifests whose natural key matches what state
    /// holds under its old address (`PlannedChange.previousAddress`). State moves; only the platform's display name
    /// (and any field that changed in place) is updated.
    case move

    /// The symbol human output uses (`+`, `<=`, `~`, `-/+`, `-`, `->`, blank).
    public var symbol: String {
        switch self {
        case .create: "+"
        case .import: "<="
        case .update: "~"
        case .replace: "-/+"
        case .delete: "-"
        case .move: "->"
        case .noop: " "
        }
    }

    /// True for the actions that change an existing object in place (an update, a move that renames it, or an import
    /// that adopts it and updates what differs): a replacement of what it lives through replaces it too, and one of
    /// what it refers to re-links it.
    public var changesInPlace: Bool { self == .update || self == .move || self == .import }
}

/// One field that differs between state and the manifests.
public struct FieldChange: Hashable, Sendable, Codable {
    /// Dotted path (`compliance.optOut.message`, `onboarding.pin`).
    public var path: String
    /// nil: the field is absent. Sensitive fields carry no value at all.
    public var before: Value?
    public var after: Value?
    public var sensitive: Bool
    public var forcesReplacement: Bool

    public init(path: String, before: Value?, after: Value?, sensitive: Bool = false, forcesReplacement: Bool = false) {
        self.path = path
        self.before = sensitive ? nil : before
        self.after = sensitive ? nil : after
        self.sensitive = sensitive
        self.forcesReplacement = forcesReplacement
    }
}

/// How serious a policy finding is.
public enum FindingSeverity: String, Hashable, Sendable, Codable, Comparable {
    case warning, destructive, irreversible, billing, error

    private var rank: Int {
        switch self {
        case .warning: 0
        case .destructive: 1
        case .irreversible: 2
        case .billing: 3
        case .error: 4
        }
    }

    public static func < (a: FindingSeverity, b: FindingSeverity) -> Bool { a.rank < b.rank }
}

/// A policy finding: a consequence of a change that a person must see before it happens.
public struct Finding: Hashable, Sendable, Codable {
    /// Stable code such as `billing.whatsapp-monthly` (DESIGN.md section 5.1).
    public var code: String
    public var severity: FindingSeverity
    /// A sentence a non-engineer understands.
    public var message: String
    /// The change it belongs to, if any.
    public var address: Address?

    public init(code: String, severity: FindingSeverity, message: String, address: Address? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.address = address
    }
}

/// One planned change.
///
/// A change is large (its desired resource, prior state, fields and findings), and plans of tens of thousands of
/// changes are copied, sorted and filtered as a whole: the stored properties live in one copy-on-write box
/// (`Indirect`), so a copy is one retain.
public struct PlannedChange: Hashable, Sendable, Codable {
    /// The stored properties; its synthesized `Codable` is the change's JSON form.
    struct Fields: Hashable, Sendable, Codable {
        var address: Address
        var platform: String
        var action: Action
        var order: Int
        var dependsOn: [Address]
        var fields: [FieldChange]
        var findings: [Finding]
        var desired: Resource?
        var fingerprints: [String: String]
        var prior: ResourceState?
        var previousAddress: Address?
        var relinks: [Address]?
    }

    private var storage: Indirect<Fields>

    public var address: Address {
        _read { yield storage.value.address }
        _modify { yield &storage.value.address }
    }
    public var platform: String {
        _read { yield storage.value.platform }
        _modify { yield &storage.value.platform }
    }
    public var action: Action {
        _read { yield storage.value.action }
        _modify { yield &storage.value.action }
    }
    /// Position in execution order (1-based; deletes come in reverse reference order).
    public var order: Int {
        _read { yield storage.value.order }
        _modify { yield &storage.value.order }
    }
    /// Changes that must finish before this one starts.
    public var dependsOn: [Address] {
        _read { yield storage.value.dependsOn }
        _modify { yield &storage.value.dependsOn }
    }
    public var fields: [FieldChange] {
        _read { yield storage.value.fields }
        _modify { yield &storage.value.fields }
    }
    public var findings: [Finding] {
        _read { yield storage.value.findings }
        _modify { yield &storage.value.findings }
    }
    /// The desired resource (create, update, replace, noop).
    public var desired: Resource? {
        _read { yield storage.value.desired }
        _modify { yield &storage.value.desired }
    }
    /// Desired secret fingerprints by path.
    public var fingerprints: [String: String] {
        _read { yield storage.value.fingerprints }
        _modify { yield &storage.value.fingerprints }
    }
    /// What state held before (update, replace, delete, move, noop); for an import, the object as the platform holds it.
    public var prior: ResourceState? {
        _read { yield storage.value.prior }
        _modify { yield &storage.value.prior }
    }
    /// For a move: the address state held the object under (`prior` is that entry).
    public var previousAddress: Address? {
        _read { yield storage.value.previousAddress }
        _modify { yield &storage.value.previousAddress }
    }
    /// Replaced resources this change points at their new objects (a workstream whose template is replaced keeps
    /// it), sorted; empty for most changes. Each is a reference of the desired resource, replaced earlier in the plan.
    public var relinks: [Address] {
        get { storage.value.relinks ?? [] }
        set { storage.value.relinks = newValue.isEmpty ? nil : newValue }
    }

    public init(
        address: Address, platform: String, action: Action, order: Int = 0, dependsOn: [Address] = [],
        fields: [FieldChange] = [], findings: [Finding] = [], desired: Resource? = nil,
        fingerprints: [String: String] = [:], prior: ResourceState? = nil, previousAddress: Address? = nil
    ) {
        storage = Indirect(Fields(
            address: address, platform: platform, action: action, order: order, dependsOn: dependsOn, fields: fields,
            findings: findings, desired: desired, fingerprints: fingerprints, prior: prior,
            previousAddress: previousAddress, relinks: nil))
    }

    // MARK: - Codable

    /// Decodes the JSON form: the stored properties by name, `desired` and `prior` optional.
    /// - Throws: `DecodingError` when a member is missing or of the wrong type.
    public init(from decoder: any Decoder) throws { storage = Indirect(try Fields(from: decoder)) }

    /// Encodes the stored properties by name (absent optionals are left out).
    /// - Throws: whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws { try storage.value.encode(to: encoder) }
}

/// Counts of changes by action.
public struct PlanSummary: Hashable, Sendable, Codable {
    public var create = 0, update = 0, replace = 0, delete = 0, move = 0, noop = 0
    /// Objects adopted (`Action.import`).
    public var `import` = 0

    public init() {}

    /// Counts `changes` by action.
    public init(_ changes: [PlannedChange]) {
        for c in changes {
            switch c.action {
            case .create: create += 1
            case .import: `import` += 1
            case .update: update += 1
            case .replace: replace += 1
            case .delete: delete += 1
            case .move: move += 1
            case .noop: noop += 1
            }
        }
    }

    /// True when nothing would change.
    public var isEmpty: Bool { create + `import` + update + replace + delete + move == 0 }
}

/// A plan: data that `apply` executes exactly.
public struct Plan: Hashable, Sendable, Codable {
    public var format: Int
    /// The state lineage and serial the plan was made from (a saved plan is stale once state moves on).
    public var lineage: String
    public var serial: Int
    public var changes: [PlannedChange]
    /// Plan-wide findings (every change's findings, and those of no single change).
    public var findings: [Finding]
    /// SHA-256 over the manifest files.
    public var manifestDigest: String
    /// The git commit of the manifest directory, when inside a work tree.
    public var commit: String?
    /// The manifest directory the plan was made from.
    public var directory: String
    /// The project the plan was made with (platform connections, state backend).
    public var project: Project
    public var createdAt: String
    /// SHA-256 over the canonical JSON of the changes; set by the planner.
    public var checksum: String
    /// True when the plan was made after reading every managed object from its platform; false when it compared the
    /// manifests with stored state only (the platforms were not read).
    public var refreshed: Bool
    /// Facts of stored state that time may have changed since they were recorded, which a plan that did not read
    /// the platforms cannot confirm (an object never activated, past the day its platform removes such objects).
    public var stateNotices: [StateNotice]

    public init(
        lineage: String, serial: Int, changes: [PlannedChange], findings: [Finding], manifestDigest: String,
        commit: String? = nil, directory: String, project: Project, createdAt: String, checksum: String = "",
        refreshed: Bool = false, stateNotices: [StateNotice] = []
    ) {
        self.format = 1
        self.lineage = lineage
        self.serial = serial
        self.changes = changes
        self.findings = findings
        self.manifestDigest = manifestDigest
        self.commit = commit
        self.directory = directory
        self.project = project
        self.createdAt = createdAt
        self.checksum = checksum
        self.refreshed = refreshed
        self.stateNotices = stateNotices
    }

    public var summary: PlanSummary { PlanSummary(changes) }

    /// True when any finding is an error (the plan must not be applied).
    public var hasErrors: Bool { findings.contains { $0.severity == .error } }
}

extension Plan {
    enum CodingKeys: String, CodingKey {
        case format, lineage, serial, changes, findings, manifestDigest, commit, directory, project, createdAt
        case checksum, refreshed, stateNotices
    }

    /// Decodes a saved plan; `refreshed` and `stateNotices` may be absent (plans saved before they existed).
    /// - Throws: `DecodingError` when a member is missing or of the wrong type.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            lineage: try c.decode(String.self, forKey: .lineage), serial: try c.decode(Int.self, forKey: .serial),
            changes: try c.decode([PlannedChange].self, forKey: .changes),
            findings: try c.decode([Finding].self, forKey: .findings),
            manifestDigest: try c.decode(String.self, forKey: .manifestDigest),
            commit: try c.decodeIfPresent(String.self, forKey: .commit),
            directory: try c.decode(String.self, forKey: .directory), project: try c.decode(Project.self, forKey: .project),
            createdAt: try c.decode(String.self, forKey: .createdAt), checksum: try c.decode(String.self, forKey: .checksum),
            refreshed: try c.decodeIfPresent(Bool.self, forKey: .refreshed) ?? false,
            stateNotices: try c.decodeIfPresent([StateNotice].self, forKey: .stateNotices) ?? [])
        format = try c.decode(Int.self, forKey: .format)
    }
}

/// A fact of stored state with a date that may have come to pass since it was recorded: a plan that did not read the
/// platforms says so, and that reading them would confirm it.
public struct StateNotice: Hashable, Sendable, Codable {
    /// The resource concerned.
    public var address: Address
    /// What state records and what may have happened since, as a sentence.
    public var message: String

    /// Creates a notice.
    public init(address: Address, message: String) {
        self.address = address
        self.message = message
    }
}

/// What a platform reports about an object.
public struct RemoteObject: Hashable, Sendable, Codable {
    public var remoteId: String
    /// Normalized status: `provisioning`, `active`, `awaiting-verification`, `pending`, `disabled`, `incomplete` ...
    public var status: ResourceStatus
    /// Observed attributes, in the same shape as `Resource.attributes`, for drift detection.
    public var attributes: [String: Value]
    /// Values the platform produced (webhook URLs, DNS records ...).
    public var outputs: [String: Value]
    public var naturalKey: String?
    /// The name of the resource the object was made for, where the platform keeps it (an integration's or content
    /// profile's name); nil where it does not (a number is known by its remote id and phone number).
    public var name: String?

    public init(
        remoteId: String, status: ResourceStatus, attributes: [String: Value] = [:], outputs: [String: Value] = [:],
        naturalKey: String? = nil, name: String? = nil
    ) {
        self.remoteId = remoteId
        self.status = status
        self.attributes = attributes
        self.outputs = outputs
        self.naturalKey = naturalKey
        self.name = name
    }
}
