import Foundation
import Testing
@testable import ManifestLoading
import SwitchboardModel

@Suite struct TemplatePlatformTests {
    func load(channel: String, platform: String) throws -> LoadResult {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sb-tpl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = channel == "whatsapp"
            ? "{platform: \(platform), channel: whatsapp, category: utility, localizations: {en_US: \"Hi {{1}}\"}}"
            : "{platform: \(platform), channel: email, subject: s, body: b}"
        try "apiVersion: switchboard/v1\nkind: Template\nmetadata: {name: t}\nspec: \(spec)\n"
            .write(toFile: dir + "/t.yaml", atomically: true, encoding: .utf8)
        return ManifestLoader(environment: [:]).load(directory: dir)
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
