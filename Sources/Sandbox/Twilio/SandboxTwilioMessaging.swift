import Foundation
import SwitchboardModel

/// A Messaging Service (`MG...`, `messaging.twilio.com/v1/Services`) and the senders in its pool.
public struct SandboxMessagingService: Codable, Sendable, Hashable {
    public var sid: String
    public var account_sid: String
    public var friendly_name: String
    /// Where the service sends inbound messages, unless it defers to the sender's webhook.
    public var inbound_request_url: String?
    public var inbound_method: String
    public var fallback_url: String?
    public var fallback_method: String
    public var status_callback: String?
    public var sticky_sender: Bool
    /// "Defer to sender's webhook": a number's own `SmsUrl` receives its inbound messages.
    public var use_inbound_webhook_on_number: Bool
    public var usecase: String
    public var date_created: Date
    public var date_updated: Date
    /// Numbers in the pool: `PN...` to when each was added.
    public var phoneNumbers: [String: Date]
    /// Short codes in the pool: `SC...` to when each was added.
    public var shortCodes: [String: Date]
}

/// A WhatsApp sender (`XE...`, `messaging.twilio.com/v2/Channels/Senders`).
public struct SandboxWhatsAppSender: Codable, Sendable, Hashable {
    public var sid: String
    public var account_sid: String
    /// `whatsapp:+E164`.
    public var sender_id: String
    /// `CREATING` until provisioning finishes, then `ONLINE`.
    public var status: String
    /// When `CREATING` turns `ONLINE`.
    public var onlineAt: Date?
    public var waba_id: String?
    public var profile_name: String?
    public var callback_url: String?
    public var callback_method: String?
    public var fallback_url: String?
    public var fallback_method: String?
    public var status_callback_url: String?
    public var status_callback_method: String?
    public var date_created: Date
}
