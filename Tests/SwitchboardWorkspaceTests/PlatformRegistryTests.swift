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
        for type in PlatformType.allCases {
            #expect(PlatformRegistry.descriptors.filter { $0.type == type }.count == 1, "\(type)")
        }
        #expect(PlatformRegistry.descriptors.count == PlatformType.allCases.count)
        #expect(Set(PlatformRegistry.rules.keys) == Set(PlatformType.allCases))
    }

    @Test func aLiveConnectionIsBuiltByItsDescriptorOrIsUnavailable() throws {
        let project = Project(
            name: "p",
            platforms: [
                "genesys": PlatformConnection(
                    name: "genesys", type: .genesysCloud, endpoint: "us-east-1",
                    credentials: ["clientSecret": SecretRef(.env("GENESYS_SECRET"))], settings: ["clientId": "id"]),
                "dynamics": PlatformConnection(
                    name: "dynamics", type: .dynamics365, endpoint: "https://example.invalid"),
            ])
        let platforms = try PlatformFactory.make(
            project, stateDirectory: NSTemporaryDirectory(),
            secrets: SecretResolver(environment: ["GENESYS_SECRET": "s"]), environment: [:])
        #expect(platforms["genesys"]?.type == .genesysCloud)
        #expect(!(platforms["genesys"] is UnavailablePlatform))
        #expect(PlatformRegistry.descriptor(.genesysCloud)?.live != nil)
        #expect(platforms["dynamics"] is UnavailablePlatform)
        #expect(PlatformRegistry.descriptor(.dynamics365)?.live == nil)
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
