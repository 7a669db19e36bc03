/// The name of a resource attribute, or a dotted path into one (`onboarding.pin`).
///
/// Every field is spelled once, in the table below: the model's attribute view, the adapters' read-backs and the
/// platforms' rules all name it through this table, so a field cannot be spelled one way in one place and another
/// way in the next. Plans and state keep the spelling (`FieldChange.path`, attribute keys) as it always was.
public struct Field: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The dotted path (`phoneNumber`, `onboarding.pin`).
    public let path: String

    /// A field by its path. Prefer the named fields below; this is for paths read from plans and state.
    public init(_ path: String) { self.path = path }

    /// The top-level attribute the path lies in (`onboarding` for `onboarding.pin`).
    public var top: Field {
        guard let dot = path.firstIndex(of: ".") else { return self }
        return Field(String(path[..<dot]))
    }

    /// `parent.child`: the member `child` inside the object at `parent`.
    public static func + (parent: Field, child: Field) -> Field { Field(parent.path + "." + child.path) }

    public static func < (a: Field, b: Field) -> Bool { a.path < b.path }

    public var description: String { path }
}

// MARK: - The table

extension Field {
    // Every resource, and what the planner adds to a change.
    /// An integration's or a number's type (`whatsapp`, `local` ...).
    public static let type = Field("type")
    /// Whether the object is switched on.
    public static let enabled = Field("enabled")
    /// The platform connection a resource lives on (a change of it replaces the resource).
    public static let platform = Field("platform")
    /// The platform's status (the planner's activation change).
    public static let status = Field("status")
    /// A resource's metadata (`metadata.protect`, `metadata.labels`).
    public static let metadata = Field("metadata")
    /// Member of `metadata`: protected from delete and replace.
    public static let protect = Field("protect")
    /// Member of `metadata`: the labels.
    public static let labels = Field("labels")

    // ContentProfile.
    /// Media types customers may send.
    public static let inbound = Field("inbound")
    /// Media types agents may send.
    public static let outbound = Field("outbound")
    /// The content profile this one inherits from.
    public static let extends = Field("extends")

    // Integrations.
    /// The phone number (WhatsApp integration, number).
    public static let phoneNumber = Field("phoneNumber")
    /// The content profile referred to (WhatsApp integration, number).
    public static let contentProfile = Field("contentProfile")
    /// How a WhatsApp integration is onboarded (an object).
    public static let onboarding = Field("onboarding")
    /// Member of `onboarding`: `embeddedSignup` or `certificate`.
    public static let form = Field("form")
    /// Member of `onboarding`: how the activation code is sent.
    public static let verification = Field("verification")
    /// Member of `onboarding`: the day the certificate was issued.
    public static let certificateIssued = Field("certificateIssued")
    /// Member of `onboarding` (secret): the Meta embedded signup token.
    public static let embeddedSignupToken = Field("embeddedSignupToken")
    /// Member of `onboarding` (secret): the two-step verification PIN.
    public static let pin = Field("pin")
    /// Member of `onboarding` (secret): the WhatsApp certificate.
    public static let certificate = Field("certificate")
    /// A Twilio account SID.
    public static let accountSid = Field("accountSid")
    /// A Twilio auth token (secret).
    public static let authToken = Field("authToken")
    /// A Twilio SMS integration's region.
    public static let region = Field("region")
    /// An agentless e-mail sending domain.
    public static let domain = Field("domain")
    /// An agentless e-mail from address.
    public static let fromAddress = Field("fromAddress")
    /// An agentless e-mail display name.
    public static let displayName = Field("displayName")
    /// An agentless e-mail sending rate.
    public static let rateLimitPerMinute = Field("rateLimitPerMinute")

    // Numbers.
    /// The integration a number is imported into.
    public static let integration = Field("integration")
    /// A short code.
    public static let shortcode = Field("shortcode")
    /// A number's country.
    public static let country = Field("country")
    /// Short-code compliance keywords (an object).
    public static let compliance = Field("compliance")
    /// Member of `compliance`: the HELP rule.
    public static let help = Field("help")
    /// Member of `compliance`: the STOP rule.
    public static let optOut = Field("optOut")
    /// Member of `compliance`: the START rule.
    public static let optIn = Field("optIn")
    /// Member of a compliance rule: its keywords.
    public static let keywords = Field("keywords")
    /// Member of a compliance rule: its answer.
    public static let message = Field("message")

    // Templates.
    /// A template's or a workstream's channel.
    public static let channel = Field("channel")
    /// A WhatsApp template's category.
    public static let category = Field("category")
    /// A WhatsApp template's namespace.
    public static let namespace = Field("namespace")
    /// A WhatsApp template's default language.
    public static let defaultLanguage = Field("defaultLanguage")
    /// A WhatsApp template's texts by language (an object).
    public static let localizations = Field("localizations")
    /// An e-mail template's subject.
    public static let subject = Field("subject")
    /// An e-mail template's body.
    public static let body = Field("body")
    /// True when agentless notifications use the template.
    public static let agentless = Field("agentless")

    // Workstreams.
    /// The numbers a workstream routes.
    public static let numbers = Field("numbers")
    /// A workstream's language.
    public static let language = Field("language")
    /// Who may send file attachments (an object).
    public static let fileAttachments = Field("fileAttachments")
    /// Member of `fileAttachments`: customers.
    public static let customer = Field("customer")
    /// Member of `fileAttachments`: agents.
    public static let agent = Field("agent")
    /// The templates a workstream uses.
    public static let templates = Field("templates")

    // Paths.
    /// `onboarding.form`.
    public static let onboardingForm = onboarding + form
    /// `onboarding.certificateIssued`.
    public static let onboardingCertificateIssued = onboarding + certificateIssued
    /// `onboarding.embeddedSignupToken` (secret).
    public static let onboardingEmbeddedSignupToken = onboarding + embeddedSignupToken
    /// `onboarding.pin` (secret).
    public static let onboardingPin = onboarding + pin
    /// `onboarding.certificate` (secret).
    public static let onboardingCertificate = onboarding + certificate
    /// `metadata.protect`.
    public static let metadataProtect = metadata + protect
    /// `metadata.labels`.
    public static let metadataLabels = metadata + labels
}

// MARK: - Reading and writing by field

extension Dictionary where Key == String {
    /// The entry for `field` (its whole path: a top-level attribute, a member name, or a flattened path).
    public subscript(_ field: Field) -> Value? {
        get { self[field.path] }
        set { self[field.path] = newValue }
    }
}

extension Dictionary where Key == String, Value == SwitchboardModel.Value {
    /// The value at `field`'s dotted path inside nested objects (`onboarding.form`).
    public func value(at field: Field) -> SwitchboardModel.Value? {
        guard let dot = field.path.firstIndex(of: ".") else { return self[field.path] }
        return self[String(field.path[..<dot])]?[path: String(field.path[field.path.index(after: dot)...])]
    }
}

extension Value {
    /// An object of `members`, keyed by the fields' paths (built straight into the object: attributes are made
    /// for every resource of a plan, several times).
    public static func members(_ members: KeyValuePairs<Field, Value>) -> Value {
        .object(Dictionary(uniqueKeysWithValues: members.lazy.map { ($0.key.path, $0.value) }))
    }

    /// The member `field` of an object value; nil for a missing member or a value that is not an object.
    public subscript(_ field: Field) -> Value? { objectValue?[field.path] }
}
