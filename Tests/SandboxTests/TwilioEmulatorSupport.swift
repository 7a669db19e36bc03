import Foundation
import PlatformKit
import Sandbox
import SwitchboardModel
import SwitchboardTestSupport

/// A Twilio emulator over a sandbox world in a temporary directory, with a movable clock, called in process the way
/// the loopback server calls it.
struct TwilioHarness {
    static let account = "AC" + String(repeating: "0123456789abcdef", count: 2)
    static let otherAccount = "AC" + String(repeating: "fedcba9876543210", count: 2)
    static let token = "sandbox-auth-token-0123"
    static let start = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

    let scratch: TemporaryDirectory
    let time: MovableTime
    let store: SandboxStore
    let emulator: TwilioEmulator

    /// An answer: status, parsed body (`.null` when empty) and the response itself.
    struct Answer {
        var status: Int
        var body: Value
        var response: HTTPResponse
    }

    init(options: TwilioEmulatorOptions = .inProcess, provisioning: TimeInterval = 10) throws {
        scratch = try TemporaryDirectory("twilio-emulator")
        time = MovableTime(Self.start)
        store = SandboxStore(path: scratch.path(".switchboard/sandbox.json"), clock: .movable(time))
        let timing = SandboxTiming(
            provisioning: provisioning, whatsAppCreate: 0, whatsAppActivation: 0, certificatePending: 0,
            pollInterval: 0.01)
        emulator = TwilioEmulator(store: store, timing: timing, options: options, now: { Date().timeIntervalSince1970 })
    }

    /// The 2010 API path of `rest` under the account (`IncomingPhoneNumbers.json`).
    static func api(_ rest: String, account: String = account) -> String { "/2010-04-01/Accounts/\(account)/\(rest)" }

    /// Sends a request; `form` is sent form-encoded, `json` as JSON.
    func send(
        _ method: String, _ path: String, query: [String: String] = [:], form: [(String, String)]? = nil,
        json: Value? = nil, user: String? = account, password: String = token, host: String? = nil
    ) async -> Answer {
        var headers: [String: String] = [:]
        if let user { headers["authorization"] = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString() }
        if let host { headers["host"] = host }
        var body = Data()
        if let form {
            headers["content-type"] = FormEncoding.contentType
            body = FormEncoding.data(form)
        } else if let json {
            headers["content-type"] = "application/json"
            body = JSONCoding.data(json)
        }
        let response = await emulator.handle(
            HTTPServerRequest(method: method, path: path, query: query, headers: headers, body: body))
        let parsed = response.body.isEmpty ? Value.null : ((try? JSONCoding.parse(response.body)) ?? .null)
        return Answer(status: response.status, body: parsed, response: response)
    }

    /// The SID of the account's number `e164` (materialized by the look-up).
    func numberSid(_ e164: String) async throws -> String {
        let a = await send("GET", Self.api("IncomingPhoneNumbers.json"), query: ["PhoneNumber": e164])
        guard let sid = a.body["incoming_phone_numbers"]?.listValue?.first?["sid"]?.stringValue else {
            throw ChildProcess.Failure(description: "no number \(e164): \(a.body.jsonText)")
        }
        return sid
    }

    func world() async throws -> SandboxWorld { try await store.read() }
}
