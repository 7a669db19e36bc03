import Foundation
import SwitchboardModel

/// Messaging Services and WhatsApp senders of the sandbox's Twilio accounts.
extension SandboxWorld {
    // MARK: - Messaging Services

    /// `POST /v1/Services`: a new Messaging Service with the settings of `update` (a friendly name is required).
    /// - Throws: 20001 without a friendly name, 21502 for a URL that is not http(s).
    mutating func createMessagingService(
        accountSid: String, _ update: MessagingServiceUpdate, now: Date
    ) throws -> SandboxMessagingService {
        guard let name = update.friendlyName, !name.isEmpty else {
            throw PlatformError.twilio(20001, "Missing required parameter FriendlyName in the post body")
        }
        var s = SandboxMessagingService(
            sid: Self.newSid("MG"), account_sid: accountSid, friendly_name: name, inbound_request_url: nil,
            inbound_method: "POST", fallback_url: nil, fallback_method: "POST", status_callback: nil,
            sticky_sender: true,
            use_inbound_webhook_on_number: false, usecase: "undeclared", date_created: now, date_updated: now,
            phoneNumbers: [:], shortCodes: [:])
        try update.apply(to: &s)
        withTwilio(accountSid) { $0.messagingServices[s.sid] = s }
        return s
    }

    /// `POST /v1/Services/{Sid}`: each non-nil setting of `update` replaces the service's.
    /// - Throws: 20404 for a service the account does not have; 21502 for a URL that is not http(s).
    mutating func updateMessagingService(
        accountSid: String, sid: String, _ update: MessagingServiceUpdate, now: Date
    ) throws -> SandboxMessagingService {
        var s = try messagingService(accountSid: accountSid, sid: sid)
        try update.apply(to: &s)
        s.date_updated = now
        withTwilio(accountSid) { $0.messagingServices[sid] = s }
        return s
    }

    /// `DELETE /v1/Services/{Sid}`: the service goes; its numbers stay in the account.
    /// - Throws: 20404.
    public mutating func deleteMessagingService(accountSid: String, sid: String) throws {
        try removeTwilioObject(accountSid, \.messagingServices, sid, "/v1/Services/\(sid)")
    }

    /// The service `sid` of `accountSid`.
    /// - Throws: 20404.
    public func messagingService(accountSid: String, sid: String) throws -> SandboxMessagingService {
        try twilioObject(accountSid, \.messagingServices, sid, "/v1/Services/\(sid)")
    }

    /// `POST /v1/Services/{ServiceSid}/PhoneNumbers` (`PhoneNumberSid`) or `.../ShortCodes` (`ShortCodeSid`): adds a
    /// number or short code of the account to the service's sender pool. Adding one already in this service answers
    /// it again.
    /// - Throws: 20404 for an unknown service, or a number or short code the account does not hold; 21710
    ///   when it is in another Messaging Service (a sender belongs to one service at most).
    public mutating func addToMessagingService(
        accountSid: String, serviceSid: String, senderSid: String, now: Date
    ) throws -> SandboxMessagingService {
        var s = try messagingService(accountSid: accountSid, sid: serviceSid)
        let a = twilio[accountSid] ?? SandboxTwilioAccount(sid: accountSid)
        let isNumber = a.incomingPhoneNumbers[senderSid] != nil
        guard isNumber || a.shortCodes[senderSid] != nil else {
            throw Self.twilioNotFound("\(senderSid) (a phone number or short code of account \(accountSid))")
        }
        if let other = a.service(holding: senderSid), other.sid != serviceSid {
            throw PlatformError.twilio(
                21710, "\(senderSid) is already in Messaging Service \(other.sid); remove it there first", status: 409)
        }
        if isNumber {
            s.phoneNumbers[senderSid] = s.phoneNumbers[senderSid] ?? now
        } else {
            s.shortCodes[senderSid] = s.shortCodes[senderSid] ?? now
        }
        withTwilio(accountSid) { [s] in $0.messagingServices[serviceSid] = s }
        return s
    }

    /// `DELETE /v1/Services/{ServiceSid}/PhoneNumbers/{Sid}` (or `ShortCodes`): takes a sender out of the pool.
    /// - Throws: 20404 for an unknown service or a sender not in it.
    public mutating func removeFromMessagingService(accountSid: String, serviceSid: String, senderSid: String) throws {
        var s = try messagingService(accountSid: accountSid, sid: serviceSid)
        guard s.phoneNumbers.removeValue(forKey: senderSid) != nil || s.shortCodes.removeValue(forKey: senderSid) != nil
        else {
            throw Self.twilioNotFound("/v1/Services/\(serviceSid)/PhoneNumbers/\(senderSid)")
        }
        withTwilio(accountSid) { [s] in $0.messagingServices[serviceSid] = s }
    }

    // MARK: - WhatsApp senders

    /// `POST /v2/Channels/Senders`: a new WhatsApp sender for `whatsapp:+E164`, `CREATING` until provisioning
    /// finishes, then `ONLINE`.
    /// - Throws: 20001 for a `sender_id` that is not `whatsapp:` and an E.164 number, or one the account already has.
    mutating func createWhatsAppSender(
        accountSid: String, senderId: String, _ settings: WhatsAppSenderSettings, now: Date, timing: SandboxTiming
    ) throws -> SandboxWhatsAppSender {
        guard senderId.hasPrefix("whatsapp:"), E164.isValid(String(senderId.dropFirst("whatsapp:".count))) else {
            throw PlatformError.twilio(
                20001, "sender_id must be whatsapp: followed by an E.164 number, not '\(senderId)'")
        }
        if twilio[accountSid]?.senders.values.contains(where: { $0.sender_id == senderId }) == true {
            throw PlatformError.twilio(20001, "A sender for \(senderId) already exists in this account", status: 409)
        }
        var s = SandboxWhatsAppSender(
            sid: Self.newSid("XE"), account_sid: accountSid, sender_id: senderId, status: "CREATING",
            onlineAt: now.addingTimeInterval(timing.provisioning), date_created: now)
        try settings.apply(to: &s)
        if timing.provisioning <= 0 { s.status = "ONLINE" }
        withTwilio(accountSid) { [s] in $0.senders[s.sid] = s }
        return s
    }

    /// `POST /v2/Channels/Senders/{Sid}`: changes the settings given.
    /// - Throws: 20404 for a sender the account does not have; 21502 for a URL that is not http(s).
    mutating func updateWhatsAppSender(
        accountSid: String, sid: String, _ settings: WhatsAppSenderSettings
    ) throws -> SandboxWhatsAppSender {
        var s = try whatsAppSender(accountSid: accountSid, sid: sid)
        try settings.apply(to: &s)
        withTwilio(accountSid) { [s] in $0.senders[sid] = s }
        return s
    }

    /// `DELETE /v2/Channels/Senders/{Sid}`.
    /// - Throws: 20404.
    public mutating func deleteWhatsAppSender(accountSid: String, sid: String) throws {
        try removeTwilioObject(accountSid, \.senders, sid, "/v2/Channels/Senders/\(sid)")
    }

    /// The sender `sid` of `accountSid`.
    /// - Throws: 20404.
    public func whatsAppSender(accountSid: String, sid: String) throws -> SandboxWhatsAppSender {
        try twilioObject(accountSid, \.senders, sid, "/v2/Channels/Senders/\(sid)")
    }

    /// Moves the Twilio accounts to `now`: senders whose provisioning finished go `ONLINE`, approvals whose review
    /// is due move on (`SandboxWorld+TwilioContent`).
    mutating func advanceTwilio(to now: Date) {
        for sid in twilio.keys.sorted() {
            guard var a = twilio[sid] else { continue }
            for (id, var s) in a.senders where s.status == "CREATING" {
                if let at = s.onlineAt, at <= now {
                    s.status = "ONLINE"
                    a.senders[id] = s
                }
            }
            for (id, var c) in a.contents {
                if var approval = c.whatsApp, Self.advance(&approval, to: now) {
                    c.whatsApp = approval
                    a.contents[id] = c
                }
            }
            if a != twilio[sid] { twilio[sid] = a }
        }
    }
}

/// The settings a request to `/v1/Services` sets (nil: unchanged), named after Twilio's parameters.
struct MessagingServiceUpdate: Sendable, Hashable {
    var friendlyName: String?
    var inboundRequestUrl: String?
    var inboundMethod: String?
    var fallbackUrl: String?
    var fallbackMethod: String?
    var statusCallback: String?
    var stickySender: Bool?
    var useInboundWebhookOnNumber: Bool?
    var usecase: String?

    /// Sets each given setting on `s`; an empty URL clears it.
    /// - Throws: 21502 for a URL that is neither empty nor http(s); 20001 for a method other than GET or POST.
    func apply(to s: inout SandboxMessagingService) throws {
        try TwilioWebhookUpdate(
            smsUrl: inboundRequestUrl, smsMethod: inboundMethod, smsFallbackUrl: fallbackUrl,
            smsFallbackMethod: fallbackMethod, statusCallback: statusCallback
        ).validate()
        if let friendlyName { s.friendly_name = friendlyName }
        if let inboundRequestUrl { s.inbound_request_url = inboundRequestUrl.isEmpty ? nil : inboundRequestUrl }
        if let inboundMethod { s.inbound_method = inboundMethod }
        if let fallbackUrl { s.fallback_url = fallbackUrl.isEmpty ? nil : fallbackUrl }
        if let fallbackMethod { s.fallback_method = fallbackMethod }
        if let statusCallback { s.status_callback = statusCallback.isEmpty ? nil : statusCallback }
        if let stickySender { s.sticky_sender = stickySender }
        if let useInboundWebhookOnNumber { s.use_inbound_webhook_on_number = useInboundWebhookOnNumber }
        if let usecase { s.usecase = usecase }
    }
}

/// The settings a request to `/v2/Channels/Senders` sets (nil: unchanged): `profile.name`, `configuration.waba_id`
/// and the `webhook` object's members.
struct WhatsAppSenderSettings: Sendable, Hashable {
    var profileName: String?
    var wabaId: String?
    var callbackUrl: String?
    var callbackMethod: String?
    var fallbackUrl: String?
    var fallbackMethod: String?
    var statusCallbackUrl: String?
    var statusCallbackMethod: String?

    /// Sets each given setting on `s`.
    /// - Throws: 21502 for a URL that is neither empty nor http(s); 20001 for a webhook method other than POST or
    ///   PUT.
    func apply(to s: inout SandboxWhatsAppSender) throws {
        for (name, url) in [
            ("callback_url", callbackUrl), ("fallback_url", fallbackUrl), ("status_callback_url", statusCallbackUrl),
        ] {
            if let url, !url.isEmpty, !TwilioWebhookUpdate.isWebURL(url) {
                throw PlatformError.twilio(21502, "Invalid webhook.\(name): '\(url)' is not an http or https URL")
            }
        }
        for (name, method) in [("callback_method", callbackMethod), ("fallback_method", fallbackMethod)] {
            if let method, method != "POST", method != "PUT" {
                throw PlatformError.twilio(20001, "webhook.\(name) must be POST or PUT, not '\(method)'")
            }
        }
        s.profile_name = profileName ?? s.profile_name
        s.waba_id = wabaId ?? s.waba_id
        s.callback_url = callbackUrl ?? s.callback_url
        s.callback_method = callbackMethod ?? s.callback_method
        s.fallback_url = fallbackUrl ?? s.fallback_url
        s.fallback_method = fallbackMethod ?? s.fallback_method
        s.status_callback_url = statusCallbackUrl ?? s.status_callback_url
        s.status_callback_method = statusCallbackMethod ?? s.status_callback_method
    }
}
