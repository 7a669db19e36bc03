import Foundation
import SwitchboardModel
import SwitchboardCrypto

/// Everything the simulated platforms hold: Genesys Cloud organizations and Dynamics 365 environments (by platform
/// connection name), Twilio accounts (by account SID), the billing ledger and the verification-code outbox.
///
/// A Codable value: `SandboxStore` persists it as `.switchboard/sandbox.json`. Time-derived states are computed
/// from stored timestamps by `advance(to:)`, which every read through the store runs first.
public struct SandboxWorld: Codable, Sendable, Hashable {
    /// The file format.
    public var format: Int
    /// Genesys Cloud organizations by platform connection name.
    public var genesys: [String: SandboxGenesysOrg]
    /// Dynamics 365 environments by platform connection name.
    public var dynamics: [String: SandboxDynamicsOrg]
    /// Twilio accounts by account SID.
    public var twilio: [String: SandboxTwilioAccount]
    /// Every chargeable event, in the order it happened.
    public var ledger: [LedgerEntry]
    /// Verification codes sent by SMS or voice.
    public var outbox: [OutboxMessage]
    /// The failures injected on purpose (`switchboard sandbox fault add`), in the order they were added.
    public var faults: [SandboxFault]
    /// Seconds `switchboard sandbox advance` moved the sandbox's time forward, added to its clock.
    public var clockOffset: TimeInterval

    /// Creates an empty world.
    public init() {
        format = 1
        genesys = [:]
        dynamics = [:]
        twilio = [:]
        ledger = []
        outbox = []
        faults = []
        clockOffset = 0
    }

    private enum CodingKeys: String, CodingKey {
        case format, genesys, dynamics, twilio, ledger, outbox, faults, clockOffset
    }

    /// Decodes a world; a file written before faults and `advance` existed has none of either.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(Int.self, forKey: .format)
        genesys = try c.decode([String: SandboxGenesysOrg].self, forKey: .genesys)
        dynamics = try c.decode([String: SandboxDynamicsOrg].self, forKey: .dynamics)
        twilio = try c.decode([String: SandboxTwilioAccount].self, forKey: .twilio)
        ledger = try c.decode([LedgerEntry].self, forKey: .ledger)
        outbox = try c.decode([OutboxMessage].self, forKey: .outbox)
        faults = try c.decodeIfPresent([SandboxFault].self, forKey: .faults) ?? []
        clockOffset = try c.decodeIfPresent(TimeInterval.self, forKey: .clockOffset) ?? 0
    }

    /// The fingerprint the sandbox stores instead of a secret value: `hmac-sha256:<hex>` under a fixed sandbox key.
    public static func fingerprint(_ secret: String) -> String {
        let mac = Digest.hmacSHA256(key: Array("switchboard-sandbox".utf8), message: Array(secret.utf8))
        return "hmac-sha256:" + Digest.hex(mac)
    }

    /// A new Genesys-style id (a lowercase UUID).
    static func newId() -> String { UUID().uuidString.lowercased() }

    /// A new id made of `prefix` and 32 hex digits (Twilio SIDs).
    static func newSid(_ prefix: String) -> String {
        prefix + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// A random string of `count` decimal digits.
    static func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(Int.random(in: 0...9))) })
    }
}

// MARK: - Ledger and outbox

/// How a chargeable event is billed.
public enum LedgerBilling: String, Codable, Sendable, Hashable {
    /// A recurring charge starts (or is definite).
    case monthly
    /// Charges per use start being possible.
    case usage
    /// A single charge (a billing minimum).
    case oneTime = "one-time"
}

/// Every kind of chargeable event the sandbox's ledger can record, each a charge the vendor's documents describe,
/// and each announced by a billing finding on the change that causes it (DESIGN.md 5.1, "no charge without a
/// finding"; docs/sandbox.md lists where each comes from).
public enum LedgerEvent: String, CaseIterable, Codable, Sendable {
    /// A WhatsApp integration created with a certificate (the deprecated flow): the vendor says fees may start at
    /// once. Announced by `billing.whatsapp-certificate`.
    case whatsAppCreated = "whatsapp.integration.created"
    /// A WhatsApp integration becomes active: monthly charges start. Announced by `billing.whatsapp-monthly`.
    case whatsAppActivated = "whatsapp.integration.activated"
    /// A WhatsApp integration that has been active is deleted: a full month is billed. Announced by
    /// `billing.whatsapp-minimum`.
    case whatsAppDeleted = "whatsapp.integration.deleted"
    /// An agentless e-mail domain is set up: messages sent from it are charged. Announced by `billing.usage`.
    case agentlessEmail = "email.agentless.enabled"
}

/// One chargeable event in the sandbox's billing ledger.
public struct LedgerEntry: Codable, Sendable, Hashable {
    /// When it happened (platform time).
    public var time: Date
    /// The platform connection name.
    public var platform: String
    /// A stable event name (`whatsapp.integration.activated`; a `LedgerEvent`).
    public var event: String
    /// The remote id of the object charged for.
    public var objectId: String
    /// A sentence saying what is charged.
    public var description: String
    /// How it is billed.
    public var billing: LedgerBilling

    /// Creates a ledger entry.
    public init(time: Date, platform: String, event: String, objectId: String, description: String, billing: LedgerBilling) {
        self.time = time
        self.platform = platform
        self.event = event
        self.objectId = objectId
        self.description = description
        self.billing = billing
    }
}

/// How a verification code reaches a phone.
public enum OutboxChannel: String, Codable, Sendable, Hashable {
    case sms, voice
}

/// A verification code the sandbox "sent" to a phone.
public struct OutboxMessage: Codable, Sendable, Hashable {
    /// When it was sent.
    public var time: Date
    /// The phone number it went to.
    public var to: String
    /// SMS or voice.
    public var channel: OutboxChannel
    /// The six-digit code.
    public var code: String
    /// When the code stops being accepted (10 minutes after sending).
    public var expiresAt: Date
    /// The WhatsApp integration it activates.
    public var integrationId: String

    /// Creates an outbox message.
    public init(time: Date, to: String, channel: OutboxChannel, code: String, expiresAt: Date, integrationId: String) {
        self.time = time
        self.to = to
        self.channel = channel
        self.code = code
        self.expiresAt = expiresAt
        self.integrationId = integrationId
    }
}

// MARK: - Rules every vendor shares

extension SandboxWorld {
    /// Records a chargeable event of connection `platform` in the ledger.
    mutating func charge(
        _ platform: String, _ event: LedgerEvent, _ id: String, _ text: String, _ billing: LedgerBilling, _ time: Date
    ) {
        ledger.append(LedgerEntry(
            time: time, platform: platform, event: event.rawValue, objectId: id, description: text, billing: billing))
    }

    /// `not.found` (404) for the object `id` of kind `what`.
    static func notFound(_ what: String, _ id: String) -> PlatformError {
        PlatformError.sandbox("not.found", "\(what) '\(id)' was not found", status: 404)
    }
}

extension PlatformError {
    /// A sandbox error with a Genesys-like code and HTTP status.
    static func sandbox(_ code: String, _ message: String, status: Int = 400, retryable: Bool = false) -> PlatformError {
        PlatformError(code: code, message: message, status: status, retryable: retryable)
    }
}
