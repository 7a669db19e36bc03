import Dynamics365
import Foundation
import PlatformKit
import Sandbox
import SwitchboardModel
import SwitchboardTestSupport
import Testing

/// Service protection, injected faults and secrets, against the emulator.
@Suite struct DataverseProtectionTests {
    @Test func aServiceProtectionStormIsRiddenOutAfterRetryAfter() async throws {
        // 10 requests per 60 seconds: the apply needs several times that.
        let fx = try DynamicsFixture(options: DynamicsEmulatorOptions(requestLimit: 10, window: 60, concurrencyLimit: 52))
        let states = try await fx.applyAll()
        #expect(states.count == 4)
        let stats = await fx.emulator.stats
        #expect(stats.rateLimited > 0)
        // Every 429 was waited out on the virtual clock, none reached the caller.
        #expect(fx.time.now > DynamicsFixture.start.addingTimeInterval(60))
        let o = try await fx.world()
        #expect(o.whatsAppNumbers.count == 1 && o.workstreams.count == 1 && o.systemMessages.count == 1)
    }

    @Test(arguments: [UInt64(1), 7, 42])
    func twentyPercentFaultsConvergeWithoutDuplicates(seed: UInt64) async throws {
        let fx = try DynamicsFixture(
            options: DynamicsEmulatorOptions(faultRate: 0.2, seed: seed, requestLimit: .max, concurrencyLimit: .max))
        let states = try await fx.applyAll()
        #expect(await fx.emulator.stats.injectedFaults > 0)
        let o = try await fx.world()
        #expect(o.whatsAppAccounts.count == 1)
        #expect(o.whatsAppNumbers.count == 1)
        #expect(o.workstreams.count == 1)
        #expect(o.systemMessages.count == 1)
        #expect(o.localizations.count == 2)
        for state in states.values {
            #expect(try await fx.platform.read(state)?.attributes == state.attributes)
        }
    }

    @Test func secretsNeverReachErrorsStateOrTheWorldFile() async throws {
        let fx = try DynamicsFixture()
        _ = try await fx.applyAll()
        // The world file and its journal (the operations since it was last compacted).
        let file = [fx.store.path, fx.store.path + ".journal"].compactMap {
            try? String(contentsOfFile: $0, encoding: .utf8)
        }.joined(separator: "\n")
        #expect(!file.contains(DynamicsFixture.authToken) && !file.contains(DynamicsFixture.clientSecret))
        #expect(file.contains(SandboxWorld.fingerprint(DynamicsFixture.authToken)))
        // The token column reads back as null, the auth token is no attribute.
        let account = try #require(try await fx.platform.find(DynamicsFixture.account))
        #expect(!"\(account)".contains(DynamicsFixture.authToken))
        // A refused login does not echo the client secret.
        let refusing = DynamicsEmulator(
            backend: DynamicsEmulatorBackend(store: fx.store, org: "dynamics"),
            options: DynamicsEmulatorOptions(clientId: "other", clientSecret: "other-secret"))
        let connection = PlatformConnection(
            name: "dynamics", type: .dynamics365, endpoint: "http://emulator.invalid",
            settings: ["organizationUrl": "https://contoso.crm4.dynamics.com", "tenantId": "t", "clientId": "5a6b"])
        let platform = try Dynamics365Platform(
            connection: connection, secrets: ["clientSecret": DynamicsFixture.clientSecret],
            transport: refusing.transport)
        let error = await #expect(throws: PlatformError.self) { _ = try await platform.find(DynamicsFixture.account) }
        #expect(error?.code == "invalid_client")
        #expect(!"\(String(describing: error))".contains(DynamicsFixture.clientSecret))
    }

    @Test func aLiveConnectionLogsInAtEntraAndCallsTheOrganization() throws {
        let bad = PlatformConnection(name: "d", type: .dynamics365, endpoint: "somewhere", settings: [:])
        #expect(throws: PlatformError.self) { try Dynamics365Platform(connection: bad, secrets: [:]) }
        let live = PlatformConnection(
            name: "d", type: .dynamics365, endpoint: "live",
            settings: ["organizationUrl": "https://contoso.crm4.dynamics.com", "tenantId": "t", "clientId": "c"])
        let platform = try Dynamics365Platform(connection: live, secrets: ["clientSecret": "s"])
        #expect(platform.client.apiRoot.absoluteString == "https://contoso.crm4.dynamics.com/api/data/v9.2")
        #expect(platform.client.auth.configuration.tokenURL.absoluteString
            == "https://login.microsoftonline.com/t/oauth2/v2.0/token")
        #expect(platform.client.auth.configuration.scope == "https://contoso.crm4.dynamics.com/.default")
    }
}
