import PlatformKit
import SwitchboardModel

extension PlatformDescriptor {
    /// Dynamics 365 Omnichannel: WhatsApp via Twilio channel accounts, workstreams, WhatsApp numbers and templates.
    /// No live adapter yet: its connections work with `endpoint: sandbox` only (the mapping in this folder), until
    /// the Dynamics 365 module brings one and this descriptor moves there.
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
        rules: Dynamics365Rules.rules, live: nil)
}

/// What the planner and policy must know of Dynamics 365's objects.
enum Dynamics365Rules {
    static let rules = PlatformRules([
        .integration(.twilioWhatsApp): ResourceRules(replacing: .only([.type, .accountSid])),
        ResourceClass(.workstream): ResourceRules(replacing: .only([.channel])),
        // A number lives through its channel account, which takes one number at a time.
        ResourceClass(.number): ResourceRules(
            replacing: .allExcept([.contentProfile]), naturalKey: [.phoneNumber, .shortcode],
            serializedBy: .integration, replacedWith: .init(.integration, through: .integration)),
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
