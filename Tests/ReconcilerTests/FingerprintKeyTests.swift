import Foundation
import SwitchboardModel
import SwitchboardTestSupport
import SwitchboardWorkspace
import Testing

@testable import Reconciler

/// Fingerprints under a changed key: the plan treats secrets as unchanged (never rotated, never a replacement), the
/// apply makes them again under the key in use and records the key; a fingerprint a resource no longer keeps (a
/// one-time onboarding secret, from an earlier version) is no change and is dropped; the apply records each change's
/// outcome before the state write that clears its intent.
@Suite struct FingerprintKeyTests {
    static let lineage = "test-lineage"
    static let sms = Fixtures.sms("sms")
    static let wa = Fixtures.whatsapp("wa")

    static func value(_ ref: SecretRef) -> String {
        if case .env(let name) = ref.source { return "value-of-\(name)" }
        return ""
    }

    /// The fingerprints a workspace would compute under `fingerprinter`: long-lived secrets only.
    static func fingerprints(_ resources: [Resource], _ fingerprinter: Fingerprinter) -> [Address: [String: String]] {
        Dictionary(
            uniqueKeysWithValues: resources.map { r in
                (r.address, r.fingerprintedSecretFields.mapValues { fingerprinter.fingerprint(value($0)) })
            })
    }

    /// State after applying `resources` under the lineage's key.
    static func applied(_ resources: [Resource]) -> StateSnapshot {
        let f = Fingerprinter(lineage: lineage)
        var state = StateSnapshot(lineage: lineage, serial: 3)
        for r in resources {
            state[r.address] = StateKeeper.resourceState(
                r, remote: RemoteObject(remoteId: "id-\(r.name)", status: .active),
                fingerprints: fingerprints([r], f)[r.address] ?? [:], prior: nil, now: "2026-11-20T09:00:00Z")
        }
        return state
    }

    static func plan(
        _ resources: [Resource], state: StateSnapshot, _ fingerprinter: Fingerprinter, compare: Bool
    ) -> Plan {
        Planner.plan(
            PlanInput(
                manifests: Fixtures.set(resources), state: state, rules: PlatformRegistry.rules,
                fingerprints: fingerprints(resources, fingerprinter), compareSecrets: compare, now: Fixtures.now))
    }

    @Test func keyIdentifiersTellKeysApartWithoutHoldingThem() {
        let lineage = Fingerprinter(lineage: "l1")
        #expect(lineage.keyID == "lineage")
        #expect(Fingerprinter(lineage: "l2", override: "").keyID == "lineage")
        let configured = Fingerprinter(lineage: "l1", override: "secret-key-material")
        #expect(configured.keyID.hasPrefix("key:") && configured.keyID.count == 20)
        #expect(!configured.keyID.contains("secret"))
        #expect(configured.keyID == Fingerprinter(lineage: "other", override: "secret-key-material").keyID)
        #expect(configured.keyID != Fingerprinter(lineage: "l1", override: "another-key").keyID)
        // A state that records no key was written under the lineage's.
        #expect(lineage.matches(StateSnapshot(lineage: "l1")))
        #expect(!configured.matches(StateSnapshot(lineage: "l1")))
        #expect(configured.matches(StateSnapshot(lineage: "l1", fingerprintKey: configured.keyID)))
    }

    @Test func underAnotherKeySecretsAreUnchangedNeverRotatedOrReplaced() {
        let state = Self.applied([Self.sms, Self.wa])
        let newKey = Fingerprinter(lineage: Self.lineage, override: "new")
        let compared = Self.plan([Self.sms, Self.wa], state: state, newKey, compare: true)
        #expect(compared.changes.first { $0.address == Self.sms.address }?.action == .update)
        let plan = Self.plan([Self.sms, Self.wa], state: state, newKey, compare: false)
        #expect(plan.summary.isEmpty, "\(plan.changes.map { ($0.address, $0.action) })")
        // Other changes still show, with the new key's fingerprints.
        var moved = state
        moved[Self.sms.address]?.attributes["enabled"] = .bool(false)
        let update = Self.plan([Self.sms, Self.wa], state: moved, newKey, compare: false)
        let sms = update.changes.first { $0.address == Self.sms.address }
        #expect(sms?.action == .update)
        #expect(sms?.fields.map(\.path) == ["enabled"])
        #expect(sms?.fingerprints == Self.fingerprints([Self.sms], newKey)[Self.sms.address])
    }

    @Test func anOnboardingFingerprintStateStillHoldsIsNoChange() {
        var state = Self.applied([Self.wa])
        state[Self.wa.address]?.fingerprints = [
            "onboarding.pin": "hmac-sha256:1", "onboarding.embeddedSignupToken": "x",
        ]
        let plan = Self.plan([Self.wa], state: state, Fingerprinter(lineage: Self.lineage), compare: true)
        #expect(plan.summary.isEmpty)
        #expect(plan.changes.first?.action == .noop)
    }

    @Test func upkeepMakesFingerprintsAgainUnderANewKeyAndDropsOneTimeOnes() throws {
        var state = Self.applied([Self.sms, Self.wa])
        state[Self.wa.address]?.fingerprints = ["onboarding.pin": "hmac-sha256:1"]
        let same = Fingerprinter(lineage: Self.lineage)
        let plan = Self.plan([Self.sms, Self.wa], state: state, same, compare: true)

        let kept = try FingerprintUpkeep.apply(to: state, plan: plan, fingerprinter: same, secretValue: Self.value)
        #expect(kept.changed)
        #expect(kept.state.fingerprintKey == "lineage")
        #expect(kept.state[Self.wa.address]?.fingerprints == [:])
        #expect(kept.state[Self.sms.address]?.fingerprints == state[Self.sms.address]?.fingerprints)
        let again = try FingerprintUpkeep.apply(
            to: kept.state, plan: plan, fingerprinter: same, secretValue: Self.value)
        #expect(!again.changed)

        let newKey = Fingerprinter(lineage: Self.lineage, override: "new")
        let rekeyed = try FingerprintUpkeep.apply(
            to: kept.state, plan: plan, fingerprinter: newKey, secretValue: Self.value)
        #expect(rekeyed.changed)
        #expect(rekeyed.state.fingerprintKey == newKey.keyID)
        #expect(
            rekeyed.state[Self.sms.address]?.fingerprints == Self.fingerprints([Self.sms], newKey)[Self.sms.address])
        #expect(newKey.matches(rekeyed.state))

        let failure = #expect(throws: FingerprintUpkeep.Failure.self) {
            _ = try FingerprintUpkeep.apply(
                to: kept.state, plan: plan, fingerprinter: newKey,
                secretValue: { _ in throw CocoaError(.fileReadNoPermission) })
        }
        #expect(failure?.address == Self.sms.address && failure?.path == "authToken")
    }

    @Test func theApplierRecordsTheKeyAndEachOutcomeBeforeClearingItsIntent() async throws {
        let store = MemoryStateStore(StateSnapshot(lineage: Self.lineage))
        let resources = [Fixtures.profile("media"), Self.sms]
        let fingerprinter = Fingerprinter(lineage: Self.lineage, override: "k")
        let plan = Self.plan(resources, state: try await store.load(), fingerprinter, compare: true)
        let seen = Locked<[String]>([])
        let options = ApplyOptions(
            parallelism: 1, applyId: "apply-1",
            recordOutcome: { change in
                let state = try? await store.load()
                let intent = state?.intents[change.address.description]
                seen.with {
                    $0.append(
                        "\(change.address) \(change.outcome) intent:\(intent?.applyId ?? "-") "
                            + "state:\(state?[change.address] != nil)")
                }
            })
        let result = try await Applier(
            plan: plan, platforms: ["genesys": FakePlatform()], rules: PlatformRegistry.rules, store: store,
            secretValue: Self.value, fingerprinter: fingerprinter, options: options
        ).run(state: try await store.load())
        #expect(result.result == .succeeded)
        #expect(
            seen.get.sorted() == [
                "ContentProfile/media succeeded intent:apply-1 state:false",
                "Integration/sms succeeded intent:apply-1 state:false",
            ])
        #expect(try await store.load().fingerprintKey == fingerprinter.keyID)
    }
}
