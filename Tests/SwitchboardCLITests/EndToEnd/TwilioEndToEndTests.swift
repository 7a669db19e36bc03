import Foundation
import SwitchboardTestSupport
import Testing

/// The BYO SMS chain end to end through the binary (issue 16, point 8): the reference manifests with their Genesys
/// Cloud and Twilio connections pointed at `switchboard sandbox serve` by URL, so every call to either goes over
/// loopback through the live adapters and the emulators. (Dynamics 365 has no live adapter yet: its connection stays
/// the embedded sandbox.)
@Suite struct TwilioEndToEndTests {
    /// The account of the BYO SMS integrations of `manifests/` and `examples/byo-twilio-sms`.
    static let account = "AC0123456789abcdef0123456789abcdef"
    /// us-east-1's BYO SMS webhook, from the vendor's table (../shared/reference/genesys-cloud.md).
    static let webhook = "https://byosms.mypurecloud.com/vendors/v1/twilio/a906d2848ad146028e8805a8bbaa24d3/mo"
    /// Where a number the sandbox's Twilio account comes to hold points until someone points it.
    static let demo = "https://demo.twilio.com/welcome/sms/reply"
    static let apply = ["apply", ".", "--auto-approve", "--accept-billing", "--accept-irreversible"]

    /// Fresh secrets for one test, none of which may appear in any file or output.
    struct Secrets {
        let client = "gc-client-secret-" + UUID().uuidString
        let twilio = "twilio-sms-token-" + UUID().uuidString
        let whatsapp = "twilio-wa-token-" + UUID().uuidString
        let signup = "meta-signup-" + UUID().uuidString

        var environment: [String: String] {
            [
                "GC_CLIENT_SECRET": client, "TWILIO_AUTH_TOKEN": twilio, "TWILIO_WHATSAPP_AUTH_TOKEN": whatsapp,
                "META_SIGNUP_TOKEN": signup, "WHATSAPP_PIN": "246810", "SWITCHBOARD_SANDBOX_SPEED": "instant",
            ]
        }

        /// Each secret as it could leak: the value, and the HTTP Basic header it travels in.
        var forms: [String] {
            [client, twilio, whatsapp, signup]
                + [
                    "\(ServedSandbox.clientId):\(client)", "\(TwilioEndToEndTests.account):\(twilio)",
                    "\(TwilioEndToEndTests.account):\(whatsapp)",
                ].map { Data($0.utf8).base64EncodedString() }
        }
    }

    /// A Project with the Genesys Cloud and Twilio connections at `endpoint` (Dynamics 365, with `dynamics`, on the
    /// embedded sandbox).
    static func project(_ name: String, endpoint: String, dynamics: Bool) -> String {
        let embedded = dynamics ? "\n    dynamics: {type: dynamics-365, endpoint: sandbox}" : ""
        return """
        apiVersion: switchboard/v1
        kind: Project
        metadata:
          name: \(name)
        spec:
          state: {backend: local, path: .switchboard/state.json}
          platforms:
            genesys:
              type: genesys-cloud
              endpoint: \(endpoint)
              clientId: \(ServedSandbox.clientId)
              clientSecret: {secretEnv: GC_CLIENT_SECRET}\(embedded)
            twilio:
              type: twilio
              endpoint: \(endpoint)
              accountSid: \(account)
              authToken: {secretEnv: TWILIO_AUTH_TOKEN}

        """
    }

    /// A directory holding the package folder `folder` with its Project pointed at a fresh `sandbox serve`.
    static func setUp(
        _ folder: String, _ secrets: Secrets, serve extra: [String] = [], serveEnvironment: [String: String] = [:]
    ) async throws -> (EndToEndDirectory, ServedSandbox)? {
        guard let dir = try EndToEndDirectory(environment: secrets.environment) else { return nil }
        try dir.copyFromPackage(folder)
        if dir.bytes("sandbox.env") != nil { try dir.remove("sandbox.env") }
        guard
            let served = try await ServedSandbox.start(
                dir, clientSecret: secrets.client, extra: extra, environment: serveEnvironment)
        else { return nil }
        try dir.write(
            "project.yaml",
            project(
                "e2e-" + folder.replacingOccurrences(of: "/", with: "-"), endpoint: served.endpoint,
                dynamics: folder == "manifests"))
        return (dir, served)
    }

    /// No secret in any file under the scratch root (manifests, state and its journal, history, plan files, both
    /// sandboxes) nor in the output of any run (every run's output is a file in `runs/`, the emulator's too).
    static func expectNoSecret(
        _ dir: EndToEndDirectory, _ secrets: Secrets, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let files = dir.allFiles()
        #expect(
            files.contains { $0.path.hasSuffix("/served/.switchboard/sandbox.json") }, sourceLocation: sourceLocation)
        #expect(files.contains { $0.path.hasSuffix("/work/.switchboard/state.json") }, sourceLocation: sourceLocation)
        #expect(files.contains { $0.path.contains("/runs/") }, sourceLocation: sourceLocation)
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for secret in secrets.forms where text.contains(secret) {
                Issue.record("a secret is in \(file.path)", sourceLocation: sourceLocation)
            }
        }
    }

    /// The state document, journal folded in.
    static func state(_ dir: EndToEndDirectory) throws -> [String: Any] {
        try #require(try dir.json(dir.statePath) as? [String: Any])
    }

    /// Applies until an apply succeeds and the plan after it is empty (faults may fail changes on the way).
    /// - Returns: how many applies it took, nil when `limit` were not enough.
    static func converge(_ dir: EndToEndDirectory, limit: Int = 10) async throws -> Int? {
        for attempt in 1...limit {
            let applied = try await dir.run(apply)
            guard applied.exitCode == 0 else { continue }
            let plan = try await dir.run(["plan", ".", "--detailed-exitcode"])
            if plan.exitCode == 0 { return attempt }
        }
        return nil
    }

    // MARK: (a) convergence

    @Test(arguments: [
        ("manifests", ["+14155550123", "+18005550142", "55501"]),
        ("examples/byo-twilio-sms", ["+14155550123", "+14155550124", "+18885550199", "55502"]),
    ])
    func theReferenceManifestsConvergeThroughTheEmulator(folder: String, subjects: [String]) async throws {
        let secrets = Secrets()
        guard let (dir, served) = try await Self.setUp(folder, secrets) else { return }
        defer {
            served.end()
            dir.scratch.remove()
        }
        let applied = try await dir.run(Self.apply)
        #expect(applied.exitCode == 0, "\(applied)")
        #expect(
            applied.stderr.contains("pointing the inbound webhook of +14155550123 at \(Self.webhook)"), "\(applied)")
        let refreshed = try await dir.run(["plan", ".", "--refresh", "--detailed-exitcode"])
        #expect(refreshed.exitCode == 0, "\(refreshed)")
        #expect(try await dir.run(["drift", "."]).exitCode == 0)

        // Every number's webhook at the emulator is the region's; state recorded where each pointed before.
        let companions = try Self.state(dir)["companions"] as? [String: [String: Any]] ?? [:]
        #expect(Set(companions.values.compactMap { $0["subject"] as? String }) == Set(subjects))
        for subject in subjects {
            let number = try await served.twilioNumber(subject, account: Self.account, token: secrets.twilio)
            #expect(number?.url == Self.webhook, "\(subject)")
            let record = companions.values.first { $0["subject"] as? String == subject }
            #expect((record?["previous"] as? [String: Any])?["smsUrl"] as? String == Self.demo, "\(subject)")
            #expect(record?["attached"] as? Bool == true, "\(subject)")
        }
        // A short code is one of the account's short codes, never one of its phone numbers.
        let phones = try await served.twilio(
            "IncomingPhoneNumbers.json?PageSize=1000", account: Self.account, token: secrets.twilio)
        let listed = (phones["incoming_phone_numbers"] as? [[String: Any]] ?? []).compactMap {
            $0["phone_number"] as? String
        }
        #expect(Set(listed) == Set(subjects.filter { $0.hasPrefix("+") }), "\(listed)")
        // Genesys Cloud holds each number once, imported through the integration at the emulator.
        let imported = SandboxJSON.inventoryNumbers(try served.world())
        #expect(imported.filter { subjects.contains($0) } == subjects.sorted(), "\(imported)")
        _ = await served.stop()
        Self.expectNoSecret(dir, secrets)
    }

    // MARK: (b) faults

    @Test func injectedFaultsConvergeWithoutDuplicatesAndADeletedNumberIsPointedBack() async throws {
        let secrets = Secrets()
        guard
            let (dir, served) = try await Self.setUp(
                "manifests", secrets, serve: ["--fault-rate", "0.2"],
                serveEnvironment: ["SWITCHBOARD_EMULATOR_SEED": "11"])
        else { return }
        defer {
            served.end()
            dir.scratch.remove()
        }
        let first = try await Self.converge(dir)
        #expect(first != nil, "the applies did not converge")
        #expect(try await dir.run(["plan", ".", "--refresh", "--detailed-exitcode"]).exitCode == 0)
        Self.expectNoDuplicates(try served.world())

        // The number leaves the manifests: after the import is deleted its webhook points where it did before.
        let sms = "genesys/twilio-sms.yaml"
        let text = String(decoding: try #require(dir.bytes(sms)), as: UTF8.self)
        let kept = text.components(separatedBy: "\n---\n").filter { !$0.contains("name: sf-store") }
        #expect(kept.count == 3)
        try dir.write(sms, kept.joined(separator: "\n---\n"))
        let second = try await Self.converge(dir)
        #expect(second != nil, "the applies after the delete did not converge")
        #expect(try await dir.run(["plan", ".", "--refresh", "--detailed-exitcode"]).exitCode == 0)
        Self.expectNoDuplicates(try served.world())

        let numbers = try await served.twilioNumbers(account: Self.account, token: secrets.twilio)
        #expect(numbers["+14155550123"]?.url == Self.demo)
        #expect(Set(numbers.filter { $0.value.url.hasPrefix("https://byosms.") }.keys) == ["+18005550142", "55501"])
        #expect(!SandboxJSON.inventoryNumbers(try served.world()).contains("+14155550123"))
        #expect((try Self.state(dir)["companions"] as? [String: Any])?["Number/sf-store"] == nil)

        // The faults reached both vendors' APIs (the stats line reads Genesys Cloud, Twilio, then Dataverse, which
        // this Project does not use).
        let log = await served.stop()
        let counts = log.matches(of: /(\d+) injected faults/).compactMap { Int($0.1) }
        #expect(counts.count == 3 && counts.prefix(2).allSatisfy { $0 > 0 }, "\(log)")
        Self.expectNoSecret(dir, secrets)
    }

    // MARK: (c) a killed apply

    /// An apply killed in the middle of a number's chain (its webhook pointed at Genesys Cloud and recorded, its import
    /// not done) is finished by the next apply from a saved plan; the previous webhook state keeps is the one the
    /// number had before, not Genesys Cloud's, and it is where the number points once it leaves (also when the apply
    /// deleting it is killed between the two sides).
    @Test func anApplyKilledBetweenTheWebhookAndTheImportIsFinishedByTheNext() async throws {
        let secrets = Secrets()
        guard let (dir, served) = try await Self.setUp("examples/byo-twilio-sms", secrets) else { return }
        defer {
            served.end()
            dir.scratch.remove()
        }
        let original = "https://hooks.example.com/sms/original"
        let before = try #require(
            try await served.twilioNumber("+14155550123", account: Self.account, token: secrets.twilio))
        try await served.twilioPost(
            "IncomingPhoneNumbers/\(before.sid).json", account: Self.account, token: secrets.twilio,
            form: "SmsUrl=\(original.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&SmsMethod=POST"
        )

        let killed = try await dir.run(
            Self.apply + ["--parallelism", "1"],
            environment: ["SWITCHBOARD_FAULT_CRASH_AFTER_COMPANION": "Number/local-line"])
        #expect(killed.exitCode == 137, "\(killed)")
        #expect(!killed.stdout.contains("Apply complete"), "\(killed)")
        let number = try await served.twilioNumber("+14155550123", account: Self.account, token: secrets.twilio)
        #expect(number?.url == Self.webhook)
        #expect(!SandboxJSON.inventoryNumbers(try served.world()).contains("+14155550123"))
        let state = try Self.state(dir)
        #expect((state["resources"] as? [String: Any])?["Number/local-line"] == nil)
        let record = try #require((state["companions"] as? [String: [String: Any]])?["Number/local-line"])
        #expect(record["attached"] as? Bool == true)
        #expect((record["previous"] as? [String: Any])?["smsUrl"] as? String == original)

        // The plan shows what is left (the import), saved and applied as it is.
        let planned = try await dir.run(["plan", ".", "--out", "finish.plan"])
        #expect(planned.exitCode == 0, "\(planned)")
        #expect(planned.stdout.contains("+ Number/local-line"), "\(planned)")
        let finished = try await dir.run(["apply", "finish.plan", "--auto-approve", "--accept-billing"])
        #expect(finished.exitCode == 0, "\(finished)")
        #expect(try await dir.run(["plan", ".", "--refresh", "--detailed-exitcode"]).exitCode == 0)
        #expect(SandboxJSON.inventoryNumbers(try served.world()).filter { $0 == "+14155550123" }.count == 1)
        let kept = try #require((try Self.state(dir)["companions"] as? [String: [String: Any]])?["Number/local-line"])
        #expect((kept["previous"] as? [String: Any])?["smsUrl"] as? String == original)
        #expect(
            try await served.twilioNumber("+14155550123", account: Self.account, token: secrets.twilio)?.url
                == Self.webhook)

        // Deleted by an apply killed between the two sides (gone from Genesys Cloud, its webhook not yet back): the
        // next apply points it back at the original webhook.
        let sms = "twilio-sms.yaml"
        let text = String(decoding: try #require(dir.bytes(sms)), as: UTF8.self)
        try dir.write(
            sms,
            text.components(separatedBy: "\n---\n").filter { !$0.contains("name: local-line") }
                .joined(separator: "\n---\n"))
        let killedDelete = try await dir.run(
            Self.apply + ["--accept-destructive"], environment: ["SWITCHBOARD_FAULT_CRASH_AFTER": "Number/local-line"])
        #expect(killedDelete.exitCode == 137, "\(killedDelete)")
        #expect(!SandboxJSON.inventoryNumbers(try served.world()).contains("+14155550123"))
        #expect(
            try await served.twilioNumber("+14155550123", account: Self.account, token: secrets.twilio)?.url
                == Self.webhook)
        let deleted = try await dir.run(Self.apply + ["--accept-destructive"])
        #expect(deleted.exitCode == 0, "\(deleted)")
        #expect(deleted.stderr.contains("pointing the inbound webhook of +14155550123 back"), "\(deleted)")
        #expect(
            try await served.twilioNumber("+14155550123", account: Self.account, token: secrets.twilio)?.url
                == original)
        #expect((try Self.state(dir)["companions"] as? [String: Any])?["Number/local-line"] == nil)
        #expect(try await dir.run(["plan", ".", "--refresh", "--detailed-exitcode"]).exitCode == 0)
        _ = await served.stop()
        Self.expectNoSecret(dir, secrets)
    }

    // MARK: findings read at Twilio

    /// What the emulator's account holds decides findings before any change: a number in a Messaging Service that
    /// does not defer to the sender's webhook refuses the apply until accepted (then the service defers), a secondary
    /// auth token is a warning on the integration.
    @Test func aMessagingServiceAndASecondaryTokenAreFoundBeforeAnyChange() async throws {
        let secrets = Secrets()
        guard let (dir, served) = try await Self.setUp("examples/byo-twilio-sms", secrets) else { return }
        defer {
            served.end()
            dir.scratch.remove()
        }
        let (account, token) = (Self.account, secrets.twilio)
        let number = try #require(try await served.twilioNumber("+14155550124", account: account, token: token))
        let other = try #require(try await served.twilioNumber("+14155559999", account: account, token: token))
        let created = try await served.twilioRequest(
            "POST", "v1/Services", account: account, token: token,
            form: "FriendlyName=Marketing&InboundRequestUrl=https%3A%2F%2Fmkt.example.com%2Fin")
        let service = try #require(
            (try created.map { try JSONSerialization.jsonObject(with: $0) } as? [String: Any])?["sid"] as? String)
        for sid in [number.sid, other.sid] {
            _ = try await served.twilioRequest(
                "POST", "v1/Services/\(service)/PhoneNumbers", account: account, token: token,
                form: "PhoneNumberSid=\(sid)")
        }
        let secondary = try await served.twilioRequest(
            "POST", "v1/AuthTokens/Secondary", account: account, token: token)
        let secondaryToken = try #require(
            (try secondary.map { try JSONSerialization.jsonObject(with: $0) } as? [String: Any])?[
                "secondary_auth_token"]
                as? String)

        let refreshed = try await dir.run(["plan", ".", "--refresh"])
        #expect(refreshed.stdout.contains("warning.messaging-service"), "\(refreshed)")
        #expect(refreshed.stdout.contains("its other numbers: +14155559999"), "\(refreshed)")
        #expect(refreshed.stdout.contains("warning.twilio-secondary-token"), "\(refreshed)")
        let refused = try await dir.run(Self.apply)
        #expect(refused.exitCode == 1, "\(refused)")
        #expect(refused.stderr.contains("warning.messaging-service (Number/mobile-line)"), "\(refused)")
        #expect(try served.world()["genesys"].map { SandboxJSON.objects(in: "integrations", of: $0).isEmpty } == true)
        #expect(try await served.twilioNumber("+14155550124", account: account, token: token)?.url == Self.demo)

        let accepted = try await dir.run(Self.apply + ["--accept-destructive"])
        #expect(accepted.exitCode == 0, "\(accepted)")
        let after = try await served.twilioRequest("GET", "v1/Services/\(service)", account: account, token: token)
        let settings = try after.map { try JSONSerialization.jsonObject(with: $0) } as? [String: Any]
        #expect(settings?["use_inbound_webhook_on_number"] as? Bool == true)
        #expect(try await served.twilioNumber("+14155550124", account: account, token: token)?.url == Self.webhook)
        _ = await served.stop()
        Self.expectNoSecret(dir, secrets)
        for file in dir.allFiles() {
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            #expect(!text.contains(secondaryToken), "the secondary token is in \(file.path)")
        }
    }

    /// Every Genesys Cloud object of the served world is there once (by name, phone number or short code).
    static func expectNoDuplicates(_ world: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) {
        let orgs = world["genesys"] as? [String: Any] ?? [:]
        #expect(!orgs.isEmpty, sourceLocation: sourceLocation)
        for case (let org, let value as [String: Any]) in orgs {
            for case let (collection, members as [String: Any]) in value {
                let keys = members.values.compactMap { member -> String? in
                    let m = member as? [String: Any] ?? [:]
                    return ["phoneNumber", "shortCode", "name"].lazy.compactMap { m[$0] as? String }.first
                }
                let repeated = Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.keys
                #expect(
                    repeated.isEmpty, "\(org).\(collection) holds \(repeated.sorted()) more than once",
                    sourceLocation: sourceLocation)
            }
        }
        let numbers = SandboxJSON.inventoryNumbers(world)
        #expect(numbers == Array(Set(numbers)).sorted(), sourceLocation: sourceLocation)
    }
}
