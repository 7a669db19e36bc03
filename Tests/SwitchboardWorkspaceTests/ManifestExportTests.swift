import Foundation
import ManifestLoading
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import SwitchboardWorkspace

/// `switchboard export`'s manifest writer (issue 19, point 5): what platforms hold, written as manifests that load
/// back into the same resources; one file per kind, sorted, each document saying where it came from; secrets as
/// generated `{secretEnv: ...}` names, never values; a Project naming the connections.
@Suite struct ManifestExportTests {
    /// The reference configuration (`manifests/`), loaded as the workspace loads it.
    static func reference() throws -> ManifestSet {
        let dir = try TemporaryDirectory("export-source")
        try PackageFolder.copy("manifests", into: dir.url)
        let result = ManifestLoader(
            platforms: PlatformRegistry.catalog, environment: ManifestDocuments.secrets, today: "2026-11-20"
        ).load(directory: dir.path)
        return try #require(result.manifests, "\(result.diagnostics)")
    }

    /// Each resource as the platform would list it: its attributes, its name, an id.
    static func listed(_ set: ManifestSet) -> [ExportedObject] {
        set.resources.map { r in
            ExportedObject(
                kind: r.kind, connection: r.platform,
                remote: RemoteObject(remoteId: "id-\(r.name)", status: .active, attributes: r.attributes), name: r.name)
        }
    }

    /// Writes `output` into a fresh directory and loads it with `environment` (every generated variable set).
    static func load(_ output: ManifestExport.Output) throws -> (TemporaryDirectory, LoadResult) {
        let dir = try TemporaryDirectory("exported")
        for file in output.files { try dir.write(file.name, file.text) }
        var environment = ManifestDocuments.secrets
        for name in output.secretVariables { environment[name] = "exported-secret-\(name.count)" }
        let result = ManifestLoader(platforms: PlatformRegistry.catalog, environment: environment, today: "2026-11-20")
            .load(directory: dir.path)
        return (dir, result)
    }

    @Test func theExportOfTheReferenceConfigurationLoadsBackIntoTheSameResources() throws {
        let source = try Self.reference()
        let export = ManifestExport(
            connections: Array(source.project.platforms.values), objects: Self.listed(source))
        let output = export.render()
        let (_, loaded) = try Self.load(output)
        #expect(!loaded.diagnostics.hasErrors, "\(loaded.diagnostics.map(\.message))")
        let exported = try #require(loaded.manifests)
        #expect(exported.resources.count == source.resources.count)
        for r in source.resources {
            let twin = exported.resources.first { $0.address == r.address }
            #expect(twin?.attributes == r.attributes, "\(r.address)")
            #expect(twin?.platform == r.platform, "\(r.address)")
            #expect(twin.map { Set($0.secretFields.keys) } == Set(r.secretFields.keys), "\(r.address)")
        }
        #expect(Set(exported.project.platforms.keys) == Set(source.project.platforms.keys))
        #expect(exported.project.platforms["genesys"]?.type == .genesysCloud)
    }

    @Test func oneFilePerKindSortedWithWhereEachCameFrom() throws {
        let output = ManifestExport(
            connections: [PlatformConnection(name: "genesys", type: .genesysCloud)],
            objects: [
                ExportedObject(
                    kind: .contentProfile, connection: "genesys",
                    remote: RemoteObject(
                        remoteId: "cp-2", status: .active, attributes: ["inbound": ["image/png"], "outbound": []]),
                    name: "zeta"),
                ExportedObject(
                    kind: .contentProfile, connection: "genesys",
                    remote: RemoteObject(
                        remoteId: "cp-1", status: .active, attributes: ["inbound": ["image/png"], "outbound": []]),
                    name: "alpha"),
            ]
        ).render()
        #expect(output.files.map(\.name) == ["project.yaml", "content-profiles.yaml"])
        let text = output.files[1].text
        let alpha = try #require(text.range(of: "name: alpha"))
        let zeta = try #require(text.range(of: "name: zeta"))
        #expect(alpha.lowerBound < zeta.lowerBound)
        #expect(text.contains("# from platform 'genesys' (genesys-cloud): id cp-1, status active\n"))
        #expect(output.files[0].text.contains("  platforms:\n    genesys:\n      endpoint: \"sandbox\"\n"))
    }

    @Test func namesAreMadeValidAndUniqueAndReferencesFollowThem() throws {
        let integration = ExportedObject(
            kind: .integration, connection: "genesys",
            remote: RemoteObject(
                remoteId: "i-1", status: .active,
                attributes: [
                    "type": "twilio-sms", "accountSid": "AC0123456789abcdef0123456789abcdef", "region": "us-east-1",
                    "enabled": true,
                ]),
            name: "BYO Twilio (US)")
        func number(_ id: String, _ phone: String) -> ExportedObject {
            ExportedObject(
                kind: .number, connection: "genesys",
                remote: RemoteObject(
                    remoteId: id, status: .active,
                    attributes: [
                        "integration": "BYO Twilio (US)", "type": "local", "phoneNumber": .string(phone), "country": "US",
                    ],
                    naturalKey: phone),
                name: "Store line")
        }
        let output = ManifestExport(
            connections: [PlatformConnection(name: "genesys", type: .genesysCloud)],
            objects: [integration, number("n-1", "+14155550101"), number("n-2", "+14155550102")]
        ).render()
        let (_, loaded) = try Self.load(output)
        #expect(!loaded.diagnostics.hasErrors, "\(loaded.diagnostics.map(\.message))")
        let resources = try #require(loaded.manifests).resources
        #expect(Set(resources.map(\.address.description)) == [
            "Integration/byo-twilio-us", "Number/store-line", "Number/store-line-2",
        ])
        #expect(resources.filter { $0.kind == .number }.allSatisfy { $0.attributes["integration"] == "byo-twilio-us" })
        #expect(output.secretVariables == ["BYO_TWILIO_US_AUTH_TOKEN"])
        #expect(output.files.contains { $0.text.contains("authToken: {secretEnv: \"BYO_TWILIO_US_AUTH_TOKEN\"}") })
    }

    @Test func whatsAppOnboardingSecretsAreReferencesAndNoValueIsWritten() throws {
        let source = try Self.reference()
        let output = ManifestExport(
            connections: Array(source.project.platforms.values), objects: Self.listed(source)
        ).render()
        #expect(output.secretVariables.contains("SUPPORT_WHATSAPP_EMBEDDED_SIGNUP_TOKEN"))
        #expect(output.secretVariables.contains("SUPPORT_WHATSAPP_PIN"))
        let everything = output.files.map(\.text).joined()
        // Every string is written double-quoted: a secret value would stand as one.
        for value in ManifestDocuments.secrets.values { #expect(!everything.contains("\"\(value)\"")) }
        #expect(!everything.contains(" form:"))
    }

    @Test func aValueThatLooksLikeAnotherTypeStaysAString() {
        #expect(ManifestExport.flow("yes") == "\"yes\"")
        #expect(ManifestExport.flow("12345") == "\"12345\"")
        #expect(ManifestExport.flow(["a: b", "#c"]) == "[\"a: b\", \"#c\"]")
        #expect(ManifestExport.key("en_US") == "en_US")
        #expect(ManifestExport.key("no") == "\"no\"")
        #expect(ManifestExport.manifestName("+1 (415) 555-0101", kind: .number) == "1-415-555-0101")
        #expect(ManifestExport.manifestName("***", kind: .number) == "number")
    }

    @Test func fieldsThePlatformDoesNotKeepGetPlaceholdersSoTheExportValidates() throws {
        let domain = ExportedObject(
            kind: .integration, connection: "genesys",
            remote: RemoteObject(
                remoteId: "notify.example.com", status: .active,
                attributes: ["type": "agentless-email", "domain": "notify.example.com"], naturalKey: "notify.example.com"))
        let output = ManifestExport(
            connections: [PlatformConnection(name: "genesys", type: .genesysCloud)], objects: [domain]
        ).render()
        let (_, loaded) = try Self.load(output)
        #expect(!loaded.diagnostics.hasErrors, "\(loaded.diagnostics.map(\.message))")
        let text = output.files.map(\.text).joined()
        #expect(text.contains(
            "# not kept by the platform, so written with a placeholder: check displayName, enabled, fromAddress, "
                + "rateLimitPerMinute"))
        #expect(loaded.manifests?.resources.first?.address == Address(.integration, "notify-example-com"))
    }
}
