import Foundation

/// The refresh benchmark's set: Genesys Cloud resources only (every kind it holds), so one served emulator answers
/// every request of the refresh.
extension ManifestGenerator {
    /// The refresh set's Project: its `genesys` connection the embedded sandbox, or the live adapter on `connection`.
    static func refreshProject(_ connection: LiveConnection?) -> String {
        let genesys = connection.map {
            """
            {type: genesys-cloud, endpoint: "\($0.endpoint)", clientId: \($0.clientId),
                         clientSecret: {secretEnv: \($0.clientSecretVariable)}, rateLimitPerMinute: \($0.rateLimitPerMinute)}
            """
        } ?? "{type: genesys-cloud, endpoint: sandbox}"
        return """
            apiVersion: switchboard/v1
            kind: Project
            metadata:
              name: bench-refresh
            spec:
              state:
                backend: local
                path: .switchboard/state.json
              platforms:
                genesys: \(genesys)
            """
    }

    /// Writes about `size` Genesys Cloud resources: 0.5% content profiles, 0.4% BYO Twilio SMS integrations, a few
    /// WhatsApp and agentless e-mail integrations, 49% numbers, 40% WhatsApp templates (three languages each) and the
    /// rest e-mail templates.
    func writeRefreshSet(size: Int, into directory: String) throws {
        var random = SeededRandom(seed: seed ^ 0x5EF ^ UInt64(size))
        try write(project: Self.refreshProject(nil), into: directory)
        let profiles = (0..<max(2, size / 200)).map { "media-\($0)" }
        var docs = profiles.map { contentProfile($0, &random) }
        let integrations = (0..<max(2, size / 250)).map { "twilio-sms-\($0)" }
        for (i, name) in integrations.enumerated() { docs.append(twilioSMS(name, index: i, &random)) }
        for i in 0..<max(1, size / 2000) { docs.append(genesysWhatsApp(i, profiles: profiles, &random)) }
        for i in 0..<max(1, size / 2000) {
            docs.append(document("Integration", "email-\(i)", labels: ["team": "notifications"], spec: """
                  type: agentless-email
                  domain: mail\(i).bench.example
                  fromAddress: noreply
                  displayName: Bench Outfitters
                """))
        }
        try writeChunks(docs, prefix: "integrations", into: directory)
        let rest = size - docs.count
        let numbers = rest / 2
        try writeChunks(
            (0..<numbers).map {
                smsNumber("sms-\($0)", index: $0, integration: integrations[$0 % integrations.count], profiles: profiles,
                          &random)
            }, prefix: "numbers", into: directory)
        let whatsapp = (rest - numbers) * 4 / 5
        var templates = (0..<whatsapp).map {
            whatsappTemplate("wa-\($0)", index: $0, &random)
                .replacingOccurrences(of: "  channel: whatsapp", with: "  platform: genesys\n  channel: whatsapp")
        }
        templates += (0..<(rest - numbers - whatsapp)).map { emailTemplate("email-\($0)", index: $0, &random) }
        try writeChunks(templates, prefix: "templates", into: directory)
    }

    /// Points the set's `genesys` connection at `connection` (the served emulator).
    func writeRefreshProject(connection: LiveConnection, into directory: String) throws {
        try write(project: Self.refreshProject(connection), into: directory)
    }
}
