import Foundation

/// Small manifest documents, as a user writes them (no Project: three sandbox platforms by default), for tests that
/// load, plan or apply a manifest directory.
public enum ManifestDocuments {
    /// One document of `kind` named `name`, with `spec` indented below `spec:`.
    public static func document(_ kind: String, _ name: String, protect: Bool = false, spec: String) -> String {
        """
        apiVersion: switchboard/v1
        kind: \(kind)
        metadata:
          name: \(name)\(protect ? "\n  protect: true" : "")
        spec:
        \(spec.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))

        """
    }

    /// The documents as one file.
    public static func join(_ documents: [String]) -> String { documents.joined(separator: "---\n") }

    /// A content profile taking JPEG and PNG in and any image out.
    public static func contentProfile(_ name: String) -> String {
        document("ContentProfile", name, spec: "inbound: [image/jpeg, image/png]\noutbound: [image/*]")
    }

    /// A Genesys BYO Twilio SMS integration, its auth token from `tokenVariable`.
    public static func twilioSMS(
        _ name: String, enabled: Bool = true, tokenVariable: String = "TWILIO_AUTH_TOKEN", protect: Bool = false
    ) -> String {
        document(
            "Integration", name, protect: protect,
            spec: """
                type: twilio-sms
                accountSid: AC0123456789abcdef0123456789abcdef
                authToken: {secretEnv: \(tokenVariable)}
                region: us-east-1
                enabled: \(enabled)
                """)
    }

    /// A local US number `+1415555` + `suffix` (4 digits) on `integration`.
    public static func number(_ name: String, integration: String, suffix: String, contentProfile: String? = nil)
        -> String
    {
        document(
            "Number", name,
            spec: """
                integration: \(integration)
                type: local
                phoneNumber: "+1415555\(suffix)"
                country: US\(contentProfile.map { "\ncontentProfile: \($0)" } ?? "")
                """)
    }

    /// A Genesys WhatsApp integration onboarded by embedded signup.
    public static func whatsApp(
        _ name: String, phone: String = "+14155550100", enabled: Bool = true, contentProfile: String? = nil,
        protect: Bool = false
    ) -> String {
        document(
            "Integration", name, protect: protect,
            spec: """
                platform: genesys
                type: whatsapp
                phoneNumber: "\(phone)"
                onboarding:
                  embeddedSignupToken: {secretEnv: META_SIGNUP_TOKEN}
                  pin: {secretEnv: WHATSAPP_PIN}\(contentProfile.map { "\ncontentProfile: \($0)" } ?? "")
                enabled: \(enabled)
                """)
    }

    /// A Genesys WhatsApp integration onboarded with a certificate issued on `issued`.
    public static func certificateWhatsApp(_ name: String, issued: String, phone: String = "+14155550110") -> String {
        document(
            "Integration", name,
            spec: """
                platform: genesys
                type: whatsapp
                phoneNumber: "\(phone)"
                onboarding:
                  certificate: {secretEnv: WHATSAPP_CERT}
                  certificateIssued: \(issued)
                  verification: sms
                enabled: true
                """)
    }

    /// A Genesys agentless e-mail integration.
    public static func agentlessEmail(_ name: String) -> String {
        document(
            "Integration", name,
            spec: """
                type: agentless-email
                domain: notify.example.com
                fromAddress: no-reply
                displayName: Example Notifications
                """)
    }

    /// A WhatsApp template in US English.
    public static func whatsAppTemplate(_ name: String, agentless: Bool) -> String {
        document(
            "Template", name,
            spec: """
                channel: whatsapp
                category: utility
                defaultLanguage: en_US
                agentless: \(agentless)
                localizations:
                  en_US: "Your order {{1}} has shipped."
                """)
    }

    /// A Dynamics 365 Twilio WhatsApp integration.
    public static func twilioWhatsApp(_ name: String) -> String {
        document(
            "Integration", name,
            spec: """
                platform: dynamics
                type: twilio-whatsapp
                accountSid: ACfedcba9876543210fedcba9876543210
                authToken: {secretEnv: TWILIO_WHATSAPP_AUTH_TOKEN}
                """)
    }

    /// A WhatsApp number `+1415555` + `suffix` on `integration`.
    public static func whatsAppNumber(_ name: String, integration: String, suffix: String) -> String {
        document(
            "Number", name,
            spec: """
                integration: \(integration)
                type: whatsapp
                phoneNumber: "+1415555\(suffix)"
                country: US
                """)
    }

    /// A WhatsApp workstream over `numbers` and `templates`.
    public static func workstream(_ name: String, numbers: [String], templates: [String]) -> String {
        document(
            "Workstream", name,
            spec: """
                channel: whatsapp
                numbers: [\(numbers.joined(separator: ", "))]
                language: en-US
                fileAttachments: {customer: true, agent: false}
                templates: [\(templates.joined(separator: ", "))]
                """)
    }

    /// Fake secrets for the sandbox.
    public static let secrets: [String: String] = [
        "META_SIGNUP_TOKEN": "sandbox-fake-meta-token",
        "WHATSAPP_PIN": "123456",
        "TWILIO_AUTH_TOKEN": "sandbox-fake-twilio-token",
        "TWILIO_WHATSAPP_AUTH_TOKEN": "sandbox-fake-twilio-whatsapp-token",
        "WHATSAPP_CERT": "sandbox-fake-certificate",
    ]

    /// Secrets plus instant sandbox timing.
    public static let instant: [String: String] = secrets.merging(["SWITCHBOARD_SANDBOX_SPEED": "instant"]) { a, _ in a
    }

    /// `apply . --auto-approve` accepting every gate.
    public static let applyAll = [
        "apply", ".", "--auto-approve", "--accept-billing", "--accept-irreversible", "--accept-destructive",
    ]
}
