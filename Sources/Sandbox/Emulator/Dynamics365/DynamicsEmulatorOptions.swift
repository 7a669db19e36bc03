import Foundation
import SwitchboardModel

/// How the Dynamics 365 emulator behaves: credentials, service protection, latency and faults.
public struct DynamicsEmulatorOptions: Sendable {
    /// When both are set, the token endpoint refuses any other client (`AADSTS7000215`).
    public var clientId: String?
    public var clientSecret: String?
    /// Seconds added before every answer.
    public var latency: Double
    /// Probability (0...1) that an API request gets an injected 429, 503 (before acting) or 500 (after acting).
    public var faultRate: Double
    /// Seed of the fault dice.
    public var seed: UInt64
    /// Requests per client in `window` seconds before service protection answers 429 (`Int.max`: none).
    /// Dataverse allows 6,000 per 5 minutes per user and web server.
    public var requestLimit: Int
    /// The service-protection window in seconds (300).
    public var window: Double
    /// Requests one client may have under way at once before 429 (Dataverse: 52).
    public var concurrencyLimit: Int
    /// The `Retry-After` of injected 429s, in seconds.
    public var faultRetryAfter: Int
    /// `expires_in` of minted tokens, in seconds (Entra ID: about an hour).
    public var tokenLifetime: Int

    /// Creates options; the defaults are Dataverse's limits.
    public init(
        clientId: String? = nil, clientSecret: String? = nil, latency: Double = 0, faultRate: Double = 0,
        seed: UInt64 = 0x5eed, requestLimit: Int = 6000, window: Double = 300, concurrencyLimit: Int = 52,
        faultRetryAfter: Int = 1, tokenLifetime: Int = 3599
    ) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.latency = latency
        self.faultRate = faultRate
        self.seed = seed
        self.requestLimit = requestLimit
        self.window = window
        self.concurrencyLimit = concurrencyLimit
        self.faultRetryAfter = faultRetryAfter
        self.tokenLifetime = tokenLifetime
    }

    /// The emulator behind an `endpoint: sandbox` connection, called in process: any client, no service protection,
    /// no latency, no faults.
    public static let inProcess = DynamicsEmulatorOptions(requestLimit: .max, concurrencyLimit: .max)
}

/// Where the emulator's environment lives: the Dynamics 365 environment `org` of a sandbox world, through
/// `SandboxStore` (shared with the embedded sandbox, under its file lock).
public struct DynamicsEmulatorBackend: Sendable {
    public let store: SandboxStore
    /// The environment served: a Dynamics 365 connection name in the world.
    public let org: String

    /// Creates a backend over `store`.
    public init(store: SandboxStore, org: String) {
        self.store = store
        self.org = org
    }

    /// The backend for the sandbox of a served directory: its world's only Dynamics 365 environment, else
    /// `org`, else `dynamics`.
    /// - Throws: `sandbox.clock.invalid`, `sandbox.corrupt`.
    public static func forDirectory(
        _ directory: URL, org: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> DynamicsEmulatorBackend {
        let clock = try SandboxClock.fromEnvironment(environment)
        let store = SandboxStore(path: directory.appendingPathComponent(".switchboard/sandbox.json").path, clock: clock)
        var name = org
        if name == nil, let world = try store.load(), world.dynamics.count == 1 { name = world.dynamics.keys.first }
        return DynamicsEmulatorBackend(store: store, org: name ?? "dynamics")
    }
}
