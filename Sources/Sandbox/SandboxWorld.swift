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

    /// Creates an empty world.
    public init() {
        format = 1
        genesys = [:]
        dynamics = [:]
        twilio = [:]
        ledger = []
        outbox = []
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

/// One chargeable event in the sandbox's billing ledger.
public struct LedgerEntry: Codable, Sendable, Hashable {
    /// When it happened (platform time).
    public var time: Date
    /// The platform connection name.
    public var platform: String
    /// A stable event name (`whatsapp.integration.activated`).
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

// MARK: - Genesys Cloud

/// A `{id, name}` reference as Genesys Cloud writes it.
public struct SandboxRef: Codable, Sendable, Hashable {
    public var id: String
    public var name: String?

    /// Creates a reference.
    public init(id: String, name: String? = nil) {
        self.id = id
        self.name = name
    }
}

/// One Genesys Cloud organization.
public struct SandboxGenesysOrg: Codable, Sendable, Hashable {
    /// The organization id.
    public var id: String
    /// Supported content profiles by id.
    public var supportedContent: [String: SandboxSupportedContent] = [:]
    /// WhatsApp integrations by id.
    public var whatsAppIntegrations: [String: SandboxWhatsAppIntegration] = [:]
    /// BYO Twilio SMS integrations by id.
    public var integrations: [String: SandboxTwilioSMSIntegration] = [:]
    /// The SMS number inventory by id.
    public var smsPhoneNumbers: [String: SandboxSmsPhoneNumber] = [:]
    /// Agentless e-mail (campaign) domains by domain name.
    public var outboundDomains: [String: SandboxOutboundDomain] = [:]
    /// Response-management responses (messaging and e-mail templates) by id.
    public var responses: [String: SandboxResponse] = [:]
    /// Integration credentials made through the API (`/api/v2/integrations/credentials`) by id.
    public var credentials: [String: SandboxCredential]?
    /// Response Management libraries made through the API by id.
    public var libraries: [String: SandboxLibrary]?

    /// Creates an empty organization.
    public init(id: String = UUID().uuidString.lowercased()) { self.id = id }
}

/// A media type entry (`{type: image/png}`).
public struct SandboxMediaType: Codable, Sendable, Hashable {
    public var type: String
    /// Creates a media type entry.
    public init(type: String) { self.type = type }
}

/// Allowed media types by direction.
public struct SandboxMediaTypeAccess: Codable, Sendable, Hashable {
    public var inbound: [SandboxMediaType]
    public var outbound: [SandboxMediaType]
}

/// `mediaTypes` of a supported content profile.
public struct SandboxMediaTypes: Codable, Sendable, Hashable {
    public var allow: SandboxMediaTypeAccess
}

/// `SupportedContent`: which media customers and agents may send.
public struct SandboxSupportedContent: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var mediaTypes: SandboxMediaTypes
    public var version: Int
    public var dateCreated: Date
    public var dateModified: Date
    /// Sandbox-side: the content profile this one extends (Genesys Cloud has no such field).
    public var extends: String?
}

/// A WhatsApp integration, in either onboarding form.
public struct SandboxWhatsAppIntegration: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    /// `embeddedSignup` or `certificate`.
    public var onboarding: String
    /// Set at activation (embedded signup) or creation (certificate).
    public var phoneNumber: String?
    public var supportedContent: SandboxRef?
    public var whatsAppBusinessAccountId: String
    /// `Initiated`, `Completed` or `Error`.
    public var createStatus: String
    public var createError: String?
    /// `Incomplete`, `Inactive`, `Starting`, `Active`, `Failed`, `Deleting`.
    public var status: String
    /// Certificate flow: `CodeSent`, `ResendCode`, `CodeConfirmed`, `ActivationFailed`.
    public var activationStatusCode: String?
    public var activationErrorInfo: String?
    /// Certificate flow: `sms` or `voice`.
    public var verificationMethod: String?
    /// Certificate flow: when the certificate was issued.
    public var certificateIssued: Date?
    /// Certificate flow: whether `certificateIssued` came from the manifest (else assumed at creation).
    public var certificateIssuedGiven: Bool?
    /// Fingerprints of write-only secrets (never the values).
    public var embeddedSignupAccessTokenFingerprint: String?
    public var pinFingerprint: String?
    public var wabaCertificateFingerprint: String?
    /// Certificate flow: the current code (codes are the outbox's, not secrets) and its expiry.
    public var activationCode: String?
    public var activationCodeExpiresAt: Date?
    public var version: Int
    public var dateCreated: Date
    public var dateModified: Date
    /// Deadlines of the asynchronous states.
    public var createCompletesAt: Date?
    public var activeAt: Date?
    public var pendingSince: Date?
    public var deleteCompletesAt: Date?
    /// When it became Active (monthly charges run from here).
    public var activatedAt: Date?
    /// True once charges started (certificate creation, or activation).
    public var billing: Bool
    /// True when the activation will never finish (the `0196` rule).
    public var stuck: Bool
}

/// `reportedState` of an integration.
public struct SandboxReportedState: Codable, Sendable, Hashable {
    /// `ACTIVE`, `ACTIVATING`, `INACTIVE`, `DEACTIVATING`, `ERROR`.
    public var code: String
    public var effective: String
    public var detail: String?
    public var lastUpdated: Date
}

/// A BYO Twilio SMS integration (`/api/v2/integrations`) with its credential.
public struct SandboxTwilioSMSIntegration: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var integrationType: SandboxRef
    /// `ENABLED` or `DISABLED`.
    public var intendedState: String
    public var reportedState: SandboxReportedState
    public var accountSid: String
    public var region: String
    /// Where every Twilio number of this integration must send inbound messages.
    public var webhookUrl: String
    /// The credential's auth token, as a fingerprint only (empty until configured through the API).
    public var credentialFingerprint: String
    public var version: Int
    public var dateCreated: Date
    /// When `reportedState` reaches `intendedState`.
    public var settlesAt: Date?
    public var deleteCompletesAt: Date?
    /// The API credential the configuration names (integrations made through the API only).
    public var credentialId: String?
}

/// `provisioningStatus` of an SMS number: the asynchronous job to poll.
public struct SandboxProvisioningStatus: Codable, Sendable, Hashable {
    /// `Create`, `Update`, `Delete`.
    public var action: String
    /// `Running`, `Completed`, `Failed`.
    public var state: String
    public var error: String?
    public var version: Int
}

/// A keyword setting of short-code compliance.
public struct SandboxKeywordSetting: Codable, Sendable, Hashable {
    public struct Response: Codable, Sendable, Hashable {
        public var message: String
    }
    public var keyword: [String]
    public var response: Response
}

/// `Compliance` of a short code.
public struct SandboxCompliance: Codable, Sendable, Hashable {
    public var stopSettings: [SandboxKeywordSetting]
    public var optInSettings: [SandboxKeywordSetting]
    public var helpSettings: [SandboxKeywordSetting]
}

/// A number in the SMS inventory (`SmsPhoneNumber`).
public struct SandboxSmsPhoneNumber: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    /// E.164, or the short code's digits.
    public var phoneNumber: String
    /// `local`, `mobile`, `tollfree`, `shortcode`.
    public var phoneNumberType: String
    public var countryCode: String
    public var integration: SandboxRef
    /// `INITIATED`, `ACTIVE`, `INVALID`.
    public var phoneNumberStatus: String
    public var provisioningStatus: SandboxProvisioningStatus
    public var compliance: SandboxCompliance?
    public var supportedContent: SandboxRef?
    public var provisionedThroughPureCloud: Bool
    /// True while the integration is disabled: the number takes no traffic.
    public var disabledByIntegration: Bool
    /// Short codes: the lease (renewed quarterly).
    public var purchaseDate: Date?
    public var renewalDate: Date?
    public var autoRenewable: String?
    public var version: Int
    public var dateCreated: Date
    /// When the provisioning job finishes.
    public var provisioningCompletesAt: Date?
}

/// A DNS record the domain owner must publish.
public struct SandboxDNSRecord: Codable, Sendable, Hashable {
    public var host: String
    public var recordContents: String
    /// `Pending`, `Verified`, `Failed`.
    public var verificationStatus: String
}

/// An outbound (campaign) e-mail domain for agentless e-mail.
public struct SandboxOutboundDomain: Codable, Sendable, Hashable {
    /// The domain name (Genesys Cloud uses it as the id).
    public var id: String
    /// Sandbox-side: the integration's name in Switchboard.
    public var name: String
    public var senderType: String
    /// `RequestReceived`, `Provisioned`.
    public var senderStatus: String
    public var dnsCnameBounceRecord: SandboxDNSRecord
    public var dnsTxtSendingRecord: SandboxDNSRecord
    public var fromAddress: String
    public var displayName: String
    public var rateLimitPerMinute: Int
    public var enabled: Bool
    public var dateCreated: Date
    public var provisionedAt: Date?
}

/// A `MessagingTemplate` on WhatsApp.
public struct SandboxWhatsAppTemplateRef: Codable, Sendable, Hashable {
    public var name: String
    public var namespace: String?
    public var language: String
}

/// `messagingTemplate` of a response.
public struct SandboxMessagingTemplate: Codable, Sendable, Hashable {
    public var whatsApp: SandboxWhatsAppTemplateRef
}

/// A text of a response.
public struct SandboxResponseText: Codable, Sendable, Hashable {
    public var content: String
    public var contentType: String
    /// `subject` or `body` for e-mail templates.
    public var type: String?
}

/// A response-management response: one per WhatsApp template language, or one e-mail template.
public struct SandboxResponse: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    /// `MessagingTemplate` or `CampaignEmailTemplate`.
    public var responseType: String
    public var texts: [SandboxResponseText]
    public var messagingTemplate: SandboxMessagingTemplate?
    /// Sandbox-side: the Switchboard template this response belongs to, its category and default language.
    public var template: String
    public var category: String?
    public var defaultLanguage: String?
    public var agentless: Bool
    public var dateCreated: Date
    /// The libraries the response is filed in (responses made through the API).
    public var libraryIds: [String]?
    /// The API's optimistic-concurrency version (nil: 1).
    public var version: Int?
}

/// An integration credential made through the API; its field values are kept as fingerprints only.
public struct SandboxCredential: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    /// The credential type's name (`twilio`).
    public var typeName: String
    /// Fingerprints of the field values by field name (never the values).
    public var fieldFingerprints: [String: String]

    /// Creates a credential.
    public init(id: String, name: String, typeName: String, fieldFingerprints: [String: String]) {
        self.id = id
        self.name = name
        self.typeName = typeName
        self.fieldFingerprints = fieldFingerprints
    }
}

/// A Response Management library.
public struct SandboxLibrary: Codable, Sendable, Hashable {
    public var id: String
    public var name: String

    /// Creates a library.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

// MARK: - Dynamics 365

/// One Dynamics 365 environment (Dataverse tables).
public struct SandboxDynamicsOrg: Codable, Sendable, Hashable {
    /// The environment's host label, used in the generated inbound URL.
    public var environment: String
    /// `msdyn_ocwhatsappchannelaccount` rows by id.
    public var whatsAppAccounts: [String: SandboxDynamicsWhatsAppAccount] = [:]
    /// `msdyn_ocwhatsappchannelnumber` rows by id.
    public var whatsAppNumbers: [String: SandboxDynamicsWhatsAppNumber] = [:]
    /// `msdyn_liveworkstream` rows by id.
    public var workstreams: [String: SandboxDynamicsWorkstream] = [:]
    /// `msdyn_ocsystemmessage` rows (message templates) by id.
    public var systemMessages: [String: SandboxDynamicsSystemMessage] = [:]

    /// Creates an empty environment.
    public init(environment: String) { self.environment = environment }
}

/// `msdyn_ocwhatsappchannelaccount`: a Twilio account for WhatsApp.
public struct SandboxDynamicsWhatsAppAccount: Codable, Sendable, Hashable {
    public var msdyn_ocwhatsappchannelaccountid: String
    public var msdyn_name: String
    public var msdyn_provideraccountid: String
    /// The auth token as a fingerprint only (`msdyn_authenticationtoken` is write-only).
    public var authenticationTokenFingerprint: String
    /// Generated by Dynamics: configure it at Twilio.
    public var msdyn_twilioinboundurl: String
    public var statecode: Int
    public var createdon: Date
}

/// `msdyn_ocwhatsappchannelnumber`: a WhatsApp number (channel instance).
public struct SandboxDynamicsWhatsAppNumber: Codable, Sendable, Hashable {
    public var msdyn_ocwhatsappchannelnumberid: String
    public var msdyn_name: String
    public var msdyn_organizationphonenumber: String
    public var msdyn_ocwhatsappaccountid: String
    /// Set when a workstream takes the number.
    public var msdyn_liveworkstreamid: String?
    public var msdyn_ocwidgetlanguage: String?
    public var msdyn_enablefileattachmentsforcustomers: Bool
    public var msdyn_enablefileattachmentsforagents: Bool
    /// Sandbox-side: the Switchboard country and content profile, kept for reading back.
    public var country: String?
    public var createdon: Date
}

/// `msdyn_liveworkstream`: routing for a channel.
public struct SandboxDynamicsWorkstream: Codable, Sendable, Hashable {
    public var msdyn_liveworkstreamid: String
    public var msdyn_name: String
    /// 192300000 WhatsApp, 192340000 SMS, 192350002 custom.
    public var msdyn_streamsource: Int
    /// 717210001 simplified.
    public var msdyn_mode: Int
    /// Sandbox-side: the numbers and templates in manifest order.
    public var numberIds: [String]
    public var templateIds: [String]
    public var language: String
    public var createdon: Date
}

/// `msdyn_oclocalizationdata`: a template's text in one language.
public struct SandboxDynamicsLocalization: Codable, Sendable, Hashable {
    public var msdyn_oclocalizationdataid: String
    public var msdyn_languagecode: String
    public var msdyn_localizedtext: String
    public var msdyn_isdefault: Bool
}

/// `msdyn_ocsystemmessage` of type 3: a WhatsApp message template (Twilio Content approval included).
public struct SandboxDynamicsSystemMessage: Codable, Sendable, Hashable {
    public var msdyn_ocsystemmessageid: String
    public var msdyn_name: String
    /// 3 = message template.
    public var msdyn_messagetype: Int
    public var msdyn_streamsource: Int
    public var msdyn_defaultlanguage: String?
    public var msdyn_messagetext: String
    public var localizations: [SandboxDynamicsLocalization]
    /// Twilio Content approval: `received` then `approved`.
    public var approvalStatus: String
    public var category: String?
    public var namespace: String?
    public var channel: String
    public var subject: String?
    public var body: String?
    public var agentless: Bool
    public var approvedAt: Date?
    public var createdon: Date
}

// MARK: - Twilio

/// A Twilio account's inventory.
public struct SandboxTwilioAccount: Codable, Sendable, Hashable {
    public var sid: String
    /// `IncomingPhoneNumbers` by SID.
    public var incomingPhoneNumbers: [String: SandboxTwilioNumber] = [:]

    /// Creates an account.
    public init(sid: String) { self.sid = sid }
}

/// A Twilio `IncomingPhoneNumber` (`PN...`).
public struct SandboxTwilioNumber: Codable, Sendable, Hashable {
    public var sid: String
    public var account_sid: String
    /// E.164, or a short code's digits.
    public var phone_number: String
    public var friendly_name: String
    /// Where inbound messages go.
    public var sms_url: String?
    public var sms_method: String
    public var date_created: Date
}
