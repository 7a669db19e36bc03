
/// What the applier hands a platform for one mutation.
public struct PlatformRequest: Sendable {
    /// The desired resource (create, update).
    public var resource: Resource
    /// Resolved secret values by path (`authToken`, `onboarding.pin`). Never logged.
    public var secrets: [String: String]
    /// Remote ids of the resources this one refers to.
    public var references: [Address: String]
    /// Attributes and outputs of referenced resources, as state holds them.
    public var referencedState: [Address: ResourceState]
    /// What state held before (update).
    public var prior: ResourceState?
    /// The fields that changed (update).
    public var changes: [FieldChange]
    /// A WhatsApp verification code given with `--verification-code`.
    public var verificationCode: String?
    /// Progress lines for the operator (`waiting for createStatus Completed ...`).
    public var progress: @Sendable (String) -> Void

    public init(
        resource: Resource, secrets: [String: String] = [:], references: [Address: String] = [:],
        referencedState: [Address: ResourceState] = [:], prior: ResourceState? = nil, changes: [FieldChange] = [],
        verificationCode: String? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.resource = resource
        self.secrets = secrets
        self.references = references
        self.referencedState = referencedState
        self.prior = prior
        self.changes = changes
        self.verificationCode = verificationCode
        self.progress = progress
    }
}

/// A platform Switchboard manages objects on. The planner and applier only ever see this protocol.
public protocol Platform: Sendable {
    /// The connection name (`genesys`).
    var name: String { get }
    var type: PlatformType { get }

    /// Reads a managed object; nil when it no longer exists.
    /// - Throws: `PlatformError` when the platform cannot be asked.
    func read(_ state: ResourceState) async throws -> RemoteObject?

    /// Finds an object by its natural key (phone number, domain, name), to adopt it after an unknown outcome.
    func find(_ resource: Resource) async throws -> RemoteObject?

    /// Every object the platform holds under the resource's natural key, to adopt the one there is (`import`) or to
    /// report several as a conflict, never adopting one at random. The default is `find`'s one object.
    func findAll(_ resource: Resource) async throws -> [RemoteObject]

    /// Creates the object and waits for it to leave any provisioning state.
    func create(_ request: PlatformRequest) async throws -> RemoteObject

    /// Changes fields that can change in place (and completes activations).
    func update(_ request: PlatformRequest, remoteId: String) async throws -> RemoteObject

    /// Deletes the object and waits until it is gone.
    func delete(_ state: ResourceState) async throws

    /// Every object of `kind` this connection holds, read with the vendor's own paging at the largest page size each
    /// listing allows, carrying what drift compares. Each object names itself (`remoteId`, `naturalKey`, and `name`
    /// where the platform keeps the resource's name) so refresh matches it to its state entry. An object the platform
    /// keeps nothing of (an e-mail template on Genesys Cloud) is not listed: `read` answers for it.
    /// - Throws: `PlatformError`; code `list.unsupported` (`PlatformError.listUnsupported`) when this platform has no
    ///   listing for `kind`, so the caller reads objects one at a time instead.
    func list(kind: Kind) async throws -> [RemoteObject]
}

extension Platform {
    /// No listing: a platform that does not implement `list` is read one object at a time.
    /// - Throws: `PlatformError.listUnsupported`.
    public func list(kind: Kind) async throws -> [RemoteObject] {
        throw PlatformError.listUnsupported(kind, platform: name)
    }
}

extension Platform {
    /// The object `find` finds, if any: for a platform that cannot tell several objects under one key apart.
    /// - Throws: what `find` throws.
    public func findAll(_ resource: Resource) async throws -> [RemoteObject] {
        try await find(resource).map { [$0] } ?? []
    }
}

/// A failure reported by a platform, carrying the vendor's code and message.
public struct PlatformError: Error, Sendable, CustomStringConvertible {
    /// The vendor's or sandbox's error code (`sms.phonenumber.not.found`, `too.many.requests` ...).
    public var code: String
    public var message: String
    /// `POST /api/v2/...` where it applies.
    public var request: String?
    /// HTTP status where it applies.
    public var status: Int?
    /// True when retrying the same call later may succeed.
    public var retryable: Bool

    public init(code: String, message: String, request: String? = nil, status: Int? = nil, retryable: Bool = false) {
        self.code = code
        self.message = message
        self.request = request
        self.status = status
        self.retryable = retryable
    }

    /// The error of a platform with no listing for `kind`: `list.unsupported`.
    public static func listUnsupported(_ kind: Kind, platform: String) -> PlatformError {
        PlatformError(code: listUnsupportedCode, message: "platform '\(platform)' cannot list \(kind.rawValue) objects")
    }

    /// The code of `listUnsupported`.
    public static let listUnsupportedCode = "list.unsupported"

    public var description: String {
        var s = "\(message) [\(code)]"
        if let request { s += " (\(request)\(status.map { " -> \($0)" } ?? ""))" }
        return s
    }
}
