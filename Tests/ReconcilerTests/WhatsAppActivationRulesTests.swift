import Foundation
import SwitchboardModel
import SwitchboardTestSupport
import SwitchboardWorkspace
import Testing

@testable import Reconciler

/// The findings of a Genesys Cloud WhatsApp integration's life (DESIGN.md 5.1 and 5.2), each true for the state the
/// integration is in: a minimum month only for one that has been active, a charge that continues when an active one
/// is disabled, a failed activation replaced with the vendor's advice, one certificate-lapse rule for an integration
/// waiting for its code.
@Suite struct WhatsAppActivationRulesTests {
    let address = Address(.integration, "wa")

    /// State as if `resource` had been applied and left at `status` (`activatedAt` set when active).
    func state(_ resource: Resource, status: ResourceStatus) -> StateSnapshot {
        var s = StateSnapshot(lineage: "test-lineage")
        s[resource.address] = StateKeeper.resourceState(
            resource, remote: RemoteObject(remoteId: "r-wa", status: status), fingerprints: [:], prior: nil,
            now: "2027-01-14T08:00:00Z")
        return s
    }

    func codes(_ plan: Plan) -> Set<String> { Set(plan.findings.map(\.code)) }

    func disabled(_ r: Resource) -> Resource {
        var r = r
        guard case .integration(.whatsapp(var w)) = r.spec else { return r }
        w.enabled = false
        r.spec = .integration(.whatsapp(w))
        return r
    }

    @Test(arguments: [ResourceStatus.incomplete, .awaitingVerification, .pending, .error])
    func neverActiveIntegrationHasNoMinimumMonth(_ status: ResourceStatus) {
        let wa = Fixtures.whatsapp("wa")
        let deleted = Fixtures.plan([], state: state(wa, status: status))
        #expect(deleted.changes.first?.action == .delete)
        #expect(!codes(deleted).contains("billing.whatsapp-minimum"))
    }

    @Test func activeIntegrationDeletedOrReplacedBillsTheMinimum() {
        let wa = Fixtures.whatsapp("wa")
        let active = state(wa, status: .active)
        #expect(codes(Fixtures.plan([], state: active)).contains("billing.whatsapp-minimum"))
        let replaced = Fixtures.plan([Fixtures.whatsapp("wa", phone: "+14155550120")], state: active)
        #expect(replaced.changes.first?.action == .replace)
        let minimum = replaced.findings.first { $0.code == "billing.whatsapp-minimum" }
        #expect(minimum?.message.contains("replacing") == true)
        // An integration that was active once (and is pending again) still has its minimum month.
        var again = active
        again[address]?.status = .pending
        #expect(codes(Fixtures.plan([], state: again)).contains("billing.whatsapp-minimum"))
    }

    @Test func disablingAnActiveIntegrationSaysTheChargeContinues() throws {
        let wa = Fixtures.whatsapp("wa")
        let plan = Fixtures.plan([disabled(wa)], state: state(wa, status: .active))
        let change = try #require(plan.changes.first { $0.address == address })
        #expect(change.action == .update)
        #expect(codes(plan).contains("billing.whatsapp-continues"))
        #expect(!codes(plan).contains("expiry.whatsapp-activation"))
        #expect(!codes(plan).contains("billing.whatsapp-minimum"))
        // Not for one that never was active: nothing is billed there.
        let inactive = Fixtures.plan([disabled(wa)], state: state(wa, status: .incomplete))
        #expect(!codes(inactive).contains("billing.whatsapp-continues"))
    }

    @Test func aFailedActivationIsReplacedWithTheVendorsAdvice() throws {
        let wa = Fixtures.whatsapp("wa")
        let plan = Fixtures.plan([wa], state: state(wa, status: .error))
        let change = try #require(plan.changes.first { $0.address == address })
        #expect(change.action == .replace)
        #expect(change.fields.contains { $0.path == "status" && $0.forcesReplacement })
        let pending = try #require(plan.findings.first { $0.code == "expiry.whatsapp-pending" })
        #expect(pending.message.contains("delete the integration and start again"))
        #expect(codes(plan).contains("billing.whatsapp-monthly"))
        #expect(!codes(plan).contains("billing.whatsapp-minimum"))
        // An activation still in progress is left to finish.
        let waiting = Fixtures.plan([wa], state: state(wa, status: .pending))
        #expect(waiting.changes.first?.action == .update)
        #expect(!codes(waiting).contains("expiry.whatsapp-pending"))
    }

    @Test func anIntegrationWaitingForItsCodeIsWarnedOfItsCertificatesLapse() throws {
        // The plan's now is 2027-01-15T08:00:00Z; issued 2027-01-09 lapses at 2027-01-16T00:00:00Z, within 24 hours.
        var r = Fixtures.whatsapp("wa")
        r.spec = .integration(.whatsapp(WhatsAppIntegration(
            phoneNumber: "+14155550100",
            onboarding: .certificate(certificate: Fixtures.token, issued: "2027-01-09", verification: .sms))))
        let plan = Fixtures.plan([r], state: state(r, status: .awaitingVerification))
        let lapse = try #require(plan.findings.first { $0.code == "expiry.whatsapp-certificate" })
        #expect(lapse.message.contains("2027-01-16T00:00:00Z"))
        // Once it is active the certificate no longer matters.
        #expect(!codes(Fixtures.plan([r], state: state(r, status: .active))).contains("expiry.whatsapp-certificate"))
    }
}
