import Foundation
import Reconciler
import SwitchboardModel

/// Resources, manifest sets and plans built by hand, for tests below the manifest loader.
public enum Fixtures {
    /// The Meta signup token of `whatsapp(_:)`, from `META_SIGNUP_TOKEN`.
    public static let token = SecretRef(.env("META_SIGNUP_TOKEN"))
    /// The WhatsApp PIN of `whatsapp(_:)`, from `WHATSAPP_PIN`.
    public static let pin = SecretRef(.env("WHATSAPP_PIN"))
    /// The Twilio auth token of `sms(_:)`, from `TWILIO_AUTH_TOKEN`.
    public static let auth = SecretRef(.env("TWILIO_AUTH_TOKEN"))
    /// The instant `plan(_:state:fingerprints:)` plans at: 2027-01-15T08:00:00Z.
    public static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A Genesys content profile `name` taking PNG in and any image out.
    public static func profile(_ name: String) -> Resource {
        Resource(
            address: Address(.contentProfile, name), platform: "genesys",
            spec: .contentProfile(ContentProfileSpec(inbound: ["image/png"], outbound: ["image/*"])))
    }

    /// A Genesys WhatsApp integration `name` onboarded by embedded signup (billing and irreversible findings).
    public static func whatsapp(
        _ name: String, phone: String = "+14155550100", profile: String? = nil, protect: Bool = false
    ) -> Resource {
        Resource(
            address: Address(.integration, name), platform: "genesys", protect: protect,
            spec: .integration(
                .whatsapp(
                    WhatsAppIntegration(
                        phoneNumber: phone, onboarding: .embeddedSignup(token: token, pin: pin), contentProfile: profile
                    ))))
    }

    /// A Genesys BYO Twilio SMS integration `name`.
    public static func sms(_ name: String, enabled: Bool = true, region: String = "us-east-1") -> Resource {
        Resource(
            address: Address(.integration, name), platform: "genesys",
            spec: .integration(
                .twilioSMS(
                    TwilioSMSIntegration(
                        accountSid: "AC" + String(repeating: "a", count: 32), authToken: auth, region: region,
                        enabled: enabled))))
    }

    /// A local US number `name` imported into `integration`.
    public static func number(_ name: String, integration: String, phone: String) -> Resource {
        Resource(
            address: Address(.number, name), platform: "genesys",
            spec: .number(NumberSpec(integration: integration, type: .local, phoneNumber: phone, country: "US")))
    }

    /// The Project a set without one gets: one sandbox connection per platform (DESIGN 3.1).
    public static let implicitProject = Project(
        name: Project.implicitName,
        platforms: [
            "genesys": PlatformConnection(name: "genesys", type: .genesysCloud),
            "dynamics": PlatformConnection(name: "dynamics", type: .dynamics365),
            "twilio": PlatformConnection(name: "twilio", type: .twilio),
        ])

    /// A Dynamics 365 WhatsApp-via-Twilio channel account `name` on the Twilio account `sid`.
    public static func twilioWhatsApp(_ name: String, sid: String = "AC" + String(repeating: "b", count: 32)) -> Resource {
        Resource(
            address: Address(.integration, name), platform: "dynamics",
            spec: .integration(.twilioWhatsApp(TwilioWhatsAppIntegration(accountSid: sid, authToken: auth))))
    }

    /// A Dynamics 365 WhatsApp number `name` on the channel account `integration`.
    public static func whatsAppNumber(_ name: String, integration: String, phone: String) -> Resource {
        Resource(
            address: Address(.number, name), platform: "dynamics",
            spec: .number(NumberSpec(integration: integration, type: .whatsapp, phoneNumber: phone, country: "US")))
    }

    /// A Dynamics 365 WhatsApp template `name` whose approved en_US text is `text`.
    public static func template(_ name: String, text: String = "Your order {{1}} has shipped.") -> Resource {
        Resource(
            address: Address(.template, name), platform: "dynamics",
            spec: .template(
                TemplateSpec(
                    channel: .whatsapp, category: .utility, defaultLanguage: "en_US",
                    localizations: [Localization(language: "en_US", text: text)])))
    }

    /// A Dynamics 365 WhatsApp workstream `name` routing `numbers` with `templates`.
    public static func workstream(_ name: String, numbers: [String], templates: [String]) -> Resource {
        Resource(
            address: Address(.workstream, name), platform: "dynamics",
            spec: .workstream(
                WorkstreamSpec(channel: .whatsapp, numbers: numbers, language: "en-US", templates: templates)))
    }

    /// `resources` as a manifest set of the implicit project (every platform in the sandbox).
    public static func set(_ resources: [Resource]) -> ManifestSet {
        ManifestSet(project: implicitProject, resources: resources, digest: "d", directory: "m")
    }

    /// The plan of `resources` against `state`, at `now`, under the platforms' `rules` (a test target above the
    /// platforms passes the registry's).
    public static func plan(
        _ resources: [Resource], state: StateSnapshot = StateSnapshot(lineage: "test-lineage"),
        fingerprints: [Address: [String: String]] = [:], rules: [PlatformType: PlatformRules], now: Date = now,
        refreshed: Bool = false
    ) -> Plan {
        Planner.plan(
            PlanInput(
                manifests: set(resources), state: state, rules: rules, fingerprints: fingerprints, now: now,
                refreshed: refreshed))
    }
}

/// Resource states as a store holds them, for tests of state backends and state edits.
public enum StateFixtures {
    /// A WhatsApp integration's state with every kind of attribute (nested, list, number, bool), a fingerprint, an
    /// output and labels.
    public static func integration(_ name: String = "support-whatsapp", protect: Bool = false) -> ResourceState {
        ResourceState(
            kind: .integration, name: name, platform: "genesys", remoteId: "0f1e-\(name)", status: .active,
            attributes: [
                "type": "whatsapp", "enabled": true, "retries": 3,
                "compliance": ["help": ["message": "Reply HELP"]], "tags": ["a", "b"],
            ],
            fingerprints: ["certificate": "hmac-sha256:abc123"], outputs: ["webhookUrl": "https://x/y"],
            protect: protect, labels: ["team": "cx"], createdAt: "2025-06-01T10:00:00.000Z")
    }

    /// A number's state that depends on integration `integration`.
    public static func number(_ e164: String, integration: String = "support-whatsapp") -> ResourceState {
        ResourceState(
            kind: .number, name: e164, platform: "genesys", remoteId: "n-\(e164)", status: .active,
            attributes: ["phoneNumber": .string(e164)], dependencies: [Address(.integration, integration)])
    }
}
