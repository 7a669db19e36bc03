import Foundation
import GenesysCloud
import Reconciler
import SwitchboardModel
import SwitchboardTestSupport
import SwitchboardWorkspace
import Testing

/// Adoption through the Genesys Cloud emulator (issue 19, points 4 and 6). Half-finished objects are finished: a
/// twilio-sms integration whose apply was killed between its create and its configuration is adopted by the next
/// command and completed by the next apply, whether state kept the create's intent or was lost entirely; a number
/// imported without its content profile is pointed at it. Two objects under one natural key are never adopted.
@Suite struct AdoptionEmulatorTests {
    typealias M = ManifestDocuments
    static let sms = Address(.integration, "sms")

    /// A manifest directory with a twilio-sms integration and one number, opened as the CLI opens it (the Genesys
    /// connection is the live adapter over the sandbox's emulator, in process).
    struct Setup {
        let directory: TemporaryDirectory
        let workspace: Workspace
        let genesys: GenesysCloudPlatform

        init(_ documents: [String] = [M.twilioSMS("sms"), M.number("a", integration: "sms", suffix: "0191")]) throws {
            directory = try TemporaryDirectory("half-finished")
            try directory.write("m.yaml", M.join(documents))
            workspace = try Workspace.open(directory: directory.path, environment: M.instant)
            genesys = try #require(try workspace.platforms()["genesys"] as? GenesysCloudPlatform)
        }

        /// The same directory opened again (after its manifests changed).
        func reopened() throws -> Setup { try Setup(directory) }

        private init(_ directory: TemporaryDirectory) throws {
            self.directory = directory
            workspace = try Workspace.open(directory: directory.path, environment: M.instant)
            genesys = try #require(try workspace.platforms()["genesys"] as? GenesysCloudPlatform)
        }

        /// What a killed `apply` left on the platform: the credential and the bare integration the adapter creates
        /// first, and no configuration (the `PUT config/current` never came), exactly as the adapter sends them.
        func createWithoutConfiguration(credential: Bool = true) async throws -> String {
            let types = try await genesys.client.getAll("/api/v2/integrations/types")
            let type = try #require(types.first?["id"]?.stringValue)
            if credential {
                try await createCredential()
            }
            let created = try await genesys.client.send(
                "POST", "/api/v2/integrations", body: ["name": "sms", "integrationType": ["id": .string(type)]])
            return try #require(created["id"]?.stringValue)
        }

        /// The credential the adapter makes before the integration.
        func createCredential() async throws {
            _ = try await genesys.client.send(
                "POST", "/api/v2/integrations/credentials",
                body: [
                    "name": "sms (Switchboard)", "type": ["name": "twilio"],
                    "credentialFields": [
                        "accountSid": "AC0123456789abcdef0123456789abcdef",
                        "authToken": .string(M.secrets["TWILIO_AUTH_TOKEN"] ?? ""),
                    ],
                ])
        }

        /// Applies the workspace's manifests (or `saved`) accepting everything.
        func apply(_ saved: Plan? = nil) async throws -> ApplySession.Outcome {
            try await ApplySession(
                workspace: workspace, savedPlan: saved,
                acceptance: Acceptance(billing: true, irreversible: true, destructive: true),
                options: ApplySession.Options(autoApprove: true)
            ).run(ApplySession.Handlers())
        }

        /// Fails the test unless `outcome` applied changes that all succeeded.
        func expectSucceeded(_ outcome: ApplySession.Outcome, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            guard case .applied(_, let result) = outcome else {
                Issue.record("expected changes to be applied, got \(outcome)", sourceLocation: sourceLocation)
                return
            }
            let failures = result.changes.filter { $0.outcome == .failed }.map { "\($0.address): \($0.error ?? "")" }
            #expect(result.result == .succeeded, "\(failures)", sourceLocation: sourceLocation)
        }

        /// The integration as the platform reports it now, found by its name.
        func integration() async throws -> RemoteObject? {
            let r = try #require(workspace.manifests.resources.first { $0.address == AdoptionEmulatorTests.sms })
            return try await genesys.findAll(r).first
        }

        /// How many integration credentials the organization holds.
        func credentials() async throws -> Int {
            let listing = try await genesys.client.send("GET", "/api/v2/integrations/credentials/listing")
            return listing["entities"]?.listValue?.count ?? 0
        }

        /// A refreshed plan of the manifests against the stored state.
        func refreshedPlan() async throws -> Plan {
            let state = try await workspace.store.load()
            return try await workspace.plan(state: state, platforms: try workspace.platforms(), refresh: true).plan
        }
    }

    @Test func anIntegrationKilledBeforeItsConfigurationIsFinishedByTheNextApply() async throws {
        let setup = try Setup()
        let id = try await setup.createWithoutConfiguration()
        // The intent the applier wrote before the create, as a killed apply leaves it.
        var state = try await setup.workspace.store.load()
        state.intents[Self.sms.description] = Intent(
            address: Self.sms, operation: .create, platform: "genesys", naturalKey: "sms",
            startedAt: "2026-11-20T09:00:00Z", applyId: "killed")
        _ = try await setup.workspace.store.save(state)

        setup.expectSucceeded(try await setup.apply())
        let after = try #require(try await setup.integration())
        #expect(after.remoteId == id, "the integration was created again instead of adopted")
        #expect(after.status == .active)
        #expect(after.attributes["accountSid"] == "AC0123456789abcdef0123456789abcdef")
        #expect(after.attributes["region"] == "us-east-1")
        #expect(try await setup.credentials() == 1, "the killed create's credential was not reused")
        let again = try await setup.refreshedPlan()
        #expect(again.summary.isEmpty, "\(again.changes.filter { $0.action != .noop }.map(\.address))")
    }

    @Test func anIntegrationKilledBeforeItsConfigurationIsImportedAndFinishedWhenStateIsLost() async throws {
        let setup = try Setup()
        let id = try await setup.createWithoutConfiguration()
        let plan = try await setup.refreshedPlan()
        let change = try #require(plan.changes.first { $0.address == Self.sms })
        #expect(change.action == .import)
        #expect(Set(change.fields.map(\.path)).isSuperset(of: ["accountSid", "region", "enabled"]))
        #expect(change.fields.allSatisfy { !$0.forcesReplacement })

        setup.expectSucceeded(try await setup.apply(plan))
        let after = try #require(try await setup.integration())
        #expect(after.remoteId == id)
        #expect(after.status == .active)
        let again = try await setup.refreshedPlan()
        #expect(again.summary.isEmpty, "\(again.changes.filter { $0.action != .noop }.map(\.address))")
    }

    @Test func aNumberImportedWithoutItsContentProfileIsPointedAtIt() async throws {
        // The number was imported without its content profile (state lost before the profile was set).
        let bare = try Setup([
            M.contentProfile("media"), M.twilioSMS("sms"), M.number("a", integration: "sms", suffix: "0192"),
        ])
        bare.expectSucceeded(try await bare.apply())
        try FileManager.default.removeItem(atPath: bare.directory.path(".switchboard/state.json"))
        try? FileManager.default.removeItem(atPath: bare.directory.path(".switchboard/state.json.backup"))
        try bare.directory.write(
            "m.yaml",
            M.join([
                M.contentProfile("media"), M.twilioSMS("sms"),
                M.number("a", integration: "sms", suffix: "0192", contentProfile: "media"),
            ]))
        let setup = try bare.reopened()
        let plan = try await setup.refreshedPlan()
        let number = try #require(plan.changes.first { $0.address == Address(.number, "a") })
        #expect(number.action == .import)
        #expect(number.fields.map(\.path).contains("contentProfile"))
        #expect(plan.summary.create == 0)

        setup.expectSucceeded(try await setup.apply(plan))
        let again = try await setup.refreshedPlan()
        #expect(again.summary.isEmpty, "\(again.changes.filter { $0.action != .noop }.map(\.address))")
    }

    @Test func twoIntegrationsWithOneNameAreAnErrorNamingBothAndNothingIsAdopted() async throws {
        let setup = try Setup()
        let first = try await setup.createWithoutConfiguration()
        let second = try await setup.createWithoutConfiguration(credential: false)
        let plan = try await setup.refreshedPlan()
        let change = try #require(plan.changes.first { $0.address == Self.sms })
        #expect(change.action != .import)
        let finding = try #require(change.findings.first { $0.code == "import.duplicate" })
        #expect(finding.message.contains(first) && finding.message.contains(second), "\(finding.message)")
        #expect(plan.hasErrors)
        await #expect(throws: ApplySession.Refusal.self) { _ = try await setup.apply(plan) }
        #expect(try await setup.workspace.store.load().resources.isEmpty)
    }
}
