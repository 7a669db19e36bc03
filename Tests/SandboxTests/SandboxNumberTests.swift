import Foundation
import PlatformKit
import Sandbox
import GenesysCloud
import Reconciler
import SwitchboardModel
import Testing

@Suite struct SandboxNumberTests {
    struct ImportCase: Sendable, CustomStringConvertible {
        var spec: NumberSpec
        var code: String
        /// The fault injected for the number first, where the error depends on the outside world.
        var fault: SandboxFaultKind? = nil
        var description: String { code }
    }

    static let importErrors: [ImportCase] = [
        ImportCase(spec: NumberSpec(integration: "byo-twilio", type: .shortcode, country: "US", compliance: Fx.compliance),
                   code: "sms.phonenumber.import.sender.id.missing"),
        ImportCase(spec: NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "4155550123", country: "US"),
                   code: "sms.phonenumber.import.sender.id.invalid"),
        ImportCase(spec: NumberSpec(integration: "byo-twilio", type: .shortcode, shortcode: "1234", country: "US",
                                    compliance: Fx.compliance),
                   code: "sms.phonenumber.import.sender.id.invalid"),
        ImportCase(spec: NumberSpec(integration: "byo-twilio", type: .shortcode, shortcode: "12345", country: "US"),
                   code: "sms.phonenumber.import.compliance.missing"),
        ImportCase(spec: NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "+442071838750", country: "US"),
                   code: "sms.phonenumber.import.country.mismatch"),
        ImportCase(spec: NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "+14155550123", country: "US"),
                   code: "sms.phonenumber.import.owned.by.another.organization", fault: .takenByAnotherOrg),
        ImportCase(spec: NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "+14155550123", country: "US"),
                   code: "sms.phonenumber.import.not.found.at.vendor", fault: .notFoundAtVendor),
        ImportCase(spec: NumberSpec(integration: "byo-twilio", type: .shortcode, shortcode: "12345", country: "US",
                                    compliance: Fx.compliance),
                   code: "sms.phonenumber.import.not.found.at.vendor", fault: .notFoundAtVendor),
        ImportCase(spec: NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "+14155550123", country: "US"),
                   code: "sms.phonenumber.import.webhook.not.configured", fault: .webhookElsewhere),
    ]

    @Test(arguments: importErrors)
    func importErrorsCarryTheVendorCode(_ c: ImportCase) async throws {
        let fx = try SandboxFixture()
        let integration = try await fx.twilioSMS()
        if let fault = c.fault {
            let target = c.spec.phoneNumber ?? c.spec.shortcode ?? ""
            _ = try await fx.store.transact { w, now in try w.addFault(fault, target: target, now: now) }
        }
        let error = await #expect(throws: PlatformError.self) {
            _ = try await fx.importNumber("n", c.spec, integrationId: integration, pointWebhook: c.fault == nil)
        }
        #expect(error?.code == c.code)
        #expect(try await fx.world().genesys["genesys"]?.smsPhoneNumbers.isEmpty == true)
    }

    @Test func importSucceedsOnceTheWebhookFaultIsRemoved() async throws {
        let fx = try SandboxFixture()
        let integration = try await fx.twilioSMS()
        let spec = NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "+14155550140", country: "US")
        _ = try await fx.store.transact { w, now in try w.addFault(.webhookElsewhere, target: "+14155550140", now: now) }
        let refused = await #expect(throws: PlatformError.self) {
            _ = try await fx.importNumber("n", spec, integrationId: integration, pointWebhook: false)
        }
        #expect(refused?.message.contains(SandboxWorld.elsewhereWebhook) == true)
        _ = try await fx.store.transact { w, now in w.removeFault(.webhookElsewhere, target: "+14155550140", now: now) }
        let o = try await fx.importNumber("n", spec, integrationId: integration)
        #expect(o.status == .active)
        #expect(o.attributes == Fx.number("n", spec).attributes)
    }

    @Test func webhookFaultMovesAnExistingNumberAndItsRemovalPointsItBack() async throws {
        let fx = try SandboxFixture()
        let integration = try await fx.twilioSMS()
        let spec = NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "+14155550141", country: "US")
        _ = try await fx.importNumber("n", spec, integrationId: integration)
        func url() async throws -> String? {
            try await fx.world().twilio[Fx.accountSid]?.incomingPhoneNumbers.values.first?.sms_url
        }
        // Genesys Cloud's fixed webhook of the integration's region (us-east-1), the same for every integration.
        let region = "https://byosms.mypurecloud.com/vendors/v1/twilio/a906d2848ad146028e8805a8bbaa24d3/mo"
        #expect(try await url() == region)
        _ = try await fx.store.transact { w, now in try w.addFault(.webhookElsewhere, target: "+14155550141", now: now) }
        #expect(try await url() == SandboxWorld.elsewhereWebhook)
        _ = try await fx.store.transact { w, now in w.removeFault(.webhookElsewhere, target: "+14155550141", now: now) }
        #expect(try await url() == region)
    }

    /// A Twilio number starts at Twilio's neutral URL, not at Genesys Cloud: imported before anyone points it (the
    /// Twilio adapter's companion work), it is refused, naming the region's exact webhook.
    @Test func aNumberNotPointedAtTheRegionsWebhookIsRefused() async throws {
        let fx = try SandboxFixture()
        let integration = try await fx.twilioSMS()
        let spec = NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "+14155550142", country: "US")
        let refused = await #expect(throws: PlatformError.self) {
            _ = try await fx.importNumber("n", spec, integrationId: integration, pointWebhook: false)
        }
        #expect(refused?.code == "sms.phonenumber.import.webhook.not.configured")
        #expect(refused?.message.contains(SandboxWorld.neutralTwilioWebhook) == true)
        #expect(refused?.message.contains(
            "https://byosms.mypurecloud.com/vendors/v1/twilio/a906d2848ad146028e8805a8bbaa24d3/mo") == true)
    }

    /// The fictional 555-01xx numbers that examples and users pick behave like any other number: none of them fails
    /// by its digits.
    @Test(arguments: ["+14155550196", "+14155550197", "+14155550198", "+14155550199", "+18885550199"])
    func fictionalNumbersImportLikeAnyOther(_ phone: String) async throws {
        let fx = try SandboxFixture()
        let integration = try await fx.twilioSMS()
        let spec = NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: phone, country: "US")
        let o = try await fx.importNumber("n", spec, integrationId: integration)
        #expect(o.status == .active)
    }

    @Test func stuckProvisioningHoldsTheImportUntilTheFaultIsRemoved() throws {
        var w = SandboxWorld()
        let t0 = SandboxFixture.start
        let i = try w.twilioSMSIntegration(org: "g", region: "eu-central-1", now: t0)
        try w.addFault(.stuckProvisioning, target: "+4915112345678", now: t0)
        w.pointAtGenesys("+4915112345678", region: "eu-central-1", now: t0)
        let request = SandboxSmsImport(
            name: "n", phoneNumber: "+4915112345678", phoneNumberType: "mobile", countryCode: "DE", integrationId: i.id)
        let n = try w.importSmsPhoneNumber(org: "g", request, now: t0, timing: .standard)
        w.advance(to: t0.addingTimeInterval(86_400))
        #expect(w.genesys["g"]?.smsPhoneNumbers[n.id]?.provisioningStatus.state == "Running")
        let removed = w.removeFault(.stuckProvisioning, target: "+4915112345678", now: t0.addingTimeInterval(86_400))
        #expect(removed)
        #expect(w.genesys["g"]?.smsPhoneNumbers[n.id]?.provisioningStatus.state == "Completed")
        #expect(w.faults.isEmpty)
    }

    /// Short codes the Twilio emulator serves follow the same faults as numbers.
    @Test func shortCodeFaultsApplyToTheTwilioAccount() throws {
        var w = SandboxWorld()
        let t0 = SandboxFixture.start
        try w.addFault(.notFoundAtVendor, target: "12345", now: t0)
        #expect(w.twilioShortCodes(accountSid: Fx.accountSid, filter: "12345", now: t0).isEmpty)
        try w.addFault(.webhookElsewhere, target: "54321", now: t0)
        #expect(w.twilioShortCodes(accountSid: Fx.accountSid, filter: "54321", now: t0).first?.sms_url
            == SandboxWorld.elsewhereWebhook)
        w.removeFault(.webhookElsewhere, target: "54321", now: t0)
        #expect(w.twilioShortCodes(accountSid: Fx.accountSid, filter: "54321", now: t0).first?.sms_url
            == SandboxWorld.neutralTwilioWebhook)
    }

    @Test func faultTargetsMustBeWhatTheKindAppliesTo() throws {
        var w = SandboxWorld()
        let t0 = SandboxFixture.start
        #expect(throws: PlatformError.self) { try w.addFault(.takenByAnotherOrg, target: "not-a-number", now: t0) }
        #expect(throws: PlatformError.self) { try w.addFault(.stuckActivation, target: "12345", now: t0) }
        #expect(throws: PlatformError.self) { try w.addFault(.templateRejected, target: "+14155550123", now: t0) }
        let first = try w.addFault(.takenByAnotherOrg, target: "12345", now: t0)
        let again = try w.addFault(.takenByAnotherOrg, target: "12345", now: t0)
        #expect(first && !again)
        #expect(w.faults.count == 1)
        let removed = w.removeFault(.notFoundAtVendor, target: "12345", now: t0)
        #expect(!removed)
    }

    @Test func secondImportWhileProvisioningRunsIsAlreadyInProgress() throws {
        var w = SandboxWorld()
        let t0 = SandboxFixture.start
        let i = try w.twilioSMSIntegration(org: "g", region: "eu-central-1", now: t0)
        w.pointAtGenesys("+4915112345678", region: "eu-central-1", now: t0)
        let request = SandboxSmsImport(
            name: "n", phoneNumber: "+4915112345678", phoneNumberType: "mobile", countryCode: "DE", integrationId: i.id)
        let n = try w.importSmsPhoneNumber(org: "g", request, now: t0, timing: .standard)
        #expect(n.provisioningStatus.action == "Create" && n.provisioningStatus.state == "Running")
        #expect(n.countryCode == "DE")
        #expect(throws: PlatformError.self) { try w.importSmsPhoneNumber(org: "g", request, now: t0, timing: .standard) }
        do {
            _ = try w.importSmsPhoneNumber(org: "g", request, now: t0, timing: .standard)
        } catch let e as PlatformError {
            #expect(e.code == "sms.phonenumber.import.already.in.progress")
        } catch {}
        w.advance(to: t0.addingTimeInterval(2))
        #expect(w.genesys["g"]?.smsPhoneNumbers[n.id]?.provisioningStatus.state == "Completed")
        #expect(w.genesys["g"]?.smsPhoneNumbers[n.id]?.phoneNumberStatus == "ACTIVE")
        do {
            _ = try w.importSmsPhoneNumber(org: "g", request, now: t0, timing: .standard)
            Issue.record("a second import succeeded")
        } catch let e as PlatformError {
            #expect(e.code == "sms.phonenumber.already.exists")
        }
    }

    @Test func numberInAnotherSandboxOrganizationIsOwnedElsewhere() async throws {
        let fx = try SandboxFixture()
        let other = try fx.otherOrganization("genesys-eu")
        let integration = try await fx.twilioSMS()
        let spec = NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "+14155550120", country: "US")
        _ = try await fx.importNumber("n", spec, integrationId: integration)
        let r2 = Resource(
            address: Address(.integration, "byo-eu"), platform: "genesys-eu",
            spec: .integration(.twilioSMS(TwilioSMSIntegration(
                accountSid: Fx.accountSid, authToken: SecretRef(.env("T")), region: "us-east-1"))))
        let i2 = try await other.create(PlatformRequest(resource: r2, secrets: ["authToken": Fx.authToken])).remoteId
        let error = await #expect(throws: PlatformError.self) {
            _ = try await other.create(PlatformRequest(
                resource: Fx.number("n", NumberSpec(integration: "byo-eu", type: .local, phoneNumber: "+14155550120", country: "US")),
                references: [Address(.integration, "byo-eu"): i2]))
        }
        #expect(error?.code == "sms.phonenumber.import.owned.by.another.organization")
    }

    /// A BYO short code's lease is the carrier's: importing it into Genesys Cloud charges nothing (no finding either).
    @Test func shortcodeImportIsNotChargedAndReadsBackAsDeclared() async throws {
        let fx = try SandboxFixture()
        let integration = try await fx.twilioSMS()
        let spec = NumberSpec(integration: "byo-twilio", type: .shortcode, shortcode: "12345", country: "US", compliance: Fx.compliance)
        let o = try await fx.importNumber("short", spec, integrationId: integration)
        #expect(o.attributes == Fx.number("short", spec).attributes)
        let ledger = try await fx.world().ledger
        #expect(ledger.isEmpty)
    }

    @Test func deletingTheIntegrationRemovesItsNumbers() async throws {
        let fx = try SandboxFixture()
        let integration = try await fx.twilioSMS()
        let a = NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "+14155550130", country: "US")
        let b = NumberSpec(integration: "byo-twilio", type: .tollfree, phoneNumber: "+18005550131", country: "US")
        let na = try await fx.importNumber("a", a, integrationId: integration)
        let nb = try await fx.importNumber("b", b, integrationId: integration)
        let ir = Resource(
            address: Address(.integration, "byo-twilio"), platform: "genesys",
            spec: .integration(.twilioSMS(TwilioSMSIntegration(
                accountSid: Fx.accountSid, authToken: SecretRef(.env("T")), region: "us-east-1"))))
        try await fx.genesys.delete(ResourceState(
            kind: .integration, name: "byo-twilio", platform: "genesys", remoteId: integration, status: .active,
            attributes: ir.attributes))
        #expect(try await fx.genesys.read(Fx.state(Fx.number("a", a), na)) == nil)
        #expect(try await fx.genesys.read(Fx.state(Fx.number("b", b), nb)) == nil)
        #expect(try await fx.world().genesys["genesys"]?.integrations.isEmpty == true)
    }

    @Test func disablingTheIntegrationDisablesItsNumbersUntilEnabledAgain() async throws {
        let fx = try SandboxFixture()
        let integration = try await fx.twilioSMS()
        let spec = NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "+14155550140", country: "US")
        let n = try await fx.importNumber("n", spec, integrationId: integration)
        let nState = Fx.state(Fx.number("n", spec), n)
        func integrationResource(_ enabled: Bool) -> Resource {
            Resource(
                address: Address(.integration, "byo-twilio"), platform: "genesys",
                spec: .integration(.twilioSMS(TwilioSMSIntegration(
                    accountSid: Fx.accountSid, authToken: SecretRef(.env("T")), region: "us-east-1", enabled: enabled))))
        }
        let off = try await fx.genesys.update(PlatformRequest(resource: integrationResource(false)), remoteId: integration)
        #expect(off.status == .disabled)
        // The number takes no traffic: Genesys Cloud reports its `phoneNumberStatus` as `INVALID`.
        #expect(try await fx.genesys.read(nState)?.status == .other("invalid"))
        let disabled = try await fx.world().genesys["genesys"]?.smsPhoneNumbers[n.remoteId]
        #expect(disabled?.disabledByIntegration == true && disabled?.phoneNumberStatus == "INVALID")
        let again = await #expect(throws: PlatformError.self) {
            _ = try await fx.importNumber(
                "m", NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "+14155550141", country: "US"),
                integrationId: integration)
        }
        #expect(again?.code == "sms.phonenumber.import.integration.disabled")
        let on = try await fx.genesys.update(PlatformRequest(resource: integrationResource(true)), remoteId: integration)
        #expect(on.status == .active)
        #expect(try await fx.genesys.read(nState)?.status == .active)
    }

    @Test func onlyTheContentProfileOfANumberChangesInPlace() async throws {
        let fx = try SandboxFixture()
        let integration = try await fx.twilioSMS()
        let profile = Resource(
            address: Address(.contentProfile, "sms-media"), platform: "genesys",
            spec: .contentProfile(ContentProfileSpec(inbound: ["image/*"], outbound: ["image/png"])))
        let p = try await fx.genesys.create(PlatformRequest(resource: profile))
        #expect(p.attributes == profile.attributes)
        let spec = NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "+14155550150", country: "US")
        let n = try await fx.importNumber("n", spec, integrationId: integration)
        var withProfile = spec
        withProfile.contentProfile = "sms-media"
        let refs = [Address(.integration, "byo-twilio"): integration, Address(.contentProfile, "sms-media"): p.remoteId]
        let u = try await fx.genesys.update(
            PlatformRequest(resource: Fx.number("n", withProfile), references: refs), remoteId: n.remoteId)
        #expect(u.attributes["contentProfile"] == "sms-media")

        var moved = withProfile
        moved.phoneNumber = "+14155550151"
        let error = await #expect(throws: PlatformError.self) {
            _ = try await fx.genesys.update(
                PlatformRequest(
                    resource: Fx.number("n", moved), references: refs,
                    changes: [FieldChange(path: "phoneNumber", before: "+14155550150", after: "+14155550151", forcesReplacement: true)]),
                remoteId: n.remoteId)
        }
        #expect(error?.code == "field.immutable")
        let inUse = await #expect(throws: PlatformError.self) { try await fx.genesys.delete(Fx.state(profile, p)) }
        #expect(inUse?.code == "supportedcontent.in.use")
    }

    @Test func findAdoptsANumberByItsPhoneNumber() async throws {
        let fx = try SandboxFixture()
        let integration = try await fx.twilioSMS()
        let spec = NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "+14155550160", country: "US")
        let n = try await fx.importNumber("n", spec, integrationId: integration)
        #expect(try await fx.genesys.find(Fx.number("n", spec))?.remoteId == n.remoteId)
        var other = spec
        other.phoneNumber = "+14155550161"
        #expect(try await fx.genesys.find(Fx.number("n", other)) == nil)
    }
}
