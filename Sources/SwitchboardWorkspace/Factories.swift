import Foundation
import ManifestLoading
import GenesysCloud
import PlatformKit
import Sandbox
import Reconciler
import StateBackends
import SwitchboardModel

/// Builds the platform connections a Project names. A live adapter talks to its vendor over the network, or, with
/// `endpoint: sandbox`, to the sandbox's emulator of its vendor over an in-process transport (one mapping per
/// vendor); a vendor with no live adapter yet gets the sandbox's own simulation.
enum PlatformFactory {
    static func make(
        _ project: Project, stateDirectory: String, secrets: SecretResolver, environment: [String: String]
    ) throws -> [String: any Platform] {
        let statePath = (stateDirectory as NSString).appendingPathComponent("state.json")
        var platforms = try sandboxPlatforms(ProjectSandbox.open(project, statePath: statePath, environment: environment))
        for (name, connection) in project.platforms where !connection.isSandbox {
            guard let live = PlatformRegistry.descriptor(connection.type)?.live else {
                // Resolved lazily: a plan that touches no resource on this connection still works.
                platforms[name] = UnavailablePlatform(
                    name: name, type: connection.type,
                    reason: "the live \(connection.type.rawValue) adapter is not available yet; use 'endpoint: sandbox' for '\(name)'")
                continue
            }
            var values: [String: String] = [:]
            for (key, ref) in connection.credentials { values[key] = try secrets.value(ref) }
            platforms[name] = try live(connection, values, URLSessionTransport.make())
        }
        return platforms
    }

    /// The platform of every sandbox connection: the live adapter over its emulator where the vendor has both, else
    /// the sandbox's simulation.
    static func sandboxPlatforms(_ sandbox: ProjectSandbox) throws -> [String: any Platform] {
        var platforms: [String: any Platform] = sandbox.simulated
        for (name, emulator) in sandbox.genesysEmulators {
            platforms[name] = try sandboxGenesys(name: name, emulator: emulator, pacing: sandbox.pacing)
        }
        return platforms
    }

    /// The live Genesys Cloud adapter of a sandbox connection: its transport is the emulator's handler, in process,
    /// and it polls at the sandbox's pace, backing off as against a live organization but never waiting more than
    /// `sandboxMaxPollInterval` (the sandbox's states settle within seconds). The emulator in process has no rate
    /// limit, so neither has the client.
    static func sandboxGenesys(
        name: String, emulator: GenesysEmulator, pacing: SandboxPacing
    ) throws -> GenesysCloudPlatform {
        let options = GenesysClientOptions(
            rateLimitPerMinute: .max, rateLimitWindow: 0.001, pollInterval: pacing.pollInterval,
            pollMaxInterval: max(pacing.pollInterval, sandboxMaxPollInterval), pollTimeout: pacing.timeout,
            sleep: pacing.sleep, now: pacing.now)
        return GenesysCloudPlatform(
            name: name, endpoints: try GenesysRegionEndpoints(endpoint: sandboxEndpoint), clientId: "sandbox",
            clientSecret: sandboxClientSecret, transport: emulator.transport, options: options)
    }

    /// The longest wait, in seconds, between two polls of the sandbox.
    static let sandboxMaxPollInterval = 1.0

    /// The base URL the adapter of a sandbox connection addresses: never resolved (no request leaves the process).
    static let sandboxEndpoint = "https://sandbox.invalid"
    /// Its OAuth client secret: the emulator in process accepts any client; a long, unlikely value, since the
    /// client scrubs its secret from every error message.
    static let sandboxClientSecret = "switchboard-sandbox-in-process-client"
}

/// A configured connection with no live adapter: every call fails with the reason.
struct UnavailablePlatform: Platform {
    let name: String
    let type: PlatformType
    let reason: String

    func fail() -> PlatformError { PlatformError(code: "platform.unavailable", message: reason) }
    func read(_ state: ResourceState) async throws -> RemoteObject? { throw fail() }
    func find(_ resource: Resource) async throws -> RemoteObject? { throw fail() }
    func create(_ request: PlatformRequest) async throws -> RemoteObject { throw fail() }
    func update(_ request: PlatformRequest, remoteId: String) async throws -> RemoteObject { throw fail() }
    func delete(_ state: ResourceState) async throws { throw fail() }
}

/// Opens the PostgreSQL state backend.
enum PostgresStoreFactory {
    static func make(url: String, workspace: String) throws -> any StateStore {
        PostgresStateStore(url: url, workspace: workspace)
    }
}

extension Workspace {
    /// Folds the sandbox journals this process wrote into their world files: what a command does before it ends
    /// (`SandboxStore.compactAll`). A failure loses nothing: the journal stays for the next command to fold.
    /// - Throws: the first sandbox's I/O error.
    public static func compactSandboxes() async throws {
        try await SandboxStore.compactAll()
    }
}
