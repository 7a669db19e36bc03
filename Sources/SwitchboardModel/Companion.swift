/// Work that a platform of another type does for a resource, around the resource's own change (DESIGN.md section 6,
/// "What happens at Twilio, and in which order"): a number imported into one platform must first have its inbound
/// webhook pointed there at the carrier that owns it, and pointed back when it leaves.
///
/// The resource's platform declares it in its rules (`ResourceRules.companion`); the applier runs it on the
/// connection the workspace resolves for the account (`CompanionResolver`); state keeps what it changed
/// (`StateSnapshot.companions`) until it is put back. The reconciler names no platform: it only follows these rules.
public struct CompanionRule: Sendable {
    /// The type of the platform that does the work.
    public var platformType: PlatformType
    /// What the work is, in words for the plan (`inbound webhook`).
    public var purpose: String
    /// The setting it changes at the companion platform, as the plan names it (`smsUrl`).
    public var setting: Field
    /// The resource whose fields name the account and its credential (a number's integration).
    public var through: ResourceRules.Reference
    /// The field of that resource holding the account.
    public var accountField: Field
    /// The secret field of that resource used to reach the account when no connection serves it.
    public var credentialField: Field
    /// The boolean field of that resource: while it is off, the work is undone (pointed back); on, done again.
    public var activationField: Field?
    /// The path of the plan's field that shows this work for `subject` (`twilio.+14155550123.smsUrl`).
    public func path(_ subject: String) -> String { "\(platformType.rawValue).\(subject).\(setting.path)" }

    /// The value the subject is pointed at, from the resource's attributes and those of the resource it goes
    /// through; nil when none can be had (the plan then fails the change).
    public var value: @Sendable (_ resource: [String: Value], _ through: [String: Value]) -> String?

    /// Creates a rule.
    public init(
        platformType: PlatformType, purpose: String, setting: Field, through: ResourceRules.Reference,
        accountField: Field,
        credentialField: Field, activationField: Field? = nil,
        value: @escaping @Sendable (_ resource: [String: Value], _ through: [String: Value]) -> String?
    ) {
        self.platformType = platformType
        self.purpose = purpose
        self.setting = setting
        self.through = through
        self.accountField = accountField
        self.credentialField = credentialField
        self.activationField = activationField
        self.value = value
    }
}

/// One piece of companion work as the companion platform sees it: point `subject` of `account` at `value`.
public struct CompanionStep: Hashable, Sendable {
    /// What the work is (`inbound webhook`).
    public var purpose: String
    /// The account at the companion platform (a Twilio account SID).
    public var account: String
    /// What is pointed: the resource's natural key (a phone number or a short code).
    public var subject: String
    /// Where it is pointed.
    public var value: String
    /// The resource the work is for (named in errors and findings).
    public var address: Address

    /// Creates a step.
    public init(purpose: String, account: String, subject: String, value: String, address: Address) {
        self.purpose = purpose
        self.account = account
        self.subject = subject
        self.value = value
        self.address = address
    }
}

/// What a companion platform found for a step before doing it.
public struct CompanionObservation: Hashable, Sendable {
    /// The subject's id at the companion platform.
    public var remoteId: String
    /// Its current setting, as the companion platform will take it back in `detach` (no secret).
    public var current: [String: Value]
    /// True when the current setting already is the step's value (then `current` is no setting to go back to).
    public var attached: Bool
    /// Consequences for others that attaching has (a shared setting it changes), to show before the apply.
    public var findings: [Finding]

    /// Creates an observation.
    public init(remoteId: String, current: [String: Value], attached: Bool, findings: [Finding] = []) {
        self.remoteId = remoteId
        self.current = current
        self.attached = attached
        self.findings = findings
    }
}

/// A platform that does companion work for resources of other platforms.
public protocol CompanionPlatform: Platform {
    /// Finds the subject and reads its current setting.
    /// - Throws: `PlatformError` (code `companion.not-found` when the account does not hold the subject, naming the
    ///   account).
    func inspect(_ step: CompanionStep) async throws -> CompanionObservation

    /// Points the subject at `step.value` (and whatever must change with it for the value to take effect).
    /// - Throws: `PlatformError`.
    func attach(_ step: CompanionStep) async throws

    /// Points the subject back at `previous`, as `inspect` read it before the first attach; with an empty
    /// `previous` (nothing known), points it away from `step.value` at nothing.
    /// - Throws: `PlatformError`.
    func detach(_ step: CompanionStep, previous: [String: Value]) async throws

    /// Findings about the account itself (a setting the resource's platform does not support).
    /// - Throws: `PlatformError`.
    func accountFindings(account: String, address: Address) async throws -> [Finding]

    /// The same platform (endpoint, transport, tuning) acting for `account` with its own `credential`.
    func acting(for account: String, credential: String) -> any CompanionPlatform
}

/// What state remembers of companion work done for one resource, until it is put back.
public struct CompanionRecord: Hashable, Sendable, Codable {
    /// The type of the platform that did it.
    public var platformType: PlatformType
    /// The connection of the resource the work is for (where its companion is resolved from).
    public var connection: String
    /// What the work is.
    public var purpose: String
    /// The resource it went through (the integration naming the account).
    public var through: Address
    /// The account at the companion platform.
    public var account: String
    /// The subject (phone number or short code).
    public var subject: String
    /// The value it was pointed at.
    public var value: String
    /// The subject's setting before Switchboard first pointed it; nil when it already held `value` then (nothing
    /// known to restore).
    public var previous: [String: Value]?
    /// True while the subject is pointed at `value`.
    public var attached: Bool
    /// Where the account's credential is read from (a reference, never the value), for putting the subject back
    /// after the resource naming the account is gone.
    public var credential: SecretRef?

    /// Creates a record.
    public init(
        platformType: PlatformType, connection: String, purpose: String, through: Address, account: String,
        subject: String, value: String, previous: [String: Value]?, attached: Bool, credential: SecretRef? = nil
    ) {
        self.platformType = platformType
        self.connection = connection
        self.purpose = purpose
        self.through = through
        self.account = account
        self.subject = subject
        self.value = value
        self.previous = previous
        self.attached = attached
        self.credential = credential
    }

    /// The step that attaches or detaches this record.
    public func step(_ address: Address) -> CompanionStep {
        CompanionStep(purpose: purpose, account: account, subject: subject, value: value, address: address)
    }
}

/// Finds the companion platform serving `account` for a resource of connection `connection`: a connection of
/// `platformType` that serves the account, else one built from the resource's own credential (`secret`, resolved
/// from the rule's `credentialField`). Supplied by the workspace. Returns nil where the resource's platform simulates
/// the companion's side itself (no companion work is done).
/// - Throws: `PlatformError` when a companion is needed and none can be had.
public typealias CompanionResolver =
    @Sendable (_ platformType: PlatformType, _ account: String, _ secret: String?, _ connection: String) throws
    -> (any CompanionPlatform)?

extension CompanionRecord {
    /// The record as a JSON value (state documents store it so).
    public var json: Value {
        var members: [String: Value] = [
            "platformType": .string(platformType.rawValue), "connection": .string(connection),
            "purpose": .string(purpose), "through": .string(through.description), "account": .string(account),
            "subject": .string(subject), "value": .string(value), "attached": .bool(attached),
        ]
        if let previous { members["previous"] = .object(previous) }
        switch credential?.source {
        case .env(let name)?: members["credential"] = ["secretEnv": .string(name)]
        case .file(let path)?: members["credential"] = ["secretFile": .string(path)]
        case nil: break
        }
        return .object(members)
    }

    /// A record read back from its JSON value; nil when a member is missing or of the wrong type.
    public init?(json v: Value) {
        guard let type = v["platformType"]?.stringValue.flatMap(PlatformType.init(rawValue:)),
            let connection = v["connection"]?.stringValue, let purpose = v["purpose"]?.stringValue,
            let through = v["through"]?.stringValue.flatMap(Address.init(parsing:)),
            let account = v["account"]?.stringValue, let subject = v["subject"]?.stringValue,
            let value = v["value"]?.stringValue, let attached = v["attached"]?.boolValue
        else { return nil }
        self.init(
            platformType: type, connection: connection, purpose: purpose, through: through, account: account,
            subject: subject, value: value, previous: v["previous"]?.objectValue, attached: attached,
            credential: (v["credential"]?["secretEnv"]?.stringValue.map { SecretRef(.env($0)) })
                ?? v["credential"]?["secretFile"]?.stringValue.map { SecretRef(.file($0)) })
    }
}
