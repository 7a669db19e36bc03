import Foundation
import Reconciler
import SwitchboardModel
import SwitchboardTestSupport
import SwitchboardWorkspace
import Testing

/// What the session records as it goes: each change's outcome as it happens (the record of a process that dies
/// says what it completed), intents that name the record, and the state it writes when there is nothing to do.
@Suite struct ApplySessionHistoryTests {
    typealias M = ManifestDocuments
    typealias Setup = ApplySessionTests.Setup

    static let documents = [
        M.contentProfile("media"), M.twilioSMS("sms"), M.number("a", integration: "sms", suffix: "0131"),
    ]

    @Test func eachOutcomeIsRecordedAsItHappensAndIntentsNameTheRecord() async throws {
        let setup = try Setup(Self.documents)
        let store = setup.store
        let seen = Locked<(HistoryRecord?, Intent?)>((nil, nil))
        await setup.platform.observe { call in
            guard call == "create Number/a" else { return }
            let record = try? await store.history().first
            let intent = try? await store.load().intents["Number/a"]
            seen.with { $0 = (record, intent) }
        }
        let session = try ApplySession(
            workspace: setup.workspace, options: ApplySession.Options(parallelism: 1, autoApprove: true),
            platforms: ["genesys": setup.platform])
        _ = try await session.run(ApplySession.Handlers())

        // The number depends on the integration: when it starts, the integration's outcome is already recorded.
        let (record, intent) = seen.get
        let running = try #require(record)
        #expect(running.result == .running)
        let outcomes = Dictionary(uniqueKeysWithValues: running.changes.map { ($0.address.description, $0.outcome) })
        #expect(outcomes["Integration/sms"] == .succeeded)
        #expect(outcomes["Number/a"] == .pending)
        #expect(intent?.applyId == running.id)
        // The result ends them: the store keeps no outcome of a closed record.
        #expect(await store.outcomes.isEmpty)
        #expect(try await store.history().map(\.result) == [.succeeded])
    }

    @Test func aNewFingerprintKeyIsANoteThenRecordedWithoutChangingAnything() async throws {
        let setup = try Setup(Self.documents)
        _ = try await setup.session().run(ApplySession.Handlers())
        let before = try await setup.store.load()
        #expect(before.fingerprintKey == "lineage")
        let calls = await setup.platform.calls

        var workspace = setup.workspace
        workspace.environment["SWITCHBOARD_FINGERPRINT_KEY"] = "new-key"
        let made = try await workspace.plan(
            state: before, platforms: ["genesys": setup.platform], refresh: false)
        #expect(made.plan.summary.isEmpty)
        #expect(made.notes.contains { $0.contains("secrets cannot be compared this once") })

        let notes = Locked<[String]>([])
        let session = try ApplySession(
            workspace: workspace, options: ApplySession.Options(autoApprove: true),
            platforms: ["genesys": setup.platform])
        let outcome = try await session.run(ApplySession.Handlers(notes: { n in notes.with { $0 += n } }))
        guard case .nothingToApply(_, let interrupted, let rekeyed) = outcome else {
            Issue.record("expected nothing to apply, got \(outcome)")
            return
        }
        #expect(!interrupted && rekeyed)
        #expect(notes.get.contains { $0.contains("cannot be compared") })
        let after = try await setup.store.load()
        #expect(after.fingerprintKey == workspace.fingerprinter(lineage: after.lineage).keyID)
        #expect(after.serial == before.serial + 1)
        let sms = Address(.integration, "sms")
        #expect(after[sms]?.fingerprints != before[sms]?.fingerprints)
        #expect(await setup.platform.calls == calls)
        let last = try #require(try await setup.store.history().last)
        #expect(last.result == .succeeded && last.changes.isEmpty)
        #expect(last.message == "nothing to apply; recorded the secret fingerprints under the current key")
        // The next plan compares again, and finds nothing.
        let next = try await workspace.plan(state: after, platforms: ["genesys": setup.platform], refresh: false)
        #expect(next.plan.summary.isEmpty && next.notes.isEmpty)
    }
}
