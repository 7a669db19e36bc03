import Foundation
import Reconciler
import SwitchboardModel
import SwitchboardTestSupport
import SwitchboardWorkspace
import Testing

/// Apply's look at the companion platform before any change (DESIGN.md section 5.1): every number the plan creates is
/// inspected in its account, and each account asked about itself, before the first change at any platform; what they
/// report joins the plan's findings, and a consequence not accepted refuses the apply with nothing changed.
@Suite struct ApplyPreflightTests {
    typealias M = ManifestDocuments
    static let account = "AC0123456789abcdef0123456789abcdef"
    static let old = "https://old.example/sms"

    /// A manifest directory with the integration and numbers `a`, `b`, `c` (+1415555010x), opened with a memory
    /// store, a genesys platform and a carrier holding `a` and `b`, both logging into one log.
    struct Setup {
        let directory: TemporaryDirectory
        let store = MemoryStateStore(StateSnapshot(lineage: "test-lineage"))
        let log = Locked<[String]>([])
        let genesys = FakePlatform()
        let carrier: FakeCompanion
        let workspace: Workspace

        init(enabled: Bool = true) async throws {
            directory = try TemporaryDirectory("preflight")
            try directory.write(
                "m.yaml",
                M.join([
                    M.twilioSMS("sms", enabled: enabled), M.number("a", integration: "sms", suffix: "0101"),
                    M.number("b", integration: "sms", suffix: "0102"),
                    M.number("c", integration: "sms", suffix: "0103"),
                ]))
            var workspace = try Workspace.open(directory: directory.path, environment: M.secrets)
            workspace.store = store
            self.workspace = workspace
            carrier = FakeCompanion(
                log: log, urls: ["+14155550101": ApplyPreflightTests.old, "+14155550102": ApplyPreflightTests.old])
            let log = log
            await genesys.observe { log.append($0) }
        }

        /// Runs an apply accepting `acceptance`; the plan it checked comes back with the outcome.
        func apply(_ acceptance: Acceptance = Acceptance()) async throws -> (Plan?, ApplySession.Outcome) {
            let session = try ApplySession(
                workspace: workspace, savedPlan: nil, acceptance: acceptance,
                options: ApplySession.Options(autoApprove: true), platforms: ["genesys": genesys, "twilio": carrier])
            let planned = Locked<Plan?>(nil)
            let outcome = try await session.run(ApplySession.Handlers(planned: { p in planned.with { $0 = p } }))
            return (planned.get, outcome)
        }
    }

    static let secondaryToken = Finding(
        code: "warning.twilio-secondary-token", severity: .warning, message: "the account has a secondary auth token")

    @Test func everyCreatedNumberIsInspectedBeforeTheFirstChange() async throws {
        let setup = try await Setup()
        await setup.carrier.reportForAccounts([Self.secondaryToken])
        let (plan, outcome) = try await setup.apply()
        guard case .applied(_, let result) = outcome else {
            Issue.record("expected an apply, got \(outcome)")
            return
        }
        let log = setup.log.get
        let firstChange = try #require(log.firstIndex { $0.hasPrefix("create ") })
        // Each number the plan creates, the missing one too (its own change fails with the account named, later),
        // in the plan's order; the account once, with its first number found.
        #expect(
            log[..<firstChange]
                == ["inspect +14155550101", "account \(Self.account)", "inspect +14155550102", "inspect +14155550103"])
        #expect(log[firstChange] == "create Integration/sms")
        // The account's finding is the plan's, under the integration.
        let integration = try #require(plan?.changes.first { $0.address == Address(.integration, "sms") })
        #expect(integration.findings.map(\.code) == ["warning.twilio-secondary-token"])
        #expect(plan?.findings.contains { $0.code == "warning.twilio-secondary-token" } == true)
        #expect(result.changes.first { $0.address.name == "c" }?.outcome == .failed)
        #expect(result.changes.filter { $0.outcome == .succeeded }.count == 3)
        #expect(await setup.carrier.url("+14155550101") == GenesysRegion.byoSMSWebhookURL(region: "us-east-1"))
    }

    @Test func aConsequenceNotAcceptedRefusesTheApplyWithNothingChanged() async throws {
        let setup = try await Setup()
        let service = Finding(
            code: "warning.messaging-service", severity: .destructive,
            message: "+14155550102 is in a Messaging Service that does not defer to the sender's webhook",
            address: Address(.number, "b"))
        await setup.carrier.report([service], for: "+14155550102")
        let error = await #expect(throws: ApplySession.Refusal.self) { _ = try await setup.apply() }
        #expect(error?.message.contains("warning.messaging-service (Number/b)") == true)
        #expect(error?.message.contains("--accept-destructive") == true)
        #expect(await setup.genesys.calls.isEmpty)
        #expect(!setup.log.get.contains { $0.hasPrefix("attach") })
        #expect(await setup.carrier.url("+14155550102") == Self.old)
        #expect(await setup.store.saves == 0)
        #expect(await setup.store.records.map(\.result) == [.refused])

        // Accepted, it shows under the number's change and the apply goes on.
        let (plan, outcome) = try await setup.apply(Acceptance(destructive: true))
        guard case .applied(_, let result) = outcome else {
            Issue.record("expected an apply, got \(outcome)")
            return
        }
        #expect(plan?.changes.first { $0.address.name == "b" }?.findings.map(\.code) == ["warning.messaging-service"])
        #expect(result.changes.first { $0.address.name == "b" }?.outcome == .succeeded)
    }

    @Test func numbersOfADisabledIntegrationAreNotInspected() async throws {
        let setup = try await Setup(enabled: false)
        let (_, outcome) = try await setup.apply()
        guard case .applied = outcome else {
            Issue.record("expected an apply, got \(outcome)")
            return
        }
        #expect(!setup.log.get.contains { $0.hasPrefix("inspect") || $0.hasPrefix("account") })
        #expect(setup.log.get.contains("create Number/c"))
    }
}
