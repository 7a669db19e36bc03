import Foundation
import SwitchboardModel

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
