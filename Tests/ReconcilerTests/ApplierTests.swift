import Foundation
import Testing
@testable import Reconciler
import SwitchboardModel
import SwitchboardTestSupport
import SwitchboardWorkspace

@Suite struct ApplierTests {
    let fingerprinter = Fingerprinter(lineage: "test-lineage")

    func applier(_ plan: Plan, _ platform: FakePlatform, _ store: MemoryStateStore, options: ApplyOptions = .init(acceptance: .init(billing: true, irreversible: true, destructive: true))) -> Applier {
        Applier(plan: plan, platforms: ["genesys": platform], rules: PlatformRegistry.rules, store: store,
            secretValue: { ref in if case .env(let n) = ref.source { return "value-of-\(n)" } else { return "" } },
            fingerprinter: fingerprinter, options: options)
    }

    func fingerprints(_ resources: [Resource]) -> [Address: [String: String]] {
        Dictionary(uniqueKeysWithValues: resources.map { r in
            (r.address, r.secretFields.mapValues { ref -> String in
                if case .env(let n) = ref.source { return fingerprinter.fingerprint("value-of-\(n)") }
                return ""
            })
        })
    }

    var resources: [Resource] {
        [Fixtures.profile("media"), Fixtures.sms("sms")]
            + (1...6).map { Fixtures.number("n\($0)", integration: "sms", phone: "+1415555010\($0)") }
    }

    @Test func appliesEverythingAndWritesStateAfterEachChange() async throws {
        let store = MemoryStateStore()
        let platform = FakePlatform()
        let plan = Fixtures.plan(resources, fingerprints: fingerprints(resources))
        let result = try await applier(plan, platform, store).run(state: try await store.load())
        #expect(result.result == .succeeded)
        #expect(result.state.resources.count == 8)
        #expect(result.state.intents.isEmpty)
        #expect(await store.saves == 16)  // an intent and a result per change
        // Number imports into one integration never overlap, so only the profile can run beside them.
        #expect(await platform.maxInFlight <= 2)
        let again = Fixtures.plan(resources, state: result.state, fingerprints: fingerprints(resources))
        #expect(again.summary.isEmpty)
    }

    @Test func parallelismIsBounded() async throws {
        let store = MemoryStateStore()
        let platform = FakePlatform()
        // Each mutation lasts long enough that three start together even when the machine is busy.
        await platform.take(.milliseconds(150))
        let many = (1...12).map { Fixtures.profile("p\($0)") }
        let plan = Fixtures.plan(many)
        var options = ApplyOptions(parallelism: 3)
        options.acceptance = .init(billing: true, irreversible: true, destructive: true)
        _ = try await applier(plan, platform, store, options: options).run(state: try await store.load())
        #expect(await platform.maxInFlight == 3)
    }

    @Test func failureSkipsOnlyItsDependents() async throws {
        let store = MemoryStateStore()
        let platform = FakePlatform()
        await platform.fail(Address(.integration, "sms"))
        let plan = Fixtures.plan(resources, fingerprints: fingerprints(resources))
        let result = try await applier(plan, platform, store).run(state: try await store.load())
        #expect(result.result == .failed)
        let outcomes = Dictionary(uniqueKeysWithValues: result.changes.map { ($0.address.name, $0.outcome) })
        #expect(outcomes["sms"] == .failed)
        #expect(outcomes["n1"] == .skipped)
        #expect(await platform.calls.contains { $0.hasPrefix("create Number") } == false)
        #expect(result.state[Address(.integration, "sms")] == nil)
        #expect(result.state.intents[Address(.integration, "sms").description] != nil)  // outcome unknown to state
        // Independent of the failure: done all the same.
        #expect(outcomes["media"] == .succeeded)
        #expect(result.changes.first { $0.address.name == "n1" }?.error == "depends on Integration/sms, which failed")
        #expect(result.retryable.isEmpty)
    }

    /// Number imports into one integration are a queue: one at a time, in plan order, and one number's failure does
    /// not hold back the numbers after it (DESIGN.md section 5).
    @Test func aQueueGoesOnPastAFailure() async throws {
        let store = MemoryStateStore()
        let platform = FakePlatform()
        await platform.fail(Address(.number, "n2"))
        await platform.failTemporarily(Address(.number, "n4"))
        let plan = Fixtures.plan(resources, fingerprints: fingerprints(resources))
        let result = try await applier(plan, platform, store).run(state: try await store.load())
        #expect(result.result == .failed)
        let outcomes = Dictionary(uniqueKeysWithValues: result.changes.map { ($0.address.name, $0.outcome) })
        #expect(outcomes["n2"] == .failed && outcomes["n4"] == .failed)
        for name in ["n1", "n3", "n5", "n6"] { #expect(outcomes[name] == .succeeded, "\(name)") }
        #expect(result.retryable == [Address(.number, "n4")])
        let imports = await platform.calls.filter { $0.hasPrefix("create Number") }
        #expect(imports == (1...6).map { "create Number/n\($0)" })
        #expect(await platform.maxInFlight <= 2)
    }

    @Test func unacceptedBillingChangesNothing() async throws {
        let store = MemoryStateStore()
        let platform = FakePlatform()
        let r = [Fixtures.whatsapp("wa")]
        let plan = Fixtures.plan(r, fingerprints: fingerprints(r))
        await #expect(throws: ApplyRefusal.self) {
            _ = try await applier(plan, platform, store, options: .init()).run(state: try await store.load())
        }
        #expect(await store.saves == 0)
        #expect(await platform.calls.isEmpty)
    }

    @Test func stalePlanIsRefused() async throws {
        let store = MemoryStateStore()
        let platform = FakePlatform()
        let plan = Fixtures.plan([Fixtures.profile("a")])
        _ = try await store.save(try await store.load())  // state moves on
        do {
            _ = try await applier(plan, platform, store).run(state: try await store.load())
            Issue.record("expected a stale plan refusal")
        } catch let e as ApplyRefusal {
            #expect(String(describing: e).contains("stale plan"))
        }
        #expect(await platform.calls.isEmpty)
    }

    @Test func secretChangedSincePlanIsRefused() async throws {
        let store = MemoryStateStore()
        let r = [Fixtures.sms("sms")]
        let plan = Fixtures.plan(r, fingerprints: [r[0].address: ["authToken": "hmac-sha256:old"]])
        await #expect(throws: ApplyRefusal.self) {
            _ = try await applier(plan, FakePlatform(), store).run(state: try await store.load())
        }
    }

    @Test func interruptedCreateIsAdoptedNotDuplicated() async throws {
        let store = MemoryStateStore()
        let platform = FakePlatform()
        let r = [Fixtures.sms("sms")]
        // The platform call succeeds but the process "dies" before the result is written: simulate by
        // running the create on the platform and leaving only the intent in state.
        var state = try await store.load()
        _ = try await platform.create(PlatformRequest(resource: r[0]))
        state.intents[r[0].address.description] = Intent(address: r[0].address, operation: .create,
            platform: "genesys", naturalKey: r[0].name, startedAt: "2027-01-01T00:00:00Z", applyId: "a1")
        let (resolved, notes) = try await Refresher(platforms: ["genesys": platform])
            .resolveIntents(state, desired: [r[0].address: r[0]])
        #expect(resolved[r[0].address]?.remoteId == "id-1")
        #expect(resolved.intents.isEmpty)
        #expect(notes.first?.contains("adopted") == true)
        let plan = Fixtures.plan(r, state: resolved)
        #expect(plan.changes.first?.action != .create)
    }
}
