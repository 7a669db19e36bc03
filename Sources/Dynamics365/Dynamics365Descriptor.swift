import PlatformKit
import SwitchboardModel

extension PlatformDescriptor {
    /// Dynamics 365 Contact Center: WhatsApp via Twilio channel accounts, workstreams, WhatsApp numbers and
    /// templates, through `Dynamics365Platform` (Entra ID client credentials, the Dataverse Web API).
    public static let dynamics365 = PlatformDescriptor(
        profile: PlatformProfile(
            type: .dynamics365, displayName: "Dynamics 365", defaultConnectionName: "dynamics",
            connectionFields: [
                ConnectionField("tenantId", required: true), ConnectionField("clientId", required: true),
                ConnectionField("clientSecret", secretOnly: true, required: true),
                ConnectionField("organizationUrl", required: true), ConnectionField("rateLimitPerMinute"),
            ],
            namedEndpoints: ["live"],
            holds: [
                .init(.integration, integrationTypes: [.twilioWhatsApp]), .init(.workstream),
                .init(.template, templateChannels: [.whatsapp]),
            ]),
        rules: Dynamics365Rules.rules,
        live: { connection, credentials, context in
            try Dynamics365Platform(
                connection: connection, secrets: credentials, transport: context.transport,
                options: context.inProcess.map(DataverseClientOptions.inProcess) ?? .init())
        })
}

/// What the planner and policy must know of Dynamics 365's objects.
enum Dynamics365Rules {
    static let rules = PlatformRules([
        // The account is known by its Twilio account SID.
        .integration(.twilioWhatsApp): ResourceRules(
            replacing: .only([.type, .accountSid]), naturalKey: [.accountSid]),
        ResourceClass(.workstream): ResourceRules(replacing: .only([.channel])),
        // A number row lives through its channel account, which takes one number at a time; the row holds its
        // workstream (a required lookup), so the workstream that lists it is written first.
        ResourceClass(.number): ResourceRules(
            replacing: .allExcept([.contentProfile]), naturalKey: [.phoneNumber, .shortcode],
            serializedBy: .integration, replacedWith: .init(.integration, through: .integration),
            listedBy: .init(.workstream, through: .numbers)),
        // Approved text cannot change in place: a new text is a new approval.
        ResourceClass(.template): ResourceRules(
            replacing: .only([.channel, .category, .namespace, .localizations, .defaultLanguage]),
            findings: [
                FindingRule(
                    "billing.usage", .billing, on: .enabling(.agentless),
                    when: [.channel: .string(TemplateChannel.whatsapp.rawValue)]
                ) {
                    "the WhatsApp template '\($0.name)' is used for agentless notifications, which are charged per "
                        + "message (ACD messaging fees)"
                }
            ]),
    ])
}
