import Foundation
import PlatformKit
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import Sandbox

/// The v1 and v2 APIs of the Twilio emulator: Messaging Services, WhatsApp senders, Content with approvals, and the
/// secondary auth token.
@Suite struct TwilioEmulatorMessagingTests {
    typealias H = TwilioHarness

    // MARK: - Messaging Services

    @Test func aServiceIsCreatedUpdatedAndDeletedFormEncoded() async throws {
        let h = try H()
        let created = await h.send(
            "POST", "/v1/Services",
            form: [("FriendlyName", "Support"), ("InboundRequestUrl", "https://example.com/in")])
        #expect(created.status == 201)
        let sid = try #require(created.body["sid"]?.stringValue)
        #expect(sid.hasPrefix("MG"))
        #expect(created.body["use_inbound_webhook_on_number"] == false)
        #expect(created.body["inbound_request_url"] == "https://example.com/in")
        #expect(created.body["date_created"] == "2026-11-18T11:06:40Z")
        #expect(created.body["url"] == .string("https://messaging.twilio.com/v1/Services/\(sid)"))
        let updated = await h.send("POST", "/v1/Services/\(sid)", form: [("UseInboundWebhookOnNumber", "true")])
        #expect(updated.status == 200 && updated.body["use_inbound_webhook_on_number"] == true)
        #expect(updated.body["friendly_name"] == "Support")
        #expect(await h.send("GET", "/v1/Services/\(sid)").body["use_inbound_webhook_on_number"] == true)
        let bad = await h.send("POST", "/v1/Services/\(sid)", form: [("UseInboundWebhookOnNumber", "yes")])
        #expect(bad.status == 400 && bad.body["code"] == 20001)
        #expect(await h.send("POST", "/v1/Services", form: [("Usecase", "marketing")]).body["code"] == 20001)
        #expect(await h.send("DELETE", "/v1/Services/\(sid)").status == 204)
        #expect(await h.send("GET", "/v1/Services/\(sid)").body["code"] == 20404)
    }

    @Test func aServicesNumbersDecideWhereInboundMessagesGo() async throws {
        let h = try H()
        let pn = try await h.numberSid("+14155550123")
        let other = try await h.numberSid("+14155550124")
        let mg = try #require(
            await h.send(
                "POST", "/v1/Services", form: [("FriendlyName", "10DLC"), ("InboundRequestUrl", "https://svc/in")]
            )
            .body["sid"]?.stringValue)
        let added = await h.send("POST", "/v1/Services/\(mg)/PhoneNumbers", form: [("PhoneNumberSid", pn)])
        #expect(added.status == 201)
        #expect(added.body["phone_number"] == "+14155550123" && added.body["service_sid"] == .string(mg))
        #expect(added.body["country_code"] == "US")
        _ = await h.send("POST", "/v1/Services/\(mg)/PhoneNumbers", form: [("PhoneNumberSid", other)])
        let list = await h.send("GET", "/v1/Services/\(mg)/PhoneNumbers", query: ["PageSize": "1"])
        #expect(list.body["phone_numbers"]?.listValue?.count == 1)
        #expect(list.body["meta"]?["key"] == "phone_numbers")
        #expect(list.body["meta"]?["next_page_url"]?.stringValue?.contains("PageToken=PA") == true)
        #expect(await h.send("GET", "/v1/Services/\(mg)/PhoneNumbers/\(pn)").body["sid"] == .string(pn))
        // The service takes the number's messages until it defers to the sender's webhook.
        #expect(try await h.world().twilioInboundURL(accountSid: H.account, sid: pn) == "https://svc/in")
        _ = await h.send("POST", "/v1/Services/\(mg)", form: [("UseInboundWebhookOnNumber", "True")])
        #expect(
            try await h.world().twilioInboundURL(accountSid: H.account, sid: pn) == SandboxWorld.neutralTwilioWebhook)
        // A number is in one service at most.
        let second = try #require(
            await h.send("POST", "/v1/Services", form: [("FriendlyName", "Other")]).body["sid"]?.stringValue)
        let taken = await h.send("POST", "/v1/Services/\(second)/PhoneNumbers", form: [("PhoneNumberSid", pn)])
        #expect(taken.status == 409 && taken.body["code"] == 21710)
        let unknown = await h.send(
            "POST", "/v1/Services/\(second)/PhoneNumbers",
            form: [("PhoneNumberSid", "PN" + String(repeating: "0", count: 32))])
        #expect(unknown.status == 404)
        #expect(await h.send("DELETE", "/v1/Services/\(mg)/PhoneNumbers/\(pn)").status == 204)
        #expect(await h.send("GET", "/v1/Services/\(mg)/PhoneNumbers/\(pn)").status == 404)
        #expect(
            await h.send("POST", "/v1/Services/\(second)/PhoneNumbers", form: [("PhoneNumberSid", pn)]).status == 201)
    }

    @Test func shortCodesJoinAServiceToo() async throws {
        let h = try H()
        let codes = await h.send("GET", H.api("SMS/ShortCodes.json"), query: ["ShortCode": "12345"])
        let sc = try #require(codes.body["short_codes"]?.listValue?.first?["sid"]?.stringValue)
        let mg = try #require(
            await h.send("POST", "/v1/Services", form: [("FriendlyName", "S")]).body["sid"]?.stringValue)
        let added = await h.send("POST", "/v1/Services/\(mg)/ShortCodes", form: [("ShortCodeSid", sc)])
        #expect(added.status == 201 && added.body["short_code"] == "12345")
        let list = await h.send("GET", "/v1/Services/\(mg)/ShortCodes")
        #expect(list.body["short_codes"]?.listValue?.count == 1 && list.body["meta"]?["key"] == "short_codes")
        let one = await h.send("GET", "/v1/Services/\(mg)/ShortCodes/\(sc)")
        #expect(
            one.status == 200
                && one.body["url"] == .string("https://messaging.twilio.com/v1/Services/\(mg)/ShortCodes/\(sc)"))
        #expect(await h.send("DELETE", "/v1/Services/\(mg)/ShortCodes/\(sc)").status == 204)
        #expect(await h.send("GET", "/v1/Services/\(mg)/ShortCodes").body["short_codes"] == [])
    }

    @Test func metaPagingOfServicesIsAbsoluteOnTheHostAsked() async throws {
        let h = try H()
        var sids: [String] = []
        for i in 0..<3 {
            let s = await h.send("POST", "/v1/Services", form: [("FriendlyName", "S\(i)")])
            sids.append(s.body["sid"]?.stringValue ?? "")
            h.time.advance(by: 1)
        }
        let first = await h.send("GET", "/v1/Services", query: ["PageSize": "2"], host: "127.0.0.1:8787")
        let meta = try #require(first.body["meta"])
        #expect(
            Set(meta.objectValue?.keys.map { $0 } ?? []) == [
                "page", "page_size", "first_page_url", "previous_page_url", "url", "next_page_url", "key",
            ])
        #expect(meta["url"] == "http://127.0.0.1:8787/v1/Services?PageSize=2&Page=0")
        #expect(meta["first_page_url"] == "http://127.0.0.1:8787/v1/Services?PageSize=2&Page=0")
        #expect(meta["previous_page_url"] == .null && meta["key"] == "services" && meta["page_size"] == 2)
        #expect(
            meta["next_page_url"]
                == .string("http://127.0.0.1:8787/v1/Services?PageSize=2&Page=1&PageToken=PA\(sids[1])"))
        let second = await h.send(
            "GET", "/v1/Services", query: ["PageSize": "2", "Page": "1", "PageToken": "PA\(sids[1])"])
        #expect(second.body["services"]?.listValue?.compactMap { $0["sid"]?.stringValue } == [sids[2]])
        #expect(second.body["meta"]?["next_page_url"] == .null && second.body["meta"]?["page"] == 1)
        #expect(
            second.body["meta"]?["previous_page_url"]?.stringValue?.hasSuffix("Page=0&PageToken=PB\(sids[2])") == true)
    }

    // MARK: - WhatsApp senders

    @Test func aSenderIsCreatingThenOnlineAndItsWebhookChangesWithJSON() async throws {
        let h = try H()
        #expect(await h.send("GET", "/v2/Channels/Senders").body["code"] == 20001)
        let created = await h.send(
            "POST", "/v2/Channels/Senders",
            json: [
                "sender_id": "whatsapp:+14155550123", "profile": ["name": "Acme"],
                "webhook": ["callback_url": "https://example.com/wa", "callback_method": "POST"],
            ])
        #expect(created.status == 202 && created.body["status"] == "CREATING")
        let sid = try #require(created.body["sid"]?.stringValue)
        #expect(sid.hasPrefix("XE") && created.body["webhook"]?["callback_url"] == "https://example.com/wa")
        #expect(created.body["profile"]?["name"] == "Acme")
        h.time.advance(by: 10)
        let listed = await h.send("GET", "/v2/Channels/Senders", query: ["Channel": "whatsapp"])
        #expect(
            listed.body["senders"]?.listValue?.first?["status"] == "ONLINE" && listed.body["meta"]?["key"] == "senders")
        let inbound = "https://contoso.omnichannelengagementhub.com/api/twilio/whatsapp/1"
        let updated = await h.send(
            "POST", "/v2/Channels/Senders/\(sid)", json: ["webhook": ["callback_url": .string(inbound)]])
        #expect(updated.status == 202 && updated.body["webhook"]?["callback_url"] == .string(inbound))
        #expect(updated.body["webhook"]?["callback_method"] == "POST")
        #expect(await h.send("GET", "/v2/Channels/Senders/\(sid)").body["webhook"]?["callback_url"] == .string(inbound))
        let twice = await h.send("POST", "/v2/Channels/Senders", json: ["sender_id": "whatsapp:+14155550123"])
        #expect(twice.status == 409)
        #expect(await h.send("POST", "/v2/Channels/Senders", json: ["sender_id": "+14155550123"]).status == 400)
        #expect(await h.send("DELETE", "/v2/Channels/Senders/\(sid)").status == 204)
        #expect(await h.send("GET", "/v2/Channels/Senders/\(sid)").status == 404)
    }

    // MARK: - Content and approvals

    static let template: Value = [
        "friendly_name": "order_update", "language": "en",
        "variables": ["1": "Ada", "2": "4711"],
        "types": ["twilio/text": ["body": "Hi {{1}}, order {{2}} has shipped."]],
    ]

    @Test func contentIsCreatedAndApprovedThroughReceivedAndPending() async throws {
        let h = try H(provisioning: 10)
        let created = await h.send("POST", "/v1/Content", json: Self.template)
        #expect(created.status == 201)
        let sid = try #require(created.body["sid"]?.stringValue)
        #expect(sid.hasPrefix("HX") && created.body["types"] == Self.template["types"])
        #expect(
            created.body["links"]?["approval_create"]
                == .string("https://content.twilio.com/v1/Content/\(sid)/ApprovalRequests/whatsapp"))
        let before = await h.send("GET", "/v1/Content/\(sid)/ApprovalRequests")
        #expect(before.body["whatsapp"]?["status"] == "unsubmitted")
        let submitted = await h.send(
            "POST", "/v1/Content/\(sid)/ApprovalRequests/whatsapp",
            json: ["name": "order_update", "category": "UTILITY"])
        #expect(submitted.status == 201)
        #expect(
            submitted.body == [
                "name": "order_update", "category": "UTILITY", "content_type": "twilio/text", "status": "received",
                "rejection_reason": "", "allow_category_change": true,
            ])
        h.time.advance(by: 5)
        #expect(await h.send("GET", "/v1/Content/\(sid)/ApprovalRequests").body["whatsapp"]?["status"] == "pending")
        h.time.advance(by: 5)
        let approved = await h.send("GET", "/v1/Content/\(sid)/ApprovalRequests")
        #expect(approved.body["sid"] == .string(sid) && approved.body["account_sid"] == .string(H.account))
        #expect(
            approved.body["whatsapp"]?["status"] == "approved" && approved.body["whatsapp"]?["name"] == "order_update")
        let both = await h.send("GET", "/v1/ContentAndApprovals")
        #expect(both.body["contents"]?.listValue?.first?["approval_requests"]?["status"] == "approved")
        #expect(both.body["meta"]?["key"] == "contents")
        // Submitted content cannot change; new text is new content.
        let put = await h.send("PUT", "/v1/Content/\(sid)", json: ["types": ["twilio/text": ["body": "Other"]]])
        #expect(put.status == 400 && put.body["code"] == 20001)
        let again = await h.send(
            "POST", "/v1/Content/\(sid)/ApprovalRequests/whatsapp",
            json: ["name": "order_update", "category": "UTILITY"])
        #expect(again.status == 400)
        #expect(await h.send("DELETE", "/v1/Content/\(sid)").status == 204)
        #expect(await h.send("GET", "/v1/Content/\(sid)/ApprovalRequests").status == 404)
    }

    @Test func contentIsListedFetchedAndReplacedBeforeSubmission() async throws {
        let h = try H()
        let sid = try #require(await h.send("POST", "/v1/Content", json: Self.template).body["sid"]?.stringValue)
        let listed = await h.send("GET", "/v1/Content")
        #expect(listed.body["contents"]?.listValue?.compactMap { $0["sid"]?.stringValue } == [sid])
        #expect(
            listed.body["meta"]?["key"] == "contents"
                && listed.body["meta"]?["url"] == "https://content.twilio.com/v1/Content?PageSize=50&Page=0")
        let fetched = await h.send("GET", "/v1/Content/\(sid)")
        #expect(
            fetched.status == 200 && fetched.body["language"] == "en"
                && fetched.body["variables"] == Self.template["variables"])
        let types: Value = ["twilio/text": ["body": "Hello {{1}}"]]
        let put = await h.send("PUT", "/v1/Content/\(sid)", json: ["types": types, "variables": ["1": "Ada"]])
        #expect(put.status == 200 && put.body["types"] == types && put.body["friendly_name"] == "order_update")
        #expect(await h.send("GET", "/v1/Content/\(sid)").body["variables"] == ["1": "Ada"])
        #expect(await h.send("PUT", "/v1/Content/\(sid)", json: ["friendly_name": "x"]).body["code"] == 20001)
    }

    @Test func aPlaceholderWithoutASampleIsRejectedWithWhatsAppsReason() async throws {
        let h = try H(provisioning: 0)
        var body = Self.template
        if case .object(var o) = body {
            o["variables"] = ["1": "Ada"]
            body = .object(o)
        }
        let sid = try #require(await h.send("POST", "/v1/Content", json: body).body["sid"]?.stringValue)
        _ = await h.send(
            "POST", "/v1/Content/\(sid)/ApprovalRequests/whatsapp", json: ["name": "order", "category": "UTILITY"])
        let fetched = await h.send("GET", "/v1/Content/\(sid)/ApprovalRequests")
        #expect(fetched.body["whatsapp"]?["status"] == "rejected")
        #expect(fetched.body["whatsapp"]?["rejection_reason"]?.stringValue?.contains("{{2}}") == true)
    }

    @Test func whatsAppMayPauseOrDisableAnApprovedTemplate() async throws {
        let h = try H(provisioning: 0)
        let sid = try #require(await h.send("POST", "/v1/Content", json: Self.template).body["sid"]?.stringValue)
        _ = await h.send(
            "POST", "/v1/Content/\(sid)/ApprovalRequests/whatsapp", json: ["name": "order", "category": "UTILITY"])
        try await h.store.transact { w, _ in
            try w.setTwilioApproval(accountSid: H.account, sid: sid, status: "paused", reason: "low quality")
        }
        let fetched = await h.send("GET", "/v1/Content/\(sid)/ApprovalRequests")
        #expect(
            fetched.body["whatsapp"]?["status"] == "paused"
                && fetched.body["whatsapp"]?["rejection_reason"] == "low quality")
    }

    @Test(arguments: [
        (["language": "en"] as Value, "types"),
        (["types": ["twilio/text": ["body": "x"]]] as Value, "language"),
        (
            ["language": "en", "types": ["twilio/text": ["body": .string(String(repeating: "a", count: 1_601))]]]
                as Value, "1600"
        ),
    ])
    func invalidContentIsRefused(body: Value, mentions: String) async throws {
        let h = try H()
        let a = await h.send("POST", "/v1/Content", json: body)
        #expect(a.status == 400 && a.body["code"] == 20001)
        #expect(a.body["message"]?.stringValue?.contains(mentions) == true)
        #expect(try await h.world().twilio[H.account]?.contents.isEmpty ?? true)
    }

    @Test func anApprovalNeedsAWhatsAppNameAndCategory() async throws {
        let h = try H()
        let sid = try #require(await h.send("POST", "/v1/Content", json: Self.template).body["sid"]?.stringValue)
        let path = "/v1/Content/\(sid)/ApprovalRequests/whatsapp"
        #expect(await h.send("POST", path, json: ["name": "order-update", "category": "UTILITY"]).status == 400)
        #expect(await h.send("POST", path, json: ["name": "order", "category": "PROMO"]).status == 400)
        #expect(await h.send("POST", path, json: ["name": "order"]).status == 400)
        #expect(await h.send("POST", path, json: ["name": "order", "category": "MARKETING"]).status == 201)
    }

    // MARK: - Secondary auth token

    @Test func aSecondaryTokenAuthenticatesUntilDeletedAndPromotionRetiresThePrimary() async throws {
        let h = try H()
        #expect(await h.send("GET", "/v1/AuthTokens/Secondary").status == 404)
        let created = await h.send("POST", "/v1/AuthTokens/Secondary")
        #expect(created.status == 201 && created.body["account_sid"] == .string(H.account))
        let secondary = try #require(created.body["secondary_auth_token"]?.stringValue)
        #expect(secondary.count == 32)
        let read = await h.send("GET", "/v1/AuthTokens/Secondary")
        #expect(read.status == 200 && read.body["secondary_auth_token"] == .null && read.body["date_created"] != nil)
        #expect(await h.send("GET", "/v1/Services", password: secondary).status == 200)
        #expect(!(try String(contentsOfFile: h.store.path, encoding: .utf8)).contains(secondary))
        #expect(await h.send("DELETE", "/v1/AuthTokens/Secondary").status == 204)
        #expect(await h.send("GET", "/v1/Services", password: secondary).status == 401)
        #expect(await h.send("DELETE", "/v1/AuthTokens/Secondary").status == 404)
        let next = try #require(
            await h.send("POST", "/v1/AuthTokens/Secondary").body["secondary_auth_token"]?.stringValue)
        #expect(await h.send("POST", "/v1/AuthTokens/Promote").status == 200)
        #expect(await h.send("GET", "/v1/Services").status == 401)
        #expect(await h.send("GET", "/v1/Services", password: next).status == 200)
    }
}
