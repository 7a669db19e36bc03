import Foundation
import SwitchboardModel
import SwitchboardTestSupport

@testable import StateBackends

/// Helpers shared by the PostgreSQL suites: stores on the shared test server, sample snapshots.
enum PG {
    /// A store on the shared test server, in a workspace of its own.
    static func store(_ label: String) async throws -> PostgresStateStore {
        PostgresStateStore(
            url: try await PostgresTestServer.shared.url(), workspace: PostgresTestServer.workspace(label))
    }

    /// A resource state for `name`.
    static func resource(_ name: String, status: ResourceStatus = .active) -> ResourceState {
        ResourceState(
            kind: .number, name: name, platform: "genesys", remoteId: "id-\(name)", status: status,
            attributes: ["phoneNumber": .string("+3212345\(name.count)")])
    }

    /// `snapshot` with one more resource.
    static func adding(_ name: String, to snapshot: StateSnapshot) -> StateSnapshot {
        var copy = snapshot
        copy.resources[Address(.number, "\(name)")] = resource(name)
        return copy
    }

    /// The text of a thrown error, as the CLI would print it.
    static func message(_ error: any Error) -> String {
        String(describing: error)
    }
}
