import Foundation
import SwitchboardModel

/// A Twilio account of the sandbox: its credentials (as fingerprints) and what it holds.
///
/// An account comes to exist the first time anything names its SID (a BYO SMS or WhatsApp integration, or a request
/// to the emulator); its auth token is the first one a request presents (`SandboxWorld.authenticateTwilio`).
public struct SandboxTwilioAccount: Codable, Sendable, Hashable {
    public var sid: String
    /// `IncomingPhoneNumbers` by SID.
    public var incomingPhoneNumbers: [String: SandboxTwilioNumber] = [:]
    /// `SMS/ShortCodes` by SID (`SC...`).
    public var shortCodes: [String: SandboxTwilioShortCode] = [:]
    /// Messaging Services by SID (`MG...`).
    public var messagingServices: [String: SandboxMessagingService] = [:]
    /// Content resources by SID (`HX...`).
    public var contents: [String: SandboxTwilioContent] = [:]
    /// WhatsApp senders by SID (`XE...`).
    public var senders: [String: SandboxWhatsAppSender] = [:]
    /// The fingerprint of the primary auth token; nil until a request presents one.
    public var authTokenFingerprint: String?
    /// The secondary auth token, while one exists.
    public var secondaryAuthToken: SandboxTwilioSecondaryToken?
    /// API keys (`SK...`) to the fingerprint of their secret.
    public var apiKeys: [String: String] = [:]

    /// Creates an account.
    public init(sid: String) { self.sid = sid }

    private enum CodingKeys: String, CodingKey {
        case sid, incomingPhoneNumbers, shortCodes, messagingServices, contents, senders, authTokenFingerprint
        case secondaryAuthToken, apiKeys
    }

    /// Decodes an account; one written before short codes, services, contents, senders and credentials existed has
    /// none of them.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sid = try c.decode(String.self, forKey: .sid)
        incomingPhoneNumbers =
            try c.decodeIfPresent([String: SandboxTwilioNumber].self, forKey: .incomingPhoneNumbers) ?? [:]
        shortCodes = try c.decodeIfPresent([String: SandboxTwilioShortCode].self, forKey: .shortCodes) ?? [:]
        messagingServices =
            try c.decodeIfPresent([String: SandboxMessagingService].self, forKey: .messagingServices) ?? [:]
        contents = try c.decodeIfPresent([String: SandboxTwilioContent].self, forKey: .contents) ?? [:]
        senders = try c.decodeIfPresent([String: SandboxWhatsAppSender].self, forKey: .senders) ?? [:]
        authTokenFingerprint = try c.decodeIfPresent(String.self, forKey: .authTokenFingerprint)
        secondaryAuthToken = try c.decodeIfPresent(SandboxTwilioSecondaryToken.self, forKey: .secondaryAuthToken)
        apiKeys = try c.decodeIfPresent([String: String].self, forKey: .apiKeys) ?? [:]
    }

    /// The Messaging Service that holds the number or short code `sid`, if any (a sender is in at most one).
    public func service(holding sid: String) -> SandboxMessagingService? {
        messagingServices.values.first { $0.phoneNumbers[sid] != nil || $0.shortCodes[sid] != nil }
    }
}

/// What numbers and short codes share: a name and where their inbound messages go.
public protocol SandboxTwilioSMSSender: Sendable {
    var friendly_name: String { get set }
    var sms_url: String? { get set }
    var sms_method: String { get set }
    var sms_fallback_url: String? { get set }
    var sms_fallback_method: String? { get set }
    var date_updated: Date? { get set }
}

/// A Twilio `IncomingPhoneNumber` (`PN...`).
public struct SandboxTwilioNumber: Codable, Sendable, Hashable, SandboxTwilioSMSSender {
    public var sid: String
    public var account_sid: String
    /// E.164, or a short code's digits.
    public var phone_number: String
    public var friendly_name: String
    /// Where inbound messages go.
    public var sms_url: String?
    public var sms_method: String
    public var date_created: Date
    public var date_updated: Date?
    public var sms_fallback_url: String?
    public var sms_fallback_method: String?
    public var status_callback: String?
    public var status_callback_method: String?
    public var voice_url: String?
    public var voice_method: String?
}

/// A Twilio short code (`SC...`), `SMS/ShortCodes` of the 2010 API.
public struct SandboxTwilioShortCode: Codable, Sendable, Hashable, SandboxTwilioSMSSender {
    public var sid: String
    public var account_sid: String
    /// The 5 or 6 digits.
    public var short_code: String
    public var friendly_name: String
    public var sms_url: String?
    public var sms_method: String
    public var sms_fallback_url: String?
    public var sms_fallback_method: String?
    public var date_created: Date
    public var date_updated: Date?
}

/// An account's secondary auth token (`accounts.twilio.com/v1/AuthTokens/Secondary`): only its fingerprint is kept.
public struct SandboxTwilioSecondaryToken: Codable, Sendable, Hashable {
    public var fingerprint: String
    public var date_created: Date
}
