import Foundation
import SwitchboardModel

/// A platform that keeps objects in memory, fails the addresses it is told to, and tracks its calls and how many
/// of them overlap.
public actor FakePlatform: Platform {
    /// The connection's name.
    public nonisolated let name: String
    /// The platform type it stands for.
    public nonisolated let type: PlatformType
    /// The objects by remote id.
    public private(set) var objects: [String: RemoteObject] = [:]
    /// `create ADDR`, `update ADDR`, `delete ADDR`, in the order they came.
    public private(set) var calls: [String] = []
    /// The addresses whose mutations fail.
    public private(set) var failing: Set<Address> = []
    /// The field paths of each address's last update request, and the name state held it under before.
    public private(set) var updates: [Address: (paths: [String], priorName: String?)] = [:]
    /// Addresses whose failures are temporary (`PlatformError.retryable`).
    public private(set) var temporary: Set<Address> = []
    /// Mutations running right now.
    public private(set) var inFlight = 0
    /// The most mutations that ever ran at once.
    public private(set) var maxInFlight = 0
    /// How long each mutation takes.
    public private(set) var duration: Duration = .milliseconds(5)
    private var nextId = 1
    private var observer: (@Sendable (String) async -> Void)?

    /// A platform named `name` of `type`.
    public init(name: String = "genesys", type: PlatformType = .genesysCloud) {
        self.name = name
        self.type = type
    }

    /// Makes every later mutation take `duration` (long enough for a test of overlap on a loaded machine).
    public func take(_ duration: Duration) { self.duration = duration }

    /// Makes every later mutation of `address` fail with a `PlatformError` (code `test.failure`).
    public func fail(_ address: Address) { failing.insert(address) }

    /// Makes every call about `address` fail with an error the platform calls temporary (`retryable`).
    public func failTemporarily(_ address: Address) {
        failing.insert(address)
        temporary.insert(address)
    }

    /// Calls `observer` with each mutation (`create ADDR` ...) before it happens, so a test can look at the world
    /// (the state store, the history) as the platform is first touched.
    public func observe(_ observer: @escaping @Sendable (String) async -> Void) { self.observer = observer }

    /// The object with the state's remote id.
    public func read(_ state: ResourceState) async throws -> RemoteObject? { objects[state.remoteId] }

    /// The object with the resource's natural key (the fake knows objects by name).
    public func find(_ resource: Resource) async throws -> RemoteObject? {
        objects.values.first { $0.naturalKey == resource.name }
    }

    /// Stores a new object with the next id (`id-1`, `id-2` ...).
    /// - Throws: `PlatformError` when the address is failing.
    public func create(_ request: PlatformRequest) async throws -> RemoteObject {
        try await work("create \(request.resource.address)", request.resource.address)
        let id = "id-\(nextId)"
        nextId += 1
        let o = RemoteObject(
            remoteId: id, status: .active, attributes: request.resource.attributes, naturalKey: request.resource.name)
        objects[id] = o
        return o
    }

    /// Replaces the object's attributes.
    /// - Throws: `PlatformError` when the address is failing.
    public func update(_ request: PlatformRequest, remoteId: String) async throws -> RemoteObject {
        try await work("update \(request.resource.address)", request.resource.address)
        updates[request.resource.address] = (request.changes.map(\.path), request.prior?.name)
        let o = RemoteObject(
            remoteId: remoteId, status: .active, attributes: request.resource.attributes,
            naturalKey: request.resource.name)
        objects[remoteId] = o
        return o
    }

    /// Forgets the object.
    /// - Throws: `PlatformError` when the address is failing.
    public func delete(_ state: ResourceState) async throws {
        try await work("delete \(state.address)", state.address)
        objects[state.remoteId] = nil
    }

    private func work(_ call: String, _ a: Address) async throws {
        await observer?(call)
        calls.append(call)
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        try? await Task.sleep(for: duration)
        inFlight -= 1
        if failing.contains(a) {
            throw PlatformError(
                code: "test.failure", message: "injected failure for \(a)", retryable: temporary.contains(a))
        }
    }
}
