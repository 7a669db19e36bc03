import Foundation
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import Reconciler

/// The planner, policy and applier take every platform fact from the rules they are given: a made-up rules table
/// changes the plan the way the table says.
@Suite struct PlannerRulesTests {
    let profiles = ResourceClass(.contentProfile)

    /// Genesys Cloud connections follow `rules`; nothing else has any.
    func plan(
        _ resources: [Resource], state: StateSnapshot = StateSnapshot(lineage: "test-lineage"),
        _ rules: [ResourceClass: ResourceRules]
    ) -> Plan {
        Fixtures.plan(resources, state: state, rules: [.genesysCloud: PlatformRules(rules)])
    }

    func profile(_ name: String, extends: String? = nil, inbound: [String] = ["image/png"]) -> Resource {
        Resource(
            address: Address(.contentProfile, name), platform: "genesys",
            spec: .contentProfile(ContentProfileSpec(inbound: inbound, outbound: ["image/*"], extends: extends)))
    }

    /// State as if `resources` had been applied, each with `status`.
    func applied(_ resources: [Resource], status: ResourceStatus = .active) -> StateSnapshot {
        var state = StateSnapshot(lineage: "test-lineage")
        for r in resources {
            state[r.address] = StateKeeper.resourceState(
                r, remote: RemoteObject(remoteId: "r-\(r.name)", status: status), fingerprints: [:], prior: nil,
                now: "2027-01-15T08:00:00Z")
        }
        return state
    }

    @Test func replacementFieldsComeFromTheRules() throws {
        let state = applied([profile("p")])
        let changed = [profile("p", inbound: ["image/jpeg"])]
        let inPlace = plan(changed, state: state, [:])
        #expect(inPlace.changes.first?.action == .update)
        let replacing = plan(changed, state: state, [profiles: ResourceRules(replacing: .only([.inbound]))])
        let change = try #require(replacing.changes.first)
        #expect(change.action == .replace)
        #expect(change.fields.first { $0.path == Field.inbound.path }?.forcesReplacement == true)
        let allBut = plan(changed, state: state, [profiles: ResourceRules(replacing: .allExcept([.inbound]))])
        #expect(allBut.changes.first?.action == .update)
    }

    @Test func aSecretMutableUntilActiveChangesInPlaceOnlyBeforeActivation() {
        let sms = Fixtures.sms("sms")
        let rules: [ResourceClass: ResourceRules] = [
            .integration(.twilioSMS): ResourceRules(replacing: .only([.authToken]), mutableUntilActive: [.authToken])
        ]
        var state = applied([sms], status: .incomplete)
        state[sms.address]?.fingerprints = [Field.authToken.path: "hmac-sha256:1"]
        let rotated = [sms.address: [Field.authToken.path: "hmac-sha256:2"]]
        let before = Fixtures.plan(
            [sms], state: state, fingerprints: rotated, rules: [.genesysCloud: PlatformRules(rules)])
        #expect(before.changes.first?.action == .update)
        state[sms.address]?.status = .active
        let after = Fixtures.plan(
            [sms], state: state, fingerprints: rotated, rules: [.genesysCloud: PlatformRules(rules)])
        #expect(after.changes.first?.action == .replace)
    }

    @Test func serializedChangesFormAQueueOnlyWhenTheRulesSaySo() {
        let resources = [profile("base"), profile("a", extends: "base"), profile("b", extends: "base")]
        let book = { (rules: [ResourceClass: ResourceRules]) in
            RuleBook(project: Fixtures.implicitProject, rules: [.genesysCloud: PlatformRules(rules)])
        }
        let free = plan(resources, [:])
        #expect(free.changes.allSatisfy { book([:]).queue(of: $0) == nil })
        let queued = plan(resources, [profiles: ResourceRules(serializedBy: .extends)])
        let queues = queued.changes.map { book([profiles: ResourceRules(serializedBy: .extends)]).queue(of: $0) }
        #expect(queues == [nil, SerialKey(kind: .contentProfile, value: "base"), SerialKey(kind: .contentProfile, value: "base")])
        // A queue is not a chain: each waits only for what it refers to; the applier runs the queue in this order.
        #expect(queued.changes.first { $0.address.name == "b" }?.dependsOn == [Address(.contentProfile, "base")])
        #expect(queued.changes.map(\.address.name) == ["base", "a", "b"])
    }

    @Test func aResourceIsReplacedWithItsParentWhenTheRulesSaySo() throws {
        let resources = [profile("base"), profile("child", extends: "base")]
        let state = applied(resources)
        let changed = [profile("base", inbound: ["image/gif"]), resources[1]]
        let replaceBase: [ResourceClass: ResourceRules] = [profiles: ResourceRules(replacing: .only([.inbound]))]
        // Without the cascade the child stays, re-linked to the new base (an update, after the replacement).
        let relinked = try #require(plan(changed, state: state, replaceBase).changes.first { $0.address.name == "child" })
        #expect(relinked.action == .update)
        #expect(relinked.relinks == [Address(.contentProfile, "base")])
        #expect(relinked.dependsOn == [Address(.contentProfile, "base")])
        var cascading = replaceBase
        cascading[profiles]?.replacedWith = .init(.contentProfile, through: .extends)
        let child = try #require(plan(changed, state: state, cascading).changes.first { $0.address.name == "child" })
        #expect(child.action == .replace)
        #expect(
            child.fields == [
                FieldChange(path: Field.extends.path, before: "base", after: "base", forcesReplacement: true)
            ])
    }

    @Test func activationComesFromTheRules() throws {
        let sms = Fixtures.sms("sms")
        let state = applied([sms], status: .incomplete)
        #expect(plan([sms], state: state, [:]).changes.first?.action == .noop)
        let activating = plan(
            [sms], state: state, [.integration(.twilioSMS): ResourceRules(activation: .init(field: .enabled))])
        let change = try #require(activating.changes.first)
        #expect(change.action == .update)
        #expect(
            change.fields == [
                FieldChange(
                    path: Field.status.path, before: "incomplete", after: .string(ResourceStatus.active.rawValue))
            ])
    }

    @Test func findingsComeFromTheRulesInTheirOrder() {
        let rules: [ResourceClass: ResourceRules] = [
            profiles: ResourceRules(findings: [
                FindingRule("test.second", .warning, on: .creation) { "second for '\($0.name)'" },
                FindingRule("test.first", .billing, on: .creation, when: [.extends: "base"]) { _ in "first" },
                FindingRule("test.gone", .destructive, on: .removal) { _ in "gone" },
            ])
        ]
        let created = plan([profile("base"), profile("child", extends: "base")], rules)
        #expect(created.findings.map(\.code) == ["test.second", "test.second", "test.first"])
        #expect(created.findings.first?.message == "second for 'base'")
        let deleted = plan([], state: applied([profile("base")]), rules)
        #expect(deleted.findings.map(\.code) == ["test.gone"])
        #expect(plan([profile("base")], [:]).findings.isEmpty)
    }

    @Test func lapseAndInactivityNameTheirDeadline() {
        // The plan's now is 2027-01-15T08:00:00Z.
        let rules: [ResourceClass: ResourceRules] = [
            .integration(.twilioSMS): ResourceRules(
                activation: .init(field: .enabled),
                findings: [
                    FindingRule("test.lapse", .warning, on: .lapse(of: .region, lifetime: 86_400, notice: 86_400)) {
                        "lapses at \($0.deadline ?? "?")"
                    },
                    FindingRule("test.inactive", .warning, on: .inactivity(removedAfter: 86_400)) {
                        "removed by \($0.deadline ?? "?")"
                    },
                ])
        ]
        let sms = Fixtures.sms("sms", enabled: false, region: "2027-01-15")
        let found = plan([sms], rules).findings
        #expect(found.map(\.message) == ["lapses at 2027-01-16T00:00:00Z", "removed by 2027-01-16T08:00:00Z"])
        let later = plan([Fixtures.sms("sms", region: "2027-01-17")], rules).findings
        #expect(later.isEmpty)
    }

    @Test func theIntentRecordsTheNaturalKeyTheRulesName() async {
        let number = Fixtures.number("n", integration: "sms", phone: "+14155550123")
        let rules = [
            PlatformType.genesysCloud: PlatformRules([ResourceClass(.number): ResourceRules(naturalKey: [.phoneNumber])]
            )
        ]
        let plan = Fixtures.plan([number], rules: rules)
        func applier(_ rules: [PlatformType: PlatformRules]) async -> Applier {
            Applier(
                plan: plan, platforms: ["genesys": FakePlatform()], rules: rules, store: MemoryStateStore(),
                secretValue: { _ in "" }, fingerprinter: Fingerprinter(lineage: "test-lineage"))
        }
        #expect(await applier(rules).naturalKey(number) == "+14155550123")
        #expect(await applier([:]).naturalKey(number) == "n")
    }
}
