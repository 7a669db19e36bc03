import Foundation
import SwitchboardModel
import PlatformKit

/// Where the emulator's organization lives: the Genesys Cloud organization `org` of a sandbox world, read and
/// written through `SandboxStore` (so the CLI's embedded sandbox and the emulator share one file and its lock).
public struct GenesysEmulatorBackend: Sendable {
    /// The sandbox world file.
    public let store: SandboxStore
    /// The organization served: a Genesys Cloud connection name in the world.
    public let org: String
    /// How long the asynchronous states take.
    public let timing: SandboxTiming

    /// Creates a backend over `store`.
    public init(store: SandboxStore, org: String, timing: SandboxTiming) {
        self.store = store
        self.org = org
        self.timing = timing
    }

    /// The backend for the sandbox of a served directory: `<directory>/.switchboard/sandbox.json`, with the clock
    /// and speed the environment asks for. The organization is `org` when given, else the world's only Genesys
    /// Cloud organization, else `genesys`.
    /// - Throws: `sandbox.clock.invalid` for a bad clock variable, `sandbox.corrupt` for an unreadable world.
    public static func forDirectory(
        _ directory: URL, org: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> GenesysEmulatorBackend {
        let clock = try SandboxClock.fromEnvironment(environment)
        let timing = SandboxTiming.fromEnvironment(environment, clock: clock)
        let path = directory.appendingPathComponent(".switchboard/sandbox.json").path
        let store = SandboxStore(path: path, clock: clock)
        var name = org
        if name == nil, let world = try store.load(), world.genesys.count == 1 { name = world.genesys.keys.first }
        return GenesysEmulatorBackend(store: store, org: name ?? "genesys", timing: timing)
    }

    /// Runs `body` on the world advanced to now, under the sandbox file lock, and saves the world if it changed.
    /// - Throws: what `body` throws (nothing is saved then), or a sandbox file error.
    public func transact<T>(_ body: (inout SandboxWorld, Date) throws -> T) async throws -> T {
        try await store.transact(body)
    }
}
