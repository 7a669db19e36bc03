import Foundation
import SwitchboardModel
import SwitchboardTestSupport
import SwitchboardWorkspace
import Testing

@testable import Reconciler

/// A WhatsApp integration's onboarding data under the real Genesys Cloud rules (DESIGN.md section 3.2): before the
/// integration is active a change is an update used by the next activation attempt (a new form replaces: the API
/// cannot switch it); once it is active a change is a note and no change; `phoneNumber` always replaces.
@Suite struct OnboardingRulesTests {
    let address = Address(.integration, "wa")

    func whatsapp(_ onboarding: WhatsAppOnboarding, phone: String = "+14155550100") -> Resource {
        var r = Fixtures.whatsapp("wa", phone: phone)
        r.spec = .integration(.whatsapp(WhatsAppIntegration(phoneNumber: phone, onboarding: onboarding)))
        return r
    }

    func certificate(_ verification: VerificationMethod = .sms, issued: String? = "2027-01-14")
        -> WhatsAppOnboarding
    {
        .certificate(certificate: Fixtures.token, issued: issued, verification: verification)
    }

    let embedded = WhatsAppOnboarding.embeddedSignup(token: Fixtures.token, pin: Fixtures.pin)

    /// State as if `resource` had been applied and left at `status`.
    func state(_ resource: Resource, status: ResourceStatus) -> StateSnapshot {
        var s = StateSnapshot(lineage: "test-lineage")
        s[resource.address] = StateKeeper.resourceState(
            resource, remote: RemoteObject(remoteId: "r-wa", status: status), fingerprints: [:], prior: nil,
            now: "2027-01-15T08:00:00Z")
        return s
    }

    func change(_ plan: Plan) throws -> PlannedChange { try #require(plan.changes.first { $0.address == address }) }

    @Test func beforeActivationANewVerificationIsAnUpdate() throws {
        let s = state(whatsapp(certificate(.sms)), status: .awaitingVerification)
        let plan = Fixtures.plan([whatsapp(certificate(.voice))], state: s)
        let c = try change(plan)
        #expect(c.action == .update)
        let verification = try #require(c.fields.first { $0.path == "onboarding.verification" })
        #expect(verification.before == "sms" && verification.after == "voice" && !verification.forcesReplacement)
        #expect(c.fields.contains { $0.path == Field.status.path })
        #expect(Planner.settledChangeNotes(plan, rules: PlatformRegistry.rules).isEmpty)
    }

    @Test func beforeActivationANewCertificateIssueDateIsAnUpdate() throws {
        let s = state(whatsapp(certificate(issued: "2027-01-10")), status: .incomplete)
        let c = try change(Fixtures.plan([whatsapp(certificate(issued: "2027-01-14"))], state: s))
        #expect(c.action == .update)
        #expect(c.fields.first { $0.path == "onboarding.certificateIssued" }?.forcesReplacement == false)
    }

    @Test func beforeActivationANewFormReplacesForTheAPICannotSwitchIt() throws {
        let s = state(whatsapp(embedded), status: .incomplete)
        let c = try change(Fixtures.plan([whatsapp(certificate())], state: s))
        #expect(c.action == .replace)
        #expect(c.fields.first { $0.path == "onboarding.form" }?.forcesReplacement == true)
    }

    @Test func onceActiveAnOnboardingChangeIsANoteAndNoChange() throws {
        for (applied, desired) in [
            (whatsapp(embedded), whatsapp(certificate())), (whatsapp(certificate(.sms)), whatsapp(certificate(.voice))),
        ] {
            let plan = Fixtures.plan([desired], state: state(applied, status: .active))
            let c = try change(plan)
            #expect(c.action == .noop && c.fields.isEmpty)
            #expect(plan.findings.isEmpty && plan.summary.isEmpty)
            let notes = Planner.settledChangeNotes(plan, rules: PlatformRegistry.rules)
            #expect(notes.count == 1)
            #expect(notes.first?.hasPrefix("Integration/wa: the change of onboarding.") == true)
            #expect(notes.first?.contains("has no effect") == true)
        }
    }

    @Test func onceActiveAnOnboardingChangeBesideAnotherIsLeftOutOfTheUpdate() throws {
        let s = state(whatsapp(certificate(.sms)), status: .active)
        var desired = whatsapp(certificate(.voice))
        if case .integration(.whatsapp(var w)) = desired.spec {
            w.contentProfile = "media"
            desired.spec = .integration(.whatsapp(w))
        }
        let plan = Fixtures.plan([desired, Fixtures.profile("media")], state: s)
        let c = try change(plan)
        #expect(c.action == .update)
        #expect(c.fields.map(\.path) == [Field.contentProfile.path])
        #expect(Planner.settledChangeNotes(plan, rules: PlatformRegistry.rules).count == 1)
    }

    @Test func aNewPhoneNumberReplacesActiveOrNot() throws {
        for status in [ResourceStatus.active, .awaitingVerification] {
            let s = state(whatsapp(certificate()), status: status)
            let c = try change(Fixtures.plan([whatsapp(certificate(.voice), phone: "+14155550199")], state: s))
            #expect(c.action == .replace)
            #expect(c.fields.first { $0.path == Field.phoneNumber.path }?.forcesReplacement == true)
        }
    }
}
