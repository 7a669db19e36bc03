import Dynamics365
import Foundation
import PlatformKit
import Sandbox
import SwitchboardModel
import SwitchboardTestSupport
import Testing

/// The live Dynamics 365 adapter against the sandbox's Dataverse emulator in process, on one virtual clock: the
/// adapter's waits (backoff, `Retry-After`) move it, and the emulator's service-protection window reads it.
struct DynamicsFixture {
    let scratch: TemporaryDirectory
    let time: MovableTime
    let store: SandboxStore
    let emulator: DynamicsEmulator
    let platform: Dynamics365Platform

    static let start = Date(timeIntervalSince1970: 1_795_000_000)
    static let accountSid = "AC0123456789abcdef0123456789abcdef"
    static let authToken = "twilio-auth-token-0123456789"
    static let clientSecret = "entra-client-secret-9876543210"

    init(options: DynamicsEmulatorOptions = .inProcess, pageSize: Int = 500) throws {
        scratch = try TemporaryDirectory("dynamics-test")
        let time = MovableTime(Self.start)
        self.time = time
        store = SandboxStore(path: scratch.path(".switchboard/sandbox.json"), clock: .movable(time))
        emulator = DynamicsEmulator(
            backend: DynamicsEmulatorBackend(store: store, org: "dynamics"), options: options,
            now: { time.now.timeIntervalSince1970 })
        let clientOptions = DataverseClientOptions(
            pageSize: pageSize, sleep: { seconds in if seconds > 0 { time.advance(by: seconds) } },
            now: { time.now.timeIntervalSince1970 })
        let connection = PlatformConnection(
            name: "dynamics", type: .dynamics365, endpoint: "http://emulator.invalid",
            settings: ["organizationUrl": "https://contoso.crm4.dynamics.com", "tenantId": "0f1e2d3c", "clientId": "5a6b"])
        platform = try Dynamics365Platform(
            connection: connection, secrets: ["clientSecret": Self.clientSecret], transport: emulator.transport,
            options: clientOptions)
    }

    func world() async throws -> SandboxDynamicsOrg {
        try await store.read().dynamics["dynamics"] ?? SandboxDynamicsOrg(environment: "none")
    }

    // MARK: - Resources

    static let account = Resource(
        address: Address(.integration, "wa-twilio"), platform: "dynamics",
        spec: .integration(.twilioWhatsApp(TwilioWhatsAppIntegration(accountSid: accountSid, authToken: SecretRef(.env("T"))))))

    static func number(_ name: String, _ phone: String) -> Resource {
        Resource(
            address: Address(.number, name), platform: "dynamics",
            spec: .number(NumberSpec(integration: "wa-twilio", type: .whatsapp, phoneNumber: phone, country: "US")))
    }

    static func template(_ name: String, english: String = "Order {{1}} shipped.") -> Resource {
        Resource(
            address: Address(.template, name), platform: "dynamics",
            spec: .template(TemplateSpec(
                channel: .whatsapp, category: .utility, defaultLanguage: "en_US",
                localizations: [
                    Localization(language: "en_US", text: english),
                    Localization(language: "es_MX", text: "Pedido {{1}} enviado."),
                ])))
    }

    static func workstream(_ name: String, numbers: [String], templates: [String], customer: Bool = true) -> Resource {
        Resource(
            address: Address(.workstream, name), platform: "dynamics",
            spec: .workstream(WorkstreamSpec(
                channel: .whatsapp, numbers: numbers, language: "en-US",
                fileAttachments: FileAttachments(customer: customer, agent: false), templates: templates)))
    }

    static func state(_ r: Resource, _ remote: RemoteObject) -> ResourceState {
        ResourceState(
            kind: r.kind, name: r.name, platform: r.platform, remoteId: remote.remoteId, status: remote.status,
            attributes: r.attributes)
    }

    /// Applies an account, a template, a workstream and its number in the order the planner gives them; returns
    /// each one's state.
    func applyAll() async throws -> [Address: ResourceState] {
        var states: [Address: ResourceState] = [:]
        let account = Self.account
        states[account.address] = Self.state(
            account, try await platform.create(PlatformRequest(resource: account, secrets: ["authToken": Self.authToken])))
        let template = Self.template("order-shipped")
        states[template.address] = Self.state(template, try await platform.create(PlatformRequest(resource: template)))
        let stream = Self.workstream("support", numbers: ["us-whatsapp"], templates: ["order-shipped"])
        states[stream.address] = Self.state(
            stream,
            try await platform.create(PlatformRequest(
                resource: stream, references: [template.address: states[template.address]?.remoteId ?? ""])))
        let number = Self.number("us-whatsapp", "+14155550200")
        states[number.address] = Self.state(
            number,
            try await platform.create(PlatformRequest(
                resource: number, references: [account.address: states[account.address]?.remoteId ?? ""],
                referencedState: [stream.address: try #require(states[stream.address])])))
        return states
    }
}
