import Foundation
import Reconciler
import SwitchboardModel
import SwitchboardTestSupport
import SwitchboardWorkspace
import Testing

/// The history record's life cycle, owned by the apply session: `running` (every change `pending`) before the first
/// change, replaced by the result under the same id; a `refused` record for each refusal; none when there is nothing
/// to do. Against a memory state store and a fake platform.
@Suite struct ApplySessionTests {
    typealias M = ManifestDocuments
    static let profile = M.contentProfile("media")
    static let sms = M.twilioSMS("sms")
    static let whatsapp = M.whatsApp("support-wa")
    static let environment = M.secrets.merging(["SWITCHBOARD_SANDBOX_NOW": "2026-11-20T09:00:00Z"]) { a, _ in a }

    /// A manifest directory of `documents`, opened with a memory store holding `state` and a fake `genesys`.
    struct Setup {
        let directory: TemporaryDirectory
        let store: MemoryStateStore
        let platform = FakePlatform()
        let workspace: Workspace

        init(_ documents: [String], state: StateSnapshot = StateSnapshot(lineage: "test-lineage")) throws {
            directory = try TemporaryDirectory("session")
            try directory.write("m.yaml", M.join(documents))
            store = MemoryStateStore(state)
            var workspace = try Workspace.open(directory: directory.path, environment: ApplySessionTests.environment)
            workspace.store = store
            self.workspace = workspace
        }

        func session(
            saved: Plan? = nil, acceptance: Acceptance = Acceptance(), autoApprove: Bool = true
        ) throws -> ApplySession {
            try ApplySession(
                workspace: workspace, savedPlan: saved, acceptance: acceptance,
                options: ApplySession.Options(autoApprove: autoApprove), platforms: ["genesys": platform])
        }
    }

    @Test func aRunningRecordComesBeforeTheFirstChangeAndTheResultReplacesIt() async throws {
        let setup = try Setup([Self.profile, Self.sms])
        let store = setup.store
        let seen = Locked<[HistoryRecord]?>(nil)
        await setup.platform.observe { _ in
            let records = try? await store.history()
            seen.with { if $0 == nil { $0 = records } }
        }
        let outcome = try await setup.session().run(ApplySession.Handlers())

        guard case .applied(let plan, let result) = outcome else {
            Issue.record("expected an apply, got \(outcome)")
            return
        }
        #expect(result.result == .succeeded)
        let running = try #require(seen.get?.first)
        #expect(seen.get?.count == 1)
        #expect(running.result == .running)
        #expect(running.changes.map(\.outcome) == [.pending, .pending])
        #expect(
            Set(running.changes.map(\.address)) == [Address(.contentProfile, "media"), Address(.integration, "sms")])
        #expect(running.planChecksum == plan.checksum)
        #expect(running.accepted == ["--auto-approve"])

        let records = await store.records
        #expect(records.count == 2)
        let last = try #require(records.last)
        #expect(last.id == running.id && last.time == running.time)
        #expect(last.result == .succeeded)
        #expect(last.changes.map(\.outcome) == [.succeeded, .succeeded])
        #expect(await store.lockedBy == ["apply"])
        #expect(await store.held == nil)
    }

    @Test func aFailedChangeEndsTheRecordAsFailed() async throws {
        let setup = try Setup([Self.profile, Self.sms])
        await setup.platform.fail(Address(.integration, "sms"))
        let outcome = try await setup.session().run(ApplySession.Handlers())
        guard case .applied(_, let result) = outcome else {
            Issue.record("expected an apply, got \(outcome)")
            return
        }
        #expect(result.result == .failed)
        let records = await setup.store.records
        #expect(records.map(\.result) == [.running, .failed])
        #expect(Set(records.map(\.id)).count == 1)
        let sms = try #require(records.last?.changes.first { $0.address == Address(.integration, "sms") })
        #expect(sms.outcome == .failed)
        #expect(sms.error?.contains("injected failure") == true)
    }

    @Test func unacceptedFindingsAreRefusedAndRecordedWithoutTouchingAnything() async throws {
        let setup = try Setup([Self.whatsapp])
        let error = await #expect(throws: ApplySession.Refusal.self) {
            _ = try await setup.session().run(ApplySession.Handlers())
        }
        #expect(error?.message.contains("accept them with --accept-billing --accept-irreversible") == true)
        let records = await setup.store.records
        #expect(records.count == 1)
        #expect(records.first?.result == .refused)
        #expect(records.first?.message == error?.message)
        #expect(records.first?.changes.isEmpty == true)
        #expect(await setup.platform.calls.isEmpty)
        #expect(await setup.store.saves == 0)
    }

    @Test func acceptanceGivenByTheCallerIsRecorded() async throws {
        let setup = try Setup([Self.whatsapp])
        var handlers = ApplySession.Handlers()
        handlers.accept = { plan, acceptance in
            acceptance.billing = true
            return ApplySession.unaccepted(plan, &acceptance)
        }
        let error = await #expect(throws: ApplySession.Refusal.self) {
            _ = try await setup.session().run(handlers)
        }
        #expect(error?.message.contains("accept them with --accept-irreversible or run apply on a terminal") == true)
        #expect(await setup.store.records.first?.accepted == ["--accept-billing", "--auto-approve"])
    }

    @Test func aRefusedConfirmationKeepsItsOwnRecordMessage() async throws {
        let setup = try Setup([Self.profile])
        var handlers = ApplySession.Handlers()
        handlers.confirm = { _ in
            ApplySession.Refusal("apply cancelled; nothing was changed", recorded: "not confirmed")
        }
        await #expect(throws: ApplySession.Refusal("apply cancelled; nothing was changed", recorded: "not confirmed")) {
            _ = try await setup.session(autoApprove: false).run(handlers)
        }
        let records = await setup.store.records
        #expect(records.map(\.result) == [.refused])
        #expect(records.first?.message == "not confirmed")
        #expect(records.first?.accepted == [])
        #expect(await setup.platform.calls.isEmpty)
        #expect(await setup.store.held == nil)
    }

    @Test func aPlanWithErrorsIsRefusedBeforeAnyQuestion() async throws {
        var state = StateSnapshot(lineage: "test-lineage")
        state[Address(.integration, "old")] = StateFixtures.integration("old", protect: true)
        let setup = try Setup([Self.profile], state: state)
        var handlers = ApplySession.Handlers()
        let asked = Locked(false)
        handlers.accept = { _, _ in
            asked.with { $0 = true }
            return nil
        }
        await #expect(throws: ApplySession.Refusal("the plan has errors; nothing was changed")) {
            _ = try await setup.session().run(handlers)
        }
        #expect(!asked.get)
        #expect(await setup.store.records.map(\.message) == ["the plan has errors; nothing was changed"])
    }

    @Test func aStaleSavedPlanIsRefusedAndRecordedWithoutItsTail() async throws {
        let setup = try Setup([Self.profile])
        let saved = try await setup.workspace.plan(
            state: try await setup.store.load(), platforms: ["genesys": setup.platform], refresh: false
        ).plan
        _ = try await setup.store.save(try await setup.store.load())  // state moves on
        let error = await #expect(throws: ApplySession.Refusal.self) {
            _ = try await setup.session(saved: saved).run(ApplySession.Handlers())
        }
        let message = try #require(error?.message)
        #expect(message.contains("stale plan") && message.hasSuffix("; nothing was changed"))
        let records = await setup.store.records
        #expect(records.map(\.result) == [.refused])
        #expect(records.first?.message.map { message == $0 + "; nothing was changed" } == true)
        #expect(records.first?.planChecksum == saved.checksum)
    }

    @Test func nothingToApplyWritesNoRecord() async throws {
        let setup = try Setup([Self.profile])
        _ = try await setup.session().run(ApplySession.Handlers())
        let before = await setup.store.records.count
        let finished = Locked<ApplySession.Outcome?>(nil)
        var handlers = ApplySession.Handlers()
        handlers.finished = { outcome in finished.with { $0 = outcome } }
        let outcome = try await setup.session().run(handlers)
        guard case .nothingToApply(_, let recorded, let rekeyed) = outcome, case .nothingToApply = finished.get else {
            Issue.record("expected nothing to apply, got \(outcome)")
            return
        }
        #expect(!recorded)
        #expect(!rekeyed)
        #expect(await setup.store.records.count == before)
    }
}
