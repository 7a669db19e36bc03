import Foundation
import PlatformKit
import SwitchboardModel

/// The live Genesys Cloud adapter: maps every kind that lives on genesys-cloud onto the Platform API v2.
///
/// Remote names are the resources' names, so a read can turn referenced ids back into references. Write-only
/// secrets (signup token, PIN, certificate, Twilio auth token) are sent and never read back: the applier keeps
/// their fingerprints, and `read` never reports them.
public struct GenesysCloudPlatform: Platform {
    public let name: String
    public var type: PlatformType { .genesysCloud }
    /// The HTTP client (exposed for tests: its rate limiter and authenticator).
    public let client: GenesysClient
    /// The Response Management library WhatsApp templates are filed in.
    public var libraryName: String
    /// What this adapter learnt from listings during the command (`GenesysCache`).
    let cache = GenesysCache()

    /// Creates the adapter for one OAuth client.
    public init(
        name: String, endpoints: GenesysRegionEndpoints, clientId: String, clientSecret: String,
        transport: @escaping HTTPTransport = URLSessionTransport.make(), options: GenesysClientOptions = .init(),
        libraryName: String = "Switchboard"
    ) {
        self.name = name
        self.client = GenesysClient(
            endpoints: endpoints, clientId: clientId, clientSecret: clientSecret, transport: transport, options: options)
        self.libraryName = libraryName
    }

    /// Creates the adapter for a Project connection. `secrets` holds the resolved credential values by field name
    /// (`clientId` may also be a plain setting); `settings["rateLimitPerMinute"]` overrides the request budget.
    /// - Throws: `PlatformError` for an unknown endpoint or missing credentials.
    public init(
        connection: PlatformConnection, secrets: [String: String],
        transport: @escaping HTTPTransport = URLSessionTransport.make(), options: GenesysClientOptions = .init()
    ) throws {
        let endpoints = try GenesysRegionEndpoints(endpoint: connection.endpoint)
        guard let id = secrets["clientId"] ?? connection.settings["clientId"], !id.isEmpty,
            let secret = secrets["clientSecret"], !secret.isEmpty
        else {
            throw PlatformError(
                code: "genesys.credentials",
                message: "platform '\(connection.name)' needs credentials clientId and clientSecret (an OAuth client "
                    + "credentials grant)")
        }
        var options = options
        if let rpm = connection.settings["rateLimitPerMinute"].flatMap(Int.init), rpm > 0 {
            options.rateLimitPerMinute = rpm
        }
        self.init(name: connection.name, endpoints: endpoints, clientId: id, clientSecret: secret, transport: transport,
            options: options)
    }

    // MARK: - Platform

    public func read(_ state: ResourceState) async throws -> RemoteObject? {
        switch (state.kind, state.resourceClass.integrationType) {
        case (.contentProfile, _): return try await readContentProfile(state)
        case (.integration, .whatsapp?): return try await readWhatsApp(state)
        case (.integration, .twilioSMS?): return try await readTwilioSMS(state)
        case (.integration, .agentlessEmail?): return try await readAgentlessEmail(state)
        case (.number, _): return try await readNumber(state)
        case (.template, _): return try await readTemplate(state)
        default: throw unsupported(state.address, state.attributes[.type]?.stringValue)
        }
    }

    public func find(_ resource: Resource) async throws -> RemoteObject? {
        try await findAll(resource).first
    }

    /// Every object with the resource's natural key: a content profile's or twilio-sms integration's name, a
    /// WhatsApp integration's or number's phone number, an e-mail domain, a template's name.
    public func findAll(_ resource: Resource) async throws -> [RemoteObject] {
        switch resource.spec {
        case .contentProfile: return try await findContentProfile(resource)
        case .integration(.whatsapp): return try await findWhatsApp(resource)
        case .integration(.twilioSMS): return try await findTwilioSMS(resource)
        case .integration(.agentlessEmail): return try await findAgentlessEmail(resource).map { [$0] } ?? []
        case .number: return try await findNumber(resource)
        case .template: return try await findTemplate(resource).map { [$0] } ?? []
        default: throw unsupported(resource.address, resource.integrationType?.rawValue)
        }
    }

    public func create(_ request: PlatformRequest) async throws -> RemoteObject {
        let r = request.resource
        switch r.spec {
        case .contentProfile(let s): return try await createContentProfile(r, s)
        case .integration(.whatsapp(let w)): return try await createWhatsApp(request, w)
        case .integration(.twilioSMS(let t)): return try await createTwilioSMS(request, t)
        case .integration(.agentlessEmail(let e)): return try await createAgentlessEmail(request, e)
        case .number(let n): return try await createNumber(request, n)
        case .template(let t): return try await createTemplate(request, t)
        default: throw unsupported(r.address, r.integrationType?.rawValue)
        }
    }

    /// Changes what can change in place. A change the plan marked as forcing replacement is refused with
    /// `field.immutable` (no request carries it: Genesys Cloud would silently keep the old value).
    public func update(_ request: PlatformRequest, remoteId: String) async throws -> RemoteObject {
        let r = request.resource
        if let change = request.changes.first(where: \.forcesReplacement) {
            throw PlatformError(
                code: "field.immutable",
                message: "\(r.address): '\(change.path)' cannot change in place on Genesys Cloud; the object must be "
                    + "replaced (deleted and created again)",
                status: 400)
        }
        switch r.spec {
        case .contentProfile(let s): return try await updateContentProfile(r, s, remoteId: remoteId)
        case .integration(.whatsapp(let w)): return try await updateWhatsApp(request, w, remoteId: remoteId)
        case .integration(.twilioSMS(let t)): return try await updateTwilioSMS(request, t, remoteId: remoteId)
        case .integration(.agentlessEmail(let e)): return try await updateAgentlessEmail(request, e, remoteId: remoteId)
        case .number(let n): return try await updateNumber(request, n, remoteId: remoteId)
        case .template(let t): return try await updateTemplate(request, t, remoteId: remoteId)
        default: throw unsupported(r.address, r.integrationType?.rawValue)
        }
    }

    public func delete(_ state: ResourceState) async throws {
        switch (state.kind, state.resourceClass.integrationType) {
        case (.contentProfile, _): try await deleteAndWait(Paths.supportedContent + "/" + state.remoteId, state.address)
        case (.integration, .whatsapp?): try await deleteWhatsApp(state)
        case (.integration, .twilioSMS?): try await deleteTwilioSMS(state)
        case (.integration, .agentlessEmail?):
            try await deleteAndWait(Paths.domains + "/" + state.remoteId, state.address)
        case (.number, _): try await deleteAndWait(Paths.numbers + "/" + state.remoteId, state.address)
        case (.template, _): try await deleteTemplate(state)
        default: throw unsupported(state.address, state.attributes[.type]?.stringValue)
        }
    }

    // MARK: - Shared helpers

    enum Paths {
        static let supportedContent = "/api/v2/conversations/messaging/supportedcontent"
        static let whatsapp = "/api/v2/conversations/messaging/integrations/whatsapp"
        static let integrations = "/api/v2/integrations"
        static let integrationTypes = "/api/v2/integrations/types"
        static let credentials = "/api/v2/integrations/credentials"
        static let numbers = "/api/v2/routing/sms/phonenumbers"
        static let domains = "/api/v2/routing/email/outbound/domains"
        static let responses = "/api/v2/responsemanagement/responses"
        static let libraries = "/api/v2/responsemanagement/libraries"
    }

    func unsupported(_ address: Address, _ type: String?) -> PlatformError {
        PlatformError(
            code: "genesys.unsupported",
            message: "\(address): \(type.map { "integration type '\($0)'" } ?? "this kind") does not live on Genesys Cloud")
    }

    /// The remote id of a referenced resource: from the request, else found by its name (in a listing read once per
    /// command). Its name is remembered, so reading the object back names the reference without a request.
    func referenceId(_ request: PlatformRequest, _ address: Address) async throws -> String {
        let path = address.kind == .contentProfile ? Paths.supportedContent : Paths.integrations
        if let id = request.references[address] ?? request.referencedState[address]?.remoteId {
            await cache.setName(path, id, address.name)
            return id
        }
        let all = try await client.getAll(path, resource: request.resource.address)
        await cache.setListing(path, all)
        if let id = all.first(where: { $0["name"]?.stringValue == address.name })?["id"]?.stringValue { return id }
        throw PlatformError(
            code: "ref.missing", message: "\(request.resource.address): '\(address)' does not exist on Genesys Cloud")
    }

    /// The name of the object at `path/id`, or the id itself when it is gone: known from this command's listings and
    /// writes, else read once (and remembered).
    func name(at path: String, id: String?, resource: Address?) async throws -> String? {
        guard let id, !id.isEmpty else { return nil }
        if let known = await cache.name(path, id) { return known }
        let name = try await client.getIfExists(path + "/" + id, resource: resource)?["name"]?.stringValue ?? id
        await cache.setName(path, id, name)
        return name
    }

    /// Runs a request that is not safe to repeat blindly: after a retryable failure it first looks for the
    /// object (`recover`), and only sends again when the first attempt left nothing behind.
    func unsafeCall(
        _ resource: Address, attempts: Int = 6, perform: () async throws -> Value, recover: () async throws -> Value?
    ) async throws -> Value {
        try await LookBeforeRetry.run(
            attempts: attempts, backoff: client.options.retry.backoff(attempt:), sleep: client.options.sleep,
            perform: perform, recover: recover)
    }

    /// Deletes the object and polls it until 404.
    func deleteAndWait(_ path: String, _ address: Address, failedStatus: String? = nil) async throws {
        do {
            try await client.send("DELETE", path, resource: address)
        } catch let e as PlatformError where e.status == 404 {
            return
        }
        _ = try await client.poll(path, resource: address, waitingFor: "\(address) to be deleted") { current in
            guard let current else { return true }
            if let failedStatus, current["status"]?.stringValue == failedStatus {
                throw PlatformError(
                    code: "genesys.delete-failed", message: "\(address): the platform reports \(failedStatus)",
                    request: "DELETE \(path)")
            }
            return false
        }
    }

    /// The secret at `path` in the request.
    /// - Throws: `PlatformError` when it was not resolved.
    func secret(_ request: PlatformRequest, _ field: Field) throws -> String {
        guard let v = request.secrets[field], !v.isEmpty else {
            throw PlatformError(code: "env.unset", message: "\(request.resource.address): secret '\(field)' has no value")
        }
        return v
    }
}
