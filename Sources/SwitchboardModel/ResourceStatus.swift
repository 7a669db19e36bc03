/// Where an object stands in its platform's life cycle, normalized across vendors by the adapters.
///
/// State, plans and history keep it as its raw value (`active`, `awaiting-verification` ...). A status the model
/// has no name for (a vendor's own, lowercased) is kept as `other`, so reading and writing it loses nothing.
public enum ResourceStatus: Hashable, Sendable, RawRepresentable, Codable, CustomStringConvertible {
    /// Being created; the platform has not finished.
    case provisioning
    /// Activation was sent and is under way.
    case activating
    /// In service.
    case active
    /// Waiting for a verification code (`apply --verification-code`).
    case awaitingVerification
    /// Waiting for DNS records to be published.
    case awaitingDNS
    /// Accepted by the platform, not yet in service.
    case pending
    /// Created, not yet activated.
    case incomplete
    /// Exists, never activated or no longer active.
    case inactive
    /// Exists, switched off.
    case disabled
    /// Being deleted.
    case deleting
    /// The platform reports an error.
    case error
    /// Provisioning or activation failed.
    case failed
    /// A status the model has no name for, by its raw value.
    case other(String)

    /// The status named `rawValue`; `other` when the model has no name for it.
    public init(rawValue: String) {
        switch rawValue {
        case "active": self = .active
        case "provisioning": self = .provisioning
        case "activating": self = .activating
        case "awaiting-verification": self = .awaitingVerification
        case "awaiting-dns": self = .awaitingDNS
        case "pending": self = .pending
        case "incomplete": self = .incomplete
        case "inactive": self = .inactive
        case "disabled": self = .disabled
        case "deleting": self = .deleting
        case "error": self = .error
        case "failed": self = .failed
        default: self = .other(rawValue)
        }
    }

    /// The status as state and plans write it.
    public var rawValue: String {
        switch self {
        case .active: "active"
        case .provisioning: "provisioning"
        case .activating: "activating"
        case .awaitingVerification: "awaiting-verification"
        case .awaitingDNS: "awaiting-dns"
        case .pending: "pending"
        case .incomplete: "incomplete"
        case .inactive: "inactive"
        case .disabled: "disabled"
        case .deleting: "deleting"
        case .error: "error"
        case .failed: "failed"
        case .other(let raw): raw
        }
    }

    public var description: String { rawValue }

    // MARK: - Codable

    /// Decodes the raw value (a JSON string).
    /// - Throws: `DecodingError` when the value is not a string.
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the raw value as a JSON string.
    /// - Throws: whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
