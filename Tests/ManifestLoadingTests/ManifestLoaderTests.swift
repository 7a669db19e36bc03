import Foundation
import Testing
@testable import ManifestLoading
import SwitchboardWorkspace
import SwitchboardModel

@Suite struct ManifestLoaderTests {
    // MARK: - Values

    @Test func envSubstitutionInAnyStringScalar() throws {
        let (result, _) = try Fixture.load(
            docs(doc("Integration", "mail", """
                  type: agentless-email
                  domain: ${env:ZONE}.example.com
                  fromAddress: "${env:LOCAL}"
                  displayName: Example
                """)),
            env: ["ZONE": "notify", "LOCAL": "orders"])
        #expect(result.diagnostics.isEmpty)
        let r = try #require(result.manifests?.resources.first)
        guard case .integration(.agentlessEmail(let e)) = r.spec else {
            Issue.record("not an agentless-email integration")
            return
        }
        #expect(e.domain == "notify.example.com")
        #expect(e.fromAddress == "orders")
        #expect(e.rateLimitPerMinute == 600)
        #expect(e.enabled)
        #expect(r.platform == "genesys")
    }

    @Test func everyUnsetVariableIsReported() throws {
        let (result, markers) = try Fixture.load(doc("Integration", "mail", """
              type: agentless-email
              domain: 1️⃣${env:A}.2️⃣${env:B}
              fromAddress: no-reply
              displayName: Example
            """), env: [:])
        #expect(result.diagnostics.map(\.code) == ["env.unset", "env.unset"])
        #expect(result.diagnostics.map(\.location) == [markers["1️⃣"], markers["2️⃣"]])
        #expect(result.diagnostics[0].message == "environment variable 'A' is not set")
    }

    @Test func secretReferencesKeepTheSourceNotTheValue() throws {
        var f = try Fixture()
        defer { f.remove() }
        try f.write("whatsapp/wa.yaml", doc("Integration", "wa", """
              type: whatsapp
              phoneNumber: "+14155550100"
              onboarding:
                certificate: {secretFile: certs/waba.txt}
                certificateIssued: 2026-02-25
            """))
        try f.write("whatsapp/certs/waba.txt", "CERTIFICATE-CONTENT\n")
        try f.write("sms.yaml", sms)
        let result = f.load()
        #expect(result.diagnostics.isEmpty)
        let set = try #require(result.manifests)
        let wa = try #require(set.resource(Address(.integration, "wa")))
        guard case .integration(.whatsapp(let w)) = wa.spec,
              case .certificate(let cert, let issued, let verification) = w.onboarding else {
            Issue.record("expected the certificate form")
            return
        }
        #expect(cert.source == .file(f.path("whatsapp/certs/waba.txt")))
        #expect(issued == "2026-02-25")
        #expect(verification == .sms)
        #expect(w.enabled)
        let smsResource = try #require(set.resource(Address(.integration, "sms")))
        #expect(smsResource.secretFields["authToken"]?.source == .env("TWILIO_TOKEN"))
        #expect(!String(describing: set).contains("CERTIFICATE-CONTENT"))
        #expect(try SecretResolver(environment: [:]).value(cert) == "CERTIFICATE-CONTENT")
    }

    @Test func secretValuesNeverAppear() throws {
        let env = ["TOKEN": "s3cr3t-token-value", "PIN": "s3cr3t-pin-value", "TWILIO_TOKEN": "s3cr3t-twilio-value"]
        let valid = docs(sms, doc("Integration", "wa", """
              type: whatsapp
              phoneNumber: "+14155550100"
              onboarding: {embeddedSignupToken: {secretEnv: TOKEN}, pin: {secretEnv: PIN}}
            """))
        let (ok, _) = try Fixture.load(valid, env: env)
        let set = try #require(ok.manifests)
        let invalid = docs(doc("Integration", "bad", """
              type: twilio-whatsapp
              accountSid: ${env:TWILIO_TOKEN}
              authToken: ${env:TOKEN}
            """), doc("Project", "p", """
              state: {backend: postgres, url: "postgres://u:${env:PIN}@db/x"}
            """))
        let (failed, _) = try Fixture.load(invalid, env: env)
        #expect(failed.diagnostics.count >= 2)
        let dumps = [String(describing: set), String(describing: ok), String(describing: failed.diagnostics)]
        for value in env.values {
            for dump in dumps { #expect(!dump.contains(value), "\(value) leaked") }
        }
    }

    @Test func defaults() throws {
        let (result, _) = try Fixture.load(docs(
            doc("Template", "t", "  channel: whatsapp\n  category: utility\n  localizations: {en_US: Hi}"),
            doc("Workstream", "w", "  channel: whatsapp\n  language: en-US")))
        let set = try #require(result.manifests, "\(result.diagnostics)")
        let t = try #require(set.resource(Address(.template, "t")))
        guard case .template(let spec) = t.spec else { return }
        #expect(spec.agentless == false)
        #expect(spec.localizations == [Localization(language: "en_US", text: "Hi")])
        let w = try #require(set.resource(Address(.workstream, "w")))
        guard case .workstream(let ws) = w.spec else { return }
        #expect(ws.fileAttachments == FileAttachments(customer: false, agent: false))
        #expect(ws.numbers.isEmpty)
        #expect(set.project == Project(name: "default", platforms: PlatformRegistry.catalog.implicitPlatforms))
        #expect(set.project.platforms.mapValues(\.type) == [
            "genesys": .genesysCloud, "dynamics": .dynamics365, "twilio": .twilio,
        ])
    }

    // MARK: - Platforms

    @Test func defaultPlatformPerKind() throws {
        let (result, _) = try Fixture.load(docs(
            sms, twa, media,
            doc("Number", "n", "  integration: twa\n  type: whatsapp\n  phoneNumber: \"+14155550150\""),
            doc("Number", "s", "  integration: sms\n  type: local\n  phoneNumber: \"+14155550151\"\n  country: US"),
            doc("Template", "e", "  channel: email\n  subject: s\n  body: b"),
            doc("Template", "w", "  channel: whatsapp\n  category: utility\n  localizations: {en_US: Hi}"),
            doc("Workstream", "ws", "  channel: whatsapp\n  language: en-US\n  numbers: [n]\n  templates: [w]")))
        let set = try #require(result.manifests, "\(result.diagnostics)")
        let platforms = Dictionary(uniqueKeysWithValues: set.resources.map { ($0.address.description, $0.platform) })
        #expect(platforms == [
            "Integration/sms": "genesys", "Integration/twa": "dynamics", "ContentProfile/sms-media": "genesys",
            "Number/n": "dynamics", "Number/s": "genesys", "Template/e": "genesys", "Template/w": "dynamics",
            "Workstream/ws": "dynamics",
        ])
        #expect(set.resources.map(\.address) == set.resources.map(\.address).sorted())
    }

    static let twoGenesys = doc("Project", "p", """
          platforms:
            east: {type: genesys-cloud, endpoint: us-east-1, clientId: abc, clientSecret: {secretEnv: TOKEN}}
            west: {type: genesys-cloud, endpoint: "https://api.example.test"}
            dyn: {type: dynamics-365}
        """)

    @Test func severalPlatformsOfOneTypeNeedSpecPlatform() throws {
        let (result, markers) = try Fixture.load(docs(
            Self.twoGenesys,
            doc("ContentProfile", "a", "  1️⃣inbound: [image/png]"),
            doc("ContentProfile", "b", "  platform: west\n  inbound: [image/png]"),
            doc("ContentProfile", "c", "  platform: 2️⃣dyn")))
        #expect(result.diagnostics.map(\.code) == ["manifest.missing-field", "ref.kind"])
        #expect(result.diagnostics.map(\.location) == [markers["1️⃣"], markers["2️⃣"]])
        #expect(result.diagnostics[0].path == "spec.platform")
        #expect(result.diagnostics[0].hint?.contains("east, west") == true)
    }

    @Test func projectPlatformsAndState() throws {
        let (result, _) = try Fixture.load(docs(
            Self.twoGenesys.replacingOccurrences(of: "platforms:", with: """
            state: {backend: postgres, url: "${env:DB_URL}"}
              platforms:
            """),
            doc("ContentProfile", "b", "  platform: west")),
            env: ["TOKEN": "t", "DB_URL": "postgres://u:pw@db/x"])
        let set = try #require(result.manifests, "\(result.diagnostics)")
        #expect(set.project.name == "p")
        guard case .postgres(let url, let workspace) = set.project.state else {
            Issue.record("expected the postgres backend")
            return
        }
        #expect(url.source == .env("DB_URL"))
        #expect(workspace == "default")
        let east = try #require(set.project.platforms["east"])
        #expect(east.type == .genesysCloud)
        #expect(east.endpoint == "us-east-1")
        #expect(east.settings == ["clientId": "abc"])
        #expect(east.credentials["clientSecret"]?.source == .env("TOKEN"))
        #expect(set.project.platforms["dyn"]?.endpoint == "sandbox")
        #expect(set.project.platforms["dyn"]?.isSandbox == true)
        #expect(!String(describing: set).contains("pw@db"))
    }

    @Test func localStateDefaultsAndBadEndpoint() throws {
        let (result, markers) = try Fixture.load(doc("Project", "p", """
              state: {backend: local}
              platforms:
                g: {type: genesys-cloud, endpoint: 1️⃣eu-north-1}
                d: {type: dynamics-365, endpoint: 2️⃣eu-north-1}
            """))
        #expect(result.diagnostics.map(\.code) == ["integration.region", "manifest.type"])
        #expect(result.diagnostics.map(\.location) == [markers["1️⃣"], markers["2️⃣"]])
        let (ok, _) = try Fixture.load(doc("Project", "p", "  state: {backend: local}"))
        #expect(ok.manifests?.project.state == .local(path: ".switchboard/state.json"))
        #expect(ok.manifests?.project.platforms == PlatformRegistry.catalog.implicitPlatforms)
        #expect(ok.resourceCount == 0)
    }

    // MARK: - Set rules

    @Test func duplicateReportedAtSecondWithNoteAtFirst() throws {
        var f = try Fixture()
        defer { f.remove() }
        try f.write("a.yaml", "apiVersion: switchboard/v1\nkind: ContentProfile\nmetadata:\n  name: 1️⃣x\nspec: {}\n")
        try f.write("b/c.yml", "apiVersion: switchboard/v1\nkind: ContentProfile\nmetadata:\n  name: 2️⃣x\nspec: {}\n")
        let result = f.load()
        #expect(result.diagnostics.map(\.code) == ["manifest.duplicate"])
        let d = try #require(result.diagnostics.first)
        #expect(d.location == f.markers["2️⃣"])
        #expect(d.notes.map(\.location) == [f.markers["1️⃣"]])
        #expect(d.notes.first?.severity == .note)
        #expect(result.resourceCount == 2)
    }

    @Test func secondProjectIsADuplicate() throws {
        let (result, markers) = try Fixture.load(docs(
            "apiVersion: switchboard/v1\nkind: Project\nmetadata: {name: 1️⃣one}\nspec: {}\n",
            "apiVersion: switchboard/v1\nkind: Project\nmetadata: {name: 2️⃣two}\nspec: {}\n"))
        #expect(result.diagnostics.map(\.code) == ["manifest.duplicate"])
        #expect(result.diagnostics.first?.location == markers["2️⃣"])
        #expect(result.diagnostics.first?.notes.first?.location == markers["1️⃣"])
    }

    @Test func cycleIsListed() throws {
        let (result, markers) = try Fixture.load(docs(
            doc("ContentProfile", "b", "  extends: c"),
            doc("ContentProfile", "a", "  extends: 1️⃣b"),
            doc("ContentProfile", "c", "  extends: a")))
        #expect(result.diagnostics.map(\.code) == ["graph.cycle"])
        let d = try #require(result.diagnostics.first)
        #expect(d.message.contains(
            "ContentProfile/a -> ContentProfile/b -> ContentProfile/c -> ContentProfile/a"))
        #expect(d.location == markers["1️⃣"])
        #expect(d.path == "spec.extends")
    }

    @Test func allProblemsSortedByFileThenPosition() throws {
        var f = try Fixture()
        defer { f.remove() }
        try f.write("b.yaml", docs(
            doc("ContentProfile", "cp", "  inbound: [image/png]\n  3️⃣colour: red"),
            "apiVersion: 4️⃣v9\nkind: ContentProfile\nmetadata: {name: d}\nspec: {}\n"))
        try f.write("a.yaml", docs(sms, doc("Number", "n", """
              integration: sms
              type: local
              phoneNumber: 1️⃣"+1"
              country: 2️⃣XX
            """)))
        try f.write("c/z.yaml", "a: [1\n")
        try f.write("c/y.yaml", "apiVersion: switchboard/v1\nkind: Number\nmetadata: {name: y}\nspec:\n  integration: 5️⃣nope\n  type: local\n  phoneNumber: \"+14155550123\"\n  country: US\n")
        try f.write(".hidden/ignored.yaml", "not: [valid\n")
        try f.write("notes.txt", "ignored")
        let result = f.load()
        #expect(result.diagnostics.map(\.code) == [
            "number.e164", "number.country", "manifest.unknown-field", "manifest.api-version", "ref.missing",
            "yaml.syntax",
        ])
        #expect(Array(result.diagnostics.prefix(5).map(\.location)) == ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣"].map { f.markers[$0] })
        #expect(result.diagnostics.last?.location?.file == f.path("c/z.yaml"))
        #expect(result.resourceCount == 5)
        #expect(Set(result.sources.keys) == Set(["a.yaml", "b.yaml", "c/y.yaml", "c/z.yaml"].map(f.path)))
        #expect(result.sourceLine(file: f.path("c/y.yaml"), line: 2) == "kind: Number")
    }

    @Test func digestCoversPathsAndContents() throws {
        var f = try Fixture()
        defer { f.remove() }
        try f.write("a.yaml", media)
        let first = try #require(f.load().manifests?.digest)
        #expect(f.load().manifests?.digest == first)
        #expect(first.count == 64)
        try f.write("a.yaml", media + "# comment\n")
        let second = try #require(f.load().manifests?.digest)
        #expect(second != first)
        try FileManager.default.moveItem(atPath: f.path("a.yaml"), toPath: f.path("b.yaml"))
        let third = try #require(f.load().manifests?.digest)
        #expect(third != second)
    }

    @Test func missingOrEmptyDirectory() throws {
        let gone = ManifestLoader(platforms: PlatformRegistry.catalog, environment: [:]).load(directory: "/nonexistent/switchboard-manifests")
        #expect(gone.diagnostics.map(\.code) == ["manifest.empty"])
        #expect(gone.diagnostics.first?.message.contains("does not exist") == true)
        #expect(gone.manifests == nil)
        var f = try Fixture()
        defer { f.remove() }
        try f.write(".switchboard/state.yaml", media)
        try f.write("README.md", "x")
        let empty = f.load()
        #expect(empty.diagnostics.map(\.code) == ["manifest.empty"])
        #expect(empty.manifests == nil)
    }

    @Test func displayPathsJoinTheDirectory() {
        #expect(DocumentDecoder.join("manifests", "numbers.yaml") == "manifests/numbers.yaml")
        #expect(DocumentDecoder.join("manifests/", "numbers.yaml") == "manifests/numbers.yaml")
        #expect(DocumentDecoder.join(".", "numbers.yaml") == "numbers.yaml")
    }

    @Test func mergeKeysAndAnchorsWork() throws {
        let (result, _) = try Fixture.load("""
            apiVersion: switchboard/v1
            kind: Integration
            metadata: {name: sms}
            spec: &base
              type: twilio-sms
              accountSid: AC0123456789abcdef0123456789abcdef
              authToken: {secretEnv: TWILIO_TOKEN}
              region: us-east-1
            ---
            apiVersion: switchboard/v1
            kind: ContentProfile
            metadata: {name: m}
            spec:
              <<: {inbound: [image/png], outbound: [image/png]}
              outbound: [image/gif]
            """)
        let set = try #require(result.manifests, "\(result.diagnostics)")
        guard case .contentProfile(let cp) = set.resource(Address(.contentProfile, "m"))?.spec else {
            Issue.record("missing profile")
            return
        }
        #expect(cp.inbound == ["image/png"])
        #expect(cp.outbound == ["image/gif"])
    }

    @Test func certificateWithinSevenDaysIsFine() throws {
        let text = doc("Integration", "wa", """
              type: whatsapp
              phoneNumber: "+14155550100"
              onboarding: {certificate: {secretEnv: TOKEN}, certificateIssued: 2026-02-22, verification: voice}
            """)
        // Issued 2026-02-22 (midnight UTC), it lapses 168 hours later: at 2026-03-01T00:00:00Z (DESIGN.md 5.2).
        let (fresh, _) = try Fixture.load(text, today: "2026-02-28")
        #expect(fresh.diagnostics.isEmpty)
        let (lapsed, _) = try Fixture.load(text, today: "2026-03-01")
        #expect(lapsed.diagnostics.map(\.code) == ["integration.certificate-expired"])
    }

    // MARK: - SecretResolver

    @Test func resolverReadsEnvAndFilesAndNamesOnlyTheSource() throws {
        var f = try Fixture()
        defer { f.remove() }
        try f.write("s.txt", "value-from-file\n\n")
        let resolver = SecretResolver(environment: ["A": "env-value"])
        #expect(try resolver.value(SecretRef(.env("A"))) == "env-value")
        #expect(try resolver.value(SecretRef(.file(f.path("s.txt")))) == "value-from-file\n")
        #expect(throws: SecretResolver.ResolveError.unsetVariable("B")) { try resolver.value(SecretRef(.env("B"))) }
        do {
            _ = try resolver.value(SecretRef(.file(f.path("missing.txt"))))
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error).contains("missing.txt"))
        }
    }
}
