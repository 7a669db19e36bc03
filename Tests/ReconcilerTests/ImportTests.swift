import Foundation
import Testing
@testable import Reconciler
import SwitchboardModel
import SwitchboardTestSupport
import SwitchboardWorkspace

/// `import` (DESIGN.md section 5): a desired resource that state does not hold, whose object `plan --refresh` found on
/// its platform by natural key, is adopted (then updated to match), never created; several objects under one key are
/// an error naming them all.
@Suite struct ImportTests {
    let fingerprinter = Fingerprinter(lineage: "test-lineage")

    /// A platform holding fixed objects, found by natural key (`RemoteObject.naturalKey` against the resource's name
    /// or phone number); it counts its calls.
    actor Holding: Platform {
        nonisolated let name = "genesys"
        nonisolated let type = PlatformType.genesysCloud
        var objects: [RemoteObject]
        var calls: [String] = []

        init(_ objects: [RemoteObject]) { self.objects = objects }

        func read(_ state: ResourceState) async throws -> RemoteObject? {
            objects.first { $0.remoteId == state.remoteId }
        }
        func find(_ resource: Resource) async throws -> RemoteObject? { try await findAll(resource).first }
        func findAll(_ resource: Resource) async throws -> [RemoteObject] {
            let key = resource.attributes[.phoneNumber]?.stringValue ?? resource.name
            return objects.filter { $0.naturalKey == key }
        }
        func create(_ request: PlatformRequest) async throws -> RemoteObject {
            calls.append("create \(request.resource.address)")
            return RemoteObject(remoteId: "new", status: .active, attributes: request.resource.attributes)
        }
        func update(_ request: PlatformRequest, remoteId: String) async throws -> RemoteObject {
            calls.append("update \(request.resource.address) \(request.changes.map(\.path).sorted())")
            return RemoteObject(remoteId: remoteId, status: .active, attributes: request.resource.attributes)
        }
        func delete(_ state: ResourceState) async throws { calls.append("delete \(state.address)") }
    }

    func plan(
        _ resources: [Resource], state: StateSnapshot = StateSnapshot(lineage: "test-lineage"),
        platform: Holding
    ) async throws -> Plan {
        let discovered = try await Discovery(platforms: ["genesys": platform]).discover(resources, state: state)
        return Planner.plan(
            PlanInput(
                manifests: Fixtures.set(resources), state: state, rules: PlatformRegistry.rules,
                fingerprints: fingerprints(resources), now: Fixtures.now, discovered: discovered))
    }

    func fingerprints(_ resources: [Resource]) -> [Address: [String: String]] {
        Dictionary(uniqueKeysWithValues: resources.map { r in
            (r.address, r.fingerprintedSecretFields.mapValues { _ in fingerprinter.fingerprint("secret") })
        })
    }

    func applier(_ plan: Plan, _ platform: Holding, _ store: MemoryStateStore) -> Applier {
        Applier(
            plan: plan, platforms: ["genesys": platform], rules: PlatformRegistry.rules, store: store,
            secretValue: { _ in "secret" }, fingerprinter: fingerprinter,
            options: ApplyOptions(acceptance: .init(billing: true, irreversible: true, destructive: true)))
    }

    static func profileObject(_ id: String, name: String = "media", inbound: [String] = ["image/png"]) -> RemoteObject {
        RemoteObject(
            remoteId: id, status: .active,
            attributes: ["inbound": .list(inbound.map(Value.string)), "outbound": ["image/*"]], naturalKey: name)
    }

    @Test func anObjectThatMatchesIsImportedWithNoChangeAndNoCall() async throws {
        let platform = Holding([Self.profileObject("cp-1")])
        let plan = try await plan([Fixtures.profile("media")], platform: platform)
        let change = try #require(plan.changes.first)
        #expect(change.action == .import)
        #expect(change.fields.isEmpty)
        #expect(change.prior?.remoteId == "cp-1")
        #expect(plan.summary.import == 1 && plan.summary.create == 0)

        let store = MemoryStateStore()
        let result = try await applier(plan, platform, store).run(state: try await store.load())
        #expect(result.result == .succeeded)
        #expect(await platform.calls.isEmpty)
        #expect(result.state[Address(.contentProfile, "media")]?.remoteId == "cp-1")
        #expect(result.changes.map(\.action) == [.import])
        let again = Planner.plan(
            PlanInput(
                manifests: Fixtures.set([Fixtures.profile("media")]), state: result.state,
                rules: PlatformRegistry.rules, now: Fixtures.now))
        #expect(again.summary.isEmpty)
    }

    @Test func anObjectThatDiffersIsImportedThenUpdatedNeverCreated() async throws {
        let platform = Holding([Self.profileObject("cp-1", inbound: ["image/jpeg"])])
        let plan = try await plan([Fixtures.profile("media")], platform: platform)
        let change = try #require(plan.changes.first)
        #expect(change.action == .import)
        #expect(change.fields.map(\.path) == ["inbound"])
        #expect(change.fields.first?.before == ["image/jpeg"])

        let store = MemoryStateStore()
        let result = try await applier(plan, platform, store).run(state: try await store.load())
        #expect(result.result == .succeeded)
        #expect(await platform.calls == ["update ContentProfile/media [\"inbound\"]"])
        #expect(result.state[Address(.contentProfile, "media")]?.attributes["inbound"] == ["image/png"])
    }

    @Test func anAdoptedIntegrationGetsItsSecretSentAgainAsAnUpdate() async throws {
        let sms = Fixtures.sms("sms")
        let found = RemoteObject(
            remoteId: "i-1", status: .active,
            attributes: ["type": "twilio-sms", "accountSid": sms.attributes["accountSid"] ?? .null,
                "region": "us-east-1", "enabled": true],
            naturalKey: "sms")
        let platform = Holding([found])
        let plan = try await plan([sms], platform: platform)
        let change = try #require(plan.changes.first)
        #expect(change.action == .import)
        #expect(change.fields.map(\.path) == ["authToken"])
        #expect(change.fields.allSatisfy { $0.sensitive && !$0.forcesReplacement })
    }

    @Test func aHalfFinishedObjectIsCompletedInPlaceNotReplaced() async throws {
        // An integration created but never given its configuration: the platform reports no account or region.
        let found = RemoteObject(
            remoteId: "i-1", status: .disabled,
            attributes: ["type": "twilio-sms", "accountSid": .null, "region": .null, "enabled": false],
            naturalKey: "sms")
        let platform = Holding([found])
        let plan = try await plan([Fixtures.sms("sms")], platform: platform)
        let change = try #require(plan.changes.first)
        #expect(change.action == .import)
        #expect(Set(change.fields.map(\.path)) == ["accountSid", "authToken", "enabled", "region"])
        #expect(change.fields.allSatisfy { !$0.forcesReplacement })
    }

    @Test func aFieldThatCannotChangeInPlaceReplacesTheFoundObject() async throws {
        let sms = Fixtures.sms("sms")
        let found = RemoteObject(
            remoteId: "i-1", status: .active,
            attributes: ["type": "twilio-sms", "accountSid": .string("AC" + String(repeating: "b", count: 32)),
                "region": "us-east-1", "enabled": true],
            naturalKey: "sms")
        let plan = try await plan([sms], platform: Holding([found]))
        let change = try #require(plan.changes.first)
        #expect(change.action == .replace)
        #expect(change.prior?.remoteId == "i-1")
        #expect(change.findings.map(\.code).contains("destructive.twilio-sms-delete"))
    }

    @Test func twoObjectsWithOneNaturalKeyAreAnErrorNamingBoth() async throws {
        let platform = Holding([Self.profileObject("cp-2"), Self.profileObject("cp-1")])
        let plan = try await plan([Fixtures.profile("media")], platform: platform)
        let change = try #require(plan.changes.first)
        #expect(change.action == .create)
        let finding = try #require(change.findings.first { $0.code == "import.duplicate" })
        #expect(finding.severity == .error)
        #expect(finding.message.contains("'cp-1', 'cp-2'"))
        #expect(plan.hasErrors)
        let store = MemoryStateStore()
        let loaded = try await store.load()
        await #expect(throws: ApplyRefusal.self) { _ = try await applier(plan, platform, store).run(state: loaded) }
        #expect(await platform.calls.isEmpty)
    }

    @Test func adoptingAWhatsAppIntegrationThatIsNotActiveSaysActivatingBills() async throws {
        let wa = Fixtures.whatsapp("wa")
        let found = RemoteObject(
            remoteId: "w-1", status: .disabled,
            attributes: ["type": "whatsapp", "phoneNumber": "+14155550100", "enabled": false],
            naturalKey: "+14155550100")
        let plan = try await plan([wa], platform: Holding([found]))
        let change = try #require(plan.changes.first)
        #expect(change.action == .import)
        #expect(change.findings.map(\.code).contains("billing.whatsapp-monthly"))
        #expect(change.findings.map(\.code).contains("irreversible.whatsapp-number"))

        let active = RemoteObject(
            remoteId: "w-1", status: .active,
            attributes: ["type": "whatsapp", "phoneNumber": "+14155550100", "enabled": true],
            naturalKey: "+14155550100")
        let quiet = try await self.plan([wa], platform: Holding([active]))
        #expect(quiet.changes.first?.action == .import)
        #expect(quiet.changes.first?.findings.isEmpty == true, "adopting an active integration starts no charge")
    }

    @Test func anObjectStateHoldsElsewhereIsNotImportedAgain() async throws {
        var state = StateSnapshot(lineage: "test-lineage")
        state[Address(.contentProfile, "old")] = ResourceState(
            kind: .contentProfile, name: "old", platform: "genesys", remoteId: "cp-1", status: .active)
        let discovered = try await Discovery(platforms: ["genesys": Holding([Self.profileObject("cp-1")])])
            .discover([Fixtures.profile("media")], state: state)
        #expect(discovered.isEmpty)
    }

    @Test func aNumberAdoptedThroughAnIntegrationThatIsReplacedIsReplacedWithIt() async throws {
        let sms = Fixtures.sms("sms")
        let number = Fixtures.number("a", integration: "sms", phone: "+14155550101")
        let integration = RemoteObject(
            remoteId: "i-1", status: .active,
            attributes: ["type": "twilio-sms", "accountSid": .string("AC" + String(repeating: "b", count: 32)),
                "region": "us-east-1", "enabled": true],
            naturalKey: "sms")
        let found = RemoteObject(
            remoteId: "n-1", status: .active, attributes: number.attributes, naturalKey: "+14155550101")
        let plan = try await plan([sms, number], platform: Holding([integration, found]))
        #expect(plan.changes.first { $0.address == sms.address }?.action == .replace)
        let change = try #require(plan.changes.first { $0.address == number.address })
        #expect(change.action == .replace, "a number lives through its integration: it is imported again with it")
        #expect(change.prior?.remoteId == "n-1")
    }
}
