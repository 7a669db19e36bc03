import Foundation
import Testing
@testable import Reconciler
import SwitchboardModel
import SwitchboardTestSupport
import SwitchboardWorkspace

@Suite struct CompanionChainTests {
    static let genesysURL = GenesysRegion.byoSMSWebhookURL(region: "us-east-1") ?? ""
    static let old = "https://old.example/sms"
    let fingerprinter = Fingerprinter(lineage: "test-lineage")

    func applier(
        _ plan: Plan, _ platform: FakePlatform, _ companion: FakeCompanion, _ store: MemoryStateStore
    ) -> Applier {
        Applier(
            plan: plan, platforms: ["genesys": platform], rules: PlatformRegistry.rules, store: store,
            secretValue: { _ in "token" }, fingerprinter: fingerprinter,
            options: .init(acceptance: .init(billing: true, irreversible: true, destructive: true)),
            companions: { _, _, _, _ in companion })
    }

    /// A genesys platform that logs its calls into `log`.
    func genesys(_ log: Locked<[String]>) async -> FakePlatform {
        let p = FakePlatform()
        await p.observe { log.append($0) }
        return p
    }

    /// A log, a carrier holding the number at its old webhook, a store and a logging genesys platform.
    func world() async -> (Locked<[String]>, FakeCompanion, MemoryStateStore, FakePlatform) {
        let log = Locked<[String]>([])
        return (log, FakeCompanion(log: log, urls: ["+14155550101": Self.old]), MemoryStateStore(), await genesys(log))
    }

    /// Applies `resources` from empty state.
    func applyAll(_ platform: FakePlatform, _ companion: FakeCompanion, _ store: MemoryStateStore) async throws
        -> ApplyResult
    {
        try await applier(Fixtures.plan(resources, fingerprints: fingerprints(resources)), platform, companion, store)
            .run(state: try await store.load())
    }

    var resources: [Resource] {
        [Fixtures.sms("sms"), Fixtures.number("n1", integration: "sms", phone: "+14155550101")]
    }

    func fingerprints(_ resources: [Resource]) -> [Address: [String: String]] {
        Dictionary(uniqueKeysWithValues: resources.map { r in
            (r.address, r.secretFields.mapValues { _ in fingerprinter.fingerprint("token") })
        })
    }

    @Test func theWebhookIsPointedBeforeTheImportAndRecordedFirst() async throws {
        let log = Locked<[String]>([])
        let companion = FakeCompanion(log: log, urls: ["+14155550101": Self.old])
        let platform = await genesys(log)
        let store = MemoryStateStore()
        let plan = Fixtures.plan(resources, fingerprints: fingerprints(resources))
        let number = try #require(plan.changes.first { $0.address.name == "n1" })
        #expect(number.fields.contains {
            $0.path == "twilio.+14155550101.smsUrl" && $0.after == .string(Self.genesysURL)
        })
        let result = try await applier(plan, platform, companion, store).run(state: try await store.load())
        #expect(result.result == .succeeded)
        #expect(log.get.filter { !$0.contains("Integration") }
            == ["inspect +14155550101", "attach +14155550101", "create Number/n1"])
        #expect(await companion.url("+14155550101") == Self.genesysURL)
        let record = try #require(result.state.companions["Number/n1"])
        #expect(record.previous?["smsUrl"] == .string(Self.old))
        #expect(record.attached)
        #expect(Fixtures.plan(resources, state: result.state, fingerprints: fingerprints(resources)).summary.isEmpty)
    }

    @Test func aNumberMissingAtTheCarrierFailsBeforeTheImport() async throws {
        let log = Locked<[String]>([])
        let companion = FakeCompanion(log: log, urls: [:])
        let platform = await genesys(log)
        let store = MemoryStateStore()
        let plan = Fixtures.plan(resources, fingerprints: fingerprints(resources))
        let result = try await applier(plan, platform, companion, store).run(state: try await store.load())
        #expect(result.result == .failed)
        let failed = try #require(result.changes.first { $0.address.name == "n1" })
        #expect(failed.error?.contains("is not in AC") == true)
        #expect(!log.get.contains("create Number/n1"))
        #expect(result.state.companions.isEmpty)
    }

    /// An apply that stops after the webhook was set and before the import (here the import fails; a killed process
    /// leaves the same state) is finished by the next one, which keeps the previous value it recorded first.
    @Test func anApplyStoppedAfterTheWebhookKeepsThePreviousValue() async throws {
        let log = Locked<[String]>([])
        let companion = FakeCompanion(log: log, urls: ["+14155550101": Self.old])
        let failing = await genesys(log)
        await failing.fail(Address(.number, "n1"))
        let store = MemoryStateStore()
        let plan = Fixtures.plan(resources, fingerprints: fingerprints(resources))
        let first = try await applier(plan, failing, companion, store).run(state: try await store.load())
        #expect(first.result == .failed)
        #expect(await companion.url("+14155550101") == Self.genesysURL)
        let resolved = StateSnapshot(
            lineage: first.state.lineage, serial: first.state.serial, resources: first.state.resources,
            companions: first.state.companions)
        let again = Fixtures.plan(resources, state: resolved, fingerprints: fingerprints(resources))
        #expect(again.changes.first { $0.address.name == "n1" }?.action == .create)
        let second = try await applier(again, await genesys(log), companion, store).run(state: resolved)
        #expect(second.result == .succeeded)
        #expect(second.state.companions["Number/n1"]?.previous?["smsUrl"] == .string(Self.old))
    }

    @Test func deletingPointsBackAfterThePlatformSide() async throws {
        let (log, companion, store, platform) = await world()
        let applied = try await applyAll(platform, companion, store)
        log.with { $0 = [] }
        let plan = Fixtures.plan([Fixtures.sms("sms")], state: applied.state, fingerprints: fingerprints(resources))
        let delete = try #require(plan.changes.first { $0.address.name == "n1" })
        #expect(delete.fields.contains {
            $0.path == "twilio.+14155550101.smsUrl" && $0.before == .string(Self.genesysURL)
                && $0.after == .string(Self.old)
        })
        let result = try await applier(plan, platform, companion, store).run(state: applied.state)
        #expect(result.result == .succeeded)
        #expect(log.get == ["delete Number/n1", "detach +14155550101"])
        #expect(await companion.url("+14155550101") == Self.old)
        #expect(result.state.companions.isEmpty)
    }

    @Test func disablingPointsBackAndEnablingPointsAgain() async throws {
        let (_, companion, store, platform) = await world()
        let applied = try await applyAll(platform, companion, store)
        let disabled = [Fixtures.sms("sms", enabled: false), resources[1]]
        let off = Fixtures.plan(disabled, state: applied.state, fingerprints: fingerprints(disabled))
        let integration = try #require(off.changes.first { $0.address.name == "sms" })
        #expect(integration.fields.contains { $0.path == "twilio.+14155550101.smsUrl" && $0.after == .string(Self.old) })
        let offResult = try await applier(off, platform, companion, store).run(state: applied.state)
        #expect(offResult.result == .succeeded)
        #expect(await companion.url("+14155550101") == Self.old)
        #expect(offResult.state.companions["Number/n1"]?.attached == false)
        let on = Fixtures.plan(resources, state: offResult.state, fingerprints: fingerprints(resources))
        // Enabling points the numbers again under the integration's change only: no second change per number.
        #expect(on.changes.filter { $0.action != .noop }.map(\.address) == [Address(.integration, "sms")])
        let onResult = try await applier(on, platform, companion, store).run(state: offResult.state)
        #expect(onResult.result == .succeeded)
        #expect(await companion.url("+14155550101") == Self.genesysURL)
        #expect(onResult.state.companions["Number/n1"]?.previous?["smsUrl"] == .string(Self.old))
    }

    @Test func aRecordWithoutItsResourceIsPutBack() async throws {
        let log = Locked<[String]>([])
        let companion = FakeCompanion(log: log, urls: ["+14155550101": Self.genesysURL])
        var state = StateSnapshot(lineage: "test-lineage")
        state.companions["Number/n1"] = CompanionRecord(
            platformType: .twilio, connection: "genesys", purpose: "inbound webhook", through: Address(.integration, "sms"),
            account: "AC" + String(repeating: "a", count: 32), subject: "+14155550101", value: Self.genesysURL,
            previous: ["smsUrl": .string(Self.old)], attached: true)
        let plan = Fixtures.plan([], state: state)
        #expect(plan.changes.map(\.action) == [.delete])
        let result = try await applier(plan, await genesys(log), companion, MemoryStateStore()).run(state: state)
        #expect(result.result == .succeeded)
        #expect(await companion.url("+14155550101") == Self.old)
        #expect(result.state.companions.isEmpty)
    }

    @Test func aWebhookChangedAtTheCarrierIsDriftNamingTheNumber() async throws {
        let (_, companion, store, platform) = await world()
        let applied = try await applyAll(platform, companion, store)
        await companion.setURL("+14155550101", "https://elsewhere.example/hook")
        let work = Companions(
            project: Fixtures.implicitProject, rules: PlatformRegistry.rules, resolver: { _, _, _, _ in companion },
            desired: [:], secretValue: { _ in "token" })
        let (refreshed, drift) = try await Refresher(platforms: ["genesys": platform], companions: work)
            .refresh(applied.state)
        #expect(drift.map(\.address) == [Address(.number, "n1")])
        #expect(drift.first?.fields.first?.after == .string("https://elsewhere.example/hook"))
        let plan = Fixtures.plan(resources, state: refreshed, fingerprints: fingerprints(resources))
        #expect(plan.changes.first { $0.address.name == "n1" }?.action == .update)
        let result = try await applier(plan, platform, companion, store).run(state: refreshed)
        #expect(result.result == .succeeded)
        #expect(await companion.url("+14155550101") == Self.genesysURL)
        #expect(result.state.companions["Number/n1"]?.previous?["smsUrl"] == .string(Self.old))
    }
}
