import Foundation
import SwitchboardTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// End to end through the binary: `switchboard sandbox serve` on loopback as a live Genesys Cloud, and the same
/// manifests applied to the embedded sandbox.
@Suite(.serialized) struct EmulatorEndToEndTests {
    static let resources = """
        apiVersion: switchboard/v1
        kind: ContentProfile
        metadata:
          name: mms
        spec:
          inbound: [image/*]
          outbound: [image/jpeg, image/png]
        ---
        apiVersion: switchboard/v1
        kind: Integration
        metadata:
          name: byo-twilio
        spec:
          type: twilio-sms
          accountSid: AC0123456789abcdef0123456789abcdef
          authToken: {secretEnv: TWILIO_AUTH_TOKEN}
          region: us-east-1
          enabled: true
        ---
        apiVersion: switchboard/v1
        kind: Number
        metadata:
          name: local-line
        spec:
          integration: byo-twilio
          type: local
          phoneNumber: "+14155550123"
          country: US
          contentProfile: mms
        ---
        apiVersion: switchboard/v1
        kind: Number
        metadata:
          name: alerts
        spec:
          integration: byo-twilio
          type: shortcode
          shortcode: "55502"
          country: US
          compliance:
            help: {keywords: [HELP], message: "Example alerts."}
            optOut: {keywords: [STOP], message: "Bye."}
            optIn: {keywords: [START], message: "Welcome back."}

        """

    static let whatsapp = """
        ---
        apiVersion: switchboard/v1
        kind: Integration
        metadata:
          name: support-whatsapp
        spec:
          type: whatsapp
          phoneNumber: "+14155550100"
          onboarding:
            embeddedSignupToken: {secretEnv: META_SIGNUP_TOKEN}
            pin: {secretEnv: WHATSAPP_PIN}
          contentProfile: mms
          enabled: true
        ---
        apiVersion: switchboard/v1
        kind: Integration
        metadata:
          name: notifications
        spec:
          type: agentless-email
          domain: notify.example.com
          fromAddress: no-reply
          displayName: Example Notifications

        """

    static func project(endpoint: String, settings: String = "") -> String {
        let credentials = endpoint == "sandbox" ? "" : """

                  clientId: {secretEnv: GC_CLIENT_ID}
                  clientSecret: {secretEnv: GC_CLIENT_SECRET}
            """
        return """
            apiVersion: switchboard/v1
            kind: Project
            metadata:
              name: emulator-e2e
            spec:
              state:
                backend: local
                path: .switchboard/state.json
              platforms:
                genesys:
                  type: genesys-cloud
                  endpoint: \(endpoint)\(credentials)\(settings)

            """
    }

    struct Secrets {
        let client = "client-secret-" + UUID().uuidString
        let twilio = "twilio-token-" + UUID().uuidString
        let signup = "meta-signup-" + UUID().uuidString
        let pin = "246810"
        var all: [String] { [client, twilio, signup] }
        var environment: [String: String] {
            [
                "GC_CLIENT_ID": "ci", "GC_CLIENT_SECRET": client, "TWILIO_AUTH_TOKEN": twilio,
                "META_SIGNUP_TOKEN": signup, "WHATSAPP_PIN": pin, "NO_COLOR": "1",
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            ]
        }
    }

    /// A running emulator and the directories of one test.
    struct Emulator {
        let child: SwitchboardProcess.Child
        let scratch: TemporaryDirectory
        let port: Int
        var root: URL { scratch.url }
        var served: URL { root.appendingPathComponent("served") }
        var endpoint: String { "http://127.0.0.1:\(port)" }
    }

    func directory(_ root: URL, _ name: String, files: [String: String]) throws -> URL {
        let dir = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (path, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(path)) }
        return dir
    }

    /// Starts `sandbox serve` for the client `ci`, its secret given with `--client-secret` or, with
    /// `secretInEnvironment`, in `SWITCHBOARD_SANDBOX_CLIENT_SECRET`.
    func serve(
        _ sb: SwitchboardProcess, _ secrets: Secrets, extra: [String] = [], env: [String: String] = [:],
        secretInEnvironment: Bool = false
    ) async throws -> Emulator? {
        let scratch = try TemporaryDirectory("emulator-e2e")
        let root = scratch.url
        let served = try directory(root, "served", files: [:])
        var environment = secrets.environment.merging(env) { _, b in b }
        environment["SWITCHBOARD_SANDBOX_SPEED"] = environment["SWITCHBOARD_SANDBOX_SPEED"] ?? "instant"
        var credentials = ["--client-id", "ci", "--client-secret", secrets.client]
        if secretInEnvironment {
            credentials.removeLast(2)
            environment["SWITCHBOARD_SANDBOX_CLIENT_SECRET"] = secrets.client
        }
        let child = try sb.start(
            ["sandbox", "serve", "--port", "0"] + credentials + ["--dir", served.path]
                + extra, in: root, environment: environment, logs: root)
        for _ in 0..<500 {
            if let range = child.stdout.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
                let port = Int(child.stdout[range].split(separator: ":").last ?? "")
            {
                #expect(child.stdout.hasPrefix("serving the sandbox in \(served.path) on http://127.0.0.1:\(port)"))
                return Emulator(child: child, scratch: scratch, port: port)
            }
            if !child.process.isRunning { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        Issue.record("sandbox serve did not start: \(child.stdout) \(child.stderr)")
        await child.interrupt()
        return nil
    }

    func json(_ url: URL) throws -> [String: Any] {
        try JournaledFile.json(url.path) ?? [:]
    }

    func http(_ method: String, _ url: String, headers: [String: String] = [:], body: String? = nil) async throws -> (Int, [String: Any], [AnyHashable: Any]) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        request.httpBody = body.map { Data($0.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (http.statusCode, object, http.allHeaderFields)
    }

    func token(_ emulator: Emulator, _ secrets: Secrets) async throws -> String {
        let (status, body) = try await login(emulator, secret: secrets.client)
        #expect(status == 200)
        return try #require(body["access_token"] as? String)
    }

    /// The token endpoint's answer to the client `ci` with `secret`.
    func login(_ emulator: Emulator, secret: String) async throws -> (Int, [String: Any]) {
        let basic = Data("ci:\(secret)".utf8).base64EncodedString()
        let (status, body, _) = try await http(
            "POST", emulator.endpoint + "/oauth/token",
            headers: ["Authorization": "Basic \(basic)", "Content-Type": "application/x-www-form-urlencoded"],
            body: "grant_type=client_credentials")
        return (status, body)
    }

    /// The Genesys objects of a world, without ids and times: what two equivalent applies must agree on.
    func projection(_ sandboxFile: URL) throws -> [String] {
        let world = try json(sandboxFile)
        let orgs = try #require(world["genesys"] as? [String: Any])
        let org = try #require(orgs["genesys"] as? [String: Any])
        func values(_ key: String) -> [[String: Any]] { ((org[key] as? [String: Any]) ?? [:]).values.compactMap { $0 as? [String: Any] } }
        func types(_ v: Any?) -> String { ((v as? [[String: Any]]) ?? []).compactMap { $0["type"] as? String }.joined(separator: ",") }
        var names: [String: String] = [:]
        for sc in values("supportedContent") { names[sc["id"] as? String ?? ""] = sc["name"] as? String }
        for i in values("integrations") { names[i["id"] as? String ?? ""] = i["name"] as? String }
        func ref(_ v: Any?) -> String { names[((v as? [String: Any])?["id"] as? String) ?? ""] ?? "-" }
        var out: [String] = []
        for sc in values("supportedContent") {
            let allow = (sc["mediaTypes"] as? [String: Any])?["allow"] as? [String: Any]
            out.append("content \(sc["name"] ?? "") in=\(types(allow?["inbound"])) out=\(types(allow?["outbound"]))")
        }
        for i in values("integrations") {
            let reported = (i["reportedState"] as? [String: Any])?["code"] ?? ""
            out.append("integration \(i["name"] ?? "") \(i["accountSid"] ?? "") \(i["region"] ?? "") \(i["intendedState"] ?? "") \(reported)")
        }
        for n in values("smsPhoneNumbers") {
            let p = (n["provisioningStatus"] as? [String: Any]) ?? [:]
            out.append("number \(n["phoneNumber"] ?? "") \(n["phoneNumberType"] ?? "") \(n["countryCode"] ?? "") \(n["phoneNumberStatus"] ?? "") \(p["state"] ?? "") integration=\(ref(n["integration"])) content=\(ref(n["supportedContent"])) compliance=\(n["compliance"] != nil)")
        }
        for w in values("whatsAppIntegrations") {
            out.append("whatsapp \(w["name"] ?? "") \(w["phoneNumber"] ?? "") \(w["createStatus"] ?? "") \(w["status"] ?? "") content=\(ref(w["supportedContent"]))")
        }
        for d in values("outboundDomains") { out.append("domain \(d["id"] ?? "") \(d["senderStatus"] ?? "")") }
        for r in values("responses") where (r["responseType"] as? String) == "MessagingTemplate" {
            let texts = ((r["texts"] as? [[String: Any]]) ?? []).compactMap { $0["content"] as? String }
            let language = ((r["messagingTemplate"] as? [String: Any])?["whatsApp"] as? [String: Any])?["language"] ?? ""
            out.append("response \(r["name"] ?? "") \(language) \(texts)")
        }
        return out.sorted()
    }

    /// Each resource's kind, status and attributes in state (remote ids left out).
    func stateProjection(_ stateFile: URL) throws -> [String: String] {
        let resources = try #require(try json(stateFile)["resources"] as? [String: [String: Any]])
        return resources.mapValues { r in
            let attributes = (try? JSONSerialization.data(withJSONObject: r["attributes"] ?? [:], options: [.sortedKeys]))
                .map { String(decoding: $0, as: UTF8.self) } ?? ""
            return "\(r["status"] ?? "") \(attributes)"
        }
    }

    @Test func manifestsReachTheSameEndStateThroughTheEmulatorAndDriftShowsWithBothValues() async throws {
        guard let sb = SwitchboardProcess.locate() else { return }
        let secrets = Secrets()
        guard let emulator = try await serve(sb, secrets) else { return }
        defer { emulator.scratch.remove() }
        let live = try directory(emulator.root, "live", files: [
            "project.yaml": Self.project(endpoint: emulator.endpoint), "resources.yaml": Self.resources + Self.whatsapp,
        ])
        let embedded = try directory(emulator.root, "embedded", files: [
            "project.yaml": Self.project(endpoint: "sandbox"), "resources.yaml": Self.resources + Self.whatsapp,
        ])
        let env = secrets.environment.merging(["SWITCHBOARD_SANDBOX_SPEED": "instant"]) { _, b in b }
        let apply = ["apply", "--auto-approve", "--accept-billing", "--accept-irreversible"]
        var outputs: [SwitchboardProcess.Output] = []

        let applied = try await sb.run(apply, in: live, environment: env)
        outputs.append(applied)
        #expect(applied.exitCode == 0, "\(applied.stdout)\n\(applied.stderr)")
        // (a) Nothing left to do.
        let plan = try await sb.run(["plan", "--detailed-exitcode"], in: live, environment: env)
        outputs.append(plan)
        #expect(plan.exitCode == 0, "\(plan.stdout)\n\(plan.stderr)")
        let noDrift = try await sb.run(["drift"], in: live, environment: env)
        outputs.append(noDrift)
        #expect(noDrift.exitCode == 0, "\(noDrift.stdout)\n\(noDrift.stderr)")

        // (b) The same manifests on the embedded sandbox reach an equivalent end state.
        let local = try await sb.run(apply, in: embedded, environment: env)
        outputs.append(local)
        #expect(local.exitCode == 0, "\(local.stdout)\n\(local.stderr)")
        let liveState = try stateProjection(live.appendingPathComponent(".switchboard/state.json"))
        let embeddedState = try stateProjection(embedded.appendingPathComponent(".switchboard/state.json"))
        #expect(liveState.count == 6)
        // Both are the live adapter over the same emulator (on loopback, or in process): a provisioned domain whose
        // DNS records are unverified is 'awaiting-dns' in both, and attributes agree for every resource.
        let notifications = "Integration/notifications"
        #expect(liveState[notifications]?.hasPrefix("awaiting-dns ") == true)
        #expect(
            liveState[notifications].map { String($0.drop { $0 != " " }) }
                == embeddedState[notifications].map { String($0.drop { $0 != " " }) })
        #expect(liveState.filter { $0.key != notifications } == embeddedState.filter { $0.key != notifications })
        let servedWorld = try projection(emulator.served.appendingPathComponent(".switchboard/sandbox.json"))
        let embeddedWorld = try projection(embedded.appendingPathComponent(".switchboard/sandbox.json"))
        #expect(servedWorld.count == 6)
        #expect(servedWorld == embeddedWorld)

        // (c) A change made directly through the emulator's API shows as drift, with the field and both values.
        let token = try await token(emulator, secrets)
        let stateJSON = try json(live.appendingPathComponent(".switchboard/state.json"))
        let profile = try #require((stateJSON["resources"] as? [String: [String: Any]])?["ContentProfile/mms"])
        let id = try #require(profile["remoteId"] as? String)
        let (status, _, _) = try await http(
            "PATCH", emulator.endpoint + "/api/v2/conversations/messaging/supportedcontent/\(id)",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
            body: #"{"mediaTypes": {"allow": {"inbound": [{"type": "video/mp4"}], "outbound": [{"type": "image/png"}]}}}"#)
        #expect(status == 200)
        let drift = try await sb.run(["drift"], in: live, environment: env)
        outputs.append(drift)
        #expect(drift.exitCode == 2, "\(drift.stdout)\n\(drift.stderr)")
        #expect(drift.stdout.contains("ContentProfile/mms"))
        #expect(drift.stdout.contains(#"inbound: state ["image/*"] -> platform ["video/mp4"]"#))
        #expect(drift.stdout.contains(#"outbound: state ["image/jpeg","image/png"] -> platform ["image/png"]"#))
        let refreshed = try await sb.run(["plan", "--refresh", "--detailed-exitcode"], in: live, environment: env)
        outputs.append(refreshed)
        #expect(refreshed.exitCode == 2)
        #expect(refreshed.stderr.contains(#"inbound: state ["image/*"] -> platform ["video/mp4"]"#))
        #expect(refreshed.stdout.contains(#"inbound: ["video/mp4"] -> ["image/*"]"#))

        // (e) No secret anywhere: output, state, history, either sandbox file, the emulator's own output.
        await emulator.child.interrupt()
        #expect(emulator.child.process.terminationStatus == 0)
        #expect(emulator.child.stdout.contains("stopped: "))
        var texts = outputs.flatMap { [$0.stdout, $0.stderr] } + [emulator.child.stdout, emulator.child.stderr]
        for dir in [live, embedded, emulator.served] {
            let files = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
            for f in files { if let t = try? String(contentsOf: f, encoding: .utf8) { texts.append(t) } }
        }
        #expect(texts.count > 10)
        for secret in secrets.all + [token] {
            #expect(!texts.contains { $0.contains(secret) })
        }
    }

    @Test func injectedFaultsAndALowRateLimitStillConvergeWithoutDuplicates() async throws {
        guard let sb = SwitchboardProcess.locate() else { return }
        let secrets = Secrets()
        guard
            let emulator = try await serve(
                sb, secrets, extra: ["--fault-rate", "0.2", "--rate-limit", "60"],
                env: ["SWITCHBOARD_EMULATOR_SEED": "7", "SWITCHBOARD_SANDBOX_SPEED": "standard"])
        else { return }
        defer { emulator.scratch.remove() }
        // The adapter's budget stays under the emulator's limit.
        let live = try directory(emulator.root, "live", files: [
            "project.yaml": Self.project(endpoint: emulator.endpoint, settings: "\n      rateLimitPerMinute: 50"),
            "resources.yaml": Self.resources,
        ])
        let env = secrets.environment
        let applied = try await sb.run(["apply", "--auto-approve"], in: live, environment: env)
        #expect(applied.exitCode == 0, "\(applied.stdout)\n\(applied.stderr)")

        let (_, stats, _) = try await http("GET", emulator.endpoint + "/_emulator/stats")
        #expect((stats["injectedFaults"] as? Int ?? 0) > 0)
        #expect(stats["rateLimited"] as? Int == 0)
        #expect((stats["requests"] as? Int ?? 0) <= 60)

        // Exactly one object per resource: no retry created a duplicate.
        let world = try json(emulator.served.appendingPathComponent(".switchboard/sandbox.json"))
        let org = try #require((world["genesys"] as? [String: Any])?["genesys"] as? [String: Any])
        #expect((org["supportedContent"] as? [String: Any])?.count == 1)
        #expect((org["integrations"] as? [String: Any])?.count == 1)
        #expect((org["credentials"] as? [String: Any])?.count == 1)
        #expect((org["smsPhoneNumbers"] as? [String: Any])?.count == 2)

        // Past the configured rate the emulator answers 429 with Retry-After and an ErrorBody.
        let token = try await token(emulator, secrets)
        var refused: (Int, [String: Any], [AnyHashable: Any])?
        for _ in 0..<80 {
            let r = try await http(
                "GET", emulator.endpoint + "/api/v2/integrations/types", headers: ["Authorization": "Bearer \(token)"])
            if r.0 == 429 && r.1["code"] as? String == "too.many.requests" && (r.1["message"] as? String)?.contains("[60]") == true {
                refused = r
                break
            }
        }
        let r = try #require(refused)
        let retryAfter = r.2.first { ($0.key as? String)?.lowercased() == "retry-after" }?.value as? String
        #expect(Int(retryAfter ?? "") ?? 0 >= 1)
        #expect(r.1["status"] as? Int == 429)
        await emulator.child.interrupt()
        #expect(emulator.child.stdout.contains("refused past the rate limit"))
    }

    @Test func wrongClientCredentialsGet401AndTheSecretIsNotEchoed() async throws {
        guard let sb = SwitchboardProcess.locate() else { return }
        let secrets = Secrets()
        guard let emulator = try await serve(sb, secrets) else { return }
        defer { emulator.scratch.remove() }
        let live = try directory(emulator.root, "live", files: [
            "project.yaml": Self.project(endpoint: emulator.endpoint), "resources.yaml": Self.resources,
        ])
        let wrong = "wrong-secret-" + UUID().uuidString
        var env = secrets.environment
        env["GC_CLIENT_SECRET"] = wrong
        let applied = try await sb.run(["apply", "--auto-approve"], in: live, environment: env)
        await emulator.child.interrupt()
        #expect(applied.exitCode == 1)
        #expect(applied.stderr.contains("401") || applied.stderr.contains("invalid_client"), "\(applied.stderr)")
        #expect(!(applied.stdout + applied.stderr).contains(wrong))
        #expect(!(applied.stdout + applied.stderr).contains(secrets.client))
    }

    @Test func theClientSecretCanComeFromTheEnvironment() async throws {
        guard let sb = SwitchboardProcess.locate() else { return }
        let secrets = Secrets()
        guard let emulator = try await serve(sb, secrets, secretInEnvironment: true) else { return }
        defer { emulator.scratch.remove() }
        _ = try await token(emulator, secrets)
        #expect(try await login(emulator, secret: "wrong-\(UUID().uuidString)").0 == 401)
        await emulator.child.interrupt()
        #expect(!(emulator.child.stdout + emulator.child.stderr).contains(secrets.client))

        // A client id without any secret is a usage error.
        let lonely = try await sb.run(["sandbox", "serve", "--port", "0", "--client-id", "ci"], environment: [:])
        #expect(lonely.exitCode == 64, "\(lonely)")
        #expect(lonely.stderr.contains("SWITCHBOARD_SANDBOX_CLIENT_SECRET"), "\(lonely)")
    }

    @Test func outboxAndLedgerSayWhenThereIsNoSandboxYet() async throws {
        guard let sb = SwitchboardProcess.locate() else { return }
        let outbox = try await sb.run(["sandbox", "outbox"])
        #expect(outbox.exitCode == 0)
        #expect(outbox.stdout.contains("no sandbox here yet"))
        let ledger = try await sb.run(["sandbox", "ledger", "."])
        #expect(ledger.exitCode == 0)
        #expect(ledger.stdout.contains("no sandbox here yet"))
    }
}
