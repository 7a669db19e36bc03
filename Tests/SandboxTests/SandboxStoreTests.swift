import Foundation
import PlatformKit
import Sandbox
import GenesysCloud
import Reconciler
import SwitchboardModel
import Testing

@Suite struct SandboxStoreTests {
    @Test func worldRoundTripsThroughThePrettySortedFile() async throws {
        let fx = try SandboxFixture()
        let integration = try await fx.twilioSMS()
        _ = try await fx.importNumber(
            "n", NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "+14155550170", country: "US"), integrationId: integration)
        _ = try await fx.genesys.create(PlatformRequest(
            resource: Fx.certificateWhatsApp("cert", phone: "+14155550171"), secrets: Fx.certificateSecrets))
        let stored = try #require(try fx.store.load())
        let reloaded = try #require(try SandboxStore(path: fx.store.path, clock: .movable(fx.time)).load())
        #expect(stored == reloaded)
        #expect(reloaded.outbox.count == 1)
        let text = fx.fileText
        #expect(text.hasPrefix("{\n  \"clockOffset\" : 0,\n  \"dynamics\""))
        #expect(text.contains("\"provisioningStatus\""))
        #expect(SandboxStore.path(besideState: "/tmp/x/.switchboard/state.json") == "/tmp/x/.switchboard/sandbox.json")
    }

    @Test func concurrentWritersThroughTheFileLockLoseNothing() async throws {
        let fx = try SandboxFixture()
        let path = fx.store.path
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<6 {
                group.addTask {
                    let store = SandboxStore(path: path, clock: .fixed(SandboxFixture.start))
                    for i in 0..<15 {
                        try await store.transact { w, now in
                            w.ledger.append(LedgerEntry(
                                time: now, platform: "w\(writer)", event: "test", objectId: "\(i)", description: "",
                                billing: .usage))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await fx.world().ledger.count == 90)
    }

    @Test func secretValuesNeverReachTheSandboxFile() async throws {
        let fx = try SandboxFixture()
        _ = try await fx.genesys.create(PlatformRequest(
            resource: Fx.whatsapp("wa", phone: "+14155550180"), secrets: Fx.embeddedSecrets))
        _ = try await fx.genesys.create(PlatformRequest(
            resource: Fx.certificateWhatsApp("cert", phone: "+14155550181"), secrets: Fx.certificateSecrets))
        _ = try await fx.twilioSMS()
        let account = Resource(
            address: Address(.integration, "wa-twilio"), platform: "dynamics",
            spec: .integration(.twilioWhatsApp(TwilioWhatsAppIntegration(
                accountSid: Fx.accountSid, authToken: SecretRef(.env("T"))))))
        _ = try await fx.dynamics.create(PlatformRequest(resource: account, secrets: ["authToken": Fx.authToken]))
        let text = fx.fileText
        #expect(!text.isEmpty)
        for secret in [Fx.signupToken, Fx.pin, Fx.certificate, Fx.authToken, "SECRET"] {
            #expect(!text.contains(secret), "sandbox.json holds a secret value")
        }
        #expect(text.contains(SandboxWorld.fingerprint(Fx.authToken)))
    }

    @Test func clockAndSpeedComeFromTheEnvironment() throws {
        let frozen = try SandboxClock.fromEnvironment(["SWITCHBOARD_SANDBOX_NOW": "2026-11-20T09:00:00Z"])
        #expect(frozen.now() == SandboxDates.parse("2026-11-20T09:00:00.000Z"))
        #expect(SandboxTiming.fromEnvironment([:], clock: frozen) == .instant)
        let shifted = try SandboxClock.fromEnvironment(["SWITCHBOARD_SANDBOX_TIME_OFFSET": "86400"])
        #expect(abs(shifted.now().timeIntervalSinceNow - 86400) < 60)
        #expect(SandboxTiming.fromEnvironment([:], clock: shifted) == .standard)
        #expect(SandboxTiming.fromEnvironment(["SWITCHBOARD_SANDBOX_SPEED": "instant"], clock: shifted) == .instant)
        #expect(throws: PlatformError.self) { try SandboxClock.fromEnvironment(["SWITCHBOARD_SANDBOX_NOW": "soon"]) }
        #expect(throws: PlatformError.self) { try SandboxClock.fromEnvironment(["SWITCHBOARD_SANDBOX_TIME_OFFSET": "x"]) }
    }

    @Test func ledgerRecordsChargeableEventsAndRendersByTime() async throws {
        let fx = try SandboxFixture()
        let email = Resource(
            address: Address(.integration, "notify"), platform: "genesys",
            spec: .integration(.agentlessEmail(AgentlessEmailIntegration(
                domain: "mail.example.com", fromAddress: "noreply", displayName: "Acme"))))
        let e = try await fx.genesys.create(PlatformRequest(resource: email))
        // Provisioned, with DNS records the owner has yet to publish.
        #expect(e.status == .awaitingDNS)
        #expect(e.attributes == email.attributes)
        #expect(e.outputs["dnsCnameBounceRecord"]?[path: "host"] == "bounce.mail.example.com")
        #expect(e.outputs["dnsTxtSendingRecord"] != nil)
        fx.time.advance(by: 60)
        _ = try await fx.genesys.create(PlatformRequest(
            resource: Fx.whatsapp("wa", phone: "+14155550190"), secrets: Fx.embeddedSecrets))
        let world = try await fx.world()
        #expect(world.ledger.map(\.event) == ["email.agentless.enabled", "whatsapp.integration.activated"])
        #expect(world.ledger.map(\.billing) == [.usage, .monthly])
        let text = SandboxReport.ledger(world)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("TIME"))
        #expect(lines[1].contains("email.agentless.enabled") && lines[2].contains("whatsapp.integration.activated"))
        #expect(SandboxReport.ledger(SandboxWorld()).contains("empty"))
    }

    @Test func dynamicsObjectsReadBackWithoutDrift() async throws {
        let fx = try SandboxFixture()
        let account = Resource(
            address: Address(.integration, "wa-twilio"), platform: "dynamics",
            spec: .integration(.twilioWhatsApp(TwilioWhatsAppIntegration(
                accountSid: Fx.accountSid, authToken: SecretRef(.env("T"))))))
        let a = try await fx.dynamics.create(PlatformRequest(resource: account, secrets: ["authToken": Fx.authToken]))
        let inbound = try #require(a.outputs["twilioInboundUrl"]?.stringValue)
        #expect(inbound.hasSuffix(a.remoteId))
        let template = Resource(
            address: Address(.template, "order-shipped"), platform: "dynamics",
            spec: .template(TemplateSpec(
                channel: .whatsapp, category: .utility, defaultLanguage: "en_US",
                localizations: [Localization(language: "en_US", text: "Order {{1}} shipped.")])))
        let t = try await fx.dynamics.create(PlatformRequest(resource: template))
        #expect(t.status == .active)
        #expect(t.attributes == template.attributes)
        // The workstream first: the number row holds it.
        let stream = Resource(
            address: Address(.workstream, "support"), platform: "dynamics",
            spec: .workstream(WorkstreamSpec(
                channel: .whatsapp, numbers: ["us-whatsapp"], language: "en-US",
                fileAttachments: FileAttachments(customer: true, agent: false), templates: ["order-shipped"])))
        let s = try await fx.dynamics.create(PlatformRequest(
            resource: stream, references: [Address(.template, "order-shipped"): t.remoteId]))
        let streamState = ResourceState(
            kind: .workstream, name: "support", platform: "dynamics", remoteId: s.remoteId, status: .active,
            attributes: stream.attributes)
        let number = Resource(
            address: Address(.number, "us-whatsapp"), platform: "dynamics",
            spec: .number(NumberSpec(integration: "wa-twilio", type: .whatsapp, phoneNumber: "+14155550200", country: "US")))
        let n = try await fx.dynamics.create(PlatformRequest(
            resource: number, references: [Address(.integration, "wa-twilio"): a.remoteId],
            referencedState: [stream.address: streamState]))
        #expect(n.attributes == number.attributes)
        let read = try await fx.dynamics.read(streamState)
        #expect(read?.attributes == stream.attributes)
        let elsewhere = Resource(
            address: Address(.number, "gone"), platform: "dynamics",
            spec: .number(NumberSpec(integration: "wa-twilio", type: .whatsapp, phoneNumber: "+14155550148")))
        _ = try await fx.store.transact { w, now in try w.addFault(.notFoundAtVendor, target: "+14155550148", now: now) }
        var listing = streamState
        listing.attributes[.numbers] = .list([.string("gone")])
        let error = await #expect(throws: PlatformError.self) {
            _ = try await fx.dynamics.create(PlatformRequest(
                resource: elsewhere, references: [Address(.integration, "wa-twilio"): a.remoteId],
                referencedState: [stream.address: listing]))
        }
        #expect(error?.code == "whatsapp.number.not.found.at.vendor")
    }
}
