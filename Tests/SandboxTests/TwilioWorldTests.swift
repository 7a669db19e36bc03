import Foundation
import PlatformKit
import Sandbox
import SwitchboardModel
import SwitchboardTestSupport
import Testing

/// The sandbox's Twilio rules as the other platforms meet them: where a number's inbound messages really go, and the
/// explicit faults on short codes and templates.
@Suite struct TwilioWorldTests {
    static let region = "https://byosms.mypurecloud.com/vendors/v1/twilio/a906d2848ad146028e8805a8bbaa24d3/mo"

    /// A request to the Twilio emulator over the fixture's world, as the fixture's account.
    func send(
        _ emulator: TwilioEmulator, _ method: String, _ path: String, query: [String: String] = [:],
        form: [(String, String)] = [], json: Value? = nil
    ) async throws -> Value {
        var headers = ["authorization": "Basic " + Data("\(Fx.accountSid):token".utf8).base64EncodedString()]
        var body = FormEncoding.data(form)
        if let json {
            headers["content-type"] = "application/json"
            body = JSONCoding.data(json)
        } else {
            headers["content-type"] = FormEncoding.contentType
        }
        let r = await emulator.handle(
            HTTPServerRequest(method: method, path: path, query: query, headers: headers, body: body))
        return r.body.isEmpty ? .null : try JSONCoding.parse(r.body)
    }

    @Test func aNumberInAServiceThatDoesNotDeferIsNotImportedUntilItDefers() async throws {
        let fx = try SandboxFixture()
        let emulator = TwilioEmulator(store: fx.store, timing: .instant, options: .inProcess)
        let integration = try await fx.twilioSMS()
        let numbers = "/2010-04-01/Accounts/\(Fx.accountSid)/IncomingPhoneNumbers"
        let found = try await send(emulator, "GET", numbers + ".json", query: ["PhoneNumber": "+14155550150"])
        let pn = try #require(found["incoming_phone_numbers"]?.listValue?.first?["sid"]?.stringValue)
        // Not pointed yet: Twilio's demo reply, so Genesys Cloud refuses the import.
        let spec = NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "+14155550150", country: "US")
        let unpointed = await #expect(throws: PlatformError.self) {
            _ = try await fx.importNumber("n", spec, integrationId: integration, pointWebhook: false)
        }
        #expect(unpointed?.code == "sms.phonenumber.import.webhook.not.configured")
        _ = try await send(emulator, "POST", numbers + "/\(pn).json", form: [("SmsUrl", Self.region)])
        let mg = try #require(
            try await send(
                emulator, "POST", "/v1/Services",
                form: [("FriendlyName", "10DLC"), ("InboundRequestUrl", "https://app.example/in")])["sid"]?
                .stringValue)
        _ = try await send(emulator, "POST", "/v1/Services/\(mg)/PhoneNumbers", form: [("PhoneNumberSid", pn)])
        let inService = await #expect(throws: PlatformError.self) {
            _ = try await fx.importNumber("n", spec, integrationId: integration, pointWebhook: false)
        }
        #expect(inService?.code == "sms.phonenumber.import.webhook.not.configured")
        #expect(inService?.message.contains("Messaging Service \(mg) does not defer") == true)
        _ = try await send(emulator, "POST", "/v1/Services/\(mg)", form: [("UseInboundWebhookOnNumber", "true")])
        let o = try await fx.importNumber("n", spec, integrationId: integration, pointWebhook: false)
        #expect(o.status == .active)
    }

    @Test func theWebhookFaultMovesAShortCodeAndItsRemovalPointsItBack() async throws {
        let fx = try SandboxFixture()
        let emulator = TwilioEmulator(store: fx.store, timing: .instant, options: .inProcess)
        let path = "/2010-04-01/Accounts/\(Fx.accountSid)/SMS/ShortCodes.json"
        func url() async throws -> String? {
            try await send(emulator, "GET", path, query: ["ShortCode": "12345"])["short_codes"]?.listValue?.first?[
                "sms_url"]?
                .stringValue
        }
        #expect(try await url() == SandboxWorld.neutralTwilioWebhook)
        _ = try await fx.store.transact { w, now in try w.addFault(.webhookElsewhere, target: "12345", now: now) }
        #expect(try await url() == SandboxWorld.elsewhereWebhook)
        _ = try await fx.store.transact { w, now in w.removeFault(.webhookElsewhere, target: "12345", now: now) }
        #expect(try await url() == SandboxWorld.neutralTwilioWebhook)
        // Not at the vendor: the look-up finds nothing.
        _ = try await fx.store.transact { w, now in try w.addFault(.notFoundAtVendor, target: "54321", now: now) }
        #expect(try await send(emulator, "GET", path, query: ["ShortCode": "54321"])["short_codes"] == [])
    }

    @Test func theTemplateRejectedFaultRejectsThatTemplatesApprovalOnly() async throws {
        let fx = try SandboxFixture()
        let emulator = TwilioEmulator(store: fx.store, timing: .instant, options: .inProcess)
        _ = try await fx.store.transact { w, now in try w.addFault(.templateRejected, target: "order-update", now: now)
        }
        var status: [String: Value] = [:]
        for name in ["order_update", "shipping_notice"] {
            let content = try await send(
                emulator, "POST", "/v1/Content",
                json: ["language": "en", "types": ["twilio/text": ["body": "Your order has shipped."]]])
            let sid = try #require(content["sid"]?.stringValue)
            let submitted = try await send(
                emulator, "POST", "/v1/Content/\(sid)/ApprovalRequests/whatsapp",
                json: ["name": .string(name), "category": "UTILITY"])
            #expect(submitted["status"] == "received")
            status[name] = try await send(emulator, "GET", "/v1/Content/\(sid)/ApprovalRequests")["whatsapp"]
        }
        #expect(status["order_update"]?["status"] == "rejected")
        #expect(status["order_update"]?["rejection_reason"]?.stringValue?.contains("template-rejected") == true)
        #expect(status["shipping_notice"]?["status"] == "approved")
    }
}
