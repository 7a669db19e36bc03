import Foundation
import PlatformKit
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import Sandbox

/// The Twilio emulator's rate limit, injected faults, and `sandbox serve` answering Twilio and Genesys Cloud on one
/// loopback port.
@Suite struct TwilioEmulatorTrafficTests {
    typealias H = TwilioHarness

    @Test func pastTheRateLimitIsTwilios429WithRetryAfterAndNothingChanges() async throws {
        let h = try H(options: TwilioEmulatorOptions(rateLimitPerMinute: 2, rateLimitWindow: 60))
        #expect(await h.send("GET", H.api("IncomingPhoneNumbers.json")).status == 200)
        #expect(await h.send("GET", H.api("IncomingPhoneNumbers.json")).status == 200)
        let refused = await h.send("GET", H.api("IncomingPhoneNumbers.json"), query: ["PhoneNumber": "+14155550123"])
        #expect(refused.status == 429)
        #expect(
            refused.body == [
                "code": 20429, "message": "Too Many Requests", "more_info": "https://www.twilio.com/docs/errors/20429",
                "status": 429,
            ])
        #expect(Int(refused.response.header("Retry-After") ?? "") ?? 0 >= 1)
        #expect(try await h.world().twilio[H.account]?.incomingPhoneNumbers.isEmpty == true)
        #expect(await h.emulator.stats.rateLimited == 1)
    }

    @Test func injectedFaultsAreTwiliosCodesAndALostAnswerStillActed() async throws {
        let h = try H(options: TwilioEmulatorOptions(faultRate: 1, seed: 7, rateLimitPerMinute: .max))
        var codes: Set<Int> = []
        for i in 0..<30 {
            let a = await h.send(
                "GET", H.api("IncomingPhoneNumbers.json"), query: ["PhoneNumber": "+1415555\(1000 + i)"])
            #expect([429, 500, 503].contains(a.status))
            if let code = a.body["code"]?.intValue { codes.insert(code) }
            if a.status == 429 { #expect(a.response.header("Retry-After") == "1") }
        }
        #expect(codes == [20429, 20500, 20503])
        // A 500 after acting: the look-up materialized the number all the same.
        #expect(try await h.world().twilio[H.account]?.incomingPhoneNumbers.isEmpty == false)
        #expect(await h.emulator.stats.injectedFaults == 30)
    }

    @Test func sandboxServeAnswersTwilioAndGenesysCloudOnOnePort() async throws {
        let scratch = try TemporaryDirectory("twilio-serve")
        let stop = Locked(false)
        let lines = Locked<[String]>([])
        let task = Task {
            try await runSandboxServe(
                options: SandboxServeOptions(port: 0, directory: URL(fileURLWithPath: scratch.path)), environment: [:],
                shouldStop: { stop.with { $0 } }, log: { line in lines.with { $0.append(line) } })
        }
        defer { stop.with { $0 = true } }
        #expect(await eventually(timeout: 20, every: 0.02) { !lines.get.isEmpty })
        let base = try #require(lines.get.first?.split(separator: " ").last.map(String.init))
        let transport = URLSessionTransport.make()
        let auth = "Basic " + Data("\(H.account):\(H.token)".utf8).base64EncodedString()
        let url = try #require(URL(string: base + H.api("IncomingPhoneNumbers.json") + "?PhoneNumber=%2B14155550123"))
        let twilio = try await transport(HTTPRequest(method: "GET", url: url, headers: ["Authorization": auth]))
        #expect(twilio.status == 200)
        let body = try JSONCoding.parse(twilio.body)
        #expect(body["incoming_phone_numbers"]?.listValue?.first?["phone_number"] == "+14155550123")
        let services = try await transport(
            HTTPRequest(
                method: "GET", url: try #require(URL(string: base + "/v1/Services")), headers: ["Authorization": auth]))
        let meta = try JSONCoding.parse(services.body)["meta"]
        #expect(meta?["url"] == .string(base + "/v1/Services?PageSize=50&Page=0"))
        let genesys = try await transport(
            HTTPRequest(
                method: "POST", url: try #require(URL(string: base + "/oauth/token")),
                headers: [
                    "Authorization": "Basic " + Data("client:secret".utf8).base64EncodedString(),
                    "Content-Type": FormEncoding.contentType,
                ], body: FormEncoding.data([("grant_type", "client_credentials")])))
        #expect(genesys.status == 200)
        stop.with { $0 = true }
        _ = try await task.value
        #expect(lines.with { $0.last?.contains("Twilio requests") } == true)
    }
}
