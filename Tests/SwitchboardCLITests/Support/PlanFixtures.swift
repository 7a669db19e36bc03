import Foundation
import SwitchboardModel
import SwitchboardTestSupport

/// Hand-built plans and manifest sets for the renderer tests.
enum PlanFixtures {
    static let whatsapp = Address(.integration, "support-whatsapp")
    static let sms = Address(.integration, "byo-twilio-sms")
    static let profile = Address(.contentProfile, "sms-media")
    static let number = Address(.number, "sf-store")
    static let template = Address(.template, "order-shipped")
    static let workstream = Address(.workstream, "returns-english")

    /// A plan with every action, a sensitive field, a replacement and findings of every severity but error.
    static var mixed: Plan {
        let changes: [PlannedChange] = [
            PlannedChange(
                address: profile, platform: "genesys", action: .update, order: 1,
                fields: [FieldChange(path: "inbound", before: ["image/jpeg"], after: ["image/jpeg", "image/png"])]),
            PlannedChange(
                address: whatsapp, platform: "genesys", action: .create, order: 2, dependsOn: [profile],
                fields: [
                    FieldChange(path: "contentProfile", before: nil, after: "sms-media"),
                    FieldChange(path: "enabled", before: nil, after: true),
                    FieldChange(path: "onboarding.pin", before: "pin-one-4711", after: "pin-two-4712", sensitive: true),
                    FieldChange(path: "phoneNumber", before: nil, after: "+14155550100"),
                ],
                findings: [
                    Finding(
                        code: "billing.whatsapp-monthly", severity: .billing,
                        message:
                            "activating the WhatsApp integration 'support-whatsapp' starts a monthly charge at once",
                        address: whatsapp),
                    Finding(
                        code: "irreversible.whatsapp-number", severity: .irreversible,
                        message: "activating +14155550100 for WhatsApp on Genesys Cloud is permanent", address: whatsapp
                    ),
                ]),
            PlannedChange(
                address: number, platform: "genesys", action: .replace, order: 3,
                fields: [
                    FieldChange(path: "contentProfile", before: "sms-media", after: "sms-media"),
                    FieldChange(
                        path: "phoneNumber", before: "+14155550123", after: "+14155550124", forcesReplacement: true),
                ]),
            PlannedChange(
                address: template, platform: "dynamics", action: .update, order: 4,
                fields: [FieldChange(path: "body", before: "a | b", after: "<b>Hi</b> & *bye* `x`\nline two")],
                findings: [
                    Finding(
                        code: "expiry.whatsapp-activation", severity: .warning,
                        message: "the template <draft> will be removed after 30 days | unless approved",
                        address: template)
                ]),
            PlannedChange(address: workstream, platform: "dynamics", action: .noop, order: 5),
            PlannedChange(
                address: sms, platform: "genesys", action: .delete, order: 6,
                fields: [FieldChange(path: "accountSid", before: "AC0123456789abcdef0123456789abcdef", after: nil)],
                findings: [
                    Finding(
                        code: "destructive.twilio-sms-delete", severity: .destructive,
                        message:
                            "deleting the Twilio SMS integration 'byo-twilio-sms' removes every number imported "
                            + "through it (+14155550123)",
                        address: sms)
                ]),
        ]
        return Plan(
            lineage: "6f1c2d3e-0000-4000-8000-000000000001", serial: 7, changes: changes,
            findings: changes.flatMap(\.findings), manifestDigest: "sha256:" + String(repeating: "ab", count: 32),
            commit: "0123456789abcdef0123456789abcdef01234567", directory: "manifests", project: Fixtures.implicitProject,
            createdAt: "2026-01-02T03:04:05Z", checksum: "sha256:" + String(repeating: "cd", count: 32))
    }

    /// A plan of `count` number imports into one integration, with some billing and destructive findings.
    static func large(_ count: Int) -> Plan {
        var changes: [PlannedChange] = []
        for i in 0..<count {
            let address = Address(.number, "line-\(i)")
            let action: Action = [.create, .create, .update, .replace, .delete, .noop][i % 6]
            var findings: [Finding] = []
            if i % 1000 == 0 {
                findings.append(
                    Finding(
                        code: "billing.usage", severity: .billing, message: "number line-\(i) is billed per message",
                        address: address))
            }
            if i % 2500 == 1 {
                findings.append(
                    Finding(
                        code: "destructive.twilio-sms-delete", severity: .destructive,
                        message: "line-\(i) leaves the inventory", address: address))
            }
            changes.append(
                PlannedChange(
                    address: address, platform: "genesys", action: action, order: i + 1,
                    fields: [
                        FieldChange(
                            path: "phoneNumber", before: nil, after: .string("+1415555\(String(format: "%04d", i))")),
                        FieldChange(
                            path: "compliance.help.message", before: nil, after: "Reply STOP to opt out | HELP"),
                        FieldChange(
                            path: "authToken", before: .string("old-secret-\(i)"), after: .string("new-secret-\(i)"),
                            sensitive: true),
                    ],
                    findings: findings))
        }
        let whatsapp = PlannedChange(
            address: Address(.integration, "support-whatsapp"), platform: "genesys", action: .create,
            order: count + 1,
            findings: [
                Finding(
                    code: "billing.whatsapp-monthly", severity: .billing, message: "monthly charges start at once",
                    address: Address(.integration, "support-whatsapp"))
            ])
        changes.append(whatsapp)
        return Plan(
            lineage: "lineage", serial: 1, changes: changes, findings: changes.flatMap(\.findings),
            manifestDigest: "sha256:00", directory: "manifests", project: Fixtures.implicitProject, createdAt: "2026-01-02T03:04:05Z",
            checksum: "sha256:11")
    }

    /// A manifest set on two platforms with references of every kind.
    static var set: ManifestSet {
        let secret = SecretRef(.env("TOKEN"))
        let resources = [
            Resource(
                address: profile, platform: "genesys",
                spec: .contentProfile(.init(inbound: ["image/*"], outbound: []))),
            Resource(
                address: Address(.contentProfile, "whatsapp-media"), platform: "genesys",
                spec: .contentProfile(.init(inbound: [], outbound: [], extends: "sms-media"))),
            Resource(
                address: whatsapp, platform: "genesys",
                spec: .integration(
                    .whatsapp(
                        .init(
                            phoneNumber: "+14155550100", onboarding: .embeddedSignup(token: secret, pin: secret),
                            contentProfile: "whatsapp-media")))),
            Resource(
                address: sms, platform: "genesys",
                spec: .integration(
                    .twilioSMS(
                        .init(
                            accountSid: "AC" + String(repeating: "0", count: 32), authToken: secret, region: "us-east-1"
                        )))),
            Resource(
                address: number, platform: "genesys",
                spec: .number(
                    .init(
                        integration: "byo-twilio-sms", type: .local, phoneNumber: "+14155550123", country: "US",
                        contentProfile: "sms-media"))),
            Resource(
                address: Address(.integration, "returns-whatsapp"), platform: "dynamics",
                spec: .integration(
                    .twilioWhatsApp(.init(accountSid: "AC" + String(repeating: "f", count: 32), authToken: secret)))),
            Resource(
                address: Address(.number, "returns-wa-en"), platform: "dynamics",
                spec: .number(
                    .init(integration: "returns-whatsapp", type: .whatsapp, phoneNumber: "+14155550150", country: "US"))
            ),
            Resource(
                address: template, platform: "dynamics",
                spec: .template(
                    .init(
                        channel: .whatsapp, category: .utility, defaultLanguage: "en_US",
                        localizations: [.init(language: "en_US", text: "Shipped {{1}}")]))),
            Resource(
                address: workstream, platform: "dynamics",
                spec: .workstream(
                    .init(
                        channel: .whatsapp, numbers: ["returns-wa-en"], language: "en-US", templates: ["order-shipped"])
                )),
        ]
        return ManifestSet(project: Fixtures.implicitProject, resources: resources, digest: "sha256:00", directory: "manifests")
    }
}
