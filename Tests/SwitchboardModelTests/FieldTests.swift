import Foundation
import SwitchboardModel
import Testing

@Suite struct FieldTests {
    @Test func pathsJoinAndSplitAtDots() {
        #expect(Field.onboardingPin.path == "onboarding.pin")
        #expect(Field.onboardingPin.top == .onboarding)
        #expect(Field.phoneNumber.top == .phoneNumber)
        #expect(Field.metadata + .labels == .metadataLabels)
    }

    @Test func attributesAreReadAndWrittenByField() {
        var attributes: [String: Value] = [:]
        attributes[.onboarding] = .members([.form: "certificate", .certificateIssued: "2027-01-09"])
        #expect(attributes["onboarding"]?["form"] == "certificate")
        #expect(attributes.value(at: .onboardingForm) == "certificate")
        #expect(attributes.value(at: .onboardingPin) == nil)
        #expect(attributes.value(at: .onboarding)?[.certificateIssued] == "2027-01-09")
    }

    /// The attribute view spells every field through the table: a WhatsApp integration's attributes and secrets.
    @Test func resourceAttributesUseTheTableSpelling() {
        let r = Resource(
            address: Address(.integration, "wa"), platform: "genesys",
            spec: .integration(
                .whatsapp(
                    WhatsAppIntegration(
                        phoneNumber: "+14155550100",
                        onboarding: .embeddedSignup(token: SecretRef(.env("T")), pin: SecretRef(.env("P")))))))
        #expect(Set(r.attributes.keys) == Set([Field.type, .phoneNumber, .enabled, .onboarding].map(\.path)))
        #expect(Set(r.secretFields.keys) == Set([Field.onboardingEmbeddedSignupToken, .onboardingPin].map(\.path)))
        // One-time onboarding secrets are never fingerprinted (FingerprintedSecretsTests).
        #expect(r.fingerprintedSecretFields.isEmpty)
        #expect(r.attributes.value(at: .onboardingForm) == "embeddedSignup")
    }
}

@Suite struct ResourceStatusTests {
    @Test(arguments: [
        "active", "provisioning", "activating", "awaiting-verification", "awaiting-dns", "pending", "incomplete",
        "inactive", "disabled", "deleting", "error", "failed", "pending-port-in",
    ])
    func rawValuesRoundTripThroughJSON(raw: String) throws {
        let status = ResourceStatus(rawValue: raw)
        #expect(status.rawValue == raw)
        #expect(status.description == raw)
        let data = try JSONEncoder().encode([status])
        #expect(String(decoding: data, as: UTF8.self) == "[\"\(raw)\"]")
        #expect(try JSONDecoder().decode([ResourceStatus].self, from: data) == [status])
    }

    @Test func anUnnamedStatusIsKeptAsOther() {
        #expect(ResourceStatus(rawValue: "pending-port-in") == .other("pending-port-in"))
        #expect(ResourceStatus(rawValue: "awaiting-verification") == .awaitingVerification)
    }
}
