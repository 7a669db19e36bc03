import Foundation
import Testing

@Suite struct SchemaTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let schemaURL = repository.appendingPathComponent("docs/schema/switchboard-v1.json")

    /// Manifest files of `manifests/` and of every `examples/<name>/` but `invalid` and `ci`, relative to the
    /// repository, sorted.
    static func conformingFiles() -> [String] {
        let fm = FileManager.default
        var roots = ["manifests"]
        let examples = repository.appendingPathComponent("examples")
        let names = (try? fm.contentsOfDirectory(atPath: examples.path)) ?? []
        for name in names.sorted() where name != "invalid" && name != "ci" {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: examples.appendingPathComponent(name).path, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                roots.append("examples/" + name)
            }
        }
        var files: [String] = []
        for root in roots {
            guard let walker = fm.enumerator(atPath: repository.appendingPathComponent(root).path) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                files.append(root + "/" + relative)
            }
        }
        return files.sorted()
    }

    func schema() throws -> MiniJSONSchema { try MiniJSONSchema(contentsOf: Self.schemaURL) }

    func errors(_ yaml: String) throws -> [SchemaError] {
        let documents = try YAMLToJSON.documents(yaml)
        let schema = try schema()
        return documents.flatMap(schema.validate)
    }

    @Test func schemaIsDraft202012WithIdAndTitle() throws {
        guard case .object(let root) = try schema().root else {
            Issue.record("the schema is not an object")
            return
        }
        #expect(root["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
        #expect(root["$id"] != nil)
        #expect(root["title"] != nil)
        #expect(root["additionalProperties"] == .bool(false))
    }

    @Test func theReferenceSetAndExamplesAreFound() {
        let files = Self.conformingFiles()
        #expect(files.contains { $0.hasPrefix("manifests/") })
        #expect(files.contains { $0.hasPrefix("examples/") })
    }

    @Test(arguments: conformingFiles())
    func documentConforms(file: String) throws {
        let documents = try YAMLToJSON.documents(at: Self.repository.appendingPathComponent(file))
        #expect(!documents.isEmpty)
        let schema = try schema()
        for (index, document) in documents.enumerated() {
            let errors = schema.validate(document)
            #expect(
                errors.isEmpty, "\(file), document \(index + 1): \(errors.map(\.description).joined(separator: "; "))")
        }
    }

    static let valid = """
        apiVersion: switchboard/v1
        kind: Integration
        metadata: {name: byo-twilio}
        spec:
          type: twilio-sms
          accountSid: AC0123456789abcdef0123456789abcdef
          authToken: {secretEnv: TWILIO_AUTH_TOKEN}
          region: us-east-1
        """

    @Test func theBaselineDocumentIsValid() throws {
        #expect(try errors(Self.valid).isEmpty)
    }

    /// Bad documents: (what is wrong, the YAML, the instance path the schema must blame, words its message must hold).
    static let rejected: [(String, String, String, String)] = [
        ("unknown field", valid + "\n  regoin: us-east-1", "spec", "unknown field 'regoin'"),
        ("unknown envelope field", valid + "\nstatus: {}", "", "unknown field 'status'"),
        (
            "unknown metadata field",
            valid.replacingOccurrences(of: "{name: byo-twilio}", with: "{name: byo-twilio, owner: x}"),
            "metadata", "unknown field 'owner'"
        ),
        (
            "bad account SID",
            valid.replacingOccurrences(
                of: "AC0123456789abcdef0123456789abcdef", with: "SK0123456789abcdef0123456789abcdef"),
            "spec.accountSid", "does not match"
        ),
        (
            "short account SID", valid.replacingOccurrences(of: "AC0123456789abcdef0123456789abcdef", with: "AC0123"),
            "spec.accountSid", "does not match"
        ),
        (
            "bad name", valid.replacingOccurrences(of: "byo-twilio", with: "BYO_Twilio"), "metadata.name",
            "does not match"
        ),
        (
            "name ending in a dash", valid.replacingOccurrences(of: "byo-twilio", with: "byo-"), "metadata.name",
            "does not match"
        ),
        (
            "name too long", valid.replacingOccurrences(of: "byo-twilio", with: String(repeating: "a", count: 64)),
            "metadata.name", "longer than 63"
        ),
        (
            "plain secret", valid.replacingOccurrences(of: "{secretEnv: TWILIO_AUTH_TOKEN}", with: "abc123"),
            "spec.authToken", "expected object"
        ),
        (
            "secret with both forms",
            valid.replacingOccurrences(of: "{secretEnv: TWILIO_AUTH_TOKEN}", with: "{secretEnv: A, secretFile: b}"),
            "spec.authToken", "matches none"
        ),
        ("unknown region", valid.replacingOccurrences(of: "us-east-1", with: "us-east-9"), "spec.region", "not one of"),
        (
            "field of another integration type", valid + "\n  phoneNumber: \"+14155550100\"", "spec",
            "unknown field 'phoneNumber'"
        ),
        (
            "wrong apiVersion", valid.replacingOccurrences(of: "switchboard/v1", with: "switchboard/v2"), "apiVersion",
            "is not"
        ),
        (
            "unknown kind", valid.replacingOccurrences(of: "kind: Integration", with: "kind: Queue"), "kind",
            "not one of"
        ),
        (
            "bad phone number",
            """
            apiVersion: switchboard/v1
            kind: Number
            metadata: {name: main-line}
            spec: {integration: byo-twilio, type: local, phoneNumber: "+04155550123", country: US}
            """, "spec.phoneNumber", "does not match"
        ),
        (
            "phone number without plus",
            """
            apiVersion: switchboard/v1
            kind: Number
            metadata: {name: main-line}
            spec: {integration: byo-twilio, type: local, phoneNumber: "14155550123", country: US}
            """, "spec.phoneNumber", "does not match"
        ),
        (
            "unquoted phone number",
            """
            apiVersion: switchboard/v1
            kind: Number
            metadata: {name: main-line}
            spec: {integration: byo-twilio, type: local, phoneNumber: +14155550123, country: US}
            """, "spec.phoneNumber", "expected string"
        ),
        (
            "lowercase country",
            """
            apiVersion: switchboard/v1
            kind: Number
            metadata: {name: main-line}
            spec: {integration: byo-twilio, type: local, phoneNumber: "+14155550123", country: us}
            """, "spec.country", "does not match"
        ),
        (
            "shortcode with a phone number",
            """
            apiVersion: switchboard/v1
            kind: Number
            metadata: {name: alerts}
            spec:
              integration: byo-twilio
              type: shortcode
              shortcode: "55501"
              phoneNumber: "+14155550123"
              country: US
              compliance:
                help: {keywords: [HELP], message: "Help."}
                optOut: {keywords: [STOP], message: "Bye."}
                optIn: {keywords: [START], message: "Hi."}
            """, "spec.phoneNumber", "no value is allowed"
        ),
        (
            "shortcode without compliance part",
            """
            apiVersion: switchboard/v1
            kind: Number
            metadata: {name: alerts}
            spec:
              integration: byo-twilio
              type: shortcode
              shortcode: "55501"
              country: US
              compliance:
                help: {keywords: [HELP], message: "Help."}
                optOut: {keywords: [STOP], message: "Bye."}
            """, "spec.compliance", "missing required field 'optIn'"
        ),
        (
            "whatsapp with both onboarding forms",
            """
            apiVersion: switchboard/v1
            kind: Integration
            metadata: {name: wa}
            spec:
              type: whatsapp
              phoneNumber: "+14155550100"
              onboarding:
                embeddedSignupToken: {secretEnv: T}
                pin: {secretEnv: P}
                certificate: {secretEnv: C}
            """, "spec.onboarding", "matches none"
        ),
        (
            "e-mail rate limit",
            """
            apiVersion: switchboard/v1
            kind: Integration
            metadata: {name: mail}
            spec:
              {type: agentless-email, domain: notify.example.com, fromAddress: orders, displayName: Orders,
               rateLimitPerMinute: 1000}
            """, "spec.rateLimitPerMinute", "not one of"
        ),
        (
            "whatsapp template with a subject",
            """
            apiVersion: switchboard/v1
            kind: Template
            metadata: {name: t}
            spec:
              channel: whatsapp
              category: utility
              defaultLanguage: en_US
              localizations: {en_US: "Hi {{1}}"}
              subject: "Hi"
            """, "spec.subject", "no value is allowed"
        ),
        (
            "postgres without url",
            """
            apiVersion: switchboard/v1
            kind: Project
            metadata: {name: p}
            spec: {state: {backend: postgres, workspace: prod}}
            """, "spec.state", "missing required field 'url'"
        ),
    ]

    @Test(arguments: rejected)
    func badDocumentIsRejected(what: String, yaml: String, path: String, words: String) throws {
        let found = try errors(yaml)
        #expect(!found.isEmpty, "\(what) was accepted")
        #expect(
            found.contains { $0.path == path && $0.message.contains(words) },
            "\(what): expected '\(words)' at '\(path)', got \(found.map(\.description))")
    }

    @Test func envSubstitutionIsAllowedWhereAFormatIsChecked() throws {
        let yaml = Self.valid
            .replacingOccurrences(of: "AC0123456789abcdef0123456789abcdef", with: "${env:TWILIO_ACCOUNT_SID}")
            .replacingOccurrences(of: "us-east-1", with: "${env:GENESYS_REGION}")
        #expect(try errors(yaml).isEmpty)
    }

    /// The shape errors among `examples/invalid/` are caught by the schema too (cross-file rules are not its job).
    @Test(arguments: [
        "manifest.api-version", "manifest.kind", "manifest.name", "manifest.unknown-field", "manifest.missing-field",
        "manifest.type", "number.e164", "number.shortcode", "integration.account-sid", "integration.region",
    ])
    func invalidExampleIsRejected(code: String) throws {
        let url = Self.repository.appendingPathComponent("examples/invalid/\(code)/manifest.yaml")
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let schema = try schema()
        let errors = try YAMLToJSON.documents(at: url).flatMap(schema.validate)
        #expect(!errors.isEmpty, "examples/invalid/\(code) passes the schema")
    }

    @Test func validatorReportsUnsupportedKeywords() {
        let schema = MiniJSONSchema(.object(["minimum": .int(3)]))
        #expect(schema.validate(.int(1)).contains { $0.message.contains("unsupported schema keyword 'minimum'") })
    }
}
