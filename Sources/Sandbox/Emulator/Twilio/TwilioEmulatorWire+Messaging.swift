import Foundation
import SwitchboardModel

/// `messaging.twilio.com`: Messaging Services (`/v1/Services`, form-encoded) with their sender pools, and WhatsApp
/// senders (`/v2/Channels/Senders`, JSON).
extension TwilioEmulatorWire {
    static let messagingRoutes: [(String, Endpoint)] = [
        ("GET v1/Services", { w, r in try w.listServices(r) }),
        ("POST v1/Services", { w, r in try w.createService(r) }),
        ("GET v1/Services/*", { w, r in try w.getService(r) }),
        ("POST v1/Services/*", { w, r in try w.updateService(r) }),
        ("DELETE v1/Services/*", { w, r in try w.deleteService(r) }),
        ("GET v1/Services/*/PhoneNumbers", { w, r in try w.listServiceSenders(r, numbers: true) }),
        ("POST v1/Services/*/PhoneNumbers", { w, r in try w.addServiceSender(r, field: "PhoneNumberSid") }),
        ("GET v1/Services/*/PhoneNumbers/*", { w, r in try w.getServiceSender(r) }),
        ("DELETE v1/Services/*/PhoneNumbers/*", { w, r in try w.removeServiceSender(r) }),
        ("GET v1/Services/*/ShortCodes", { w, r in try w.listServiceSenders(r, numbers: false) }),
        ("POST v1/Services/*/ShortCodes", { w, r in try w.addServiceSender(r, field: "ShortCodeSid") }),
        ("GET v1/Services/*/ShortCodes/*", { w, r in try w.getServiceSender(r) }),
        ("DELETE v1/Services/*/ShortCodes/*", { w, r in try w.removeServiceSender(r) }),
        ("GET v2/Channels/Senders", { w, r in try w.listSenders(r) }),
        ("POST v2/Channels/Senders", { w, r in try w.createSender(r) }),
        ("GET v2/Channels/Senders/*", { w, r in try w.getSender(r) }),
        ("POST v2/Channels/Senders/*", { w, r in try w.updateSender(r) }),
        ("DELETE v2/Channels/Senders/*", { w, r in try w.deleteSender(r) }),
    ]

    // MARK: - Messaging Services

    func listServices(_ r: Request) throws -> Reply {
        let list = (world.twilio[r.account]?.messagingServices.values).map(Array.init) ?? []
        let sorted = list.sorted { ($0.date_created, $0.sid) < ($1.date_created, $1.sid) }
        return Reply(
            status: 200,
            body: try pageMeta(
                sorted.map { ($0.sid, service($0)) }, key: "services", api: "messaging", path: "/v1/Services",
                filters: [], r.query))
    }

    mutating func createService(_ r: Request) throws -> Reply {
        let s = try world.createMessagingService(accountSid: r.account, try Self.serviceUpdate(r.form), now: now)
        return Reply(status: 201, body: service(s))
    }

    func getService(_ r: Request) throws -> Reply {
        Reply(status: 200, body: service(try world.messagingService(accountSid: r.account, sid: r.id(0))))
    }

    mutating func updateService(_ r: Request) throws -> Reply {
        let s = try world.updateMessagingService(
            accountSid: r.account, sid: r.id(0), try Self.serviceUpdate(r.form), now: now)
        return Reply(status: 200, body: service(s))
    }

    mutating func deleteService(_ r: Request) throws -> Reply {
        try world.deleteMessagingService(accountSid: r.account, sid: r.id(0))
        return Reply(status: 204, body: nil)
    }

    /// `GET .../PhoneNumbers` (`numbers`) or `.../ShortCodes`: the pool's members of that kind, oldest first.
    func listServiceSenders(_ r: Request, numbers: Bool) throws -> Reply {
        let s = try world.messagingService(accountSid: r.account, sid: r.id(0))
        let members = (numbers ? s.phoneNumbers : s.shortCodes).sorted { ($0.value, $0.key) < ($1.value, $1.key) }
        let key = numbers ? "phone_numbers" : "short_codes"
        let path = "/v1/Services/\(s.sid)/" + (numbers ? "PhoneNumbers" : "ShortCodes")
        return Reply(
            status: 200,
            body: try pageMeta(
                members.compactMap { m in serviceSender(s, m.key).map { (m.key, $0) } }, key: key, api: "messaging",
                path: path, filters: [], r.query))
    }

    /// `POST .../PhoneNumbers` (`PhoneNumberSid`) or `.../ShortCodes` (`ShortCodeSid`): 201.
    mutating func addServiceSender(_ r: Request, field: String) throws -> Reply {
        guard let sid = r.form[field], !sid.isEmpty else {
            throw PlatformError.twilio(20001, "Missing required parameter \(field) in the post body")
        }
        let s = try world.addToMessagingService(accountSid: r.account, serviceSid: r.id(0), senderSid: sid, now: now)
        return Reply(status: 201, body: serviceSender(s, sid))
    }

    func getServiceSender(_ r: Request) throws -> Reply {
        let s = try world.messagingService(accountSid: r.account, sid: r.id(0))
        guard s.phoneNumbers[r.id(1)] != nil || s.shortCodes[r.id(1)] != nil, let v = serviceSender(s, r.id(1)) else {
            throw SandboxWorld.twilioNotFound(r.path)
        }
        return Reply(status: 200, body: v)
    }

    mutating func removeServiceSender(_ r: Request) throws -> Reply {
        try world.removeFromMessagingService(accountSid: r.account, serviceSid: r.id(0), senderSid: r.id(1))
        return Reply(status: 204, body: nil)
    }

    /// A Messaging Service's form in the world's terms.
    /// - Throws: 20001 for a boolean that is not `true` or `false`.
    static func serviceUpdate(_ f: [String: String]) throws -> MessagingServiceUpdate {
        MessagingServiceUpdate(
            friendlyName: f["FriendlyName"], inboundRequestUrl: f["InboundRequestUrl"],
            inboundMethod: f["InboundMethod"],
            fallbackUrl: f["FallbackUrl"], fallbackMethod: f["FallbackMethod"], statusCallback: f["StatusCallback"],
            stickySender: try bool(f["StickySender"], "StickySender"),
            useInboundWebhookOnNumber: try bool(f["UseInboundWebhookOnNumber"], "UseInboundWebhookOnNumber"),
            usecase: f["Usecase"])
    }

    // MARK: - WhatsApp senders

    /// `GET /v2/Channels/Senders?Channel=whatsapp` (`Channel` is required).
    func listSenders(_ r: Request) throws -> Reply {
        guard let channel = r.query["Channel"] else {
            throw PlatformError.twilio(20001, "Missing required parameter Channel")
        }
        let list =
            channel.lowercased() == "whatsapp" ? (world.twilio[r.account]?.senders.values).map(Array.init) ?? [] : []
        let sorted = list.sorted { ($0.date_created, $0.sid) < ($1.date_created, $1.sid) }
        return Reply(
            status: 200,
            body: try pageMeta(
                sorted.map { ($0.sid, sender($0)) }, key: "senders", api: "messaging", path: "/v2/Channels/Senders",
                filters: [("Channel", channel)], r.query))
    }

    /// `POST /v2/Channels/Senders` (JSON `sender_id`, `webhook`, `profile`, `configuration`): 202, `CREATING`.
    mutating func createSender(_ r: Request) throws -> Reply {
        guard let id = r.json["sender_id"]?.stringValue else {
            throw PlatformError.twilio(20001, "Missing required parameter sender_id")
        }
        let s = try world.createWhatsAppSender(
            accountSid: r.account, senderId: id, Self.senderSettings(r.json), now: now, timing: timing)
        return Reply(status: 202, body: sender(s))
    }

    func getSender(_ r: Request) throws -> Reply {
        Reply(status: 200, body: sender(try world.whatsAppSender(accountSid: r.account, sid: r.id(0))))
    }

    /// `POST /v2/Channels/Senders/{Sid}` (JSON): 202.
    mutating func updateSender(_ r: Request) throws -> Reply {
        let s = try world.updateWhatsAppSender(accountSid: r.account, sid: r.id(0), Self.senderSettings(r.json))
        return Reply(status: 202, body: sender(s))
    }

    mutating func deleteSender(_ r: Request) throws -> Reply {
        try world.deleteWhatsAppSender(accountSid: r.account, sid: r.id(0))
        return Reply(status: 204, body: nil)
    }

    /// A sender's JSON body in the world's terms.
    static func senderSettings(_ body: Value) -> WhatsAppSenderSettings {
        let hook = body["webhook"]
        return WhatsAppSenderSettings(
            profileName: body["profile"]?["name"]?.stringValue, wabaId: body["configuration"]?["waba_id"]?.stringValue,
            callbackUrl: hook?["callback_url"]?.stringValue, callbackMethod: hook?["callback_method"]?.stringValue,
            fallbackUrl: hook?["fallback_url"]?.stringValue, fallbackMethod: hook?["fallback_method"]?.stringValue,
            statusCallbackUrl: hook?["status_callback_url"]?.stringValue,
            statusCallbackMethod: hook?["status_callback_method"]?.stringValue)
    }
}
