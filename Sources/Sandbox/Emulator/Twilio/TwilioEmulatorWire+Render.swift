import Foundation
import SwitchboardModel

/// World values in Twilio's JSON: snake_case members, every member Twilio documents (null where the sandbox keeps
/// nothing), RFC 2822 dates on the 2010 API and ISO 8601 ones on the v1 and v2 APIs.
extension TwilioEmulatorWire {
    // MARK: - 2010 API

    func number(_ n: SandboxTwilioNumber) -> Value {
        let uri = "/2010-04-01/Accounts/\(n.account_sid)/IncomingPhoneNumbers/\(n.sid)"
        return [
            "sid": .string(n.sid), "account_sid": .string(n.account_sid), "phone_number": .string(n.phone_number),
            "friendly_name": .string(n.friendly_name), "api_version": "2010-04-01", "beta": false,
            "capabilities": ["voice": true, "sms": true, "mms": true, "fax": false],
            "date_created": Self.rfc2822(n.date_created),
            "date_updated": Self.rfc2822(n.date_updated ?? n.date_created),
            "sms_url": Self.text(n.sms_url), "sms_method": .string(n.sms_method),
            "sms_fallback_url": Self.text(n.sms_fallback_url),
            "sms_fallback_method": .string(n.sms_fallback_method ?? "POST"),
            "sms_application_sid": "", "status_callback": Self.text(n.status_callback),
            "status_callback_method": .string(n.status_callback_method ?? "POST"),
            "voice_url": Self.text(n.voice_url), "voice_method": .string(n.voice_method ?? "POST"),
            "voice_fallback_url": "", "voice_fallback_method": "POST", "voice_caller_id_lookup": false,
            "voice_application_sid": "", "voice_receive_mode": "voice", "trunk_sid": .null, "identity_sid": .null,
            "address_sid": .null, "address_requirements": "none", "bundle_sid": .null, "emergency_status": "Inactive",
            "emergency_address_sid": .null, "emergency_address_status": "unregistered", "origin": "twilio",
            "status": "in-use", "type": .string(Self.numberType(n.phone_number)),
            "uri": .string(uri + ".json"),
            "subresource_uris": ["assigned_add_ons": .string(uri + "/AssignedAddOns.json")],
        ]
    }

    func shortCode(_ s: SandboxTwilioShortCode) -> Value {
        [
            "sid": .string(s.sid), "account_sid": .string(s.account_sid), "short_code": .string(s.short_code),
            "friendly_name": .string(s.friendly_name), "api_version": "2010-04-01",
            "date_created": Self.rfc2822(s.date_created),
            "date_updated": Self.rfc2822(s.date_updated ?? s.date_created),
            "sms_url": Self.text(s.sms_url), "sms_method": .string(s.sms_method),
            "sms_fallback_url": Self.text(s.sms_fallback_url),
            "sms_fallback_method": .string(s.sms_fallback_method ?? "POST"),
            "uri": .string("/2010-04-01/Accounts/\(s.account_sid)/SMS/ShortCodes/\(s.sid).json"),
        ]
    }

    // MARK: - Messaging

    func service(_ s: SandboxMessagingService) -> Value {
        let url = base("messaging") + "/v1/Services/\(s.sid)"
        return [
            "sid": .string(s.sid), "account_sid": .string(s.account_sid), "friendly_name": .string(s.friendly_name),
            "date_created": Self.iso(s.date_created), "date_updated": Self.iso(s.date_updated),
            "inbound_request_url": s.inbound_request_url.map(Value.string) ?? .null,
            "inbound_method": .string(s.inbound_method), "fallback_url": s.fallback_url.map(Value.string) ?? .null,
            "fallback_method": .string(s.fallback_method),
            "status_callback": s.status_callback.map(Value.string) ?? .null,
            "sticky_sender": .bool(s.sticky_sender), "mms_converter": true, "smart_encoding": true,
            "scan_message_content": "inherit", "fallback_to_long_code": true, "area_code_geomatch": true,
            "synchronous_validation": false, "validity_period": 14_400, "usecase": .string(s.usecase),
            "us_app_to_person_registered": false,
            "use_inbound_webhook_on_number": .bool(s.use_inbound_webhook_on_number),
            "url": .string(url),
            "links": [
                "phone_numbers": .string(url + "/PhoneNumbers"), "short_codes": .string(url + "/ShortCodes"),
                "alpha_senders": .string(url + "/AlphaSenders"), "channel_senders": .string(url + "/ChannelSenders"),
                "messages": .string(url + "/Messages"), "us_app_to_person": .string(url + "/Compliance/Usa2p"),
                "us_app_to_person_usecases": .string(url + "/Compliance/Usa2p/Usecases"),
                "destination_alpha_senders": .string(url + "/DestinationAlphaSenders"),
            ],
        ]
    }

    /// A number (`PN...`) or short code (`SC...`) of service `s`, as its `PhoneNumbers` or `ShortCodes` list shows it.
    func serviceSender(_ s: SandboxMessagingService, _ sid: String) -> Value? {
        guard let a = world.twilio[s.account_sid] else { return nil }
        let added = s.phoneNumbers[sid] ?? s.shortCodes[sid] ?? now
        var v: [String: Value] = [
            "sid": .string(sid), "account_sid": .string(s.account_sid), "service_sid": .string(s.sid),
            "date_created": Self.iso(added), "date_updated": Self.iso(added), "capabilities": ["SMS", "MMS"],
        ]
        if let n = a.incomingPhoneNumbers[sid] {
            v["phone_number"] = .string(n.phone_number)
            v["country_code"] = .string(Self.country(n.phone_number))
            v["url"] = .string(base("messaging") + "/v1/Services/\(s.sid)/PhoneNumbers/\(sid)")
        } else if let c = a.shortCodes[sid] {
            v["short_code"] = .string(c.short_code)
            v["country_code"] = "US"
            v["url"] = .string(base("messaging") + "/v1/Services/\(s.sid)/ShortCodes/\(sid)")
        } else {
            return nil
        }
        return .object(v)
    }

    func sender(_ s: SandboxWhatsAppSender) -> Value {
        func text(_ t: String?) -> Value { t.map(Value.string) ?? .null }
        return [
            "sid": .string(s.sid), "status": .string(s.status), "sender_id": .string(s.sender_id),
            "configuration": [
                "waba_id": text(s.waba_id), "verification_method": "sms", "verification_code": .null,
                "voice_application_sid": .null,
            ],
            "webhook": [
                "callback_url": text(s.callback_url), "callback_method": text(s.callback_method),
                "fallback_url": text(s.fallback_url), "fallback_method": text(s.fallback_method),
                "status_callback_url": text(s.status_callback_url),
                "status_callback_method": text(s.status_callback_method),
            ],
            "profile": [
                "name": text(s.profile_name), "about": .null, "address": .null, "description": .null, "logo_url": .null,
                "banner_url": .null, "privacy_url": .null, "terms_of_service_url": .null, "accent_color": .null,
                "vertical": .null, "websites": .null, "emails": .null, "phone_numbers": .null,
            ],
            "properties": s.status == "ONLINE"
                ? ["quality_rating": "HIGH", "messaging_limit": "1K Customers/24hr"] : .null,
            "offline_reasons": .null,
            "url": .string(base("messaging") + "/v2/Channels/Senders/\(s.sid)"),
        ]
    }

    // MARK: - Content

    func content(_ c: SandboxTwilioContent) -> Value {
        let url = base("content") + "/v1/Content/\(c.sid)"
        return [
            "sid": .string(c.sid), "account_sid": .string(c.account_sid), "friendly_name": .string(c.friendly_name),
            "language": .string(c.language), "variables": .object(c.variables.mapValues(Value.string)),
            "types": c.types,
            "date_created": Self.iso(c.date_created), "date_updated": Self.iso(c.date_updated), "url": .string(url),
            "links": [
                "approval_fetch": .string(url + "/ApprovalRequests"),
                "approval_create": .string(url + "/ApprovalRequests/whatsapp"),
            ],
        ]
    }

    /// `GET /v1/Content/{Sid}/ApprovalRequests`.
    func approvalFetch(_ c: SandboxTwilioContent) -> Value {
        [
            "sid": .string(c.sid), "account_sid": .string(c.account_sid),
            "whatsapp": c.whatsApp.map { approval($0, c) } ?? ["type": "whatsapp", "status": "unsubmitted"],
            "url": .string(base("content") + "/v1/Content/\(c.sid)/ApprovalRequests"),
        ]
    }

    /// The `whatsapp` member of an approval (fetch, and `approval_requests` of `ContentAndApprovals`).
    func approval(_ a: SandboxContentApproval, _ c: SandboxTwilioContent) -> Value {
        [
            "type": "whatsapp", "name": .string(a.name), "category": .string(a.category),
            "content_type": .string(Self.contentType(c)), "status": .string(a.status),
            "rejection_reason": .string(a.rejection_reason), "allow_category_change": .bool(a.allow_category_change),
        ]
    }

    func contentAndApprovals(_ c: SandboxTwilioContent) -> Value {
        var v = content(c).objectValue ?? [:]
        v["url"] = nil
        v["links"] = nil
        v["approval_requests"] = c.whatsApp.map { approval($0, c) } ?? ["type": "whatsapp", "status": "unsubmitted"]
        return .object(v)
    }

    // MARK: - Formats

    /// The content type an approval is for: the first of the content's types (`twilio/text`).
    static func contentType(_ c: SandboxTwilioContent) -> String { c.types.objectValue?.keys.sorted().first ?? "" }

    /// The country of a number: the one whose calling code matches longest; where several share it, the one a
    /// shared code is chiefly used by (`+1` the US, `+44` the UK, `+7` Russia).
    static func country(_ e164: String) -> String {
        let digits = e164.drop { $0 == "+" }
        let candidates = CallingCodes.countries(forPhoneNumber: e164).map { country in
            (
                country,
                CallingCodes.byCountry[country, default: []].filter { digits.hasPrefix($0) }.map(\.count).max() ?? 0
            )
        }
        let longest = candidates.map(\.1).max() ?? 0
        let best = candidates.filter { $0.1 == longest }.map(\.0)
        return best.first { ["US", "GB", "RU", "IT", "NO", "AU", "FI"].contains($0) } ?? best.first ?? "US"
    }

    /// A URL the world may not hold: empty when unset, as Twilio shows it.
    static func text(_ url: String?) -> Value { .string(url ?? "") }

    /// `local`, or `tollfree` for a North American toll-free number.
    static func numberType(_ e164: String) -> String {
        ["+1800", "+1833", "+1844", "+1855", "+1866", "+1877", "+1888"].contains { e164.hasPrefix($0) }
            ? "tollfree" : "local"
    }

    private static let gmt: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "GMT") ?? c.timeZone
        return c
    }()

    /// `Thu, 30 Jul 2015 20:00:00 +0000`.
    static func rfc2822(_ date: Date) -> Value {
        let c = gmt.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let day = days[((c.weekday ?? 1) - 1) % 7]
        let month = months[((c.month ?? 1) - 1) % 12]
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        let time = "\(two(c.hour)):\(two(c.minute)):\(two(c.second))"
        return .string("\(day), \(two(c.day)) \(month) \(String(format: "%04d", c.year ?? 1970)) \(time) +0000")
    }

    /// `2015-07-30T20:00:00Z`.
    static func iso(_ date: Date) -> Value { .string(date.formatted(Date.ISO8601FormatStyle())) }
}
