import Foundation
import PlatformKit
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import Twilio

func reply(_ status: Int, _ body: Value, headers: [String: String] = [:]) -> HTTPResponse {
    HTTPResponse(status: status, headers: headers, body: Data(body.jsonText.utf8))
}

/// The form fields of a request body, decoded.
func form(_ r: HTTPRequest) -> [String: String] {
    guard let body = r.body, let text = String(data: body, encoding: .utf8) else { return [:] }
    var out: [String: String] = [:]
    for pair in text.split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1).map {
            String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
        }
        out[parts[0]] = parts.count > 1 ? parts[1] : ""
    }
    return out
}

@Suite struct TwilioPlatformTests {
    static let account = "AC" + String(repeating: "a", count: 32)
    static let token = "twilio-auth-token-0123456789"
    static let webhook = "https://byosms.mypurecloud.de/vendors/v1/twilio/3d904439dc3f4eceb2e574b43c8f5ac5/mo"
    static let address = Address(.number, "de-local")

    static func platform(
        sleeps: Locked<[Double]> = Locked([]), limit: Int = 8, apiKey: String? = nil,
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) throws -> TwilioPlatform {
        var options = TwilioClientOptions(retry: RetryPolicy(random: { 1 }), maxConcurrentRequests: limit)
        options.sleep = { d in sleeps.append(d) }
        var settings = ["accountSid": account]
        var secrets = ["authToken": token]
        if let apiKey {
            settings["apiKey"] = apiKey
            secrets = ["apiSecret": token]
        }
        return try TwilioPlatform(
            connection: PlatformConnection(name: "twilio", type: .twilio, endpoint: "live", settings: settings),
            secrets: secrets, transport: handler, options: options)
    }

    static func number(_ sid: String, _ phone: String, url: String? = "https://old.example/sms") -> Value {
        [
            "sid": .string(sid), "account_sid": .string(account), "phone_number": .string(phone),
            "sms_url": url.map(Value.string) ?? .null, "sms_method": "GET", "sms_application_sid": "",
        ]
    }

    static let step = CompanionStep(
        purpose: "inbound webhook", account: account, subject: "+4930901820", value: webhook, address: address)

    @Test func hostsAreTwilioOrOneURL() throws {
        #expect(TwilioHosts.live.bases[.core]?.absoluteString == "https://api.twilio.com")
        #expect(TwilioHosts.live.bases[.messaging]?.absoluteString == "https://messaging.twilio.com")
        #expect(TwilioHosts.live.bases[.content]?.absoluteString == "https://content.twilio.com")
        #expect(TwilioHosts.live.bases[.accounts]?.absoluteString == "https://accounts.twilio.com")
        let one = try TwilioHosts(endpoint: "http://127.0.0.1:8787")
        #expect(Set(one.bases.values.map(\.absoluteString)) == ["http://127.0.0.1:8787"])
        #expect(throws: PlatformError.self) { try TwilioHosts(endpoint: "eu-central-1") }
        #expect(throws: PlatformError.self) {
            try TwilioPlatform(
                connection: PlatformConnection(name: "t", type: .twilio, endpoint: "live", settings: ["accountSid": "AC1"]),
                secrets: [:], transport: { _ in reply(200, [:]) })
        }
    }

    @Test func inspectFindsTheNumberAcrossPagesWithBasicAuth() async throws {
        let seen = Locked<[HTTPRequest]>([])
        let p = try Self.platform { r in
            seen.append(r)
            switch r.url.path {
            case "/2010-04-01/Accounts/\(Self.account)/IncomingPhoneNumbers.json":
                if r.url.query?.contains("Page=1") == true {
                    return reply(200, ["incoming_phone_numbers": [Self.number("PN2", "+4930901820")], "next_page_uri": .null])
                }
                return reply(200, [
                    "incoming_phone_numbers": [Self.number("PN1", "+4930901821")],
                    "next_page_uri": .string("/2010-04-01/Accounts/\(Self.account)/IncomingPhoneNumbers.json?PageSize=1000&Page=1&PageToken=PA1"),
                ])
            case "/v1/Services": return reply(200, ["services": [], "meta": ["next_page_url": .null]])
            default: return reply(404, ["code": 20404, "message": "not found", "status": 404])
            }
        }
        let o = try await p.inspect(Self.step)
        #expect(o.remoteId == "PN2")
        #expect(o.current["smsUrl"] == .string("https://old.example/sms"))
        #expect(o.current["smsMethod"] == "GET")
        #expect(!o.attached)
        let first = try #require(seen.get.first)
        #expect(first.url.host == "api.twilio.com")
        // An inspection lists the account's numbers whole (once per command), not one number at a time.
        #expect(first.url.query?.contains("PhoneNumber") == false)
        #expect(first.url.query?.contains("PageSize=1000") == true)
        let basic = "Basic " + Data("\(Self.account):\(Self.token)".utf8).base64EncodedString()
        #expect(seen.get.allSatisfy { $0.header("Authorization") == basic })
        #expect(seen.get.contains { $0.url.host == "messaging.twilio.com" })
    }

    @Test func apiKeyAuthenticatesAsTheKey() async throws {
        let seen = Locked<[HTTPRequest]>([])
        let p = try Self.platform(apiKey: "SK" + String(repeating: "b", count: 32)) { r in
            seen.append(r)
            return reply(404, ["code": 20404, "message": "The requested resource was not found", "status": 404])
        }
        _ = try await p.accountFindings(account: Self.account, address: Self.address)
        let auth = try #require(seen.get.first?.header("Authorization"))
        #expect(auth == "Basic " + Data("SK\(String(repeating: "b", count: 32)):\(Self.token)".utf8).base64EncodedString())
    }

    @Test func aMissingNumberNamesTheAccount() async throws {
        let p = try Self.platform { _ in reply(200, ["incoming_phone_numbers": [], "next_page_uri": .null]) }
        do {
            _ = try await p.inspect(Self.step)
            Issue.record("expected an error")
        } catch let e as PlatformError {
            #expect(e.code == "companion.not-found")
            #expect(e.message.contains(Self.account))
            #expect(e.message.contains("+4930901820"))
        }
    }

    @Test func attachPointsTheWebhookAndDefersTheService() async throws {
        let seen = Locked<[HTTPRequest]>([])
        let p = try Self.platform { r in
            seen.append(r)
            switch (r.method, r.url.path) {
            case ("GET", "/2010-04-01/Accounts/\(Self.account)/IncomingPhoneNumbers.json"):
                return reply(200, ["incoming_phone_numbers": [Self.number("PN2", "+4930901820")], "next_page_uri": .null])
            case ("GET", "/v1/Services"):
                if r.url.query?.contains("PageToken") == true {
                    return reply(200, [
                        "services": [
                            ["sid": "MG2", "account_sid": .string(Self.account), "friendly_name": "10DLC",
                             "use_inbound_webhook_on_number": false],
                        ], "meta": ["next_page_url": .null],
                    ])
                }
                return reply(200, [
                    "services": [["sid": "MG1", "friendly_name": "deferring", "use_inbound_webhook_on_number": true]],
                    "meta": ["next_page_url": "https://messaging.twilio.com/v1/Services?PageSize=1000&Page=1&PageToken=PT1"],
                ])
            case ("GET", "/v1/Services/MG2/PhoneNumbers"):
                return reply(200, [
                    "phone_numbers": [
                        ["sid": "PN2", "phone_number": "+4930901820"], ["sid": "PN9", "phone_number": "+4930901829"],
                    ], "meta": ["next_page_url": .null],
                ])
            case ("GET", "/v1/Services/MG2/ShortCodes"):
                return reply(200, ["short_codes": [], "meta": ["next_page_url": .null]])
            case ("POST", _): return reply(200, [:])
            default: return reply(404, ["code": 20404, "message": "not found", "status": 404])
            }
        }
        let o = try await p.inspect(Self.step)
        #expect(o.findings.map(\.code) == ["warning.messaging-service"])
        #expect(o.findings.first?.severity == .destructive)
        #expect(o.findings.first?.message.contains("+4930901829") == true)
        try await p.attach(Self.step)
        let posts = seen.get.filter { $0.method == "POST" }
        #expect(posts.count == 2)
        let number = try #require(posts.first)
        #expect(number.url.absoluteString
            == "https://api.twilio.com/2010-04-01/Accounts/\(Self.account)/IncomingPhoneNumbers/PN2.json")
        #expect(number.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(form(number) == ["SmsUrl": Self.webhook, "SmsMethod": "POST"])
        let service = try #require(posts.last)
        #expect(service.url.absoluteString == "https://messaging.twilio.com/v1/Services/MG2")
        #expect(form(service) == ["UseInboundWebhookOnNumber": "true"])
        // Detach restores what inspect read.
        try await p.detach(Self.step, previous: o.current)
        let back = try #require(seen.get.last)
        #expect(form(back) == ["SmsUrl": "https://old.example/sms", "SmsMethod": "GET"])
    }

    @Test func shortCodesAreFoundBySMSShortCodes() async throws {
        let seen = Locked<[HTTPRequest]>([])
        let p = try Self.platform { r in
            seen.append(r)
            if r.url.path.hasSuffix("SMS/ShortCodes.json") {
                return reply(200, [
                    "short_codes": [["sid": "SC1", "short_code": "12345", "sms_url": "", "sms_method": "POST"]],
                    "next_page_uri": .null,
                ])
            }
            return reply(200, ["services": [], "meta": [:]])
        }
        var step = Self.step
        step.subject = "12345"
        let o = try await p.inspect(step)
        #expect(o.remoteId == "SC1")
        #expect(o.current["smsUrl"] == .null)
        // An inspection lists the account's short codes whole (once per command).
        #expect(seen.get.first?.url.path.hasSuffix("SMS/ShortCodes.json") == true)
        #expect(seen.get.first?.url.query?.contains("ShortCode") == false)
    }

    @Test func errorsCarryTwilioCodesWithoutSecrets() async throws {
        let p = try Self.platform { _ in
            reply(401, [
                "code": 20003, "message": .string("Authenticate with \(Self.token)"),
                "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401,
            ])
        }
        do {
            _ = try await p.inspect(Self.step)
            Issue.record("expected an error")
        } catch let e as PlatformError {
            #expect(e.code == "20003")
            #expect(e.status == 401)
            #expect(!e.description.contains(Self.token))
            #expect(e.description.contains("20003"))
        }
    }

    @Test func tooManyConcurrentRequestsAreRetriedAfterRetryAfter() async throws {
        let calls = Locked(0)
        let sleeps = Locked<[Double]>([])
        let p = try Self.platform(sleeps: sleeps) { r in
            let n = calls.with { $0 += 1; return $0 }
            if n <= 2 {
                return reply(
                    429, ["code": 20429, "message": "Too Many Requests", "status": 429],
                    headers: n == 1 ? ["Retry-After": "3"] : [:])
            }
            return reply(200, ["incoming_phone_numbers": [Self.number("PN2", "+4930901820")], "next_page_uri": .null])
        }
        let n = try await p.number("+4930901820", account: Self.account, address: Self.address)
        #expect(n.sid == "PN2")
        #expect(calls.get == 3)
        #expect(sleeps.get.first == 3)
        #expect(sleeps.get.count == 2)
    }

    @Test func requestsInFlightPerAccountAreBounded() async throws {
        let inFlight = Locked(0)
        let peak = Locked(0)
        let account = "AC" + String(repeating: "c", count: 32)
        let options = TwilioClientOptions(maxConcurrentRequests: 2)
        let client = TwilioClient(
            hosts: .live, accountSid: account, username: account, password: Self.token,
            transport: { _ in
                let now = inFlight.with { $0 += 1; return $0 }
                peak.with { $0 = max($0, now) }
                try await Task.sleep(nanoseconds: 20_000_000)
                inFlight.with { $0 -= 1 }
                return reply(200, [:])
            }, options: options)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { _ = try await client.send("GET", .core, client.accountPath("Numbers")) } }
            try await group.waitForAll()
        }
        #expect(peak.get == 2)
        #expect(await client.gate.peak == 2)
    }

    @Test func aSecondaryAuthTokenIsAFinding() async throws {
        let present = try Self.platform { r in
            #expect(r.url.absoluteString == "https://accounts.twilio.com/v1/AuthTokens/Secondary")
            return reply(200, ["account_sid": .string(Self.account), "date_created": "2026-01-01T00:00:00Z"])
        }
        let findings = try await present.accountFindings(account: Self.account, address: Address(.integration, "sms"))
        #expect(findings.map(\.code) == ["warning.twilio-secondary-token"])
        #expect(findings.first?.message.contains("subaccount") == true)
        let absent = try Self.platform { _ in reply(404, ["code": 20404, "message": "not found", "status": 404]) }
        #expect(try await absent.accountFindings(account: Self.account, address: Self.address).isEmpty)
    }

    @Test func noResourceLivesOnATwilioConnection() async throws {
        let p = try Self.platform { _ in reply(200, [:]) }
        await #expect(throws: PlatformError.self) {
            _ = try await p.read(ResourceState(kind: .number, name: "x", platform: "twilio", remoteId: "PN1", status: .active))
        }
    }

    @Test func inspectingManyNumbersListsTheAccountOnce() async throws {
        let seen = Locked<[HTTPRequest]>([])
        let numbers = (0..<200).map { Self.number("PN\($0)", "+49309018\(1000 + $0)") }
        let p = try Self.platform { r in
            seen.append(r)
            switch (r.method, r.url.path) {
            case ("GET", "/2010-04-01/Accounts/\(Self.account)/IncomingPhoneNumbers.json"):
                let filter = URLComponents(url: r.url, resolvingAgainstBaseURL: false)?.queryItems?
                    .first { $0.name == "PhoneNumber" }?.value
                let items = numbers.filter { filter == nil || $0["phone_number"]?.stringValue == filter }
                return reply(200, ["incoming_phone_numbers": .list(items), "next_page_uri": .null])
            case ("GET", "/v1/Services"):
                return reply(200, [
                    "services": [["sid": "MG2", "account_sid": .string(Self.account), "friendly_name": "10DLC",
                                  "use_inbound_webhook_on_number": false]],
                    "meta": ["next_page_url": .null],
                ])
            case ("GET", "/v1/Services/MG2/PhoneNumbers"):
                return reply(200, ["phone_numbers": [["sid": "PN3", "phone_number": "+493090181003"]],
                                   "meta": ["next_page_url": .null]])
            case ("GET", "/v1/Services/MG2/ShortCodes"):
                return reply(200, ["short_codes": [], "meta": ["next_page_url": .null]])
            case ("POST", _):
                var pointed = numbers[5].objectValue ?? [:]
                pointed["sms_url"] = .string(Self.webhook)
                return reply(200, .object(pointed))
            default: return reply(404, ["code": 20404, "message": "not found", "status": 404])
            }
        }
        func step(_ i: Int) -> CompanionStep {
            CompanionStep(
                purpose: "inbound webhook", account: Self.account, subject: "+49309018\(1000 + i)", value: Self.webhook,
                address: Address(.number, "n\(i)"))
        }
        for i in 0..<200 {
            let o = try await p.inspect(step(i))
            #expect(o.remoteId == "PN\(i)")
            #expect(o.findings.count == (i == 3 ? 1 : 0))
        }
        // The numbers once, the services once, the one non-deferring service's members once.
        #expect(seen.get.count == 4)
        try await p.attach(step(5))
        #expect(try await p.inspect(step(5)).attached)
        #expect(seen.get.filter { $0.method == "GET" }.count == 4)
        // A number the listing lacks is still asked for by its number.
        await #expect(throws: PlatformError.self) { _ = try await p.inspect(step(999)) }
        #expect(seen.get.last?.url.query?.contains("PhoneNumber") == true)
    }
}
