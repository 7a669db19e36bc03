import Foundation
import ManifestLoading
import GenesysCloud
import PlatformKit
import Sandbox
import Reconciler
import StateBackends
import SwitchboardModel

/// Builds the platform connections a Project names: the embedded sandbox, or a live adapter.
enum PlatformFactory {
    static func make(
        _ project: Project, stateDirectory: String, secrets: SecretResolver, environment: [String: String]
    ) throws -> [String: any Platform] {
        let statePath = (stateDirectory as NSString).appendingPathComponent("state.json")
        var platforms: [String: any Platform] = [:]
        for (name, p) in try SandboxPlatform.forProject(project, statePath: statePath, environment: environment) {
            platforms[name] = p
        }
        for (name, connection) in project.platforms where !connection.isSandbox {
            switch connection.type {
            case .genesysCloud:
                var values: [String: String] = [:]
                for (key, ref) in connection.credentials { values[key] = try secrets.value(ref) }
                platforms[name] = try GenesysCloudPlatform(connection: connection, secrets: values)
            case .dynamics365, .twilio:
                // Resolved lazily: a plan that touches no resource on this connection still works.
                platforms[name] = UnavailablePlatform(
                    name: name, type: connection.type,
                    reason: "the live \(connection.type.rawValue) adapter is not available yet; use 'endpoint: sandbox' for '\(name)'")
            }
        }
        return platforms
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
