import Foundation

/// A small deterministic generator (SplitMix64): the same seed always gives the same manifests.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (bound > 0).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// The secrets the generated manifests refer to, set in the loader's environment (fake values).
enum BenchSecrets {
    static let environment: [String: String] = [
        "BENCH_TWILIO_AUTH_TOKEN": "bench-twilio-token-0123456789",
        "BENCH_TWILIO_WA_AUTH_TOKEN": "bench-twilio-wa-token-9876543210",
        "BENCH_META_SIGNUP_TOKEN": "bench-meta-signup-token",
        "BENCH_WHATSAPP_PIN": "135790",
        ApplyBench.clientSecretVariable: ApplyBench.clientSecret,
    ]
}

/// How many resources of each kind a generated set holds.
struct SetShape: CustomStringConvertible {
    var contentProfiles = 0
    var smsIntegrations = 0
    var whatsappIntegrations = 0
    var twilioWhatsAppIntegrations = 0
    var emailIntegrations = 0
    var smsNumbers = 0
    var whatsappNumbers = 0
    var whatsappTemplates = 0
    var emailTemplates = 0
    var workstreams = 0

    var total: Int {
        contentProfiles + smsIntegrations + whatsappIntegrations + twilioWhatsAppIntegrations + emailIntegrations
            + smsNumbers + whatsappNumbers + whatsappTemplates + emailTemplates + workstreams
    }

    var description: String {
        "\(contentProfiles) content profiles, "
            + "\(smsIntegrations + whatsappIntegrations + twilioWhatsAppIntegrations + emailIntegrations) integrations, "
            + "\(smsNumbers + whatsappNumbers) numbers, \(whatsappTemplates + emailTemplates) templates, "
            + "\(workstreams) workstreams"
    }

    /// Realistic proportions for a set of about `size` resources: mostly numbers and templates.
    static func full(size: Int) -> SetShape {
        var s = SetShape()
        s.contentProfiles = max(2, size / 200)
        s.smsIntegrations = max(2, size / 250)
        s.whatsappIntegrations = max(1, size / 2000)
        s.twilioWhatsAppIntegrations = max(1, size / 1000)
        s.emailIntegrations = max(1, size / 2000)
        s.workstreams = max(1, size / 100)
        let rest = max(0, size - s.total)
        let numbers = rest / 2
        s.whatsappNumbers = max(1, numbers / 10)
        s.smsNumbers = numbers - s.whatsappNumbers
        let templates = rest - numbers
        s.emailTemplates = max(1, templates / 5)
        s.whatsappTemplates = templates - s.emailTemplates
        return s
    }
}

/// Writes deterministic manifest sets: all five kinds, valid, split over files of a few hundred documents.
struct ManifestGenerator {
    var documentsPerFile = 250
    var seed: UInt64 = 0x5717_C4B0_A4D5

    /// Writes a full set (every kind, three sandbox platforms) of about `size` resources into `directory`.
    func writeFullSet(size: Int, into directory: String) throws -> SetShape {
        let shape = SetShape.full(size: size)
        var random = SeededRandom(seed: seed ^ UInt64(size))
        try write(project: Self.fullProject, into: directory)
        // The groups draw from `random` in this order: a set of one size is always the same bytes.
        let profiles = (0..<shape.contentProfiles).map { "media-\($0)" }
        try writeChunks(profiles.map { contentProfile($0, &random) }, prefix: "content-profiles", into: directory)
        let integrations = fullIntegrations(shape, profiles: profiles, &random)
        try writeChunks(integrations.documents, prefix: "integrations", into: directory)
        let numbers = fullNumbers(
            shape, smsIntegrations: integrations.sms, whatsappIntegrations: integrations.whatsapp, profiles: profiles,
            &random)
        try writeChunks(numbers.documents, prefix: "numbers", into: directory)
        let templates = fullTemplates(shape, &random)
        try writeChunks(templates.documents, prefix: "templates", into: directory)
        let workstreams = fullWorkstreams(shape, numbers: numbers.whatsapp, templates: templates.whatsapp, &random)
        try writeChunks(workstreams, prefix: "workstreams", into: directory)
        return shape
    }

    /// The full set's integrations (Twilio SMS, Twilio WhatsApp, Genesys WhatsApp, agentless email), with the names
    /// of the Twilio SMS and Twilio WhatsApp ones, which its numbers use.
    private func fullIntegrations(
        _ shape: SetShape, profiles: [String], _ random: inout SeededRandom
    ) -> (documents: [String], sms: [String], whatsapp: [String]) {
        var docs: [String] = []
        var smsIntegrations: [String] = []
        for i in 0..<shape.smsIntegrations {
            let name = "twilio-sms-\(i)"
            smsIntegrations.append(name)
            docs.append(twilioSMS(name, index: i, &random))
        }
        var waIntegrations: [String] = []
        for i in 0..<shape.twilioWhatsAppIntegrations {
            let name = "twilio-wa-\(i)"
            waIntegrations.append(name)
            docs.append(document("Integration", name, labels: ["team": "whatsapp"], spec: """
                  type: twilio-whatsapp
                  accountSid: \(Self.accountSid(1000 + i))
                  authToken: {secretEnv: BENCH_TWILIO_WA_AUTH_TOKEN}
                """))
        }
        for i in 0..<shape.whatsappIntegrations { docs.append(genesysWhatsApp(i, profiles: profiles, &random)) }
        for i in 0..<shape.emailIntegrations {
            docs.append(document("Integration", "email-\(i)", labels: ["team": "notifications"], spec: """
                  type: agentless-email
                  domain: notify\(i).bench.example
                  fromAddress: orders
                  displayName: Bench Outfitters \(i)
                  rateLimitPerMinute: 600
                """))
        }
        return (docs, smsIntegrations, waIntegrations)
    }

    /// The full set's SMS and WhatsApp numbers, spread over the integrations, with the WhatsApp numbers' names.
    private func fullNumbers(
        _ shape: SetShape, smsIntegrations: [String], whatsappIntegrations: [String], profiles: [String],
        _ random: inout SeededRandom
    ) -> (documents: [String], whatsapp: [String]) {
        var docs: [String] = []
        for i in 0..<shape.smsNumbers {
            docs.append(smsNumber(
                "sms-\(i)", index: i, integration: smsIntegrations[i % smsIntegrations.count], profiles: profiles,
                &random))
        }
        var waNumbers: [String] = []
        for i in 0..<shape.whatsappNumbers {
            let name = "wa-\(i)"
            waNumbers.append(name)
            docs.append(document("Number", name, labels: ["team": "whatsapp"], spec: """
                  integration: \(whatsappIntegrations[i % whatsappIntegrations.count])
                  type: whatsapp
                  phoneNumber: "+1646\(Self.digits(i, 7))"
                  country: US
                """))
        }
        return (docs, waNumbers)
    }

    /// The full set's WhatsApp and email templates, with the WhatsApp templates' names.
    private func fullTemplates(
        _ shape: SetShape, _ random: inout SeededRandom
    ) -> (documents: [String], whatsapp: [String]) {
        var docs: [String] = []
        var waTemplates: [String] = []
        for i in 0..<shape.whatsappTemplates {
            let name = "wa-template-\(i)"
            waTemplates.append(name)
            docs.append(whatsappTemplate(name, index: i, &random))
        }
        for i in 0..<shape.emailTemplates {
            docs.append(emailTemplate("email-template-\(i)", index: i, &random))
        }
        return (docs, waTemplates)
    }

    /// The full set's WhatsApp workstreams: every one of `numbers` in exactly one of them (Dynamics 365 ties each
    /// WhatsApp number to a workstream), each with a few of `templates`, in a language the templates have.
    private func fullWorkstreams(
        _ shape: SetShape, numbers: [String], templates: [String], _ random: inout SeededRandom
    ) -> [String] {
        (0..<shape.workstreams).map { i in
            let pickedNumbers = numbers.indices.filter { $0 % shape.workstreams == i }.map { numbers[$0] }
            let pickedTemplates = (0..<4).map { _ in random.pick(templates) }
            return document("Workstream", "workstream-\(i)", labels: ["team": "routing"], spec: """
                  channel: whatsapp
                  numbers: [\(Array(Set(pickedNumbers)).sorted().joined(separator: ", "))]
                  language: \(random.pick(["en-US", "es-MX", "de-DE"]))
                  fileAttachments: {customer: true, agent: \(random.below(2) == 0)}
                  templates: [\(Array(Set(pickedTemplates)).sorted().joined(separator: ", "))]
                """)
        }
    }

    /// A live Genesys Cloud connection for the apply set's Project.
    struct LiveConnection {
        /// An `http(s)://` base URL.
        var endpoint: String
        var clientId: String
        /// The variable the client secret is read from.
        var clientSecretVariable: String
        var rateLimitPerMinute: Int
    }

    /// Writes a Genesys-only set for the apply benchmark: content profiles, `integrations` twilio-sms
    /// integrations and `numbers` numbers spread over them, its `genesys` connection the live adapter on
    /// `connection`.
    func writeApplySet(
        numbers: Int, integrations: Int, connection: LiveConnection, into directory: String
    ) throws -> SetShape {
        var random = SeededRandom(seed: seed ^ 0xA991)
        try write(project: """
            apiVersion: switchboard/v1
            kind: Project
            metadata:
              name: bench-apply
            spec:
              platforms:
                genesys:
                  type: genesys-cloud
                  endpoint: \(connection.endpoint)
                  clientId: \(connection.clientId)
                  clientSecret: {secretEnv: \(connection.clientSecretVariable)}
                  rateLimitPerMinute: \(connection.rateLimitPerMinute)
            """, into: directory)
        var shape = SetShape()
        shape.contentProfiles = 2
        shape.smsIntegrations = integrations
        shape.smsNumbers = numbers
        var docs: [String] = []
        let profiles = ["media-0", "media-1"]
        for p in profiles { docs.append(contentProfile(p, &random)) }
        var names: [String] = []
        for i in 0..<integrations {
            names.append("twilio-sms-\(i)")
            docs.append(twilioSMS(names[i], index: i, &random))
        }
        for i in 0..<numbers {
            docs.append(smsNumber("sms-\(i)", index: i, integration: names[i % names.count], profiles: profiles,
                                  &random, allowShortcodes: false))
        }
        try writeChunks(docs, prefix: "genesys", into: directory)
        return shape
    }

    // MARK: - Documents

    static let fullProject = """
        apiVersion: switchboard/v1
        kind: Project
        metadata:
          name: bench
        spec:
          state:
            backend: local
            path: .switchboard/state.json
          platforms:
            genesys: {type: genesys-cloud, endpoint: sandbox}
            dynamics: {type: dynamics-365, endpoint: sandbox}
            twilio: {type: twilio, endpoint: sandbox}
        """

    static func digits(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func accountSid(_ i: Int) -> String {
        let hex = String(UInt64(i) &* 0x9E37_79B9, radix: 16)
        let body = String(repeating: "0", count: max(0, 32 - hex.count)) + hex
        return "AC" + String(body.suffix(32))
    }

    func document(_ kind: String, _ name: String, labels: [String: String], spec: String) -> String {
        let l = labels.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        return """
            apiVersion: switchboard/v1
            kind: \(kind)
            metadata:
              name: \(name)
              labels: {\(l)}
            spec:
            \(spec)
            """
    }

    /// Genesys Cloud WhatsApp integration `i` (embedded signup, enabled).
    func genesysWhatsApp(_ i: Int, profiles: [String], _ random: inout SeededRandom) -> String {
        document("Integration", "genesys-wa-\(i)", labels: ["team": "support"], spec: """
              type: whatsapp
              phoneNumber: "+1212\(Self.digits(5_550_000 + i, 7))"
              onboarding:
                embeddedSignupToken: {secretEnv: BENCH_META_SIGNUP_TOKEN}
                pin: {secretEnv: BENCH_WHATSAPP_PIN}
              contentProfile: \(random.pick(profiles))
              enabled: true
            """)
    }

    func contentProfile(_ name: String, _ random: inout SeededRandom) -> String {
        let media = ["image/jpeg", "image/png", "image/gif", "application/pdf", "audio/ogg", "video/mp4"]
        let inbound = media.filter { _ in random.below(3) > 0 }
        let outbound = media.filter { _ in random.below(2) > 0 }
        return document("ContentProfile", name, labels: ["team": "support"], spec: """
              platform: genesys
              inbound: [\((inbound.isEmpty ? ["image/*"] : inbound).joined(separator: ", "))]
              outbound: [\((outbound.isEmpty ? ["image/*"] : outbound).joined(separator: ", "))]
            """)
    }

    func twilioSMS(_ name: String, index: Int, _ random: inout SeededRandom) -> String {
        document("Integration", name, labels: ["team": "support", "channel": "sms"], spec: """
              type: twilio-sms
              accountSid: \(Self.accountSid(index + 1))
              authToken: {secretEnv: BENCH_TWILIO_AUTH_TOKEN}
              region: \(random.pick(["us-east-1", "us-west-2", "eu-west-1", "eu-central-1"]))
              enabled: true
            """)
    }

    /// The subscriber part of SMS number `index`: always ending in 1, so generated numbers are distinct and spread
    /// over the subscriber range (the sandbox fails no number by its digits; faults are injected explicitly).
    static func subscriber(_ index: Int) -> Int { index * 10 + 1 }

    func smsNumber(
        _ name: String, index: Int, integration: String, profiles: [String], _ random: inout SeededRandom,
        allowShortcodes: Bool = true
    ) -> String {
        let team = random.pick(["support", "stores", "notifications", "billing", "returns"])
        let profile = random.below(3) == 0 ? "\n  contentProfile: \(random.pick(profiles))" : ""
        if allowShortcodes && index % 50 == 7 {
            return document("Number", name, labels: ["team": team], spec: """
                  integration: \(integration)
                  type: shortcode
                  shortcode: "\(Self.digits(100_000 + index, 6).suffix(6))"
                  country: US
                  compliance:
                    help:
                      keywords: [HELP, INFO]
                      message: "Bench order alerts. Msg&data rates may apply. Reply STOP to opt out."
                    optOut:
                      keywords: [STOP, END, CANCEL]
                      message: "You are unsubscribed. Reply START to resubscribe."
                    optIn:
                      keywords: [START, YES]
                      message: "You are subscribed again. Reply HELP for help."
                """ + profile)
        }
        if index % 5 == 3 {
            return document("Number", name, labels: ["team": team], spec: """
                  integration: \(integration)
                  type: mobile
                  phoneNumber: "+447700\(Self.digits(Self.subscriber(index), 6))"
                  country: GB
                """ + profile)
        }
        let type = index % 7 == 0 ? "tollfree" : "local"
        let prefix = type == "tollfree" ? "+1800" : "+1415"
        return document("Number", name, labels: ["team": team], spec: """
              integration: \(integration)
              type: \(type)
              phoneNumber: "\(prefix)\(Self.digits(Self.subscriber(index), 7))"
              country: US
            """ + profile)
    }

    func whatsappTemplate(_ name: String, index: Int, _ random: inout SeededRandom) -> String {
        let category = random.pick(["utility", "utility", "marketing", "authentication"])
        return document("Template", name, labels: ["team": random.pick(["orders", "returns", "marketing"])], spec: """
              channel: whatsapp
              category: \(category)
              namespace: bench-namespace-\(index % 4)
              defaultLanguage: en_US
              localizations:
                en_US: "Hi {{1}}, your order {{2}} (ref \(index)) has shipped. Track it in the app."
                es_MX: "Hola {{1}}, tu pedido {{2}} (ref \(index)) fue enviado. Síguelo en la app."
                de: "Hallo {{1}}, deine Bestellung {{2}} (Ref. \(index)) ist unterwegs."
            """)
    }

    func emailTemplate(_ name: String, index: Int, _ random: inout SeededRandom) -> String {
        document("Template", name, labels: ["team": "notifications"], spec: """
              channel: email
              subject: "{{1}}, your order {{2}} is on its way (\(index))"
              body: |
                Hi {{1}},

                Good news: your order {{2}} has left our warehouse.
                Track it at https://www.bench.example/orders/{{2}}

                Bench Outfitters
            """)
    }

    // MARK: - Files

    func write(project: String, into directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data((project + "\n").utf8).write(to: URL(fileURLWithPath: directory + "/project.yaml"))
    }

    func writeChunks(_ docs: [String], prefix: String, into directory: String) throws {
        var start = 0
        var part = 0
        while start < docs.count {
            let end = min(start + documentsPerFile, docs.count)
            let text = docs[start..<end].joined(separator: "\n---\n") + "\n"
            let path = directory + "/\(prefix)/\(prefix)-\(ManifestGenerator.digits(part, 4)).yaml"
            try FileManager.default.createDirectory(
                atPath: directory + "/\(prefix)", withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            start = end
            part += 1
        }
    }
}
