import Foundation
import Testing
@testable import Reconciler
import SwitchboardCrypto
import SwitchboardModel
import SwitchboardTestSupport

@Suite struct PlannerTests {
    /// Applies a plan to a state without platforms: what state would hold after a successful apply.
    func applied(_ plan: Plan, to state: StateSnapshot) -> StateSnapshot {
        var s = state
        for c in plan.changes {
            switch c.action {
            case .delete: s[c.address] = nil
            case .noop: break
            default:
                if let r = c.desired {
                    s[c.address] = StateKeeper.resourceState(r, remote: RemoteObject(remoteId: "r-\(r.name)", status: .active),
                        fingerprints: c.fingerprints, prior: nil, now: "2027-01-15T08:00:00Z")
                }
            }
        }
        return s
    }

    @Test func createsFollowReferences() {
        let plan = Fixtures.plan([
            Fixtures.number("n1", integration: "sms", phone: "+14155550101"),
            Fixtures.sms("sms"),
            Fixtures.whatsapp("wa", profile: "media"),
            Fixtures.profile("media"),
        ])
        let order = plan.changes.map(\.address.description)
        #expect(order.firstIndex(of: "ContentProfile/media")! < order.firstIndex(of: "Integration/wa")!)
        #expect(order.firstIndex(of: "Integration/sms")! < order.firstIndex(of: "Number/n1")!)
        #expect(plan.changes.allSatisfy { $0.action == .create })
        #expect(plan.changes.first { $0.address.name == "n1" }?.dependsOn == [Address(.integration, "sms")])
        #expect(plan.changes.map(\.order) == Array(1...4))
    }

    /// They form a queue the applier runs one at a time (ApplierTests), not a chain of dependencies: one number's
    /// failure must not skip the next.
    @Test func numberImportsIntoOneIntegrationAreAQueueNotAChain() {
        let plan = Fixtures.plan([
            Fixtures.sms("sms"),
            Fixtures.number("a", integration: "sms", phone: "+14155550101"),
            Fixtures.number("b", integration: "sms", phone: "+14155550102"),
            Fixtures.number("c", integration: "sms", phone: "+14155550103"),
        ])
        let deps = Dictionary(uniqueKeysWithValues: plan.changes.map { ($0.address.name, $0.dependsOn.map(\.name)) })
        #expect(deps["a"] == ["sms"])
        #expect(deps["b"] == ["sms"])
        #expect(deps["c"] == ["sms"])
        #expect(plan.changes.map(\.address.name) == ["sms", "a", "b", "c"])
    }

    @Test func secondPlanAfterApplyIsEmpty() {
        let resources = [Fixtures.sms("sms"), Fixtures.number("a", integration: "sms", phone: "+14155550101")]
        let fp: [Address: [String: String]] = [Address(.integration, "sms"): ["authToken": "hmac-sha256:1"]]
        let first = Fixtures.plan(resources, fingerprints: fp)
        let state = applied(first, to: StateSnapshot(lineage: "test-lineage"))
        let second = Fixtures.plan(resources, state: state, fingerprints: fp)
        #expect(second.summary.isEmpty)
        #expect(second.changes.allSatisfy { $0.action == .noop && $0.fields.isEmpty })
    }

    @Test func deletesRunInReverseOrder() {
        let resources = [Fixtures.profile("media"), Fixtures.sms("sms"), Fixtures.number("a", integration: "sms", phone: "+14155550101")]
        let state = applied(Fixtures.plan(resources), to: StateSnapshot(lineage: "test-lineage"))
        let plan = Fixtures.plan([], state: state)
        let order = plan.changes.map(\.address.description)
        #expect(plan.changes.allSatisfy { $0.action == .delete })
        #expect(order.firstIndex(of: "Number/a")! < order.firstIndex(of: "Integration/sms")!)
        #expect(plan.changes.first { $0.address.name == "sms" }?.dependsOn == [Address(.number, "a")])
        let finding = plan.findings.first { $0.code == "destructive.twilio-sms-delete" }
        #expect(finding?.message.contains("+14155550101") == true)
    }

    @Test func phoneNumberChangeReplacesAndContentProfileUpdates() {
        let state = applied(Fixtures.plan([Fixtures.whatsapp("wa"), Fixtures.profile("p")]), to: StateSnapshot(lineage: "test-lineage"))
        let replace = Fixtures.plan([Fixtures.whatsapp("wa", phone: "+14155550199"), Fixtures.profile("p")], state: state)
        let wa = replace.changes.first { $0.address.name == "wa" }
        #expect(wa?.action == .replace)
        #expect(wa?.fields.first { $0.path == "phoneNumber" }?.forcesReplacement == true)
        #expect(Set(replace.findings.map(\.code)).isSuperset(of: ["billing.whatsapp-minimum", "billing.whatsapp-monthly"]))
        let update = Fixtures.plan([Fixtures.whatsapp("wa", profile: "p"), Fixtures.profile("p")], state: state)
        #expect(update.changes.first { $0.address.name == "wa" }?.action == .update)
        #expect(update.findings.isEmpty)
    }

    @Test func replacingAnIntegrationReimportsItsNumbers() {
        let resources = [Fixtures.sms("sms"), Fixtures.number("a", integration: "sms", phone: "+14155550101")]
        let state = applied(Fixtures.plan(resources), to: StateSnapshot(lineage: "test-lineage"))
        let plan = Fixtures.plan([Fixtures.sms("sms", region: "eu-west-1"), resources[1]], state: state)
        #expect(plan.changes.first { $0.address.name == "a" }?.action == .replace)
    }

    @Test func rotatedSecretShowsAsSensitiveChange() {
        let r = [Fixtures.sms("sms")]
        let a = Address(.integration, "sms")
        let state = applied(Fixtures.plan(r, fingerprints: [a: ["authToken": "hmac-sha256:1"]]), to: StateSnapshot(lineage: "test-lineage"))
        let plan = Fixtures.plan(r, state: state, fingerprints: [a: ["authToken": "hmac-sha256:2"]])
        let change = plan.changes.first { $0.address == a }
        #expect(change?.action == .update)
        #expect(change?.fields == [FieldChange(path: "authToken", before: nil, after: nil, sensitive: true)])
    }

    @Test func whatsappCreateIsBillingAndIrreversible() {
        let plan = Fixtures.plan([Fixtures.whatsapp("wa")])
        #expect(plan.findings.map(\.code).sorted() == ["billing.whatsapp-monthly", "irreversible.whatsapp-number"])
        #expect(plan.findings.allSatisfy { $0.address == Address(.integration, "wa") })
    }

    @Test func disablingTwilioSMSIsDestructive() {
        let state = applied(Fixtures.plan([Fixtures.sms("sms")]), to: StateSnapshot(lineage: "test-lineage"))
        let plan = Fixtures.plan([Fixtures.sms("sms", enabled: false)], state: state)
        #expect(plan.findings.map(\.code) == ["destructive.twilio-sms-disable"])
    }

    @Test func protectedInStateRefusesDelete() {
        var state = applied(Fixtures.plan([Fixtures.whatsapp("wa", protect: true)]), to: StateSnapshot(lineage: "test-lineage"))
        #expect(state[Address(.integration, "wa")]?.protect == true)
        let plan = Fixtures.plan([], state: state)
        #expect(plan.hasErrors)
        #expect(plan.findings.contains { $0.code == "protect" && $0.message.contains("state unprotect") })
        state[Address(.integration, "wa")]?.protect = false
        #expect(!Fixtures.plan([], state: state).hasErrors)
    }

    @Test func certificateFlowWarnsOfLapseAndActivation() {
        // 2027-01-15T08:00:00Z is the plan's now; issued 2027-01-09 lapses 2027-01-16T00:00Z, within 24h.
        var r = Fixtures.whatsapp("wa")
        r.spec = .integration(.whatsapp(WhatsAppIntegration(phoneNumber: "+14155550100",
            onboarding: .certificate(certificate: Fixtures.token, issued: "2027-01-09", verification: .sms))))
        let codes = Set(Fixtures.plan([r]).findings.map(\.code))
        #expect(codes.isSuperset(of: ["expiry.whatsapp-certificate", "expiry.whatsapp-activation", "billing.whatsapp-certificate"]))
    }

    @Test func checksumIsStableAndSensitiveToChanges() {
        let a = Fixtures.plan([Fixtures.sms("sms")])
        let b = Fixtures.plan([Fixtures.sms("sms")])
        let c = Fixtures.plan([Fixtures.sms("sms", region: "eu-west-1")])
        #expect(a.checksum == b.checksum)
        #expect(a.checksum != c.checksum)
    }

    @Test func aNewPinRetriesActivationUntilTheIntegrationIsActive() {
        let wa = Fixtures.whatsapp("wa")
        let a = wa.address
        var state = applied(Fixtures.plan([wa], fingerprints: [a: ["onboarding.pin": "hmac-sha256:1"]]),
            to: StateSnapshot(lineage: "test-lineage"))
        state[a]?.status = .inactive
        let retry = Fixtures.plan([wa], state: state, fingerprints: [a: ["onboarding.pin": "hmac-sha256:2"]])
        #expect(retry.changes.first?.action == .update)
        #expect(!retry.findings.contains { $0.code == "billing.whatsapp-minimum" })
        // Once active the PIN serves no more: a new one changes nothing (DESIGN.md section 3.2), never a replacement.
        state[a]?.status = .active
        let settled = Fixtures.plan([wa], state: state, fingerprints: [a: ["onboarding.pin": "hmac-sha256:2"]])
        #expect(settled.changes.first?.action == .noop)
    }

    /// The checksum is a pure function of the plan: the same plan hashes the same, every time.
    @Test(arguments: [0, 1, 5])
    func checksumIsStable(numbers: Int) {
        var resources = [Fixtures.profile("media"), Fixtures.sms("sms"), Fixtures.whatsapp("wa", profile: "media")]
        for i in 0..<numbers {
            resources.append(Fixtures.number("n\(i)", integration: "sms", phone: "+1415555010\(i)"))
        }
        let plan = numbers == 0 ? Fixtures.plan([]) : Fixtures.plan(resources)
        let again = numbers == 0 ? Fixtures.plan([]) : Fixtures.plan(resources)
        #expect(plan.checksum.hasPrefix("sha256:"))
        #expect(plan.checksum.count == "sha256:".count + 64)
        #expect(PlanChecksum.compute(plan) == plan.checksum)
        #expect(again.checksum == plan.checksum)
    }

    /// A plan of noops only (nothing to do) is tied to the state it was made from by lineage and serial, and to
    /// its changes by address, action and order; a noop's desired resource and prior state, which apply never
    /// reads, are not hashed (PlanChecksum explains why).
    @Test func noopOnlyPlansHashTheirStateByLineageAndSerial() {
        let resources = [Fixtures.profile("media"), Fixtures.sms("sms")]
        let state = applied(Fixtures.plan(resources), to: StateSnapshot(lineage: "test-lineage"))
        let plan = Fixtures.plan(resources, state: state)
        #expect(plan.changes.allSatisfy { $0.action == .noop })
        var serial = plan
        serial.serial += 1
        #expect(PlanChecksum.compute(serial) != plan.checksum)
        var action = plan
        action.changes[0].action = .delete
        #expect(PlanChecksum.compute(action) != plan.checksum)
        var address = plan
        address.changes[1].address = Address(.integration, "other")
        #expect(PlanChecksum.compute(address) != plan.checksum)
        var finding = plan
        finding.changes[0].findings.append(Finding(code: "x.y", severity: .warning, message: "m"))
        #expect(PlanChecksum.compute(finding) != plan.checksum)
        var prior = plan
        prior.changes[0].prior?.remoteId = "someone-else"
        #expect(PlanChecksum.compute(prior) == plan.checksum)
    }

    /// An executed change's prior state is hashed: an edited remote id of an update is caught.
    @Test func executedChangesHashTheirPriorState() throws {
        let resources = [Fixtures.profile("media"), Fixtures.sms("sms")]
        var state = applied(Fixtures.plan(resources), to: StateSnapshot(lineage: "test-lineage"))
        state[Address(.integration, "sms")]?.attributes["enabled"] = .bool(false)
        let plan = Fixtures.plan(resources, state: state)
        let sms = try #require(plan.changes.firstIndex { $0.address.name == "sms" })
        #expect(plan.changes[sms].action == .update)
        var tampered = plan
        tampered.changes[sms].prior?.remoteId = "someone-else"
        #expect(PlanChecksum.compute(tampered) != plan.checksum)
        var attribute = plan
        attribute.changes[sms].prior?.attributes["extra"] = .string("x")
        #expect(PlanChecksum.compute(attribute) != plan.checksum)
    }

    /// Changing any part that apply depends on changes the checksum.
    @Test(arguments: [
        "attribute", "fingerprint", "action", "dependsOn", "lineage", "serial", "order", "field", "finding", "secret",
        "protect", "labels", "platform", "priorStatus",
    ])
    func checksumChangesWithEveryCoveredPart(part: String) throws {
        let resources = [
            Fixtures.profile("media"), Fixtures.sms("sms"), Fixtures.whatsapp("wa", profile: "media"),
            Fixtures.number("n1", integration: "sms", phone: "+14155550101"),
        ]
        let a = Address(.integration, "wa")
        var state = applied(Fixtures.plan(resources, fingerprints: [a: ["onboarding.pin": "hmac-sha256:1"]]),
            to: StateSnapshot(lineage: "test-lineage"))
        state[Address(.integration, "sms")]?.attributes["enabled"] = .bool(false)
        // The WhatsApp integration is updated too (a label), so its desired resource and prior state are hashed.
        state[a]?.labels["team"] = "old"
        let plan = Fixtures.plan(resources, state: state, fingerprints: [a: ["onboarding.pin": "hmac-sha256:1"]])
        var p = plan
        let wa = try #require(p.changes.firstIndex { $0.address == a })
        let sms = try #require(p.changes.firstIndex { $0.address.name == "sms" })
        #expect(p.changes[sms].action == .update)
        #expect(p.changes[wa].action == .update)
        switch part {
        case "attribute":
            guard case .integration(.whatsapp(var w))? = p.changes[wa].desired?.spec else {
                Issue.record("not a WhatsApp integration")
                return
            }
            w.phoneNumber = "+14155550199"
            p.changes[wa].desired?.spec = .integration(.whatsapp(w))
        case "fingerprint": p.changes[wa].fingerprints["onboarding.pin"] = "hmac-sha256:2"
        case "action": p.changes[wa].action = .replace
        case "dependsOn": p.changes[wa].dependsOn.append(Address(.contentProfile, "other"))
        case "lineage": p.lineage = "other-lineage"
        case "serial": p.serial += 1
        case "order": p.changes[wa].order += 1
        case "field": p.changes[sms].fields[0].after = .bool(false)
        case "finding":
            p.changes[sms].findings.append(Finding(code: "x.y", severity: .warning, message: "m"))
        case "secret":
            guard case .integration(.whatsapp(var w))? = p.changes[wa].desired?.spec,
                case .embeddedSignup(let token, _) = w.onboarding
            else {
                Issue.record("not an embedded-signup WhatsApp integration")
                return
            }
            w.onboarding = .embeddedSignup(token: token, pin: SecretRef(.env("OTHER_PIN")))
            p.changes[wa].desired?.spec = .integration(.whatsapp(w))
        case "protect": p.changes[wa].desired?.protect.toggle()
        case "labels": p.changes[wa].desired?.labels["team"] = "x"
        case "platform": p.changes[wa].platform = "elsewhere"
        case "priorStatus": p.changes[wa].prior?.status = .inactive
        default: Issue.record("unknown part \(part)")
        }
        #expect(p != plan)
        #expect(PlanChecksum.compute(p) != plan.checksum)
    }
}
