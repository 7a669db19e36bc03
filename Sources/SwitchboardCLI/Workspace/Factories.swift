import Foundation
import ManifestLoading
import Reconciler
import StateBackends
import SwitchboardModel

/// Builds the platform connections a Project names.
enum PlatformFactory {
    static func make(
        _ project: Project, stateDirectory: String, secrets: SecretResolver, environment: [String: String]
    ) throws -> [String: any Platform] {
        throw CommandFailure("platforms are not wired yet")
    }
}

/// Opens the PostgreSQL state backend.
enum PostgresStoreFactory {
    static func make(url: String, workspace: String) throws -> any StateStore {
        throw CommandFailure("the postgres backend is not wired yet")
    }
}
