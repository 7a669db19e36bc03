import Foundation
import Testing
@testable import ManifestLoading
import SwitchboardWorkspace
import SwitchboardModel
import SwitchboardTestSupport

@Suite struct TemplatePlatformTests {
    func load(channel: String, platform: String) throws -> LoadResult {
        let dir = try TemporaryDirectory("tpl")
        let spec = channel == "whatsapp"
            ? "{platform: \(platform), channel: whatsapp, category: utility, localizations: {en_US: \"Hi {{1}}\"}}"
            : "{platform: \(platform), channel: email, subject: s, body: b}"
        try dir.write("t.yaml", "apiVersion: switchboard/v1\nkind: Template\nmetadata: {name: t}\nspec: \(spec)\n")
        return ManifestLoader(platforms: PlatformRegistry.catalog, environment: [:]).load(directory: dir.path)
    }

    @Test func whatsappTemplatesMayLiveOnGenesysCloudOrDynamics() throws {
        #expect(try load(channel: "whatsapp", platform: "genesys").diagnostics.isEmpty)
        #expect(try load(channel: "whatsapp", platform: "dynamics").diagnostics.isEmpty)
        #expect(try load(channel: "whatsapp", platform: "genesys").manifests?.resources.first?.platform == "genesys")
    }

    @Test func emailTemplatesStayOnGenesysCloud() throws {
        #expect(try load(channel: "email", platform: "dynamics").diagnostics.map(\.code) == ["ref.kind"])
    }
}
