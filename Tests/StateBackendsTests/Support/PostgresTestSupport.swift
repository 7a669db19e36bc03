import Foundation
import Reconciler
import SwitchboardModel

@testable import StateBackends

/// Helpers shared by the PostgreSQL suites: unique workspaces, sample snapshots, an admin connection.
enum PG {
    /// A workspace name no other test uses (tests run in parallel against one server).
    static func workspace(_ label: String) -> String {
        "\(label)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// A store on the shared test server.
    static func store(_ label: String) async throws -> PostgresStateStore {
        PostgresStateStore(url: try await PostgresTestServer.shared.url(), workspace: workspace(label))
    }

    /// A resource state for `name`.
    static func resource(_ name: String, status: String = "active") -> ResourceState {
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

    /// Polls `condition` every 100 ms up to `seconds`.
    static func eventually(_ seconds: Double = 30, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
        return try await condition()
    }

    /// The text of a thrown error, as the CLI would print it.
    static func message(_ error: any Error) -> String {
        String(describing: error)
    }
}
