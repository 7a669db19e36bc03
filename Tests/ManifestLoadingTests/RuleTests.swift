import Testing
import ManifestLoading
import SwitchboardModel

/// A document: `spec` lines are written indented by two spaces.
func doc(_ kind: String, _ name: String, _ spec: String) -> String {
    "apiVersion: switchboard/v1\nkind: \(kind)\nmetadata: {name: \(name)}\nspec:\n\(spec)\n"
}

func docs(_ parts: String...) -> String { parts.joined(separator: "---\n") }

let sms = doc("Integration", "sms", """
      type: twilio-sms
      accountSid: AC0123456789abcdef0123456789abcdef
      authToken: {secretEnv: TWILIO_TOKEN}
      region: us-east-1
    """)
let twa = doc("Integration", "twa", """
      type: twilio-whatsapp
      accountSid: ACfedcba9876543210fedcba9876543210
      authToken: {secretEnv: TWILIO_TOKEN}
    """)
let mail = doc("Integration", "mail", """
      type: agentless-email
      domain: notify.example.com
      fromAddress: no-reply
      displayName: Example
    """)
let media = doc("ContentProfile", "sms-media", "  inbound: [image/png]\n  outbound: [image/*]")
let compliance = """
      compliance:
        help: {keywords: [HELP], message: "Help."}
        optOut: {keywords: [STOP], message: "Bye."}
        optIn: {keywords: [START], message: "Hi."}
    """

/// One rule, one fixture: the only diagnostic has `code` and sits at marker 1️⃣.
struct RuleCase: Sendable, CustomTestStringConvertible {
    var name: String
    var code: String
    var text: String
    var path: String?
    var hint: String? = nil
    var testDescription: String { "\(code): \(name)" }
}

@Suite struct RuleTests {
    static let cases: [RuleCase] = [
        RuleCase(name: "api version", code: "manifest.api-version",
                 text: "apiVersion: 1️⃣switchboard/v2\nkind: ContentProfile\nmetadata: {name: a}\nspec: {}\n",
                 path: "apiVersion", hint: "use 'apiVersion: switchboard/v1'"),
        RuleCase(name: "kind suggests", code: "manifest.kind",
                 text: "apiVersion: switchboard/v1\nkind: 1️⃣Numbr\nmetadata: {name: a}\nspec: {}\n",
                 path: "kind", hint: "did you mean 'Number'?"),
        RuleCase(name: "malformed name", code: "manifest.name",
                 text: "apiVersion: switchboard/v1\nkind: ContentProfile\nmetadata: {name: 1️⃣SMS_Media}\nspec: {}\n",
                 path: "metadata.name"),
        RuleCase(name: "name too long", code: "manifest.name",
                 text: "apiVersion: switchboard/v1\nkind: ContentProfile\nmetadata:\n  name: 1️⃣\(String(repeating: "a", count: 64))\nspec: {}\n",
                 path: "metadata.name"),
        RuleCase(name: "missing name", code: "manifest.name",
                 text: "apiVersion: switchboard/v1\nkind: ContentProfile\nmetadata: 1️⃣{labels: {a: b}}\nspec: {}\n",
                 path: "metadata.name"),
        RuleCase(name: "missing authToken at the spec mapping", code: "manifest.missing-field",
                 text: doc("Integration", "sms", """
                       1️⃣type: twilio-sms
                       accountSid: AC0123456789abcdef0123456789abcdef
                       region: us-east-1
                     """), path: "spec.authToken"),
        RuleCase(name: "unknown field with did-you-mean", code: "manifest.unknown-field",
                 text: docs(sms, doc("Number", "n", """
                       integration: sms
                       type: local
                       phoneNumber: "+14155550123"
                       1️⃣contentprofile: sms-media
                     """)), path: "spec.contentprofile", hint: "did you mean 'contentProfile'?"),
        RuleCase(name: "field of another integration type", code: "manifest.unknown-field",
                 text: doc("Integration", "twa", """
                       type: twilio-whatsapp
                       accountSid: ACfedcba9876543210fedcba9876543210
                       authToken: {secretEnv: TWILIO_TOKEN}
                       1️⃣region: us-east-1
                     """), path: "spec.region",
                 hint: "'region' is a field of twilio-sms integrations, not of twilio-whatsapp"),
        RuleCase(name: "string for a boolean", code: "manifest.type",
                 text: doc("Integration", "mail", """
                       type: agentless-email
                       domain: notify.example.com
                       fromAddress: no-reply
                       displayName: Example
                       enabled: 1️⃣"yes"
                     """), path: "spec.enabled"),
        RuleCase(name: "enum value lists allowed values", code: "manifest.type",
                 text: docs(sms, doc("Number", "n", """
                       integration: sms
                       type: 1️⃣fax
                       phoneNumber: "+14155550123"
                     """)), path: "spec.type", hint: "allowed values: local, mobile, tollfree, shortcode, whatsapp"),
        RuleCase(name: "secret as plain string", code: "manifest.type",
                 text: doc("Integration", "twa", """
                       type: twilio-whatsapp
                       accountSid: ACfedcba9876543210fedcba9876543210
                       authToken: 1️⃣plain-text-token
                     """), path: "spec.authToken", hint: "use {secretEnv: NAME} or {secretFile: path}"),
        RuleCase(name: "ref missing suggests", code: "ref.missing",
                 text: docs(sms, media, doc("Number", "n", """
                       integration: sms
                       type: local
                       phoneNumber: "+14155550123"
                       contentProfile: 1️⃣sms-meda
                     """)), path: "spec.contentProfile", hint: "did you mean 'sms-media'?"),
        RuleCase(name: "number on an e-mail integration", code: "ref.kind",
                 text: docs(mail, doc("Number", "n", """
                       integration: 1️⃣mail
                       type: local
                       phoneNumber: "+14155550123"
                     """)), path: "spec.integration"),
        RuleCase(name: "platform of the wrong type", code: "ref.kind",
                 text: doc("ContentProfile", "cp", "  platform: 1️⃣dynamics\n  inbound: [image/png]"),
                 path: "spec.platform"),
        RuleCase(name: "unknown platform suggests", code: "ref.missing",
                 text: doc("ContentProfile", "cp", "  platform: 1️⃣genesis\n  inbound: [image/png]"),
                 path: "spec.platform", hint: "did you mean 'genesys'?"),
        RuleCase(name: "self-extending profile", code: "graph.cycle",
                 text: doc("ContentProfile", "cp", "  extends: 1️⃣cp"), path: "spec.extends"),
        RuleCase(name: "unset variable in a quoted scalar", code: "env.unset",
                 text: doc("Integration", "mail", """
                       type: agentless-email
                       domain: notify.example.com
                       fromAddress: no-reply
                       displayName: "Example ✉️ 1️⃣${env:NOPE}"
                     """), path: "spec.displayName"),
        RuleCase(name: "unset variable in a plain scalar", code: "env.unset",
                 text: doc("Integration", "mail", """
                       type: agentless-email
                       domain: notify.${env:TOKEN}.1️⃣${env:NOPE}
                       fromAddress: no-reply
                       displayName: Example
                     """), path: "spec.domain"),
        RuleCase(name: "unset variable in a block scalar", code: "env.unset",
                 text: doc("Template", "t", """
                       channel: email
                       subject: Hi
                       body: 1️⃣|
                         Hello ${env:NOPE}
                     """), path: "spec.body"),
        RuleCase(name: "unset secretEnv", code: "env.unset",
                 text: doc("Integration", "twa", """
                       type: twilio-whatsapp
                       accountSid: ACfedcba9876543210fedcba9876543210
                       authToken: {secretEnv: 1️⃣NOPE}
                     """), path: "spec.authToken.secretEnv"),
        RuleCase(name: "missing secret file", code: "secret.file",
                 text: doc("Integration", "twa", """
                       type: twilio-whatsapp
                       accountSid: ACfedcba9876543210fedcba9876543210
                       authToken: {secretFile: 1️⃣no-such-file.txt}
                     """), path: "spec.authToken.secretFile"),
        RuleCase(name: "too many digits", code: "number.e164",
                 text: docs(sms, doc("Number", "n", "  integration: sms\n  type: local\n  phoneNumber: 1️⃣\"+14155550123456789\"")),
                 path: "spec.phoneNumber"),
        RuleCase(name: "leading zero", code: "number.e164",
                 text: docs(sms, doc("Number", "n", "  integration: sms\n  type: mobile\n  phoneNumber: 1️⃣\"+0415555012\"")),
                 path: "spec.phoneNumber"),
        RuleCase(name: "whatsapp integration phone", code: "number.e164",
                 text: doc("Integration", "wa", """
                       type: whatsapp
                       phoneNumber: 1️⃣"4155550100"
                       onboarding: {embeddedSignupToken: {secretEnv: TOKEN}, pin: {secretEnv: PIN}}
                     """), path: "spec.phoneNumber"),
        RuleCase(name: "four characters", code: "number.shortcode",
                 text: docs(sms, doc("Number", "n", "  integration: sms\n  type: shortcode\n  shortcode: 1️⃣\"5550\"\n  country: US\n" + compliance)),
                 path: "spec.shortcode"),
        RuleCase(name: "calling code of another country", code: "number.country",
                 text: docs(sms, doc("Number", "n", "  integration: sms\n  type: local\n  phoneNumber: \"+14155550123\"\n  country: 1️⃣MX")),
                 path: "spec.country", hint: "the number's calling code belongs to CA, US"),
        RuleCase(name: "missing optIn", code: "number.compliance",
                 text: docs(sms, doc("Number", "n", """
                       integration: sms
                       type: shortcode
                       shortcode: "55501"
                       country: US
                       compliance:
                         1️⃣help: {keywords: [HELP], message: "Help."}
                         optOut: {keywords: [STOP], message: "Bye."}
                     """)), path: "spec.compliance.optIn"),
        RuleCase(name: "empty keywords", code: "number.compliance",
                 text: docs(sms, doc("Number", "n", """
                       integration: sms
                       type: shortcode
                       shortcode: "55501"
                       country: US
                       compliance:
                         help: {keywords: 1️⃣[], message: "Help."}
                         optOut: {keywords: [STOP], message: "Bye."}
                         optIn: {keywords: [START], message: "Hi."}
                     """)), path: "spec.compliance.help.keywords"),
        RuleCase(name: "shortcode without compliance", code: "number.compliance",
                 text: docs(sms, doc("Number", "n", "  1️⃣integration: sms\n  type: shortcode\n  shortcode: \"55501\"\n  country: US")),
                 path: "spec.compliance"),
        RuleCase(name: "whatsapp number on an sms integration", code: "number.integration-type",
                 text: docs(sms, doc("Number", "n", "  integration: sms\n  type: 1️⃣whatsapp\n  phoneNumber: \"+14155550123\"")),
                 path: "spec.type"),
        RuleCase(name: "sms number on a whatsapp integration", code: "number.integration-type",
                 text: docs(twa, doc("Number", "n", "  integration: twa\n  type: 1️⃣local\n  phoneNumber: \"+14155550123\"")),
                 path: "spec.type"),
        RuleCase(name: "API key SID", code: "integration.account-sid",
                 text: doc("Integration", "twa", """
                       type: twilio-whatsapp
                       accountSid: 1️⃣SK0123456789abcdef0123456789abcdef
                       authToken: {secretEnv: TWILIO_TOKEN}
                     """), path: "spec.accountSid"),
        RuleCase(name: "AWS region", code: "integration.region",
                 text: doc("Integration", "sms", """
                       type: twilio-sms
                       accountSid: AC0123456789abcdef0123456789abcdef
                       authToken: {secretEnv: TWILIO_TOKEN}
                       region: 1️⃣us-east-3
                     """), path: "spec.region", hint: "did you mean 'us-east-1'?"),
        RuleCase(name: "region without a published BYO SMS webhook", code: "integration.region",
                 text: doc("Integration", "sms", """
                       type: twilio-sms
                       accountSid: AC0123456789abcdef0123456789abcdef
                       authToken: {secretEnv: TWILIO_TOKEN}
                       region: 1️⃣mx-central-1
                     """), path: "spec.region"),
        RuleCase(name: "lapsed certificate", code: "integration.certificate-expired",
                 text: doc("Integration", "wa", """
                       type: whatsapp
                       phoneNumber: "+14155550100"
                       onboarding:
                         certificate: {secretEnv: TOKEN}
                         certificateIssued: 1️⃣2026-02-21
                     """), path: "spec.onboarding.certificateIssued"),
        RuleCase(name: "both forms", code: "integration.onboarding",
                 text: doc("Integration", "wa", """
                       type: whatsapp
                       phoneNumber: "+14155550100"
                       onboarding: 1️⃣{embeddedSignupToken: {secretEnv: TOKEN}, pin: {secretEnv: PIN}, certificate: {secretEnv: TOKEN}}
                     """), path: "spec.onboarding"),
        RuleCase(name: "embedded signup without pin", code: "integration.onboarding",
                 text: doc("Integration", "wa", """
                       type: whatsapp
                       phoneNumber: "+14155550100"
                       onboarding:
                         1️⃣embeddedSignupToken: {secretEnv: TOKEN}
                     """), path: "spec.onboarding.pin"),
        RuleCase(name: "pin as a plain string", code: "integration.onboarding",
                 text: doc("Integration", "wa", """
                       type: whatsapp
                       phoneNumber: "+14155550100"
                       onboarding:
                         embeddedSignupToken: {secretEnv: TOKEN}
                         pin: 1️⃣"123456"
                     """), path: "spec.onboarding.pin"),
        RuleCase(name: "default language without localization", code: "template.language",
                 text: doc("Template", "t", """
                       channel: whatsapp
                       category: utility
                       defaultLanguage: 1️⃣en_GB
                       localizations: {en_US: "Hi {{1}}"}
                     """), path: "spec.defaultLanguage"),
        RuleCase(name: "bad localization key", code: "template.language",
                 text: doc("Template", "t", """
                       channel: whatsapp
                       category: utility
                       localizations:
                         1️⃣english: "Hi"
                     """), path: "spec.localizations.english"),
        RuleCase(name: "workstream language", code: "template.language",
                 text: doc("Workstream", "w", "  channel: sms\n  language: 1️⃣en_US"),
                 path: "spec.language", hint: "did you mean 'en-US'?"),
        RuleCase(name: "different placeholder sets", code: "template.placeholders",
                 text: doc("Template", "t", """
                       channel: whatsapp
                       category: utility
                       defaultLanguage: en_US
                       localizations:
                         en_US: "Order {{1}} arrives {{2}}"
                         es_MX: 1️⃣"Pedido {{1}}"
                     """), path: "spec.localizations.es_MX"),
        RuleCase(name: "skipped placeholder", code: "template.placeholders",
                 text: doc("Template", "t", """
                       channel: whatsapp
                       category: utility
                       localizations:
                         en_US: 1️⃣"Order {{1}} arrives {{3}}"
                     """), path: "spec.localizations.en_US"),
        RuleCase(name: "long subject", code: "email.limits",
                 text: doc("Template", "t", "  channel: email\n  subject: 1️⃣\(String(repeating: "é", count: 401))\n  body: x"),
                 path: "spec.subject"),
        RuleCase(name: "long local part", code: "email.limits",
                 text: doc("Integration", "mail", """
                       type: agentless-email
                       domain: notify.example.com
                       fromAddress: 1️⃣\(String(repeating: "a", count: 65))
                       displayName: Example
                     """), path: "spec.fromAddress"),
        RuleCase(name: "long display name", code: "email.limits",
                 text: doc("Integration", "mail", """
                       type: agentless-email
                       domain: notify.example.com
                       fromAddress: no-reply
                       displayName: 1️⃣\(String(repeating: "D", count: 65))
                     """), path: "spec.displayName"),
        RuleCase(name: "rate limit not offered", code: "email.limits",
                 text: doc("Integration", "mail", """
                       type: agentless-email
                       domain: notify.example.com
                       fromAddress: no-reply
                       displayName: Example
                       rateLimitPerMinute: 1️⃣1000
                     """), path: "spec.rateLimitPerMinute"),
        RuleCase(name: "e-mail template on a whatsapp workstream", code: "workstream.channel",
                 text: docs(doc("Template", "mailer", "  channel: email\n  subject: s\n  body: b"),
                            doc("Workstream", "w", "  channel: whatsapp\n  language: en-US\n  templates: [1️⃣mailer]")),
                 path: "spec.templates[0]"),
        RuleCase(name: "sms number on a whatsapp workstream", code: "workstream.channel",
                 text: docs(sms, doc("Number", "n", "  integration: sms\n  type: local\n  phoneNumber: \"+14155550123\""),
                            doc("Workstream", "w", "  channel: whatsapp\n  language: en-US\n  numbers: [1️⃣n]")),
                 path: "spec.numbers[0]"),
        RuleCase(name: "unassigned calling code", code: "number.e164",
                 text: docs(sms, doc("Number", "n", "  integration: sms\n  type: local\n  phoneNumber: 1️⃣\"+99912345678\"")),
                 path: "spec.phoneNumber"),
        RuleCase(name: "short code with a letter", code: "number.shortcode",
                 text: docs(sms, doc("Number", "n", "  integration: sms\n  type: shortcode\n  shortcode: 1️⃣\"5550A\"\n  country: US\n" + compliance)),
                 path: "spec.shortcode"),
        RuleCase(name: "shared calling code the plan cannot split", code: "number.country",
                 text: docs(sms, doc("Number", "n", "  integration: sms\n  type: local\n  phoneNumber: 1️⃣\"+262262123456\"")),
                 path: "spec.country"),
        RuleCase(name: "M2M number for WhatsApp", code: "number.m2m",
                 text: doc("Integration", "wa", """
                       type: whatsapp
                       phoneNumber: 1️⃣"+3197012345678"
                       onboarding: {embeddedSignupToken: {secretEnv: TOKEN}, pin: {secretEnv: TOKEN}}
                     """), path: "spec.phoneNumber", hint: "Dutch numbering plan"),
        RuleCase(name: "a number in two workstreams", code: "workstream.number-shared",
                 text: docs(twa, doc("Number", "n", "  integration: twa\n  type: whatsapp\n  phoneNumber: \"+14155550123\""),
                            doc("Workstream", "a", "  channel: whatsapp\n  language: en-US\n  numbers: [n]"),
                            doc("Workstream", "b", "  channel: whatsapp\n  language: en-US\n  numbers: [1️⃣n]")),
                 path: "spec.numbers[0]"),
        RuleCase(name: "workstream language without a localization", code: "workstream.language",
                 text: docs(doc("Template", "t", "  channel: whatsapp\n  category: utility\n  localizations: {en_US: \"Hi {{1}}\"}"),
                            doc("Workstream", "w", "  channel: whatsapp\n  language: de-DE\n  templates: [1️⃣t]")),
                 path: "spec.templates[0]"),
        RuleCase(name: "domain with an underscore", code: "email.domain",
                 text: doc("Integration", "mail", """
                       type: agentless-email
                       domain: 1️⃣notify_example.com
                       fromAddress: no-reply
                       displayName: Example
                     """), path: "spec.domain"),
        RuleCase(name: "from address of 65 characters that are not ASCII", code: "email.limits",
                 text: doc("Integration", "mail", """
                       type: agentless-email
                       domain: notify.example.com
                       fromAddress: 1️⃣\(String(repeating: "ü", count: 65))
                       displayName: Example
                     """), path: "spec.fromAddress"),
        RuleCase(name: "Meta's code suggested for ja_JP", code: "template.language",
                 text: doc("Template", "t", "  channel: whatsapp\n  category: utility\n  localizations: {1️⃣ja_JP: \"注文 {{1}}\"}"),
                 path: "spec.localizations.ja_JP", hint: "did you mean 'ja'?"),
        RuleCase(name: "bad media type", code: "manifest.type",
                 text: doc("ContentProfile", "cp", "  inbound: [image/png, 1️⃣pdf]"), path: "spec.inbound[1]"),
        RuleCase(name: "document that is a list", code: "manifest.type", text: "1️⃣- a\n- b\n", path: nil),
    ]

    @Test(arguments: cases) func ruleReportsAtItsPlace(_ c: RuleCase) throws {
        let (result, markers) = try Fixture.load(c.text)
        let rendered = result.diagnostics.map { "\($0.location?.description ?? "-") \($0.code) \($0.message)" }
        #expect(result.diagnostics.count == 1, "\(rendered)")
        let d = try #require(result.diagnostics.first)
        #expect(d.code == c.code, "\(rendered)")
        #expect(d.location == markers["1️⃣"], "\(rendered)")
        #expect(d.path == c.path)
        if let hint = c.hint { #expect(d.hint?.contains(hint) == true, "hint: \(d.hint ?? "nil")") }
        #expect(d.severity == .error)
        #expect(result.manifests == nil)
        #expect(d.message.first?.isLowercase == true || d.message.first == "'", "\(d.message)")
    }
}
