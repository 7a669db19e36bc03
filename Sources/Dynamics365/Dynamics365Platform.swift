import Foundation
import PlatformKit
import SwitchboardModel

/// The live Dynamics 365 Contact Center adapter: maps every kind that lives on dynamics-365 onto Omnichannel's
/// Dataverse tables through the Web API v9.2.
///
/// Row names are the resources' names (`msdyn_name`), so a read can turn lookups back into references. The Twilio
/// auth token is written and never read back (the applier keeps its fingerprint).
public struct Dynamics365Platform: Platform {
    public let name: String
    public var type: PlatformType { .dynamics365 }
    /// The HTTP client (exposed for tests: its limiter and authenticator).
    public let client: DataverseClient

    /// Creates the adapter over a client.
    public init(name: String, client: DataverseClient) {
        self.name = name
        self.client = client
    }

    /// Creates the adapter for a Project connection: `endpoint: live` logs in at Entra ID
    /// (`login.microsoftonline.com/{tenantId}`) and calls `organizationUrl`; an http(s) URL as `endpoint` takes
    /// every call (the emulator). `secrets` holds the resolved credential values by field name.
    /// - Throws: `PlatformError` for an unknown endpoint or missing settings.
    public init(
        connection: PlatformConnection, secrets: [String: String],
        transport: @escaping HTTPTransport = URLSessionTransport.make(), options: DataverseClientOptions = .init()
    ) throws {
        func setting(_ key: String) -> String? {
            (secrets[key] ?? connection.settings[key]).flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let tenant = setting("tenantId"), let clientId = setting("clientId"),
            let secret = setting("clientSecret"), let organization = setting("organizationUrl"),
            let organizationURL = URL(string: organization), organizationURL.scheme != nil
        else {
            throw PlatformError(
                code: "dynamics.credentials",
                message: "platform '\(connection.name)' needs organizationUrl, tenantId, clientId and clientSecret "
                    + "(an Entra ID app registration with client credentials)")
        }
        let apiBase: URL
        let login: URL
        if connection.endpoint == "live" {
            apiBase = organizationURL
            login = URL(string: "https://login.microsoftonline.com")!
        } else if let url = URL(string: connection.endpoint), ["http", "https"].contains(url.scheme ?? "") {
            apiBase = url
            login = url
        } else {
            throw PlatformError(
                code: "dynamics.endpoint",
                message: "platform '\(connection.name)': endpoint '\(connection.endpoint)' is not 'live', 'sandbox' "
                    + "or an http(s) URL")
        }
        var options = options
        if let rpm = connection.settings["rateLimitPerMinute"].flatMap(Int.init), rpm > 0 {
            options.requestLimit = rpm * Int(options.window / 60)
        }
        let scope = organization.hasSuffix("/") ? organization + ".default" : organization + "/.default"
        let tokenURL = login.appendingPathComponent(tenant).appendingPathComponent("oauth2/v2.0/token")
        self.init(
            name: connection.name,
            client: DataverseClient(
                apiBase: apiBase, tokenURL: tokenURL, scope: scope, clientId: clientId, clientSecret: secret,
                transport: transport, options: options))
    }

    // MARK: - Platform

    public func read(_ state: ResourceState) async throws -> RemoteObject? {
        switch (state.kind, state.resourceClass.integrationType) {
        case (.integration, .twilioWhatsApp?): return try await readAccount(state.remoteId, fallback: state.attributes, state.address)
        case (.number, _): return try await readNumber(state.remoteId, fallback: state.attributes, state.address)
        case (.workstream, _): return try await readWorkstream(state.remoteId, fallback: state.attributes, state.address)
        case (.template, _): return try await readTemplate(state.remoteId, fallback: state.attributes, state.address)
        default: throw unsupported(state.address, state.attributes[.type]?.stringValue)
        }
    }

    public func find(_ resource: Resource) async throws -> RemoteObject? {
        switch resource.spec {
        case .integration(.twilioWhatsApp): return try await findAccount(resource)
        case .number: return try await findNumber(resource)
        case .workstream: return try await findWorkstream(resource)
        case .template: return try await findTemplate(resource)
        default: throw unsupported(resource.address, resource.integrationType?.rawValue)
        }
    }

    public func create(_ request: PlatformRequest) async throws -> RemoteObject {
        let r = request.resource
        switch r.spec {
        case .integration(.twilioWhatsApp(let a)): return try await createAccount(request, a)
        case .number(let n): return try await createNumber(request, n)
        case .workstream(let w): return try await createWorkstream(request, w)
        case .template(let t): return try await createTemplate(request, t)
        default: throw unsupported(r.address, r.integrationType?.rawValue)
        }
    }

    /// Changes what can change in place. A change the plan marked as forcing replacement is refused with
    /// `field.immutable`.
    public func update(_ request: PlatformRequest, remoteId: String) async throws -> RemoteObject {
        let r = request.resource
        if let change = request.changes.first(where: \.forcesReplacement) {
            throw PlatformError(
                code: "field.immutable",
                message: "\(r.address): '\(change.path)' cannot change in place on Dynamics 365; the object must be "
                    + "replaced (deleted and created again)",
                status: 400)
        }
        switch r.spec {
        case .integration(.twilioWhatsApp(let a)): return try await updateAccount(request, a, remoteId: remoteId)
        case .number(let n): return try await updateNumber(request, n, remoteId: remoteId)
        case .workstream(let w): return try await updateWorkstream(request, w, remoteId: remoteId)
        case .template(let t): return try await updateTemplate(request, t, remoteId: remoteId)
        default: throw unsupported(r.address, r.integrationType?.rawValue)
        }
    }

    public func delete(_ state: ResourceState) async throws {
        let table: String
        switch (state.kind, state.resourceClass.integrationType) {
        case (.integration, .twilioWhatsApp?): table = Tables.account
        case (.number, _): table = Tables.number
        case (.workstream, _): table = Tables.workstream
        case (.template, _): table = Tables.message
        default: throw unsupported(state.address, state.attributes[.type]?.stringValue)
        }
        try await client.delete(try await client.entitySet(table), state.remoteId, resource: state.address)
    }

    // MARK: - Shared helpers

    /// The logical names of the tables Switchboard writes.
    enum Tables {
        static let account = "msdyn_ocwhatsappchannelaccount"
        static let number = "msdyn_ocwhatsappchannelnumber"
        static let workstream = "msdyn_liveworkstream"
        static let message = "msdyn_ocsystemmessage"
        static let localization = "msdyn_oclocalizationdata"
        static let language = "msdyn_oclanguage"
        /// The N:N relationship of workstreams and message templates.
        static let workstreamTemplates = "msdyn_liveworkstream_msdyn_ocsystemmessage"
    }

    /// Option values of the columns Switchboard writes.
    enum Options {
        static let whatsApp = 192_300_000
        static let sms = 192_340_000
        static let custom = 192_350_002
        static let simplifiedMode = 717_210_001
        static let push = 192_350_000
        static let messageTemplate = 3
        static let outsideWindow = 1
        static let customer = 192_350_001
    }

    func unsupported(_ address: Address, _ type: String?) -> PlatformError {
        PlatformError(
            code: "dynamics.unsupported",
            message: "\(address): \(type.map { "integration type '\($0)'" } ?? "this kind") does not live on Dynamics 365")
    }

    /// A quoted OData string literal.
    static func literal(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    /// The rows of `table` whose `column` equals `value`, with `select`ed columns.
    func rows(_ table: String, where column: String, _ value: String, select: String, _ address: Address?) async throws
        -> [Value]
    {
        let set = try await client.entitySet(table)
        return try await client.list(set, query: [("$select", select), ("$filter", "\(column) eq \(value)")], resource: address)
    }

    /// The one row a natural key names; nil when none, an error naming both when two rows share it (never adopted
    /// at random).
    func single(_ rows: [Value], id: String, key: String, _ address: Address) throws -> Value? {
        guard rows.count > 1 else { return rows.first }
        let ids = rows.compactMap { $0[id]?.stringValue }.sorted()
        throw PlatformError(
            code: "dynamics.duplicate",
            message: "\(address): \(rows.count) rows share the key '\(key)' (\(ids.joined(separator: ", "))); "
                + "remove the extra ones in Dynamics 365")
    }

    /// Runs a create that is not safe to repeat blindly: after a retryable failure it first looks for the row
    /// (`recover`), and only sends again when the first attempt left nothing behind.
    func unsafeCall(
        perform: () async throws -> String, recover: () async throws -> String?
    ) async throws -> String {
        try await LookBeforeRetry.run(
            backoff: client.options.retry.backoff(attempt:), sleep: client.options.sleep, perform: perform,
            recover: recover)
    }

    /// The remote id of a referenced resource: from the request, else from state.
    /// - Throws: `ref.missing` when it has none yet.
    func referenceId(_ request: PlatformRequest, _ address: Address) throws -> String {
        if let id = request.references[address] ?? request.referencedState[address]?.remoteId { return id }
        throw PlatformError(
            code: "ref.missing", message: "\(request.resource.address): '\(address)' does not exist on Dynamics 365 yet")
    }

    /// The tag among `preferred` (the manifest's spellings) whose LCID is `lcid`, else the table's tag with the
    /// separator `separator`.
    static func tag(_ lcid: Int?, preferring preferred: [String], separator: Character) -> String? {
        guard let lcid else { return nil }
        if let known = preferred.first(where: { LocaleIdentifiers.lcid($0) == lcid }) { return known }
        return LocaleIdentifiers.entry(lcid).map { String($0.tag.map { $0 == "-" ? separator : $0 }) }
    }
}
