import PlatformKit
import SwitchboardModel

extension PlatformDescriptor {
    /// Genesys Cloud: content profiles, WhatsApp, BYO Twilio SMS and agentless e-mail integrations, imported
    /// numbers, and templates, through `GenesysCloudPlatform`.
    public static let genesysCloud = PlatformDescriptor(
        profile: PlatformProfile(
            type: .genesysCloud, displayName: "Genesys Cloud", defaultConnectionName: "genesys",
            connectionFields: [
                ConnectionField("clientId", required: true),
                ConnectionField("clientSecret", secretOnly: true, required: true),
                ConnectionField("rateLimitPerMinute"),
            ],
            regions: GenesysRegion.allRegions,
            holds: [
                .init(.contentProfile),
                .init(.integration, integrationTypes: [.whatsapp, .twilioSMS, .agentlessEmail]),
                .init(.template, templateChannels: [.email]),
                // Response management messaging templates: on Genesys Cloud only when spec.platform says so.
                .init(.template, templateChannels: [.whatsapp], byDefault: false),
            ]),
        rules: GenesysCloudRules.rules,
        live: { connection, credentials, context in
            try GenesysCloudPlatform(
                connection: connection, secrets: credentials, transport: context.transport,
                options: context.inProcess.map(GenesysClientOptions.inProcess) ?? .init())
        })
}

/// What the planner and policy must know of Genesys Cloud's objects.
enum GenesysCloudRules {
    static let rules = PlatformRules([
        ResourceClass(.contentProfile): ResourceRules(),
        .integration(.whatsapp): ResourceRules(
            // The onboarding data (form, secrets, verification) is used only to activate (DESIGN.md section 3.2):
            // before activation a change is used by the next attempt; once active it changes nothing (a plan note).
            // The API cannot switch the form of an existing integration (embedded signup and the certificate flow
            // are created through different endpoints), so a new form still replaces one that is not active yet.
            replacing: .only([.type, .phoneNumber, .onboardingForm]), usedUntilActive: [.onboarding],
            naturalKey: [.phoneNumber],
            // The certificate flow activates with a code sent to the phone, which the apply cannot wait for. From a
            // failed activation (or one stuck pending until it failed) the vendor's advice is to delete the
            // integration and start again.
            activation: .init(
                field: .enabled, deferredWhen: (.onboardingForm, certificateForm), restartFrom: [.error]),
            findings: whatsAppFindings),
        // Known by its Twilio account SID: renaming it is a move (the integration's name is updated).
        .integration(.twilioSMS): ResourceRules(
            replacing: .only([.type, .accountSid, .region]), naturalKey: [.accountSid], findings: twilioSMSFindings),
        .integration(.agentlessEmail): ResourceRules(
            replacing: .only([.type, .domain]), naturalKey: [.domain],
            findings: [
                FindingRule("billing.usage", .billing, on: .enabling(.enabled)) {
                    "agentless e-mail from '\($0.string(.domain) ?? $0.name)' is billed per message sent once it is "
                        + "enabled"
                },
                // Genesys Cloud's outbound domain carries no enabled flag: setting it up makes sends (and their
                // charges) possible whatever `enabled` says.
                FindingRule("billing.usage", .billing, on: .creation, when: [.enabled: false]) {
                    "setting up '\($0.string(.domain) ?? $0.name)' for agentless e-mail makes every message sent from "
                        + "it billable; Genesys Cloud has no switch for the domain, so 'enabled: false' only keeps "
                        + "Switchboard's own sends off"
                },
            ]),
        // Only the content profile of an imported number can change in place; the platform takes one import at a
        // time per integration; a number lives through its integration (replacing one imports its numbers again).
        ResourceClass(.number): ResourceRules(
            replacing: .allExcept([.contentProfile]), naturalKey: [.phoneNumber, .shortcode],
            serializedBy: .integration, replacedWith: .init(.integration, through: .integration),
            companion: byoSMSWebhook),
        ResourceClass(.template): ResourceRules(
            replacing: .only([.channel, .category, .namespace, .localizations, .defaultLanguage]),
            findings: [agentlessTemplate]),
    ])

    /// A BYO SMS number's inbound webhook at Twilio (DESIGN.md section 6): pointed at the exact webhook of its
    /// integration's region (the one table, `GenesysRegion.byoSMSWebhookURL`) before the import, back at what it was
    /// after the number leaves or while its integration is disabled. The account and its token are the
    /// integration's; `smsUrl` is the setting the Twilio adapter records.
    static let byoSMSWebhook = CompanionRule(
        platformType: .twilio, purpose: "inbound webhook", setting: Field("smsUrl"),
        through: .init(.integration, through: .integration), accountField: .accountSid, credentialField: .authToken,
        activationField: .enabled
    ) { _, integration in
        integration[.region]?.stringValue.flatMap(GenesysRegion.byoSMSWebhookURL(region:))
    }

    /// `onboarding.form` of the certificate flow.
    static let certificateForm = Value.string(WhatsAppOnboarding.Form.certificate.rawValue)

    static let whatsAppFindings = [
        FindingRule("billing.whatsapp-monthly", .billing, on: .activation) {
            "activating the WhatsApp integration '\($0.name)' starts a monthly charge at once, whether or not it is "
                + "used"
        },
        FindingRule("irreversible.whatsapp-number", .irreversible, on: .activation) {
            "activating \($0.string(.phoneNumber) ?? "?") for WhatsApp on Genesys Cloud is permanent: the number can "
                + "never go back to the WhatsApp Business app or the consumer app"
        },
        FindingRule("billing.whatsapp-minimum", .billing, on: .removalAfterActivation) {
            "\($0.change.action == .replace ? "replacing" : "deleting") the WhatsApp integration '\($0.name)', which "
                + "has been active, still bills a full month, even if it was activated moments ago"
        },
        FindingRule("billing.whatsapp-continues", .billing, on: .deactivation(.enabled)) {
            "the WhatsApp integration '\($0.name)' is active and Genesys Cloud cannot deactivate it: its monthly "
                + "charge continues while it exists, and only deleting it ends the charge"
        },
        FindingRule("expiry.whatsapp-pending", .warning, on: .restart) {
            "the activation of the WhatsApp integration '\($0.name)' failed or stayed pending past the platform's few "
                + "minutes; the vendor's advice is to delete the integration and start again, which this plan does"
        },
        FindingRule(
            "billing.whatsapp-certificate", .billing, on: .creation, when: [.onboardingForm: certificateForm]
        ) {
            "the WhatsApp integration '\($0.name)' uses the deprecated certificate flow: an integration created with "
                + "an invalid number or certificate may incur integration fees at once"
        },
        FindingRule(
            "expiry.whatsapp-certificate", .warning,
            on: .lapse(of: .onboardingCertificateIssued, lifetime: 7 * 86_400, notice: 86_400),
            when: [.onboardingForm: certificateForm]
        ) {
            "the certificate for '\($0.name)' lapses at \($0.deadline ?? "?") (168 hours after its issue day), less "
                + "than 24 hours from now: activate it (enter its code) before then, or get a new certificate"
        },
        FindingRule("expiry.whatsapp-activation", .warning, on: .inactivity(removedAfter: 30 * 86_400)) {
            "the WhatsApp integration '\($0.name)' will not be active after this apply; the platform removes "
                + "integrations that are not active 30 days after creation (by \($0.deadline ?? "?"))"
        },
    ]

    /// The numbers imported through an integration, by phone number or short code, for the sentences below.
    static func importedNumbers(_ context: FindingContext) -> String {
        let numbers = context.referrers(.number, through: .integration).map {
            $0.attributes[.phoneNumber]?.stringValue ?? $0.attributes[.shortcode]?.stringValue ?? $0.name
        }.sorted()
        return numbers.isEmpty
            ? "no numbers are recorded for it" : "these numbers leave the inventory: \(numbers.joined(separator: ", "))"
    }

    static let twilioSMSFindings = [
        FindingRule("destructive.twilio-sms-delete", .destructive, on: .removal) {
            "deleting the Twilio SMS integration '\($0.name)' removes every number imported through it, whatever "
                + "flows or queues use them (\(importedNumbers($0))); Switchboard points each number's Twilio webhook "
                + "back at what it was before the import"
        },
        FindingRule("destructive.twilio-sms-disable", .destructive, on: .disabling(.enabled)) {
            "disabling the Twilio SMS integration '\($0.name)' disables its numbers and drops inbound messages sent "
                + "to Genesys Cloud until it is enabled again (\(importedNumbers($0))); Switchboard points the numbers' "
                + "Twilio webhooks back at their previous targets while it is disabled, and at Genesys Cloud again "
                + "when it is enabled"
        },
    ]

    /// Agentless notifications with a WhatsApp template are charged per message.
    static let agentlessTemplate = FindingRule(
        "billing.usage", .billing, on: .enabling(.agentless),
        when: [.channel: .string(TemplateChannel.whatsapp.rawValue)]
    ) {
        "the WhatsApp template '\($0.name)' is used for agentless notifications, which are charged per message "
            + "(ACD messaging fees)"
    }
}
