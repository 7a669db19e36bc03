import Foundation
import SwitchboardModel

/// The interim sandbox mapping of a Twilio connection, until Twilio's live adapter and emulator exist (then this
/// file goes). No resource kind lives on a Twilio connection yet: the accounts a manifest names are reached through
/// the integrations that use them (`SandboxWorld+Twilio`), so every change is refused and nothing is found.
extension SandboxPlatform {
    /// - Throws: `sandbox.unsupported`, always.
    func createTwilio(_ request: PlatformRequest) throws -> String { throw unsupported(request.resource) }

    /// - Throws: `sandbox.unsupported`, always.
    func updateTwilio(_ request: PlatformRequest, id: String) throws { throw unsupported(request.resource) }

    /// - Throws: `sandbox.unsupported`, always.
    func deleteTwilio(_ state: ResourceState) throws { throw holdsNothing(state) }

    /// Nothing lives on a Twilio connection.
    func observeTwilio(_ world: SandboxWorld, kind: Kind, id: String) -> RemoteObject? { nil }

    /// Nothing lives on a Twilio connection.
    func locateTwilio(_ world: SandboxWorld, resource: Resource, key: String) -> String? { nil }
}
