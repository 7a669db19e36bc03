import Foundation
import PlatformKit
import SwitchboardModel

/// ContentProfile <-> `/api/v2/conversations/messaging/supportedcontent`.
extension GenesysCloudPlatform {
    static func supportedContentBody(name: String, _ s: ContentProfileSpec) -> Value {
        func types(_ list: [String]) -> Value { .list(list.map { .object(["type": .string($0)]) }) }
        return [
            "name": .string(name),
            "mediaTypes": ["allow": ["inbound": types(s.inbound), "outbound": types(s.outbound)]],
        ]
    }

    func contentProfileObject(_ v: Value, extends: Value?) -> RemoteObject {
        func types(_ key: String) -> Value {
            .list((v["mediaTypes"]?["allow"]?[key]?.listValue ?? []).compactMap { $0["type"]?.stringValue }.map(Value.string))
        }
        var attributes: [String: Value] = [:]
        attributes[.inbound] = types("inbound")
        attributes[.outbound] = types("outbound")
        if let extends { attributes[.extends] = extends }
        let id = v["id"]?.stringValue ?? ""
        return RemoteObject(
            remoteId: id, status: .active, attributes: attributes, naturalKey: v["name"]?.stringValue,
            name: v["name"]?.stringValue)
    }

    func readContentProfile(_ state: ResourceState) async throws -> RemoteObject? {
        guard let v = try await client.getIfExists(Paths.supportedContent + "/" + state.remoteId, resource: state.address)
        else { return nil }
        return contentProfileObject(v, extends: state.attributes[.extends])
    }

    /// Every supported content profile named as the resource.
    func findContentProfile(_ resource: Resource) async throws -> [RemoteObject] {
        let all = try await client.getAll(Paths.supportedContent, resource: resource.address)
        return all.filter { $0["name"]?.stringValue == resource.name }.map {
            contentProfileObject($0, extends: resource.attributes[.extends])
        }
    }

    func createContentProfile(_ r: Resource, _ s: ContentProfileSpec) async throws -> RemoteObject {
        let v = try await unsafeCall(r.address) {
            try await client.send(
                "POST", Paths.supportedContent, body: Self.supportedContentBody(name: r.name, s), safe: false,
                resource: r.address)
        } recover: {
            try await client.getAll(Paths.supportedContent, resource: r.address)
                .first { $0["name"]?.stringValue == r.name }
        }
        return contentProfileObject(v, extends: r.attributes[.extends])
    }

    func updateContentProfile(_ r: Resource, _ s: ContentProfileSpec, remoteId: String) async throws -> RemoteObject {
        // The PATCH sets absolute values, so repeating it is harmless.
        let v = try await client.send(
            "PATCH", Paths.supportedContent + "/" + remoteId, body: Self.supportedContentBody(name: r.name, s),
            safe: true, resource: r.address)
        return contentProfileObject(v, extends: r.attributes[.extends])
    }
}
