import Foundation
import ManifestLoading
import PlatformKit
import Twilio
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
        let sandbox = try ProjectSandbox.open(project, statePath: statePath, environment: environment)
        var platforms = try sandboxPlatforms(sandbox, project: project)
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
            platforms[name] = try live(connection, values, AdapterContext(transport: URLSessionTransport.make()))
        }
        return platforms
    }

    /// The platform of every sandbox connection: the vendor's live adapter, built by its descriptor's factory, over
    /// the emulator in process where the vendor has both; else the sandbox's simulation.
    static func sandboxPlatforms(_ sandbox: ProjectSandbox, project: Project) throws -> [String: any Platform] {
        var platforms: [String: any Platform] = [:]
        for (name, served) in sandbox.inProcess {
            guard var connection = project.platforms[name],
                let live = PlatformRegistry.descriptor(connection.type)?.live
            else { continue }
            connection.endpoint = served.endpoint
            platforms[name] = try live(connection, served.credentials, served.context)
        }
        return platforms
    }
}

/// Finds who does companion work at another platform (DESIGN.md section 3.1): the connection of that type serving
/// the account (the one naming it as `accountSid`, else the only one of the type); without one, the resource's own
/// credential against the same kind of endpoint as its connection (a URL stays that URL, a sandbox stays the sandbox,
/// a region goes live).
enum CompanionFactory {
    static func resolver(
        _ project: Project, platforms: [String: any Platform], sandbox: @escaping @Sendable () throws -> ProjectSandbox,
        transport: @escaping HTTPTransport = URLSessionTransport.make()
    ) -> CompanionResolver {
        { type, account, secret, connection in
            let candidates = project.platforms.values.filter { $0.type == type }.sorted { $0.name < $1.name }
            if let chosen = candidates.first(where: { $0.settings["accountSid"] == account })
                ?? (candidates.count == 1 ? candidates.first : nil)
            {
                guard let companion = platforms[chosen.name] as? any CompanionPlatform else {
                    // The interim sandbox of a vendor without an emulator simulates the companion's side itself.
                    if chosen.isSandbox { return nil }
                    throw unavailable(type, account, "the connection '\(chosen.name)' cannot do it")
                }
                guard chosen.isSandbox else { return companion }
                // A sandbox connection serves every account of the world, each with its own token.
                guard let secret else { throw unavailable(type, account, "its credential is not known") }
                return companion.acting(for: account, credential: secret)
            }
            guard let via = project.platforms[connection] else { return nil }
            if via.isSandbox {
                guard type == .twilio else { return nil }
                guard let secret else { throw unavailable(type, account, "its credential is not known") }
                let served = try sandbox().twilioInProcess
                let own = PlatformConnection(name: connection, type: type, endpoint: served.endpoint)
                let companion = try PlatformRegistry.descriptor(type)?.live?(own, served.credentials, served.context)
                return (companion as? any CompanionPlatform)?.acting(for: account, credential: secret)
            }
            guard let secret, let live = PlatformRegistry.descriptor(type)?.live else {
                throw unavailable(type, account, "no \(type.rawValue) connection serves it and no credential was given")
            }
            let endpoint = via.endpoint.hasPrefix("http://") || via.endpoint.hasPrefix("https://") ? via.endpoint : "live"
            let own = PlatformConnection(
                name: "\(connection) (\(type.rawValue) \(account))", type: type, endpoint: endpoint,
                settings: ["accountSid": account])
            return try live(own, ["authToken": secret], AdapterContext(transport: transport)) as? any CompanionPlatform
        }
    }

    static func unavailable(_ type: PlatformType, _ account: String, _ why: String) -> PlatformError {
        PlatformError(
            code: "companion.unavailable",
            message: "the \(type.rawValue) account \(account) cannot be reached: \(why); add a '\(type.rawValue)' "
                + "connection for it to the Project")
    }
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
