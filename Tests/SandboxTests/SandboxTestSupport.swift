import Foundation
import PlatformKit
import Sandbox
import Dynamics365
import GenesysCloud
import Reconciler
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import SwitchboardWorkspace

/// A sandbox in a temporary directory with a movable clock and two connections, wired as the workspace wires them:
/// `genesys` is the live Genesys Cloud adapter and `dynamics` the live Dynamics 365 adapter, each over the sandbox's
/// emulator of its vendor in process.
struct SandboxFixture {
    /// Where the sandbox lives; removed when the last copy of the fixture goes.
    let scratch: TemporaryDirectory
    let time: MovableTime
    let store: SandboxStore
    let sandbox: ProjectSandbox
    let genesys: GenesysCloudPlatform
    let dynamics: Dynamics365Platform

    static let start = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

    init(timing: SandboxTiming = .instant) throws {
        scratch = try TemporaryDirectory("sandbox-test")
        time = MovableTime(Self.start)
        store = SandboxStore(path: scratch.path(".switchboard/sandbox.json"), clock: .movable(time))
        sandbox = ProjectSandbox(
            connections: ["genesys": .genesysCloud, "dynamics": .dynamics365], store: store, timing: timing)
        genesys = try Self.adapter("genesys", sandbox)
        let project = Project(name: "p", platforms: ["dynamics": PlatformConnection(name: "dynamics", type: .dynamics365)])
        dynamics = try #require(
            PlatformFactory.sandboxPlatforms(sandbox, project: project)["dynamics"] as? Dynamics365Platform)
    }

    /// The Genesys Cloud adapter of connection `name` of `sandbox`, as the workspace builds it.
    static func adapter(_ name: String, _ sandbox: ProjectSandbox) throws -> GenesysCloudPlatform {
        let project = Project(name: "p", platforms: [name: PlatformConnection(name: name, type: .genesysCloud)])
        return try #require(PlatformFactory.sandboxPlatforms(sandbox, project: project)[name] as? GenesysCloudPlatform)
    }

    /// Another Genesys Cloud organization in the same world (connection `name`), with its own emulator.
    func otherOrganization(_ name: String) throws -> GenesysCloudPlatform {
        try Self.adapter(name, ProjectSandbox(connections: [name: .genesysCloud], store: store, timing: sandbox.timing))
    }

    /// The emulator that answers `genesys`.
    var emulator: GenesysEmulator {
        get throws { try #require(sandbox.genesysEmulators["genesys"]) }
    }

    /// The world file's text followed by its journal's (what is on disk).
    var fileText: String {
        [store.path, store.journalPath].map { (try? String(contentsOfFile: $0, encoding: .utf8)) ?? "" }.joined()
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
        _ name: String, _ spec: NumberSpec, integrationId: String, contentProfileId: String? = nil,
        pointWebhook: Bool = true
    ) async throws -> RemoteObject {
        if pointWebhook, let sender = spec.phoneNumber ?? spec.shortcode {
            _ = try await store.transact { w, now in w.pointAtGenesys(sender, now: now) }
        }
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

extension SandboxWorld {
    /// A BYO Twilio SMS integration made as the API makes it (credential, integration, configuration, enabled), on
    /// account `Fx.accountSid`.
    mutating func twilioSMSIntegration(org: String, region: String, now: Date) throws -> SandboxTwilioSMSIntegration {
        let credential = try createCredential(
            org: org, name: "byo (Switchboard)", typeName: "twilio",
            fields: ["accountSid": Fx.accountSid, "authToken": Fx.authToken])
        let created = createUnconfiguredTwilioSMSIntegration(org: org, name: "byo", now: now)
        let configured = try configureTwilioSMSIntegration(
            org: org, id: created.id, version: created.version, accountSid: Fx.accountSid, region: region,
            credentialId: credential.id)
        return try setTwilioSMSIntegrationState(org: org, id: configured.id, enabled: true, now: now, timing: .standard)
    }
}

extension SandboxWorld {
    /// What Switchboard's Twilio adapter does before a BYO SMS import (the companion work the applier runs, which
    /// these tests of the Genesys Cloud side alone bypass): points `sender`'s webhook in `accountSid` at the fixed
    /// webhook of `region`. Nothing when the account does not hold it.
    mutating func pointAtGenesys(
        _ sender: String, accountSid: String = Fx.accountSid, region: String = "us-east-1", now: Date
    ) {
        let url = GenesysRegion.byoSMSWebhookURL(region: region)
        if let n = twilioNumbers(accountSid: accountSid, filter: sender, now: now).first(where: { $0.phone_number == sender }) {
            twilio[accountSid]?.incomingPhoneNumbers[n.sid]?.sms_url = url
        } else if let c = twilioShortCodes(accountSid: accountSid, filter: sender, now: now).first {
            twilio[accountSid]?.shortCodes[c.sid]?.sms_url = url
        }
    }
}
