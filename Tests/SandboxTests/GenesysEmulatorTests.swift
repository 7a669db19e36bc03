import Foundation
import Reconciler
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import GenesysCloud
import PlatformKit
@testable import Sandbox

/// End to end: the adapter over URLSession against the emulator on loopback.
@Suite(.serialized) struct GenesysEmulatorTests {
    static let clientId = "switchboard-ci"
    static let clientSecret = "emulator-client-secret-42"
    static let secrets = [
        "authToken": "twilio-auth-token-0123456789", "onboarding.embeddedSignupToken": "meta-signup-token-xyz",
        "onboarding.pin": "246810",
    ]

    struct Harness {
        let scratch: TemporaryDirectory
        let server: HTTPServer
        let emulator: GenesysEmulator
        let backend: GenesysEmulatorBackend
        let platform: GenesysCloudPlatform
        let sleeps: Locked<[Double]>
        var endpoint: String { "http://127.0.0.1:\(server.port)" }
    }

    func start(faultRate: Double = 0, rpm: Int = 300, window: Double = 60, clientSecret: String = clientSecret) async throws -> Harness {
        let scratch = try TemporaryDirectory("emulator")
        let backend = GenesysEmulatorBackend(
            store: SandboxStore(path: scratch.path("sandbox.json")), org: "genesys",
            timing: SandboxTiming(
                provisioning: 0.05, whatsAppCreate: 0.05, whatsAppActivation: 0.05, certificatePending: 0.05,
                pollInterval: 0.01))
        let emulator = GenesysEmulator(
            backend: backend,
            options: GenesysEmulatorOptions(
                clientId: Self.clientId, clientSecret: Self.clientSecret, faultRate: faultRate, seed: 42,
                rateLimitPerMinute: rpm, rateLimitWindow: window, faultRetryAfter: 1))
        let server = try await HTTPServer.start { await emulator.handle($0) }
        let sleeps = Locked<[Double]>([])
        var options = GenesysClientOptions(
            rateLimitPerMinute: rpm, rateLimitWindow: window, retry: RetryPolicy(maxAttempts: 10, baseDelay: 0.01, maxDelay: 0.05),
            requestTimeout: 10, pageSize: 2, pollInterval: 0.02, pollTimeout: 20)
        options.sleep = { d in
            sleeps.with { $0.append(d) }
            try await Task.sleep(nanoseconds: UInt64(min(d, 0.03) * 1_000_000_000))
        }
        let platform = GenesysCloudPlatform(
            name: "genesys", endpoints: try GenesysRegionEndpoints(endpoint: "http://127.0.0.1:\(server.port)"),
            clientId: Self.clientId, clientSecret: clientSecret, transport: URLSessionTransport.make(), options: options)
        return Harness(
            scratch: scratch, server: server, emulator: emulator, backend: backend, platform: platform, sleeps: sleeps)
    }

    static let resources: [Resource] = [
        Resource(address: Address(.contentProfile, "sms-media"), platform: "genesys",
            spec: .contentProfile(.init(inbound: ["image/jpeg", "image/png"], outbound: ["image/*"]))),
        Resource(address: Address(.integration, "byo-twilio"), platform: "genesys",
            spec: .integration(.twilioSMS(.init(accountSid: "AC" + String(repeating: "0a", count: 16),
                authToken: SecretRef(.env("TWILIO_TOKEN")), region: "us-east-1")))),
        Resource(address: Address(.number, "us-main"), platform: "genesys",
            spec: .number(.init(integration: "byo-twilio", type: .local, phoneNumber: "+14155550123", country: "US",
                contentProfile: "sms-media"))),
        Resource(address: Address(.number, "us-short"), platform: "genesys",
            spec: .number(.init(integration: "byo-twilio", type: .shortcode, shortcode: "12345", country: "US",
                compliance: .init(help: .init(keywords: ["HELP"], message: "Acme."), optOut: .init(keywords: ["STOP"], message: "Bye."),
                    optIn: .init(keywords: ["START"], message: "Hi."))))),
        Resource(address: Address(.integration, "support-whatsapp"), platform: "genesys",
            spec: .integration(.whatsapp(.init(phoneNumber: "+14155550999",
                onboarding: .embeddedSignup(token: SecretRef(.env("META")), pin: SecretRef(.env("PIN"))),
                contentProfile: "sms-media")))),
        Resource(address: Address(.integration, "notify-email"), platform: "genesys",
            spec: .integration(.agentlessEmail(.init(domain: "mail.acme.example", fromAddress: "noreply", displayName: "Acme")))),
        Resource(address: Address(.template, "order-shipped"), platform: "genesys",
            spec: .template(.init(channel: .whatsapp, category: .utility, namespace: "ns-1", defaultLanguage: "en_US",
                localizations: [.init(language: "en_US", text: "Order {{1}} shipped."), .init(language: "de_DE", text: "Bestellung {{1}} versandt.")]))),
    ]

    /// Applies `resources` in order, passing references as the applier would; returns state by address.
    func applyAll(
        _ platform: GenesysCloudPlatform, store: SandboxStore, log: Locked<[String]> = Locked([])
    ) async throws -> [Address: ResourceState] {
        var state: [Address: ResourceState] = [:]
        for r in Self.resources {
            var refs: [Address: String] = [:]
            for a in r.references { refs[a] = state[a]?.remoteId }
            // What the Twilio adapter does before a BYO SMS import (the applier's companion work, bypassed here).
            if case .number(let n) = r.spec, let sender = n.phoneNumber ?? n.shortcode,
                case .integration(.twilioSMS(let t))? = Self.resources.first(where: { $0.name == n.integration })?.spec
            {
                try await store.transact { w, now in
                    w.pointAtGenesys(sender, accountSid: t.accountSid, region: t.region, now: now)
                }
            }
            let request = PlatformRequest(
                resource: r, secrets: Self.secrets, references: refs, progress: { line in log.with { $0.append(line) } })
            let o = try await platform.create(request)
            state[r.address] = ResourceState(
                kind: r.kind, name: r.name, platform: "genesys", remoteId: o.remoteId, status: o.status,
                attributes: r.attributes, outputs: o.outputs)
        }
        return state
    }

    @Test func createReadUpdateDeleteEveryKindThroughTheEmulator() async throws {
        let h = try await start()
        defer { Task { await h.server.stop() } }
        let log = Locked<[String]>([])
        var state = try await applyAll(h.platform, store: h.backend.store, log: log)

        // Every read reports exactly the manifest's attributes: no drift right after apply.
        for r in Self.resources {
            let s = try #require(state[r.address])
            let remote = try #require(try await h.platform.read(s))
            #expect(remote.attributes == r.attributes, "\(r.address)")
        }
        #expect(state[Address(.integration, "support-whatsapp")]?.status == .active)
        let email = try #require(state[Address(.integration, "notify-email")])
        #expect(email.outputs["dnsCnameBounceRecord"]?["host"] == "bounce.mail.acme.example")
        #expect(email.outputs["dnsTxtSendingRecord"]?["verificationStatus"] == "Pending")
        #expect(state[Address(.integration, "byo-twilio")]?.outputs["inboundWebhookUrl"] != nil)

        // find() adopts by natural key.
        for r in Self.resources {
            let found = try await h.platform.find(r)
            #expect(found?.remoteId == state[r.address]?.remoteId, "\(r.address)")
        }

        // Update in place: a content profile's media, a number's profile removed, the integration disabled.
        var profile = Self.resources[0]
        profile.spec = .contentProfile(.init(inbound: ["*/*"], outbound: ["image/*", "application/pdf"]))
        let p = try await h.platform.update(
            PlatformRequest(resource: profile, changes: [FieldChange(path: "inbound", before: nil, after: nil)]),
            remoteId: try #require(state[profile.address]).remoteId)
        #expect(p.attributes == profile.attributes)
        var number = Self.resources[2]
        number.spec = .number(.init(integration: "byo-twilio", type: .local, phoneNumber: "+14155550123", country: "US"))
        let n = try await h.platform.update(
            PlatformRequest(resource: number, changes: [FieldChange(path: "contentProfile", before: nil, after: nil)]),
            remoteId: try #require(state[number.address]).remoteId)
        #expect(n.attributes == number.attributes)
        var twilio = Self.resources[1]
        twilio.spec = .integration(.twilioSMS(.init(accountSid: "AC" + String(repeating: "0a", count: 16),
            authToken: SecretRef(.env("TWILIO_TOKEN")), region: "us-east-1", enabled: false)))
        let t = try await h.platform.update(
            PlatformRequest(resource: twilio, secrets: Self.secrets, changes: [FieldChange(path: "enabled", before: true, after: false)]),
            remoteId: try #require(state[twilio.address]).remoteId)
        #expect(t.status == .disabled)
        #expect(t.attributes["enabled"] == false)

        // Secrets never reach state, outputs or the sandbox file the emulator serves.
        let stored = try String(contentsOfFile: h.backend.store.path, encoding: .utf8)
        let outputs = state.values.map { Value.object($0.outputs).jsonText }.joined()
        for secret in Self.secrets.values + [Self.clientSecret] {
            #expect(!stored.contains(secret))
            #expect(!outputs.contains(secret))
            #expect(!log.get.joined().contains(secret))
        }

        // Delete in reverse order; every object is gone afterwards.
        state[profile.address]?.attributes = profile.attributes
        for r in Self.resources.reversed() {
            let s = try #require(state[r.address])
            try await h.platform.delete(s)
            #expect(try await h.platform.read(s) == nil, "\(r.address)")
        }
        let empty = try #require(try await h.backend.store.read().genesys["genesys"])
        #expect(empty.supportedContent.isEmpty && empty.integrations.isEmpty && empty.smsPhoneNumbers.isEmpty)
        #expect(empty.whatsAppIntegrations.isEmpty && empty.outboundDomains.isEmpty && empty.responses.isEmpty)
        #expect(empty.credentials?.isEmpty ?? true)
    }

    @Test func aChangeMadeDirectlyOnThePlatformShowsAsDrift() async throws {
        let h = try await start()
        defer { Task { await h.server.stop() } }
        let profile = Self.resources[0]
        let created = try await h.platform.create(PlatformRequest(resource: profile))
        // Someone edits the supported content in the Genesys Cloud UI (here: straight through the emulator's API).
        try await h.platform.client.send(
            "PATCH", "/api/v2/conversations/messaging/supportedcontent/\(created.remoteId)",
            body: ["name": "sms-media", "mediaTypes": ["allow": ["inbound": [["type": "video/mp4"]], "outbound": []]]])
        let state = ResourceState(
            kind: .contentProfile, name: "sms-media", platform: "genesys", remoteId: created.remoteId, status: .active,
            attributes: profile.attributes)
        let remote = try #require(try await h.platform.read(state))
        #expect(remote.attributes["inbound"] == ["video/mp4"])
        #expect(state.attributes["inbound"] == ["image/jpeg", "image/png"])
        #expect(remote.attributes["outbound"] == [])
    }

    @Test func sandboxRulesAnswerAsErrorBodies() async throws {
        let h = try await start()
        defer { Task { await h.server.stop() } }
        var state = try await applyAll(h.platform, store: h.backend.store)
        // A number the Twilio account does not have: the sandbox's import rule, through the API.
        let missing = Resource(address: Address(.number, "gone"), platform: "genesys",
            spec: .number(.init(integration: "byo-twilio", type: .local, phoneNumber: "+14155550148", country: "US")))
        _ = try await h.backend.transact { w, now in try w.addFault(.notFoundAtVendor, target: "+14155550148", now: now) }
        let refs = [Address(.integration, "byo-twilio"): try #require(state[Address(.integration, "byo-twilio")]).remoteId]
        let e = try #require(await platformError { try await h.platform.create(PlatformRequest(resource: missing, references: refs)) })
        #expect(e.status == 404)
        #expect(e.code == "sms.phonenumber.import.not.found.at.vendor")
        // Deleting the integration cascades onto its numbers.
        let twilio = try #require(state[Address(.integration, "byo-twilio")])
        try await h.platform.delete(twilio)
        state[twilio.address] = nil
        let org = try #require(try await h.backend.store.read().genesys["genesys"])
        #expect(org.smsPhoneNumbers.isEmpty)
    }

    @Test func wrongCredentialsAreRejectedWithoutEchoingTheSecret() async throws {
        let h = try await start(clientSecret: "not-the-right-secret")
        defer { Task { await h.server.stop() } }
        let e = try #require(await platformError { try await h.platform.create(PlatformRequest(resource: Self.resources[0])) })
        #expect(e.status == 401)
        #expect(e.request == "POST /oauth/token")
        #expect(!e.description.contains("not-the-right-secret"))
    }

    @Test func injectedFaultsConvergeWithoutDuplicatesWithinTheRateLimit() async throws {
        let h = try await start(faultRate: 0.2, rpm: 60, window: 3)
        defer { Task { await h.server.stop() } }
        await h.emulator.setRecordTranscript(false)
        let state = try await applyAll(h.platform, store: h.backend.store)
        let stats = await h.emulator.stats
        #expect(stats.injectedFaults > 0)
        // Injected 429s carry Retry-After: 1, and the client waited exactly that.
        #expect(h.sleeps.get.contains(1))
        // The client never went past its budget, so the emulator never had to refuse for rate.
        #expect(await h.platform.client.limiter.peakInWindow() <= 60)
        #expect(stats.rateLimited == 0)
        // No duplicates: exactly one object per resource.
        let s = try #require(try await h.backend.store.read().genesys["genesys"])
        #expect(s.supportedContent.count == 1)
        #expect(s.integrations.count == 1)
        #expect(s.credentials?.count == 1)
        #expect(s.smsPhoneNumbers.count == 2)
        #expect(s.whatsAppIntegrations.count == 1)
        #expect(s.outboundDomains.count == 1)
        #expect(s.libraries?.count == 1)
        #expect(s.responses.count == 2)
        for r in Self.resources {
            let s = try #require(state[r.address])
            let remote = try #require(try await h.platform.read(s))
            #expect(remote.attributes == r.attributes, "\(r.address)")
        }
    }

    @Test func emulatorAnswers429PastTheConfiguredRate() async throws {
        let h = try await start(rpm: 3, window: 60)
        defer { Task { await h.server.stop() } }
        let token = try await h.platform.client.auth.accessToken()
        let transport = URLSessionTransport.make()
        var statuses: [Int] = []
        var retryAfter: String?
        for _ in 0..<5 {
            let r = try await transport(HTTPRequest(
                method: "GET", url: URL(string: "\(h.endpoint)/api/v2/conversations/messaging/supportedcontent")!,
                headers: ["Authorization": "Bearer \(token)"]))
            statuses.append(r.status)
            if r.status == 429 {
                retryAfter = r.header("Retry-After")
                let body = try JSONCoding.parse(r.body)
                #expect(body["code"] == "too.many.requests")
            }
        }
        #expect(statuses == [200, 200, 200, 429, 429])
        #expect(Int(retryAfter ?? "") ?? 0 >= 1)
    }
}
