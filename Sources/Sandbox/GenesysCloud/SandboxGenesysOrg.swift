import Foundation
import SwitchboardModel

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
    /// Never written (a six-digit PIN's fingerprint is the PIN); read so sandbox files of earlier versions load.
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
    /// True when the activation will never finish (the `stuck-activation` fault).
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
