import Foundation
import PlatformKit
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import Sandbox

/// Twilio's official Python SDK (`pip install twilio`) against the emulator on loopback: it lists, fetches and
/// updates numbers, pages, and reads Content approvals. Runs only where `python3` can import `twilio`; no other
/// test needs it.
@Suite struct TwilioEmulatorSDKTests {
    typealias H = TwilioHarness

    /// True when `python3` is on the path and imports `twilio`.
    static let sdkAvailable: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import twilio"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    /// The SDK's requests go to the emulator: its HTTP client keeps each URL's path and query and swaps the host,
    /// as a client maps Twilio's four hosts to one endpoint.
    static let script = #"""
        import json, sys
        from urllib.parse import urlsplit, urlunsplit
        from twilio.rest import Client
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest.content.v1.content import ContentList
        from twilio.rest.content.v1.content.approval_create import ApprovalCreateList

        base = urlsplit(sys.argv[1])

        class Emulator(TwilioHttpClient):
            def request(self, method, url, *args, **kwargs):
                p = urlsplit(url)
                return super().request(
                    method, urlunsplit((base.scheme, base.netloc, p.path, p.query, p.fragment)), *args, **kwargs)

        c = Client(sys.argv[2], sys.argv[3], http_client=Emulator())
        out = {}
        found = c.incoming_phone_numbers.list(phone_number="+14155550123")
        out["found"] = [n.phone_number for n in found]
        sid = found[0].sid
        out["fetched"] = c.incoming_phone_numbers(sid).fetch().sms_url
        out["updated"] = c.incoming_phone_numbers(sid).update(
            sms_url="https://byosms.mypurecloud.ie/vendors/v1/twilio/a123cbc6467b48ccbdccc3e03fd30f4d/mo",
            sms_method="POST").sms_url
        out["paged"] = len(c.incoming_phone_numbers.list(page_size=2))
        out["short_codes"] = [s.short_code for s in c.short_codes.list(short_code="12345")]
        out["services"] = [s.friendly_name for s in c.messaging.v1.services.list(page_size=1)]
        request = ContentList.ContentCreateRequest({
            "friendly_name": "order_update", "language": "en", "variables": {"1": "Ada"},
            "types": ContentList.Types({"twilio/text": ContentList.TwilioText({"body": "Hi {{1}}"})})})
        content = c.content.v1.contents.create(content_create_request=request)
        out["approval"] = c.content.v1.contents(content.sid).approval_create.create(
            content_approval_request=ApprovalCreateList.ContentApprovalRequest(
                {"name": "order_update", "category": "UTILITY"})).status
        out["fetched_approval"] = c.content.v1.contents(content.sid).approval_fetch().fetch().whatsapp["status"]
        out["contents"] = len(c.content.v1.contents.list())
        try:
            Client(sys.argv[2], "wrong-token", http_client=Emulator()).incoming_phone_numbers(sid).fetch()
            out["refused"] = None
        except Exception as e:
            out["refused"] = getattr(e, "code", None)
        print(json.dumps(out))
        """#

    @Test(.enabled(if: sdkAvailable)) func theOfficialSDKListsFetchesAndUpdates() async throws {
        let h = try H(provisioning: 0)
        for i in 0..<4 { _ = try await h.numberSid("+1415555020\(i)") }
        _ = await h.send("POST", "/v1/Services", form: [("FriendlyName", "Support")])
        let server = try await HTTPServer.start { await h.emulator.handle($0) }
        defer { Task { await server.stop() } }
        let path = h.scratch.path("sdk.py")
        try Self.script.write(toFile: path, atomically: true, encoding: .utf8)
        let output = try await Self.run(
            ["python3", path, "http://127.0.0.1:\(server.port)", H.account, H.token], log: h.scratch.path("sdk.log"))
        let out = try JSONCoding.parse(Data(output.utf8))
        #expect(out["found"] == ["+14155550123"])
        #expect(out["fetched"] == .string(SandboxWorld.neutralTwilioWebhook))
        let webhook = "https://byosms.mypurecloud.ie/vendors/v1/twilio/a123cbc6467b48ccbdccc3e03fd30f4d/mo"
        #expect(out["updated"] == .string(webhook))
        #expect(out["paged"] == 5)
        #expect(out["short_codes"] == ["12345"])
        #expect(out["services"] == ["Support"])
        #expect(out["approval"] == "received" && out["fetched_approval"] == "approved")
        #expect(out["contents"] == 1)
        #expect(out["refused"] == 20003)
        let world = try await h.world()
        #expect(world.twilio[H.account]?.incomingPhoneNumbers.values.contains { $0.sms_url == webhook } == true)
    }

    /// Runs `arguments` (its output in a file, waiting without blocking a thread: the emulator answering it runs on
    /// the same pool) and answers its last line of output; killed after two minutes.
    /// - Throws: when it exits with a failure (its output in the message).
    static func run(_ arguments: [String], log: String) async throws -> String {
        let child = try ChildProcess.spawn("/usr/bin/env", arguments, outputPath: log)
        let watchdog = Task {
            try await Task.sleep(nanoseconds: 120_000_000_000)
            child.kill(SIGKILL)
        }
        let status = await child.wait()
        watchdog.cancel()
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard status == 0 else { throw ChildProcess.Failure(description: "python3 failed (\(status)): \(output)") }
        return output.split(separator: "\n").last.map(String.init) ?? ""
    }
}
