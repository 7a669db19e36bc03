import Foundation
import Reconciler
import SwitchboardModel

/// An in-memory state store that counts writes.
actor MemoryStore: StateStore {
    var current: StateSnapshot
    var saves = 0
    var records: [HistoryRecord] = []
    nonisolated var describe: String { "memory" }

    init(_ s: StateSnapshot = StateSnapshot(lineage: "test-lineage")) { current = s }

    func load() async throws -> StateSnapshot { current }
    func save(_ snapshot: StateSnapshot) async throws -> StateSnapshot {
        guard snapshot.serial == current.serial else {
            throw StateError.conflict(expected: snapshot.serial, found: current.serial)
        }
        var s = snapshot
        s.serial += 1
        current = s
        saves += 1
        return s
    }
    func lock(command: String, timeout: Double) async throws -> LockInfo {
        LockInfo(id: "x", pid: 1, host: "h", user: "u", command: command, acquiredAt: "", expiresAt: "")
    }
    func renew(_ lock: LockInfo) async throws {}
    func unlock(_ lock: LockInfo) async throws {}
    func forceUnlock(id: String) async throws {}
    func currentLock() async throws -> LockInfo? { nil }
    func appendHistory(_ record: HistoryRecord) async throws { records.append(record) }
    func history() async throws -> [HistoryRecord] { records }
}

/// A platform that keeps objects in memory, can fail chosen addresses, and tracks concurrency.
actor FakePlatform: Platform {
    nonisolated let name: String
    nonisolated let type: PlatformType
    var objects: [String: RemoteObject] = [:]
    var calls: [String] = []
    var failing: Set<Address> = []
    var inFlight = 0
    var maxInFlight = 0
    var nextId = 1

    init(name: String = "genesys", type: PlatformType = .genesysCloud) {
        self.name = name
        self.type = type
    }

    func fail(_ a: Address) { failing.insert(a) }

    func read(_ state: ResourceState) async throws -> RemoteObject? { objects[state.remoteId] }
    func find(_ resource: Resource) async throws -> RemoteObject? {
        objects.values.first { $0.naturalKey == resource.naturalKey }
    }
    func create(_ request: PlatformRequest) async throws -> RemoteObject {
        try await work("create \(request.resource.address)", request.resource.address)
        let id = "id-\(nextId)"
        nextId += 1
        let o = RemoteObject(
            remoteId: id, status: "active", attributes: request.resource.attributes,
            naturalKey: request.resource.naturalKey)
        objects[id] = o
        return o
    }
    func update(_ request: PlatformRequest, remoteId: String) async throws -> RemoteObject {
        try await work("update \(request.resource.address)", request.resource.address)
        let o = RemoteObject(remoteId: remoteId, status: "active", attributes: request.resource.attributes,
            naturalKey: request.resource.naturalKey)
        objects[remoteId] = o
        return o
    }
    func delete(_ state: ResourceState) async throws {
        try await work("delete \(state.address)", state.address)
        objects[state.remoteId] = nil
    }

    private func work(_ call: String, _ a: Address) async throws {
        calls.append(call)
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        try? await Task.sleep(for: .milliseconds(5))
        inFlight -= 1
        if failing.contains(a) { throw PlatformError(code: "test.failure", message: "injected failure for \(a)") }
    }
}

enum Fixtures {
    static let token = SecretRef(.env("META_SIGNUP_TOKEN"))
    static let pin = SecretRef(.env("WHATSAPP_PIN"))
    static let auth = SecretRef(.env("TWILIO_AUTH_TOKEN"))

    static func profile(_ name: String) -> Resource {
        Resource(address: Address(.contentProfile, name), platform: "genesys",
            spec: .contentProfile(ContentProfileSpec(inbound: ["image/png"], outbound: ["image/*"])))
    }
    static func whatsapp(_ name: String, phone: String = "+14155550100", profile: String? = nil, protect: Bool = false) -> Resource {
        Resource(address: Address(.integration, name), platform: "genesys", protect: protect,
            spec: .integration(.whatsapp(WhatsAppIntegration(
                phoneNumber: phone, onboarding: .embeddedSignup(token: token, pin: pin), contentProfile: profile))))
    }
    static func sms(_ name: String, enabled: Bool = true, region: String = "us-east-1") -> Resource {
        Resource(address: Address(.integration, name), platform: "genesys",
            spec: .integration(.twilioSMS(TwilioSMSIntegration(
                accountSid: "AC" + String(repeating: "a", count: 32), authToken: auth, region: region, enabled: enabled))))
    }
    static func number(_ name: String, integration: String, phone: String) -> Resource {
        Resource(address: Address(.number, name), platform: "genesys",
            spec: .number(NumberSpec(integration: integration, type: .local, phoneNumber: phone, country: "US")))
    }
    static func set(_ resources: [Resource]) -> ManifestSet {
        ManifestSet(project: .implicit, resources: resources, digest: "d", directory: "m")
    }
    static func plan(_ resources: [Resource], state: StateSnapshot = StateSnapshot(lineage: "test-lineage"),
        fingerprints: [Address: [String: String]] = [:]) -> Plan {
        Planner.plan(PlanInput(manifests: set(resources), state: state, fingerprints: fingerprints,
            now: Date(timeIntervalSince1970: 1_800_000_000)))
    }
}
