import Foundation
import SwitchboardTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `switchboard sandbox serve` started as a child of an `EndToEndDirectory` on a free loopback port, serving
/// `served/` beside `work/` (its output lands in `runs/` with every other run's), and the Twilio API it answers read
/// as a test's own client would.
struct ServedSandbox {
    let child: SwitchboardProcess.Child
    /// The directory whose `.switchboard/sandbox.json` it serves.
    let served: URL
    let port: Int
    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// The Genesys Cloud client the emulator accepts (its secret comes from the environment, never an argument).
    static let clientId = "ci"

    /// Starts it with `extra` arguments; nil (with an issue recorded) when it does not come up.
    static func start(
        _ dir: EndToEndDirectory, clientSecret: String, extra: [String] = [], environment: [String: String] = [:]
    ) async throws -> ServedSandbox? {
        let served = dir.root.appendingPathComponent("served")
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        let child = try dir.start(
            ["sandbox", "serve", "--port", "0", "--client-id", clientId, "--dir", served.path] + extra,
            environment: environment.merging(["SWITCHBOARD_SANDBOX_CLIENT_SECRET": clientSecret]) { a, _ in a },
            cwd: dir.root)
        for _ in 0..<1000 {
            if let range = child.stdout.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
                let port = Int(child.stdout[range].split(separator: ":").last ?? "")
            {
                return ServedSandbox(child: child, served: served, port: port)
            }
            if !child.process.isRunning { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        Issue.record("sandbox serve did not start: \(child.stdout) \(child.stderr)")
        await child.interrupt()
        return nil
    }

    /// Stops it (SIGINT) and returns what it printed.
    func stop() async -> String {
        await child.interrupt()
        return child.stdout + child.stderr
    }

    /// Kills it if it still runs (a test that stopped early on a failed requirement).
    func end() {
        if child.isRunning { child.kill9() }
    }

    /// The served world, journal folded in.
    func world() throws -> [String: Any] {
        try JournaledFile.json(served.appendingPathComponent(".switchboard/sandbox.json").path) ?? [:]
    }

    /// `GET` of a Twilio 2010 path of `account` with HTTP Basic, repeated past injected faults (429 and 5xx).
    func twilio(_ path: String, account: String, token: String) async throws -> [String: Any] {
        let data = try await twilioRequest(
            "GET", "2010-04-01/Accounts/\(account)/\(path)", account: account, token: token)
        return (try data.map { try JSONSerialization.jsonObject(with: $0) }) as? [String: Any] ?? [:]
    }

    /// `POST` of a Twilio 2010 path of `account` with a form, repeated past injected faults (the values are
    /// absolute: repeating is harmless).
    func twilioPost(_ path: String, account: String, token: String, form: String) async throws {
        _ = try await twilioRequest(
            "POST", "2010-04-01/Accounts/\(account)/\(path)", account: account, token: token, form: form)
    }

    /// The body of a 200 or 201 answer to a request of any of Twilio's paths (`v1/Services`), nil (with an issue
    /// recorded) for any other.
    func twilioRequest(
        _ method: String, _ path: String, account: String, token: String, form: String? = nil
    ) async throws -> Data? {
        let url = try #require(URL(string: "\(endpoint)/\(path)"))
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue(
            "Basic " + Data("\(account):\(token)".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        if let form {
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(form.utf8)
        }
        var last = 0
        for _ in 0..<20 {
            let (data, response) = try await URLSession.shared.data(for: request)
            last = (response as? HTTPURLResponse)?.statusCode ?? 0
            if last == 200 || last == 201 { return data }
            if last != 429 && last < 500 { break }
        }
        Issue.record("\(method) \(path): \(last)")
        return nil
    }

    /// Every number and short code `account` holds at Twilio, by number (E.164 or the short code's digits), with its
    /// `sms_url` and `sid`.
    func twilioNumbers(account: String, token: String) async throws -> [String: (url: String, sid: String)] {
        var found: [String: (url: String, sid: String)] = [:]
        let numbers = try await twilio("IncomingPhoneNumbers.json?PageSize=1000", account: account, token: token)
        for n in numbers["incoming_phone_numbers"] as? [[String: Any]] ?? [] {
            guard let number = n["phone_number"] as? String else { continue }
            found[number] = (n["sms_url"] as? String ?? "", n["sid"] as? String ?? "")
        }
        let codes = try await twilio("SMS/ShortCodes.json?PageSize=1000", account: account, token: token)
        for c in codes["short_codes"] as? [[String: Any]] ?? [] {
            guard let code = c["short_code"] as? String else { continue }
            found[code] = (c["sms_url"] as? String ?? "", c["sid"] as? String ?? "")
        }
        return found
    }

    /// One number's (or short code's) `sms_url` and `sid` in `account`, looked up by its whole value (so the
    /// account comes to hold it).
    func twilioNumber(_ subject: String, account: String, token: String) async throws -> (url: String, sid: String)? {
        let shortCode = !subject.hasPrefix("+")
        let path =
            shortCode
            ? "SMS/ShortCodes.json?ShortCode=\(subject)"
            : "IncomingPhoneNumbers.json?PhoneNumber=%2B\(subject.dropFirst())"
        let list = try await twilio(path, account: account, token: token)
        let item = (list[shortCode ? "short_codes" : "incoming_phone_numbers"] as? [[String: Any]])?.first
        return item.map { ($0["sms_url"] as? String ?? "", $0["sid"] as? String ?? "") }
    }
}
