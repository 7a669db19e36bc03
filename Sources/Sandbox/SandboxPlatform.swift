import Foundation
import PlatformKit
import SwitchboardModel

/// The sandbox's own simulation of a platform connection whose vendor has no live adapter yet (Dynamics 365): one
/// instance per connection (name and type), over a shared `SandboxStore`. It maps each resource kind onto the
/// world's vendor-level operations (in the vendor's folder: `Dynamics365/SandboxPlatform+Dynamics`), waits for asynchronous states as a live adapter polls them, and reads objects
/// back in the shape of `Resource.attributes`.
///
/// A Genesys Cloud sandbox connection is not one of these: it is the live adapter talking to the sandbox's emulator
/// in process (`ProjectSandbox`), so Genesys Cloud is mapped once. Each vendor's interim mapping here is deleted by
/// the issue that brings its adapter.
public struct SandboxPlatform: Platform {
    /// The connection name (`dynamics`).
    public let name: String
    /// The platform type this connection simulates.
    public let type: PlatformType
    /// Where the world lives.
    public let store: SandboxStore
    /// Delays of asynchronous states and polling.
    public let timing: SandboxTiming

    /// Creates a sandbox platform for one connection.
    public init(name: String, type: PlatformType, store: SandboxStore, timing: SandboxTiming = .standard) {
        self.name = name
        self.type = type
        self.store = store
        self.timing = timing
    }

    // MARK: - Platform

    /// Reads a managed object; nil when it no longer exists (or is being deleted).
    /// - Throws: `PlatformError` for file problems.
    public func read(_ state: ResourceState) async throws -> RemoteObject? {
        let type = state.attributes["type"]?.stringValue
        return try await store.transact { world, _ in
            observe(world, kind: state.kind, integrationType: type, id: state.remoteId, fallback: state.attributes)
        }
    }

    /// Finds an object by its natural key (phone number, name).
    /// - Throws: `PlatformError` for file problems.
    public func find(_ resource: Resource) async throws -> RemoteObject? {
        let key = rules[resource.resourceClass]?.naturalKey(resource.attributes, name: resource.name) ?? resource.name
        let kind = resource.kind
        let itype = resource.integrationType?.rawValue
        let fallback = resource.attributes
        return try await store.transact { world, _ in
            guard let id = locate(world, resource: resource, key: key) else { return nil }
            return observe(world, kind: kind, integrationType: itype, id: id, fallback: fallback)
        }
    }

    /// Creates the object and waits for it to leave any provisioning state.
    /// - Throws: `PlatformError` with the vendor's code.
    public func create(_ request: PlatformRequest) async throws -> RemoteObject {
        let id: String
        switch type {
        case .dynamics365: id = try await createDynamics(request)
        default: throw liveAdapterOnly()
        }
        return try await observed(request.resource, id)
    }

    /// Changes fields that can change in place. Refuses a change to a field that cannot change in place with
    /// `field.immutable`.
    /// - Throws: `PlatformError` with the vendor's code.
    public func update(_ request: PlatformRequest, remoteId: String) async throws -> RemoteObject {
        let r = request.resource
        let itype = r.integrationType?.rawValue
        let fallback = request.prior?.attributes ?? r.attributes
        guard
            let current = try await store.transact({ w, _ in
                observe(w, kind: r.kind, integrationType: itype, id: remoteId, fallback: fallback)
            })
        else { throw gone(r.address) }
        try checkMutable(r, current: current, changes: request.changes)
        switch type {
        case .dynamics365: try await updateDynamics(request, id: remoteId)
        default: throw liveAdapterOnly()
        }
        return try await observed(r, remoteId, fallback: fallback)
    }

    /// Deletes the object.
    /// - Throws: `PlatformError` with the vendor's code.
    public func delete(_ state: ResourceState) async throws {
        switch type {
        case .dynamics365: try await deleteDynamics(state)
        default: throw liveAdapterOnly()
        }
    }

    /// The object `id` as a `RemoteObject` whose attributes have the shape of `Resource.attributes`; nil when gone.
    /// Attributes the platform cannot observe (write-only or Switchboard-only) are taken from `fallback`.
    func observe(
        _ world: SandboxWorld, kind: Kind, integrationType: String?, id: String, fallback: [String: Value]
    ) -> RemoteObject? {
        switch type {
        case .dynamics365: observeDynamics(world, kind: kind, id: id, fallback: fallback)
        default: nil
        }
    }

    /// The remote id of the object a resource would be, found by its natural key; nil when there is none.
    func locate(_ world: SandboxWorld, resource: Resource, key: String) -> String? {
        switch type {
        case .dynamics365: locateDynamics(world, resource: resource, key: key)
        default: nil
        }
    }

    // MARK: - Waiting

    /// Polls the world (advanced on every look) until `done` holds, with progress lines, at the sandbox's pace
    /// (`SandboxPacing`: real time while the clock runs, simulated while it is frozen); bounded by
    /// `timing.waitTimeout`.
    func waitUntil(
        _ what: String, _ progress: @escaping @Sendable (String) -> Void,
        _ done: @escaping (SandboxWorld) throws -> Bool
    ) async throws {
        let pacing = SandboxPacing(clock: store.clock, timing: timing)
        let start = pacing.now()
        var lastReport = start
        var announced = false
        while true {
            if try await store.transact({ w, _ in try done(w) }) { return }
            if !announced {
                progress("waiting for \(what) ...")
                announced = true
            }
            let elapsed = pacing.now() - start
            if elapsed > pacing.timeout {
                throw PlatformError(
                    code: "sandbox.wait.timeout",
                    message: "still waiting for \(what) after \(Int(pacing.timeout)) seconds", retryable: true)
            }
            if pacing.now() - lastReport >= 5 {
                progress("still waiting for \(what) (\(Int(elapsed)) s)")
                lastReport = pacing.now()
            }
            try await pacing.sleep(pacing.pollInterval)
        }
    }

    // MARK: - Helpers

    private func observed(_ r: Resource, _ id: String, fallback: [String: Value]? = nil) async throws -> RemoteObject {
        let itype = r.integrationType?.rawValue
        let attrs = fallback ?? r.attributes
        guard
            let o = try await store.transact({ w, _ in
                observe(w, kind: r.kind, integrationType: itype, id: id, fallback: attrs)
            })
        else { throw gone(r.address) }
        return o
    }

    func secret(_ request: PlatformRequest, _ path: String) throws -> String {
        guard let value = request.secrets[path], !value.isEmpty else {
            throw PlatformError(
                code: "sandbox.secret.missing",
                message: "the value of secret field '\(path)' of \(request.resource.address) was not provided")
        }
        return value
    }

    func reference(_ request: PlatformRequest, _ address: Address) throws -> String {
        guard let id = request.references[address] else {
            throw PlatformError(
                code: "sandbox.reference.unresolved",
                message: "\(request.resource.address) refers to \(address), which has no remote id yet")
        }
        return id
    }

    func unsupported(_ r: Resource) -> PlatformError {
        PlatformError(
            code: "sandbox.unsupported",
            message: "the sandbox \(type.rawValue) platform '\(name)' cannot hold \(r.address) "
                + "(\(r.integrationType.map { "type \($0.rawValue)" } ?? r.kind.rawValue))")
    }

    func holdsNothing(_ state: ResourceState) -> PlatformError {
        PlatformError(
            code: "sandbox.unsupported",
            message: "the sandbox \(type.rawValue) platform '\(name)' holds no \(state.kind.rawValue) objects")
    }

    /// The rules of the platform this connection simulates, from its descriptor.
    var rules: PlatformRules {
        switch type {
        case .dynamics365: PlatformDescriptor.dynamics365.rules
        default: PlatformRules()
        }
    }

    private func liveAdapterOnly() -> PlatformError {
        PlatformError(
            code: "sandbox.unsupported",
            message: "the sandbox \(type.rawValue) platform '\(name)' is the live adapter talking to the sandbox's "
                + "emulator (ProjectSandbox), not a SandboxPlatform")
    }

    func gone(_ address: Address) -> PlatformError {
        PlatformError(code: "not.found", message: "\(address) no longer exists on platform '\(name)'", status: 404)
    }

    /// Refuses changes to fields that cannot change in place: those the plan marked as forcing replacement, and
    /// attributes that differ from the platform's object where the platform's rules say so.
    private func checkMutable(_ r: Resource, current: RemoteObject, changes: [FieldChange]) throws {
        let replacing = rules[r.resourceClass]
        let desired = r.attributes
        var paths = Set(changes.filter(\.forcesReplacement).map(\.path))
        for key in Set(desired.keys).union(current.attributes.keys)
        where desired[key] != current.attributes[key]
            && replacing?.forcesReplacement(key) == true
        {
            paths.insert(key)
        }
        let immutable = paths.sorted()
        if let first = immutable.first {
            throw PlatformError(
                code: "field.immutable",
                message: "\(r.address): '\(first)' cannot change in place on \(type.rawValue); the object must be "
                    + "replaced (deleted and created again)",
                status: 400)
        }
    }
}
