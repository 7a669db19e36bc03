import Foundation
import PlatformKit
import SwitchboardModel

/// The live Twilio adapter. No resource of the five kinds lives on a Twilio connection: it does the work at Twilio
/// that other platforms' resources need (`CompanionPlatform`): a BYO SMS number's inbound webhook pointed at
/// Genesys Cloud before its import and back after it leaves, the account's secondary auth token reported.
///
/// What it changes at Twilio is only ever a number's `SmsUrl`/`SmsMethod` (and a TwiML application's hold on it),
/// and a Messaging Service's `UseInboundWebhookOnNumber`: nothing is bought, released or deleted.
public struct TwilioPlatform: CompanionPlatform {
    public let name: String
    public var type: PlatformType { .twilio }
    /// The HTTP client (exposed for tests).
    public let client: TwilioClient
    /// What `acting(for:credential:)` builds another client with.
    let transport: HTTPTransport
    /// What this adapter learnt from listings during the command (`TwilioIndex`).
    let index = TwilioIndex()

    /// Creates the adapter for one account; `username` is the account SID or an API key SID.
    public init(
        name: String, hosts: TwilioHosts, accountSid: String, username: String? = nil, password: String,
        transport: @escaping HTTPTransport = URLSessionTransport.make(), options: TwilioClientOptions = .init()
    ) {
        self.name = name
        self.transport = transport
        self.client = TwilioClient(
            hosts: hosts, accountSid: accountSid, username: username ?? accountSid, password: password,
            transport: transport, options: options)
    }

    /// Creates the adapter for a Project connection: `accountSid` (a setting or a secret) with `authToken`, or with
    /// `apiKey` and `apiSecret`.
    /// - Throws: `PlatformError` for an unknown endpoint or missing credentials.
    public init(
        connection: PlatformConnection, secrets: [String: String],
        transport: @escaping HTTPTransport = URLSessionTransport.make(), options: TwilioClientOptions = .init()
    ) throws {
        let hosts = try TwilioHosts(endpoint: connection.endpoint)
        func value(_ key: String) -> String? {
            (secrets[key] ?? connection.settings[key]).flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let account = value("accountSid") else {
            throw Self.credentialsError(connection.name)
        }
        if let key = value("apiKey") {
            guard let secret = value("apiSecret") else { throw Self.credentialsError(connection.name) }
            self.init(
                name: connection.name, hosts: hosts, accountSid: account, username: key, password: secret,
                transport: transport, options: options)
        } else {
            guard let token = value("authToken") else { throw Self.credentialsError(connection.name) }
            self.init(
                name: connection.name, hosts: hosts, accountSid: account, password: token, transport: transport,
                options: options)
        }
    }

    /// This adapter (hosts, transport, tuning) for `account`, authenticating with its auth token `credential`.
    public func acting(for account: String, credential: String) -> any CompanionPlatform {
        TwilioPlatform(
            name: name, hosts: client.hosts, accountSid: account, password: credential, transport: transport,
            options: client.options)
    }

    static func credentialsError(_ connection: String) -> PlatformError {
        PlatformError(
            code: "twilio.credentials",
            message: "platform '\(connection)' needs accountSid with authToken, or accountSid with apiKey and apiSecret")
    }

    // MARK: - Platform

    public func read(_ state: ResourceState) async throws -> RemoteObject? { throw unsupported(state.address) }
    public func find(_ resource: Resource) async throws -> RemoteObject? { throw unsupported(resource.address) }
    public func create(_ request: PlatformRequest) async throws -> RemoteObject {
        throw unsupported(request.resource.address)
    }
    public func update(_ request: PlatformRequest, remoteId: String) async throws -> RemoteObject {
        throw unsupported(request.resource.address)
    }
    public func delete(_ state: ResourceState) async throws { throw unsupported(state.address) }
    /// Nothing of the five kinds lives on a Twilio connection: every listing is empty (the numbers Twilio holds for
    /// other platforms' resources are companion subjects, found by `inspect`).
    public func list(kind: Kind) async throws -> [RemoteObject] { [] }

    func unsupported(_ address: Address) -> PlatformError {
        PlatformError(
            code: "twilio.unsupported",
            message: "\(address): no \(address.kind.rawValue) lives on the Twilio connection '\(name)'; Twilio is "
                + "reached through the resources of other platforms that need it")
    }

    // MARK: - Shared helpers

    enum Paths {
        static let incomingPhoneNumbers = "IncomingPhoneNumbers"
        static let shortCodes = "SMS/ShortCodes"
        static let services = "/v1/Services"
        static let secondaryAuthToken = "/v1/AuthTokens/Secondary"
    }
}
