import Foundation
import ManifestLoading
import PlatformKit
import Reconciler
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import SwitchboardWorkspace

@Suite struct PlatformRegistryTests {
    @Test func everyPlatformTypeHasExactlyOneDescriptor() {
        let types = PlatformRegistry.descriptors.map(\.type)
        #expect(Set(types).count == types.count)
        #expect(Set(types) == [.genesysCloud, .dynamics365, .twilio])
        #expect(Set(PlatformRegistry.rules.keys) == Set(types))
        #expect(PlatformRegistry.catalog.profiles.map(\.type) == types)
        let defaults = PlatformRegistry.catalog.profiles.map(\.defaultConnectionName)
        #expect(Set(defaults).count == defaults.count)
    }

    /// Every resource sort goes to exactly one platform by default (DESIGN 3.1), read off the descriptors'
    /// holdings, so the loader names no platform.
    @Test func everyResourceHasOneDefaultPlatform() {
        let c = PlatformRegistry.catalog
        #expect(c.defaultType(.contentProfile, integrationType: nil, templateChannel: nil) == .genesysCloud)
        for t in IntegrationType.allCases {
            #expect(c.defaultType(.integration, integrationType: t, templateChannel: nil)
                == (t == .twilioWhatsApp ? .dynamics365 : .genesysCloud), "\(t)")
        }
        #expect(c.defaultType(.template, integrationType: nil, templateChannel: .email) == .genesysCloud)
        #expect(c.defaultType(.template, integrationType: nil, templateChannel: .whatsapp) == .dynamics365)
        #expect(c.otherTypes(.template, integrationType: nil, templateChannel: .whatsapp) == [.genesysCloud])
        #expect(c.defaultType(.workstream, integrationType: nil, templateChannel: nil) == .dynamics365)
        #expect(c.defaultType(.number, integrationType: nil, templateChannel: nil) == nil)
    }

    /// A platform the model has never heard of is one profile away: the loader accepts its type, its connection
    /// fields (secret-only ones as references) and its regions, and places the resources it holds there.
    @Test func aNewPlatformIsOneProfile() throws {
        var profiles = PlatformRegistry.catalog.profiles.filter { $0.type != .genesysCloud }
        profiles.append(PlatformProfile(
            type: PlatformType("acme-cloud"), displayName: "Acme Cloud", defaultConnectionName: "acme",
            connectionFields: [ConnectionField("apiKey", secretOnly: true, required: true)], regions: ["mars-1"],
            holds: [.init(.contentProfile)]))
        let scratch = try TemporaryDirectory("new-platform")
        try scratch.write("set/p.yaml", """
            apiVersion: switchboard/v1
            kind: Project
            metadata: {name: p}
            spec:
              platforms:
                acme: {type: acme-cloud, endpoint: mars-1, apiKey: {secretEnv: ACME_KEY}}
            ---
            apiVersion: switchboard/v1
            kind: ContentProfile
            metadata: {name: mms}
            spec: {inbound: [image/*], outbound: [image/png]}
            """)
        let loader = ManifestLoader(platforms: PlatformCatalog(profiles), environment: ["ACME_KEY": "k"])
        let result = loader.load(directory: scratch.path("set"))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let set = try #require(result.manifests)
        #expect(set.project.platforms["acme"]?.type == PlatformType("acme-cloud"))
        #expect(set.project.platforms["acme"]?.credentials["apiKey"] != nil)
        #expect(set.resource(Address(.contentProfile, "mms"))?.platform == "acme")

        try scratch.write("bad/p.yaml", """
            apiVersion: switchboard/v1
            kind: Project
            metadata: {name: p}
            spec:
              platforms:
                acme: {type: acme-cloud, endpoint: mars-2, apiKey: plain, clientId: x}
            """)
        let bad = loader.load(directory: scratch.path("bad"))
        #expect(Set(bad.diagnostics.map(\.code)) == ["integration.region", "manifest.type", "manifest.unknown-field"])
    }

    @Test func aLiveConnectionIsBuiltByItsDescriptorOrIsUnavailable() throws {
        let project = Project(
            name: "p",
            platforms: [
                "genesys": PlatformConnection(
                    name: "genesys", type: .genesysCloud, endpoint: "us-east-1",
                    credentials: ["clientSecret": SecretRef(.env("GENESYS_SECRET"))], settings: ["clientId": "id"]),
                "dynamics": PlatformConnection(
                    name: "dynamics", type: .dynamics365, endpoint: "https://example.invalid",
                    credentials: ["clientSecret": SecretRef(.env("DYNAMICS_SECRET"))],
                    settings: ["clientId": "id", "tenantId": "t", "organizationUrl": "https://contoso.crm.dynamics.com"]),
            ])
        let platforms = try PlatformFactory.make(
            project, stateDirectory: NSTemporaryDirectory(),
            secrets: SecretResolver(environment: ["GENESYS_SECRET": "s", "DYNAMICS_SECRET": "s"]), environment: [:])
        #expect(platforms["genesys"]?.type == .genesysCloud)
        #expect(!(platforms["genesys"] is UnavailablePlatform))
        #expect(PlatformRegistry.descriptor(.genesysCloud)?.live != nil)
        #expect(platforms["dynamics"]?.type == .dynamics365 && !(platforms["dynamics"] is UnavailablePlatform))
        #expect(PlatformRegistry.descriptor(.dynamics365)?.live != nil)
    }

    /// The registry's rules are the ones the planner follows: a WhatsApp integration's new phone number replaces
    /// it on Genesys Cloud, and the same change under no rules is an update.
    @Test func thePlannerFollowsTheRegistrysRules() {
        let old = Fixtures.whatsapp("wa")
        var state = StateSnapshot(lineage: "test-lineage")
        state[old.address] = StateKeeper.resourceState(
            old, remote: RemoteObject(remoteId: "r", status: .active), fingerprints: [:], prior: nil, now: "")
        let moved = [Fixtures.whatsapp("wa", phone: "+14155550199")]
        #expect(Fixtures.plan(moved, state: state, rules: PlatformRegistry.rules).changes.first?.action == .replace)
        #expect(Fixtures.plan(moved, state: state, rules: [:]).changes.first?.action == .update)
    }
}
