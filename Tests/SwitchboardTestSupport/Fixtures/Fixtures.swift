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

    /// `resources` as a manifest set of the implicit project (every platform in the sandbox).
    public static func set(_ resources: [Resource]) -> ManifestSet {
        ManifestSet(project: implicitProject, resources: resources, digest: "d", directory: "m")
    }

    /// The plan of `resources` against `state`, at `now`, under the platforms' `rules` (a test target above the
    /// platforms passes the registry's).
    public static func plan(
        _ resources: [Resource], state: StateSnapshot = StateSnapshot(lineage: "test-lineage"),
        fingerprints: [Address: [String: String]] = [:], rules: [PlatformType: PlatformRules]
    ) -> Plan {
        Planner.plan(
            PlanInput(
                manifests: set(resources), state: state, rules: rules, fingerprints: fingerprints, now: now))
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
