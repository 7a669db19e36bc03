import Foundation
import PlatformKit
import Sandbox
import GenesysCloud
import Reconciler
import SwitchboardModel

/// A sandbox in a temporary directory with a movable clock and the three default platforms.
struct SandboxFixture {
    let directory: String
    let time: MovableTime
    let store: SandboxStore
    let genesys: SandboxPlatform
    let dynamics: SandboxPlatform

    static let start = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

    init(timing: SandboxTiming = .instant) {
        directory = NSTemporaryDirectory() + "sandbox-test-" + UUID().uuidString
        time = MovableTime(Self.start)
        store = SandboxStore(path: directory + "/.switchboard/sandbox.json", clock: .movable(time))
        genesys = SandboxPlatform(name: "genesys", type: .genesysCloud, store: store, timing: timing)
        dynamics = SandboxPlatform(name: "dynamics", type: .dynamics365, store: store, timing: timing)
    }

    var fileText: String {
        (try? String(contentsOfFile: store.path, encoding: .utf8)) ?? ""
    }

    func world() async throws -> SandboxWorld { try await store.read() }

    /// Creates a twilio-sms integration and returns its remote id.
    func twilioSMS(_ name: String = "byo-twilio", enabled: Bool = true) async throws -> String {
        let r = Resource(
            address: Address(.integration, name), platform: "genesys",
            spec: .integration(.twilioSMS(TwilioSMSIntegration(
                accountSid: Fx.accountSid, authToken: SecretRef(.env("TWILIO_TOKEN")), region: "us-east-1",
                enabled: enabled))))
        return try await genesys.create(PlatformRequest(resource: r, secrets: ["authToken": Fx.authToken])).remoteId
    }

    /// Imports a number through integration `integrationId`.
    func importNumber(
        _ name: String, _ spec: NumberSpec, integrationId: String, contentProfileId: String? = nil
    ) async throws -> RemoteObject {
        var refs = [Address(.integration, spec.integration): integrationId]
        if let c = spec.contentProfile, let id = contentProfileId { refs[Address(.contentProfile, c)] = id }
        return try await genesys.create(PlatformRequest(resource: Fx.number(name, spec), references: refs))
    }
}

/// Builders and secret values shared by the sandbox tests.
enum Fx {
    static let accountSid = "AC0123456789abcdef0123456789abcdef"
    static let authToken = "twilio-auth-token-SECRET-1f2e3d"
    static let signupToken = "meta-signup-token-SECRET-9a8b7c"
    static let pin = "246810"
    static let certificate = "waba-certificate-SECRET-55aa66"

    static func whatsapp(_ name: String, phone: String, enabled: Bool = true, contentProfile: String? = nil) -> Resource {
        Resource(
            address: Address(.integration, name), platform: "genesys",
            spec: .integration(.whatsapp(WhatsAppIntegration(
                phoneNumber: phone,
                onboarding: .embeddedSignup(token: SecretRef(.env("META_TOKEN")), pin: SecretRef(.env("WA_PIN"))),
                contentProfile: contentProfile, enabled: enabled))))
    }

    static func certificateWhatsApp(
        _ name: String, phone: String, issued: String? = nil, verification: VerificationMethod = .sms
    ) -> Resource {
        Resource(
            address: Address(.integration, name), platform: "genesys",
            spec: .integration(.whatsapp(WhatsAppIntegration(
                phoneNumber: phone,
                onboarding: .certificate(certificate: SecretRef(.env("CERT")), issued: issued, verification: verification)))))
    }

    static let embeddedSecrets = ["onboarding.embeddedSignupToken": signupToken, "onboarding.pin": pin]
    static let certificateSecrets = ["onboarding.certificate": certificate]

    static func number(_ name: String, _ spec: NumberSpec) -> Resource {
        Resource(address: Address(.number, name), platform: "genesys", spec: .number(spec))
    }

    static let compliance = Compliance(
        help: ComplianceRule(keywords: ["HELP"], message: "Acme support."),
        optOut: ComplianceRule(keywords: ["STOP"], message: "You are unsubscribed."),
        optIn: ComplianceRule(keywords: ["START"], message: "You are subscribed again."))

    static func state(_ r: Resource, _ o: RemoteObject) -> ResourceState {
        ResourceState(
            kind: r.kind, name: r.name, platform: r.platform, remoteId: o.remoteId, status: o.status,
            attributes: r.attributes, outputs: o.outputs)
    }

    static func day(_ date: Date) -> String { String(SandboxDates.format(date).prefix(10)) }
}
