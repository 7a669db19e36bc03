import Foundation
import SwitchboardModel

/// `api.twilio.com/2010-04-01/Accounts/{AccountSid}/...`: the account's numbers and short codes, and
/// `accounts.twilio.com/v1/AuthTokens`: its secondary auth token.
extension TwilioEmulatorWire {
    static let numberRoutes: [(String, Endpoint)] = [
        ("GET 2010-04-01/Accounts/*/IncomingPhoneNumbers", { w, r in try w.listNumbers(r) }),
        ("POST 2010-04-01/Accounts/*/IncomingPhoneNumbers", { w, r in try w.refuseBuying(r) }),
        ("GET 2010-04-01/Accounts/*/IncomingPhoneNumbers/*", { w, r in try w.getNumber(r) }),
        ("POST 2010-04-01/Accounts/*/IncomingPhoneNumbers/*", { w, r in try w.updateNumber(r) }),
        ("DELETE 2010-04-01/Accounts/*/IncomingPhoneNumbers/*", { w, r in try w.refuseBuying(r) }),
        ("GET 2010-04-01/Accounts/*/SMS/ShortCodes", { w, r in try w.listShortCodes(r) }),
        ("GET 2010-04-01/Accounts/*/SMS/ShortCodes/*", { w, r in try w.getShortCode(r) }),
        ("POST 2010-04-01/Accounts/*/SMS/ShortCodes/*", { w, r in try w.updateShortCode(r) }),
    ]

    static let accountRoutes: [(String, Endpoint)] = [
        ("GET v1/AuthTokens/Secondary", { w, r in try w.getSecondaryToken(r) }),
        ("POST v1/AuthTokens/Secondary", { w, r in w.createSecondaryToken(r) }),
        ("DELETE v1/AuthTokens/Secondary", { w, r in try w.deleteSecondaryToken(r) }),
        ("POST v1/AuthTokens/Promote", { w, r in try w.promoteSecondaryToken(r) }),
    ]

    // MARK: - IncomingPhoneNumbers

    /// `GET IncomingPhoneNumbers.json`, filtered by `PhoneNumber` (partial), `FriendlyName`, `Beta` and `Origin`.
    mutating func listNumbers(_ r: Request) throws -> Reply {
        var filter = r.query["PhoneNumber"]
        // A `+` sent unencoded in a query arrives as a space.
        if let f = filter, f.hasPrefix(" ") { filter = "+" + f.dropFirst() }
        let beta = try Self.bool(r.query["Beta"], "Beta")
        let list = world.twilioNumbers(accountSid: r.account, filter: filter, now: now).filter { n in
            (r.query["FriendlyName"].map { $0 == n.friendly_name } ?? true) && beta != true
                && (r.query["Origin"].map { $0 == "twilio" } ?? true)
        }
        let path = "/2010-04-01/Accounts/\(r.account)/IncomingPhoneNumbers.json"
        let filters = ["PhoneNumber", "FriendlyName", "Beta", "Origin"].map { ($0, r.query[$0]) }
        return Reply(
            status: 200,
            body: try page2010(
                list.map { ($0.sid, number($0)) }, key: "incoming_phone_numbers", path: path,
                filters: filters, r.query))
    }

    func getNumber(_ r: Request) throws -> Reply {
        guard let n = world.twilio[r.account]?.incomingPhoneNumbers[r.id(1)] else {
            throw SandboxWorld.twilioNotFound(r.path)
        }
        return Reply(status: 200, body: number(n))
    }

    /// `POST IncomingPhoneNumbers/{Sid}.json`: the webhook settings given, form-encoded.
    mutating func updateNumber(_ r: Request) throws -> Reply {
        if let move = r.form["AccountSid"], move != r.account {
            throw PlatformError.twilio(20001, "The sandbox does not move numbers between accounts (AccountSid)")
        }
        let n = try world.updateTwilioNumber(accountSid: r.account, sid: r.id(1), Self.webhookUpdate(r.form), now: now)
        return Reply(status: 200, body: number(n))
    }

    /// Buying (`POST IncomingPhoneNumbers.json`) and releasing (`DELETE .../{Sid}.json`): the sandbox's accounts
    /// already hold every well-formed number, and never release one.
    func refuseBuying(_ r: Request) throws -> Reply {
        throw PlatformError.twilio(
            20403, "The sandbox neither buys nor releases numbers: every well-formed number is in the account",
            status: 403)
    }

    // MARK: - SMS/ShortCodes

    /// `GET SMS/ShortCodes.json`, filtered by `ShortCode` (partial) and `FriendlyName`.
    mutating func listShortCodes(_ r: Request) throws -> Reply {
        let list = world.twilioShortCodes(accountSid: r.account, filter: r.query["ShortCode"], now: now).filter { s in
            r.query["FriendlyName"].map { $0 == s.friendly_name } ?? true
        }
        let path = "/2010-04-01/Accounts/\(r.account)/SMS/ShortCodes.json"
        let filters = ["FriendlyName", "ShortCode"].map { ($0, r.query[$0]) }
        return Reply(
            status: 200,
            body: try page2010(
                list.map { ($0.sid, shortCode($0)) }, key: "short_codes", path: path, filters: filters, r.query))
    }

    func getShortCode(_ r: Request) throws -> Reply {
        guard let s = world.twilio[r.account]?.shortCodes[r.id(1)] else { throw SandboxWorld.twilioNotFound(r.path) }
        return Reply(status: 200, body: shortCode(s))
    }

    mutating func updateShortCode(_ r: Request) throws -> Reply {
        let s = try world.updateTwilioShortCode(
            accountSid: r.account, sid: r.id(1), Self.webhookUpdate(r.form), now: now)
        return Reply(status: 200, body: shortCode(s))
    }

    /// The webhook settings of a number's or short code's form.
    static func webhookUpdate(_ f: [String: String]) -> TwilioWebhookUpdate {
        TwilioWebhookUpdate(
            friendlyName: f["FriendlyName"], smsUrl: f["SmsUrl"], smsMethod: f["SmsMethod"],
            smsFallbackUrl: f["SmsFallbackUrl"], smsFallbackMethod: f["SmsFallbackMethod"],
            statusCallback: f["StatusCallback"], statusCallbackMethod: f["StatusCallbackMethod"],
            voiceUrl: f["VoiceUrl"],
            voiceMethod: f["VoiceMethod"])
    }

    // MARK: - Auth tokens

    /// `POST /v1/AuthTokens/Secondary` (201): the new token, shown this once.
    mutating func createSecondaryToken(_ r: Request) -> Reply {
        let (token, secondary) = world.createTwilioSecondaryToken(accountSid: r.account, now: now)
        return Reply(
            status: 201,
            body: [
                "account_sid": .string(r.account), "secondary_auth_token": .string(token),
                "date_created": Self.iso(secondary.date_created), "date_updated": Self.iso(secondary.date_created),
                "url": .string(base("accounts") + "/v1/AuthTokens/Secondary"),
            ])
    }

    /// `GET /v1/AuthTokens/Secondary`: not in Twilio's documents (which give only POST and DELETE), served so that a
    /// client can tell whether the account has a secondary token: 200 with its dates (never the token), 404 without.
    func getSecondaryToken(_ r: Request) throws -> Reply {
        guard let secondary = world.twilio[r.account]?.secondaryAuthToken else {
            throw SandboxWorld.twilioNotFound("/v1/AuthTokens/Secondary")
        }
        return Reply(
            status: 200,
            body: [
                "account_sid": .string(r.account), "secondary_auth_token": .null,
                "date_created": Self.iso(secondary.date_created), "date_updated": Self.iso(secondary.date_created),
                "url": .string(base("accounts") + "/v1/AuthTokens/Secondary"),
            ])
    }

    mutating func deleteSecondaryToken(_ r: Request) throws -> Reply {
        try world.deleteTwilioSecondaryToken(accountSid: r.account)
        return Reply(status: 204, body: nil)
    }

    /// `POST /v1/AuthTokens/Promote`: the answer names the account, never a token (the sandbox keeps none).
    mutating func promoteSecondaryToken(_ r: Request) throws -> Reply {
        try world.promoteTwilioSecondaryToken(accountSid: r.account, now: now)
        return Reply(
            status: 200,
            body: [
                "account_sid": .string(r.account), "auth_token": .null, "date_created": Self.iso(now),
                "date_updated": Self.iso(now), "url": .string(base("accounts") + "/v1/AuthTokens"),
            ])
    }
}
