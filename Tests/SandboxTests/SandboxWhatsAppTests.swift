import Foundation
import PlatformKit
import Sandbox
import GenesysCloud
import Reconciler
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@Suite struct SandboxWhatsAppTests {
    @Test func embeddedSignupCreatesThenActivatesAndStartsMonthlyCharges() async throws {
        let fx = try SandboxFixture()
        let r = Fx.whatsapp("support-whatsapp", phone: "+14155550100")
        let o = try await fx.genesys.create(PlatformRequest(resource: r, secrets: Fx.embeddedSecrets))
        #expect(o.status == .active)
        #expect(o.attributes == r.attributes)
        #expect(o.outputs["whatsAppBusinessAccountId"]?.stringValue?.count == 15)
        let w = try await fx.world()
        let i = try #require(w.genesys["genesys"]?.whatsAppIntegrations[o.remoteId])
        #expect(i.createStatus == "Completed" && i.status == "Active")
        #expect(w.ledger.map(\.event) == ["whatsapp.integration.activated"])
        #expect(w.ledger.first?.billing == .monthly)
    }

    @Test func embeddedSignupPassesThroughInitiatedAndStartingWithRealDelays() async throws {
        let timing = SandboxTiming(
            provisioning: 0.2, whatsAppCreate: 0.3, whatsAppActivation: 0.3, certificatePending: 0.3, pollInterval: 0.05)
        let dir = try TemporaryDirectory("sandbox-real")
        let store = SandboxStore(path: dir.path("sandbox.json"))
        let p = try SandboxFixture.adapter(
            "genesys", ProjectSandbox(connections: ["genesys": .genesysCloud], store: store, timing: timing))
        let lines = Locked<[String]>([])
        let r = Fx.whatsapp("wa", phone: "+14155550101")
        let o = try await p.create(PlatformRequest(resource: r, secrets: Fx.embeddedSecrets, progress: { lines.append($0) }))
        #expect(o.status == .active)
        #expect(lines.get.contains { $0.contains("createStatus Completed") })
        #expect(lines.get.contains { $0.contains("status Active") })
    }

    @Test func worldCreateStatusIsDerivedFromTheClock() throws {
        var w = SandboxWorld()
        let t0 = SandboxFixture.start
        let i = try w.createWhatsAppEmbeddedSignup(
            org: "g", name: "wa", embeddedSignupAccessToken: "tok", supportedContentId: nil, now: t0,
            timing: .standard)
        #expect(i.createStatus == "Initiated")
        #expect(throws: PlatformError.self) {
            try w.activateWhatsAppEmbeddedSignup(org: "g", id: i.id, phoneNumber: "+14155550102", pin: "123456", now: t0, timing: .standard)
        }
        w.advance(to: t0.addingTimeInterval(2))
        #expect(w.genesys["g"]?.whatsAppIntegrations[i.id]?.createStatus == "Completed")
    }

    @Test func disabledIntegrationIsCreatedInactiveAndRemovedAfterThirtyDays() async throws {
        let fx = try SandboxFixture()
        let r = Fx.whatsapp("later", phone: "+14155550103", enabled: false)
        let o = try await fx.genesys.create(PlatformRequest(resource: r, secrets: Fx.embeddedSecrets))
        // The world's `status` is `Inactive`; the adapter calls an integration never activated `incomplete`.
        #expect(o.status == .incomplete)
        #expect(try await fx.world().genesys["genesys"]?.whatsAppIntegrations[o.remoteId]?.status == "Inactive")
        #expect(try await fx.world().ledger.isEmpty)
        let state = Fx.state(r, o)
        fx.time.advance(by: 29 * 86400)
        #expect(try await fx.genesys.read(state)?.status == .incomplete)
        fx.time.advance(by: 86400)
        #expect(try await fx.genesys.read(state) == nil)
    }

    @Test func activatingLaterThroughUpdate() async throws {
        let fx = try SandboxFixture()
        let off = Fx.whatsapp("later", phone: "+14155550104", enabled: false)
        let o = try await fx.genesys.create(PlatformRequest(resource: off, secrets: Fx.embeddedSecrets))
        let on = Fx.whatsapp("later", phone: "+14155550104", enabled: true)
        let u = try await fx.genesys.update(
            PlatformRequest(resource: on, secrets: Fx.embeddedSecrets, prior: Fx.state(off, o)), remoteId: o.remoteId)
        #expect(u.status == .active)
        #expect(u.attributes["enabled"] == true)
    }

    @Test func wrongPinIsRefused() async throws {
        let fx = try SandboxFixture()
        let r = Fx.whatsapp("wa", phone: "+14155550105")
        let error = await #expect(throws: PlatformError.self) {
            _ = try await fx.genesys.create(PlatformRequest(
                resource: r, secrets: ["onboarding.embeddedSignupToken": "t", "onboarding.pin": "000000"]))
        }
        #expect(error?.code == "whatsapp.pin.invalid")
    }

    @Test func certificateFlowSendsCodeToOutboxThenConfirmsToActive() async throws {
        let fx = try SandboxFixture()
        let r = Fx.certificateWhatsApp("cert-wa", phone: "+14155550106", verification: .voice)
        let o = try await fx.genesys.create(PlatformRequest(resource: r, secrets: Fx.certificateSecrets))
        #expect(o.status == .awaitingVerification)
        #expect(o.attributes == r.attributes)
        var w = try await fx.world()
        let message = try #require(w.outbox.last)
        #expect(message.channel == .voice && message.to == "+14155550106" && message.integrationId == o.remoteId)
        #expect(message.expiresAt == SandboxFixture.start.addingTimeInterval(600))
        #expect(w.ledger.map(\.event) == ["whatsapp.integration.created"])
        #expect(SandboxReport.outbox(w, now: fx.time.now).contains(message.code))

        let wrong = message.code == "111111" ? "222222" : "111111"
        let error = await #expect(throws: PlatformError.self) {
            _ = try await fx.genesys.update(
                PlatformRequest(resource: r, prior: Fx.state(r, o), verificationCode: wrong), remoteId: o.remoteId)
        }
        #expect(error?.code == "whatsapp.activation.code.invalid")

        fx.time.advance(by: 9 * 60)
        let u = try await fx.genesys.update(
            PlatformRequest(resource: r, prior: Fx.state(r, o), verificationCode: message.code), remoteId: o.remoteId)
        #expect(u.status == .active)
        w = try await fx.world()
        #expect(w.ledger.map(\.event) == ["whatsapp.integration.created", "whatsapp.integration.activated"])
    }

    @Test func codeExpiresAfterTenMinutesAndANewOneCanBeRequested() async throws {
        let fx = try SandboxFixture()
        let r = Fx.certificateWhatsApp("cert-wa", phone: "+14155550107")
        let o = try await fx.genesys.create(PlatformRequest(resource: r, secrets: Fx.certificateSecrets))
        let first = try #require(try await fx.world().outbox.last)
        fx.time.advance(by: 600)
        let error = await #expect(throws: PlatformError.self) {
            _ = try await fx.genesys.update(
                PlatformRequest(resource: r, prior: Fx.state(r, o), verificationCode: first.code), remoteId: o.remoteId)
        }
        #expect(error?.code == "whatsapp.activation.code.expired")
        #expect(SandboxReport.outbox(try await fx.world(), now: fx.time.now).contains("expired"))
        let resent = try await fx.genesys.update(PlatformRequest(resource: r, prior: Fx.state(r, o)), remoteId: o.remoteId)
        #expect(resent.status == .awaitingVerification)
        let outbox = try await fx.world().outbox
        #expect(outbox.count == 2)
        let second = try #require(outbox.last)
        let u = try await fx.genesys.update(
            PlatformRequest(resource: r, prior: Fx.state(r, o), verificationCode: second.code), remoteId: o.remoteId)
        #expect(u.status == .active)
    }

    @Test func certificatesLapseAfterSevenDays() async throws {
        let fx = try SandboxFixture()
        // The world refuses a certificate issued more than 7 days ago. The API carries no issue date (validation and
        // the plan's expiry finding judge the manifest's `certificateIssued`), so this rule is the world's own.
        var world = SandboxWorld()
        let error = #expect(throws: PlatformError.self) {
            try world.createWhatsAppCertificate(
                org: "genesys", name: "old", phoneNumber: "+14155550108", wabaCertificate: Fx.certificate,
                certificateIssued: fx.time.now.addingTimeInterval(-8 * 86400), supportedContentId: nil, now: fx.time.now)
        }
        #expect(error?.code == "whatsapp.certificate.expired")

        // Through the adapter the certificate counts as issued when the integration was created: asking for a code
        // 8 days later fails.
        let recent = Fx.certificateWhatsApp("recent", phone: "+14155550109", issued: Fx.day(fx.time.now.addingTimeInterval(-6 * 86400)))
        let o = try await fx.genesys.create(PlatformRequest(resource: recent, secrets: Fx.certificateSecrets))
        #expect(o.attributes == recent.attributes)
        fx.time.advance(by: 8 * 86400)
        let late = await #expect(throws: PlatformError.self) {
            _ = try await fx.genesys.update(PlatformRequest(resource: recent, prior: Fx.state(recent, o)), remoteId: o.remoteId)
        }
        #expect(late?.code == "whatsapp.certificate.expired")
    }

    @Test func pendingActivationPastTimeoutFailsWithPlatformAdvice() async throws {
        var timing = SandboxTiming.instant
        timing.waitTimeout = 0.2
        let fx = try SandboxFixture(timing: timing)
        let r = Fx.certificateWhatsApp("stuck", phone: "+14155550146")
        _ = try await fx.store.transact { w, now in try w.addFault(.stuckActivation, target: "+14155550146", now: now) }
        let o = try await fx.genesys.create(PlatformRequest(resource: r, secrets: Fx.certificateSecrets))
        let code = try #require(try await fx.world().outbox.last?.code)
        let wait = await #expect(throws: PlatformError.self) {
            _ = try await fx.genesys.update(
                PlatformRequest(resource: r, prior: Fx.state(r, o), verificationCode: code), remoteId: o.remoteId)
        }
        // The frozen clock cannot move by waiting: the poll gives up after `waitTimeout` simulated seconds at once.
        #expect(wait?.code == "genesys.timeout")
        #expect(try await fx.genesys.read(Fx.state(r, o))?.status == .pending)
        fx.time.advance(by: 15 * 60)
        let failed = try #require(try await fx.genesys.read(Fx.state(r, o)))
        #expect(failed.status == .error)
        let wire = try await fx.genesys.client.send("GET", "/api/v2/conversations/messaging/integrations/whatsapp/\(o.remoteId)")
        #expect(wire["status"] == "Failed")
        #expect(wire["activationErrorInfo"]?["message"]?.stringValue?.contains("delete the integration and start again") == true)
    }

    @Test func deletingABilledIntegrationBillsAFullMonth() async throws {
        let fx = try SandboxFixture()
        let r = Fx.whatsapp("wa", phone: "+14155550110")
        let o = try await fx.genesys.create(PlatformRequest(resource: r, secrets: Fx.embeddedSecrets))
        try await fx.genesys.delete(Fx.state(r, o))
        #expect(try await fx.genesys.read(Fx.state(r, o)) == nil)
        let ledger = try await fx.world().ledger
        #expect(ledger.map(\.event) == ["whatsapp.integration.activated", "whatsapp.integration.deleted"])
        #expect(ledger.last?.billing == .oneTime)
        #expect(ledger.last?.description.contains("billing minimum") == true)
    }

    @Test func phoneNumberChangeIsRefusedAsImmutable() async throws {
        let fx = try SandboxFixture()
        let r = Fx.whatsapp("wa", phone: "+14155550111")
        let o = try await fx.genesys.create(PlatformRequest(resource: r, secrets: Fx.embeddedSecrets))
        let moved = Fx.whatsapp("wa", phone: "+14155550112")
        let change = FieldChange(path: "phoneNumber", before: "+14155550111", after: "+14155550112", forcesReplacement: true)
        let error = await #expect(throws: PlatformError.self) {
            _ = try await fx.genesys.update(
                PlatformRequest(resource: moved, secrets: Fx.embeddedSecrets, prior: Fx.state(r, o), changes: [change]),
                remoteId: o.remoteId)
        }
        #expect(error?.code == "field.immutable")
    }
}
