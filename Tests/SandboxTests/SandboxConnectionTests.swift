import Foundation
import Dynamics365
import GenesysCloud
import ManifestLoading
import PlatformKit
import Sandbox
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import SwitchboardWorkspace

/// What an `endpoint: sandbox` connection is, as the workspace builds it.
@Suite struct SandboxConnectionTests {
    static let profile = Resource(
        address: Address(.contentProfile, "sms-media"), platform: "genesys",
        spec: .contentProfile(ContentProfileSpec(inbound: ["image/*"], outbound: ["image/png"])))

    @Test func aSandboxGenesysConnectionIsTheLiveAdapterOverTheEmulatorInProcess() async throws {
        let scratch = try TemporaryDirectory("sandbox-connection")
        let directory = scratch.path
        let environment = ["SWITCHBOARD_SANDBOX_SPEED": "instant"]
        let stateDirectory = directory + "/.switchboard"

        // The workspace's factory: the live adapters of Genesys Cloud, Dynamics 365 and Twilio.
        let built = try PlatformFactory.make(
            Fixtures.implicitProject, stateDirectory: stateDirectory, secrets: SecretResolver(environment: environment),
            environment: environment)
        #expect(built["genesys"] is GenesysCloudPlatform)
        // Every vendor's sandbox connection is its live adapter over its emulator in process.
        #expect(built["dynamics"] is Dynamics365Platform)
        #expect(built["twilio"] is any CompanionPlatform)

        // The same wiring over a sandbox whose emulator the test can watch.
        let sandbox = try ProjectSandbox.open(
            Fixtures.implicitProject, statePath: stateDirectory + "/state.json", environment: environment)
        let genesys = try #require(try PlatformFactory.sandboxPlatforms(
            sandbox, project: Fixtures.implicitProject)["genesys"] as? GenesysCloudPlatform)
        // Its host never resolves: no request can leave the process.
        #expect(genesys.client.endpoints.api.host == "sandbox.invalid")
        let emulator = try #require(sandbox.genesysEmulators["genesys"])
        await emulator.setRecordTranscript(true)
        #expect(await emulator.stats.requests == 0)

        let created = try await genesys.create(PlatformRequest(resource: Self.profile))
        let stats = await emulator.stats
        #expect(stats.logins == 1)
        #expect(stats.requests >= 2)
        #expect(stats.transcript.contains { $0.hasPrefix("POST /api/v2/conversations/messaging/supportedcontent ") })
        let world = try await sandbox.store.read()
        #expect(world.genesys["genesys"]?.supportedContent[created.remoteId]?.name == "sms-media")
        #expect(created.attributes == Self.profile.attributes)

        let read = try await genesys.read(ResourceState(
            kind: .contentProfile, name: "sms-media", platform: "genesys", remoteId: created.remoteId, status: .active,
            attributes: Self.profile.attributes))
        #expect(read?.attributes == Self.profile.attributes)
        #expect(await emulator.stats.requests > stats.requests)
    }

    @Test func waitsOnAFrozenClockGiveUpInSimulatedTime() async throws {
        // Asynchronous states that take an hour, on a clock that does not move: no wait can succeed.
        var timing = SandboxTiming.standard
        timing.provisioning = 3600
        timing.waitTimeout = 10
        let fx = try SandboxFixture(timing: timing)
        let integration = Resource(
            address: Address(.integration, "byo-twilio"), platform: "genesys",
            spec: .integration(.twilioSMS(TwilioSMSIntegration(
                accountSid: Fx.accountSid, authToken: SecretRef(.env("TWILIO_TOKEN")), region: "us-east-1"))))
        let adapter = await #expect(throws: PlatformError.self) {
            _ = try await fx.genesys.create(PlatformRequest(resource: integration, secrets: ["authToken": Fx.authToken]))
        }
        #expect(adapter?.code == "genesys.timeout")
        // Nobody waited for the clock: it is where the test left it.
        #expect(fx.time.now == SandboxFixture.start)
    }

    @Test func pacingFollowsTheSandboxClock() async throws {
        let frozen = SandboxPacing(clock: .fixed(Date(timeIntervalSince1970: 0)), timing: .standard)
        #expect(frozen.isSimulated)
        let before = frozen.now()
        try await frozen.sleep(3600)
        #expect(frozen.now() - before == 3600)
        let running = SandboxPacing(clock: .system, timing: .standard)
        #expect(!running.isSimulated)
        #expect(running.pollInterval == SandboxTiming.standard.pollInterval)
        #expect(running.timeout == SandboxTiming.standard.waitTimeout)
    }
}
