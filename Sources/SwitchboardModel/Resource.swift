/// Where a secret's value comes from. The value itself is never part of the model.
public enum SecretSource: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `{secretEnv: NAME}`.
    case env(String)
    /// `{secretFile: path}`; the path is already resolved against the manifest's directory.
    case file(String)

    public var description: String {
        switch self {
        case .env(let n): "secretEnv \(n)"
        case .file(let p): "secretFile \(p)"
        }
    }
}

/// A reference to a secret in a manifest, with where it was written.
public struct SecretRef: Hashable, Sendable, Codable {
    public var source: SecretSource
    public var location: SourceLocation?

    /// Creates a secret reference.
    public init(_ source: SecretSource, location: SourceLocation? = nil) {
        self.source = source
        self.location = location
    }
}

/// One desired resource: a validated manifest document of a resource kind.
public struct Resource: Hashable, Sendable, Codable {
    public var address: Address
    /// The name of the platform connection (a key of `Project.platforms`).
    public var platform: String
    public var labels: [String: String]
    public var protect: Bool
    /// Where the document starts.
    public var location: SourceLocation?
    public var spec: ResourceSpec

    /// Creates a resource.
    public init(
        address: Address, platform: String, labels: [String: String] = [:], protect: Bool = false,
        location: SourceLocation? = nil, spec: ResourceSpec
    ) {
        self.address = address
        self.platform = platform
        self.labels = labels
        self.protect = protect
        self.location = location
        self.spec = spec
    }

    public var name: String { address.name }
    public var kind: Kind { address.kind }
}

/// The typed spec of each resource kind.
///
/// Indirect: each payload lives in a box of its own, so copying a `Resource` (into a planned change, a sorted set)
/// retains one object instead of every field of the spec.
public indirect enum ResourceSpec: Hashable, Sendable, Codable {
    case contentProfile(ContentProfileSpec)
    case integration(IntegrationSpec)
    case number(NumberSpec)
    case template(TemplateSpec)
    case workstream(WorkstreamSpec)
}

/// Which media customers and agents may send.
public struct ContentProfileSpec: Hashable, Sendable, Codable {
    public var inbound: [String]
    public var outbound: [String]
    /// Another content profile whose media types this one inherits.
    public var extends: String?

    public init(inbound: [String], outbound: [String], extends: String? = nil) {
        self.inbound = inbound
        self.outbound = outbound
        self.extends = extends
    }
}

/// The four integration types.
public enum IntegrationType: String, Hashable, Sendable, Codable, CaseIterable {
    case whatsapp
    case twilioSMS = "twilio-sms"
    case twilioWhatsApp = "twilio-whatsapp"
    case agentlessEmail = "agentless-email"
}

/// A connection to a messaging channel.
public enum IntegrationSpec: Hashable, Sendable, Codable {
    case whatsapp(WhatsAppIntegration)
    case twilioSMS(TwilioSMSIntegration)
    case twilioWhatsApp(TwilioWhatsAppIntegration)
    case agentlessEmail(AgentlessEmailIntegration)

    public var type: IntegrationType {
        switch self {
        case .whatsapp: .whatsapp
        case .twilioSMS: .twilioSMS
        case .twilioWhatsApp: .twilioWhatsApp
        case .agentlessEmail: .agentlessEmail
        }
    }
}

/// A WhatsApp integration on Genesys Cloud.
public struct WhatsAppIntegration: Hashable, Sendable, Codable {
    public var phoneNumber: String
    public var onboarding: WhatsAppOnboarding
    public var contentProfile: String?
    public var enabled: Bool

    public init(phoneNumber: String, onboarding: WhatsAppOnboarding, contentProfile: String? = nil, enabled: Bool = true) {
        self.phoneNumber = phoneNumber
        self.onboarding = onboarding
        self.contentProfile = contentProfile
        self.enabled = enabled
    }
}

/// How a WhatsApp integration is onboarded.
public enum WhatsAppOnboarding: Hashable, Sendable, Codable {
    /// Meta embedded signup, then activation with the two-step verification PIN.
    case embeddedSignup(token: SecretRef, pin: SecretRef)
    /// The deprecated certificate flow: a code by SMS or voice confirms activation.
    case certificate(certificate: SecretRef, issued: String?, verification: VerificationMethod)

    /// The onboarding forms, by the name manifests and attributes give them.
    public enum Form: String, Hashable, Sendable {
        case embeddedSignup, certificate
    }

    /// Which form this is.
    public var form: Form {
        switch self {
        case .embeddedSignup: .embeddedSignup
        case .certificate: .certificate
        }
    }

    /// The form's name (`embeddedSignup`, `certificate`).
    public var formName: String { form.rawValue }
}

/// How a WhatsApp activation code reaches the phone.
public enum VerificationMethod: String, Hashable, Sendable, Codable {
    case sms, voice
}

/// A BYO Twilio SMS integration on Genesys Cloud.
public struct TwilioSMSIntegration: Hashable, Sendable, Codable {
    public var accountSid: String
    public var authToken: SecretRef
    public var region: String
    public var enabled: Bool

    public init(accountSid: String, authToken: SecretRef, region: String, enabled: Bool = true) {
        self.accountSid = accountSid
        self.authToken = authToken
        self.region = region
        self.enabled = enabled
    }
}

/// WhatsApp via Twilio on Dynamics 365.
public struct TwilioWhatsAppIntegration: Hashable, Sendable, Codable {
    public var accountSid: String
    public var authToken: SecretRef

    public init(accountSid: String, authToken: SecretRef) {
        self.accountSid = accountSid
        self.authToken = authToken
    }
}

/// Agentless e-mail from a campaign sub-domain on Genesys Cloud.
public struct AgentlessEmailIntegration: Hashable, Sendable, Codable {
    public var domain: String
    public var fromAddress: String
    public var displayName: String
    public var rateLimitPerMinute: Int
    public var enabled: Bool

    public init(domain: String, fromAddress: String, displayName: String, rateLimitPerMinute: Int = 600, enabled: Bool = true) {
        self.domain = domain
        self.fromAddress = fromAddress
        self.displayName = displayName
        self.rateLimitPerMinute = rateLimitPerMinute
        self.enabled = enabled
    }
}

/// Kinds of sender number.
public enum NumberType: String, Hashable, Sendable, Codable, CaseIterable {
    case local, mobile, tollfree, shortcode, whatsapp
}

/// A keyword rule of short-code compliance.
public struct ComplianceRule: Hashable, Sendable, Codable {
    public var keywords: [String]
    public var message: String

    public init(keywords: [String], message: String) {
        self.keywords = keywords
        self.message = message
    }
}

/// Short-code compliance keywords.
public struct Compliance: Hashable, Sendable, Codable {
    public var help: ComplianceRule
    public var optOut: ComplianceRule
    public var optIn: ComplianceRule

    public init(help: ComplianceRule, optOut: ComplianceRule, optIn: ComplianceRule) {
        self.help = help
        self.optOut = optOut
        self.optIn = optIn
    }
}

/// A sender in a number inventory.
public struct NumberSpec: Hashable, Sendable, Codable {
    public var integration: String
    public var type: NumberType
    public var phoneNumber: String?
    public var shortcode: String?
    public var country: String?
    public var contentProfile: String?
    public var compliance: Compliance?

    public init(
        integration: String, type: NumberType, phoneNumber: String? = nil, shortcode: String? = nil,
        country: String? = nil, contentProfile: String? = nil, compliance: Compliance? = nil
    ) {
        self.integration = integration
        self.type = type
        self.phoneNumber = phoneNumber
        self.shortcode = shortcode
        self.country = country
        self.contentProfile = contentProfile
        self.compliance = compliance
    }

    /// The natural key the platform knows the number by.
    public var sender: String { phoneNumber ?? shortcode ?? "" }
}

/// Template channels.
public enum TemplateChannel: String, Hashable, Sendable, Codable {
    case whatsapp, email
}

/// WhatsApp template categories.
public enum TemplateCategory: String, Hashable, Sendable, Codable, CaseIterable {
    case utility, marketing, authentication
}

/// A pre-approved outbound message.
public struct TemplateSpec: Hashable, Sendable, Codable {
    public var channel: TemplateChannel
    public var category: TemplateCategory?
    public var namespace: String?
    public var defaultLanguage: String?
    /// Language -> text, sorted by language.
    public var localizations: [Localization]
    public var subject: String?
    public var body: String?
    /// True when agentless notifications use this template (usage-based charges).
    public var agentless: Bool

    public init(
        channel: TemplateChannel, category: TemplateCategory? = nil, namespace: String? = nil,
        defaultLanguage: String? = nil, localizations: [Localization] = [], subject: String? = nil,
        body: String? = nil, agentless: Bool = false
    ) {
        self.channel = channel
        self.category = category
        self.namespace = namespace
        self.defaultLanguage = defaultLanguage
        self.localizations = localizations
        self.subject = subject
        self.body = body
        self.agentless = agentless
    }
}

/// The approved text of a template in one language.
public struct Localization: Hashable, Sendable, Codable {
    public var language: String
    public var text: String

    public init(language: String, text: String) {
        self.language = language
        self.text = text
    }
}

/// Which parties may send file attachments.
public struct FileAttachments: Hashable, Sendable, Codable {
    public var customer: Bool
    public var agent: Bool

    public init(customer: Bool = false, agent: Bool = false) {
        self.customer = customer
        self.agent = agent
    }
}

/// Messaging channels a workstream routes.
public enum Channel: String, Hashable, Sendable, Codable, CaseIterable {
    case whatsapp, sms, email
}

/// Routing for a channel (Dynamics 365 workstream).
public struct WorkstreamSpec: Hashable, Sendable, Codable {
    public var channel: Channel
    public var numbers: [String]
    public var language: String
    public var fileAttachments: FileAttachments
    public var templates: [String]

    public init(
        channel: Channel, numbers: [String], language: String, fileAttachments: FileAttachments = .init(),
        templates: [String] = []
    ) {
        self.channel = channel
        self.numbers = numbers
        self.language = language
        self.fileAttachments = fileAttachments
        self.templates = templates
    }
}
