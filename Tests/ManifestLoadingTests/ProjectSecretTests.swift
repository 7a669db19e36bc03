import Foundation
import Testing
@testable import ManifestLoading
import SwitchboardWorkspace
import SwitchboardModel
import SwitchboardTestSupport

@Suite struct ProjectSecretTests {
    func load(_ clientSecret: String) throws -> LoadResult {
        let dir = try TemporaryDirectory("proj")
        try dir.write("p.yaml", """
            apiVersion: switchboard/v1
            kind: Project
            metadata: {name: p}
            spec:
              platforms:
                genesys: {type: genesys-cloud, endpoint: "http://127.0.0.1:9", clientId: ci, clientSecret: \(clientSecret)}

            """)
        return ManifestLoader(platforms: PlatformRegistry.catalog, environment: ["GC_SECRET": "x"]).load(directory: dir.path)
    }

    @Test func aPlainClientSecretIsRefusedWithoutEchoingIt() throws {
        let r = try load("hunter2-plain-value")
        #expect(r.diagnostics.map(\.code) == ["manifest.type"])
        #expect(r.diagnostics.first?.path == "spec.platforms.genesys.clientSecret")
        #expect(r.diagnostics.first?.location?.line == 6)
        #expect(!String(describing: r.diagnostics).contains("hunter2-plain-value"))
    }

    @Test func aSecretReferenceIsAccepted() throws {
        let r = try load("{secretEnv: GC_SECRET}")
        #expect(r.diagnostics.isEmpty)
        #expect(r.manifests?.project.platforms["genesys"]?.credentials["clientSecret"]?.source == .env("GC_SECRET"))
        #expect(r.manifests?.project.platforms["genesys"]?.settings["clientId"] == "ci")
    }
}
