import Foundation
import PlatformKit
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import Sandbox

/// The 2010 API of the Twilio emulator: numbers, short codes, paging, credentials and errors.
@Suite struct TwilioEmulatorNumberTests {
    typealias H = TwilioHarness

    @Test func aNumberLookUpFindsEveryWellFormedNumberPointingAtTheNeutralWebhook() async throws {
        let h = try H()
        let a = await h.send("GET", H.api("IncomingPhoneNumbers.json"), query: ["PhoneNumber": "+14155550123"])
        #expect(a.status == 200)
        let numbers = try #require(a.body["incoming_phone_numbers"]?.listValue)
        #expect(numbers.count == 1)
        let n = try #require(numbers.first)
        #expect(n["phone_number"] == "+14155550123")
        #expect(n["sms_url"] == .string(SandboxWorld.neutralTwilioWebhook))
        #expect(n["sms_method"] == "POST")
        #expect(n["account_sid"] == .string(H.account))
        #expect(n["sid"]?.stringValue?.hasPrefix("PN") == true && n["sid"]?.stringValue?.count == 34)
        #expect(n["date_created"] == "Wed, 18 Nov 2026 11:06:40 +0000")
        #expect(n["uri"] == .string(H.api("IncomingPhoneNumbers/\(n["sid"]?.stringValue ?? "").json")))
        // The same number again: the same SID, not a second number.
        let again = await h.send("GET", H.api("IncomingPhoneNumbers.json"), query: ["PhoneNumber": "+14155550123"])
        #expect(again.body["incoming_phone_numbers"]?.listValue?.first?["sid"] == n["sid"])
        #expect(try await h.world().twilio[H.account]?.incomingPhoneNumbers.count == 1)
    }

    @Test func aPartialFilterMatchesHeldNumbersOnly() async throws {
        let h = try H()
        for e164 in ["+14155550101", "+14155550102", "+442071838750"] {
            _ = try await h.numberSid(e164)
            h.time.advance(by: 1)
        }
        let partial = await h.send("GET", H.api("IncomingPhoneNumbers.json"), query: ["PhoneNumber": "555010"])
        #expect(
            partial.body["incoming_phone_numbers"]?.listValue?.compactMap { $0["phone_number"]?.stringValue }
                == ["+14155550101", "+14155550102"])
        let wildcard = await h.send("GET", H.api("IncomingPhoneNumbers.json"), query: ["PhoneNumber": "+44*750"])
        #expect(wildcard.body["incoming_phone_numbers"]?.listValue?.count == 1)
        // An unencoded `+` arrives as a space: still the number.
        let spaced = await h.send("GET", H.api("IncomingPhoneNumbers.json"), query: ["PhoneNumber": " 14155550101"])
        #expect(spaced.body["incoming_phone_numbers"]?.listValue?.count == 1)
        let all = await h.send("GET", H.api("IncomingPhoneNumbers.json"))
        #expect(all.body["incoming_phone_numbers"]?.listValue?.count == 3)
    }

    @Test func fetchAndUpdateTheWebhookFormEncoded() async throws {
        let h = try H()
        let sid = try await h.numberSid("+14155550123")
        let url = "https://byosms.mypurecloud.de/vendors/v1/twilio/3d904439dc3f4eceb2e574b43c8f5ac5/mo"
        let updated = await h.send(
            "POST", H.api("IncomingPhoneNumbers/\(sid).json"), form: [("SmsUrl", url), ("SmsMethod", "POST")])
        #expect(updated.status == 200)
        #expect(updated.body["sms_url"] == .string(url))
        let fetched = await h.send("GET", H.api("IncomingPhoneNumbers/\(sid).json"))
        #expect(fetched.status == 200 && fetched.body["sms_url"] == .string(url))
        #expect(try await h.world().twilio[H.account]?.incomingPhoneNumbers[sid]?.sms_url == url)
        // What a request does not name stays.
        let renamed = await h.send(
            "POST", H.api("IncomingPhoneNumbers/\(sid).json"), form: [("FriendlyName", "Support")])
        #expect(renamed.body["sms_url"] == .string(url) && renamed.body["friendly_name"] == "Support")
        // Twilio's validation, Twilio's codes; nothing changes.
        let bad = await h.send("POST", H.api("IncomingPhoneNumbers/\(sid).json"), form: [("SmsUrl", "not a url")])
        #expect(bad.status == 400 && bad.body["code"] == 21502)
        let method = await h.send("POST", H.api("IncomingPhoneNumbers/\(sid).json"), form: [("SmsMethod", "PUT")])
        #expect(method.status == 400 && method.body["code"] == 20001)
        #expect(try await h.world().twilio[H.account]?.incomingPhoneNumbers[sid]?.sms_url == url)
    }

    @Test func buyingAndReleasingAreRefused() async throws {
        let h = try H()
        let sid = try await h.numberSid("+14155550123")
        let buy = await h.send("POST", H.api("IncomingPhoneNumbers.json"), form: [("PhoneNumber", "+14155550124")])
        #expect(buy.status == 403 && buy.body["code"] == 20403)
        let release = await h.send("DELETE", H.api("IncomingPhoneNumbers/\(sid).json"))
        #expect(release.status == 403)
        #expect(try await h.world().twilio[H.account]?.incomingPhoneNumbers[sid] != nil)
    }

    @Test func shortCodesAreListedByCodeFetchedAndUpdated() async throws {
        let h = try H()
        let list = await h.send("GET", H.api("SMS/ShortCodes.json"), query: ["ShortCode": "12345"])
        #expect(list.status == 200)
        let code = try #require(list.body["short_codes"]?.listValue?.first)
        #expect(code["short_code"] == "12345" && code["sms_url"] == .string(SandboxWorld.neutralTwilioWebhook))
        let sid = try #require(code["sid"]?.stringValue)
        #expect(sid.hasPrefix("SC"))
        let updated = await h.send(
            "POST", H.api("SMS/ShortCodes/\(sid).json"), form: [("SmsUrl", "https://example.com/sms")])
        #expect(updated.status == 200 && updated.body["sms_url"] == "https://example.com/sms")
        let fetched = await h.send("GET", H.api("SMS/ShortCodes/\(sid).json"))
        #expect(fetched.body["sms_url"] == "https://example.com/sms")
        #expect(fetched.body["uri"] == .string(H.api("SMS/ShortCodes/\(sid).json")))
        let none = await h.send("GET", H.api("SMS/ShortCodes.json"), query: ["ShortCode": "999"])
        #expect(none.body["short_codes"]?.listValue == [])
    }

    // MARK: - Paging

    @Test func the2010ListPagesWithTwiliosKeys() async throws {
        let h = try H()
        var sids: [String] = []
        for i in 1...5 {
            sids.append(try await h.numberSid("+1415555010\(i)"))
            h.time.advance(by: 1)
        }
        let path = H.api("IncomingPhoneNumbers.json")
        let first = await h.send("GET", path, query: ["PageSize": "2"])
        let keys = Set(first.body.objectValue?.keys.map { $0 } ?? [])
        #expect(
            keys == [
                "incoming_phone_numbers", "page", "page_size", "start", "end", "uri", "first_page_uri", "next_page_uri",
                "previous_page_uri",
            ])
        #expect(
            first.body["page"] == 0 && first.body["page_size"] == 2 && first.body["start"] == 0
                && first.body["end"] == 1)
        #expect(first.body["uri"] == .string(path + "?PageSize=2&Page=0"))
        #expect(first.body["first_page_uri"] == .string(path + "?PageSize=2&Page=0"))
        #expect(first.body["previous_page_uri"] == .null)
        let next = try #require(first.body["next_page_uri"]?.stringValue)
        #expect(next == path + "?PageSize=2&Page=1&PageToken=PA\(sids[1])")
        // Follow the links as a client does: every number once, in order.
        var seen: [String] = []
        var link: String? = path + "?PageSize=2&Page=0"
        var last = Value.null
        while let l = link, let c = URLComponents(string: l) {
            var query: [String: String] = [:]
            for item in c.queryItems ?? [] { query[item.name] = item.value }
            last = await h.send("GET", c.path, query: query).body
            seen += last["incoming_phone_numbers"]?.listValue?.compactMap { $0["sid"]?.stringValue } ?? []
            link = last["next_page_uri"]?.stringValue
        }
        #expect(seen == sids)
        #expect(last["page"] == 2 && last["start"] == 4 && last["end"] == 4)
        let previous = try #require(last["previous_page_uri"]?.stringValue)
        #expect(previous == path + "?PageSize=2&Page=1&PageToken=PB\(sids[4])")
        // Filters are kept in every link.
        let filtered = await h.send("GET", path, query: ["PhoneNumber": "+1415", "PageSize": "1"])
        #expect(
            filtered.body["next_page_uri"]?.stringValue?.hasPrefix(path + "?PhoneNumber=%2B1415&PageSize=1&Page=1")
                == true)
    }

    @Test(arguments: [("0", 1), ("5000", 1_000), ("7", 7)])
    func pageSizeIsKeptBetweenOneAndAThousand(asked: String, given: Int) async throws {
        let h = try H()
        let a = await h.send("GET", H.api("IncomingPhoneNumbers.json"), query: ["PageSize": asked])
        #expect(a.body["page_size"] == .int(given))
    }

    @Test func anUnreadablePageSizeIsTwiliosInvalidParameter() async throws {
        let h = try H()
        let a = await h.send("GET", H.api("IncomingPhoneNumbers.json"), query: ["PageSize": "many"])
        #expect(a.status == 400 && a.body["code"] == 20001)
    }

    // MARK: - Credentials

    @Test func noCredentialsIsTwilios401() async throws {
        let h = try H()
        let a = await h.send("GET", H.api("IncomingPhoneNumbers.json"), user: nil)
        #expect(a.status == 401)
        #expect(
            a.body == [
                "code": 20003, "message": "Authentication Error - No credentials provided",
                "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401,
            ])
        #expect(a.response.header("WWW-Authenticate") == "Basic realm=\"Twilio API\"")
        #expect(try await h.world().twilio.isEmpty)
    }

    @Test func anAccountTakesTheFirstTokenAndRefusesAnyOther() async throws {
        let h = try H()
        #expect(await h.send("GET", H.api("IncomingPhoneNumbers.json")).status == 200)
        let wrong = await h.send("GET", H.api("IncomingPhoneNumbers.json"), password: "another-token")
        #expect(wrong.status == 401 && wrong.body["code"] == 20003 && wrong.body["message"] == "Authenticate")
        #expect(await h.send("GET", H.api("IncomingPhoneNumbers.json")).status == 200)
        // Only a fingerprint is stored, never the token.
        let text = try String(contentsOfFile: h.store.path, encoding: .utf8)
        #expect(!text.contains(H.token))
        #expect(try await h.world().twilio[H.account]?.authTokenFingerprint == SandboxWorld.fingerprint(H.token))
    }

    @Test func anotherAccountsPathIsRefused() async throws {
        let h = try H()
        let a = await h.send("GET", H.api("IncomingPhoneNumbers.json", account: H.otherAccount))
        #expect(a.status == 401 && a.body["code"] == 20003)
    }

    @Test func anAPIKeyJoinsTheAccountOfItsFirstPathAndWorksOnEveryHost() async throws {
        let h = try H()
        let key = "SK" + String(repeating: "ab", count: 16)
        // Unknown key on a path that names no account: refused.
        #expect(await h.send("GET", "/v1/Services", user: key, password: "key-secret").status == 401)
        #expect(
            await h.send("GET", H.api("IncomingPhoneNumbers.json"), user: key, password: "key-secret").status == 200)
        #expect(await h.send("GET", "/v1/Services", user: key, password: "key-secret").status == 200)
        #expect(await h.send("GET", "/v1/Services", user: key, password: "wrong").status == 401)
        let other = await h.send(
            "GET", H.api("IncomingPhoneNumbers.json", account: H.otherAccount), user: key, password: "key-secret")
        #expect(other.status == 401)
        #expect(try await h.world().twilio[H.account]?.apiKeys[key] == SandboxWorld.fingerprint("key-secret"))
    }

    // MARK: - Errors

    @Test func anUnknownNumberIsTwilios404() async throws {
        let h = try H()
        let path = H.api("IncomingPhoneNumbers/PN" + String(repeating: "0", count: 32) + ".json")
        let a = await h.send("GET", path)
        #expect(a.status == 404)
        #expect(
            a.body == [
                "code": 20404, "message": .string("The requested resource \(path) was not found"),
                "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404,
            ])
        #expect(await h.send("POST", path, form: [("SmsUrl", "https://example.com")]).status == 404)
    }

    @Test func pathsWithoutJSONAndUnknownPathsAre404AndWrongMethods405() async throws {
        let h = try H()
        #expect(await h.send("GET", H.api("IncomingPhoneNumbers")).status == 404)
        #expect(await h.send("GET", H.api("Calls.json")).body["code"] == 20404)
        let method = await h.send("PATCH", H.api("IncomingPhoneNumbers.json"))
        #expect(method.status == 405 && method.body["code"] == 20004)
    }

    @Test func everyAnswerHasARequestIdAndJSONContentType() async throws {
        let h = try H()
        let a = await h.send("GET", H.api("IncomingPhoneNumbers.json"))
        #expect(a.response.header("Twilio-Request-Id")?.hasPrefix("RQ") == true)
        #expect(a.response.header("Content-Type") == "application/json; charset=utf-8")
    }
}
