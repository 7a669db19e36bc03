import Foundation
import Testing
import ManifestLoading
import SwitchboardWorkspace
import SwitchboardModel

/// The shipped reference configuration and examples validate as documented.
@Suite struct ExamplesTests {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func envFile(_ path: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var env: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            env[String(line[..<eq]).trimmingCharacters(in: .whitespaces)] = String(line[line.index(after: eq)...])
        }
        return env
    }

    static var environment: [String: String] {
        envFile(packageRoot + "/manifests/sandbox.env").merging(envFile(packageRoot + "/examples/sandbox.env")) { a, _ in a }
    }

    static func folders(_ path: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { name in
            var isDir: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDir)
                && isDir.boolValue
        }.sorted()
    }

    static var exampleFolders: [String] {
        folders(packageRoot + "/examples").filter { $0 != "invalid" && $0 != "ci" }
    }

    static var invalidFolders: [String] { folders(packageRoot + "/examples/invalid") }

    static func render(_ ds: [Diagnostic]) -> String {
        ds.map { "\($0.location?.description ?? "-"): \($0.code): \($0.message)" }.joined(separator: "\n")
    }

    @Test func foldersExist() throws {
        #expect(FileManager.default.fileExists(atPath: Self.packageRoot + "/manifests/project.yaml"))
        #expect(!Self.exampleFolders.isEmpty)
        #expect(!Self.invalidFolders.isEmpty)
        #expect(!Self.environment.isEmpty)
    }

    @Test func referenceManifestsAreValid() throws {
        let result = ManifestLoader(platforms: PlatformRegistry.catalog, environment: Self.environment).load(directory: Self.packageRoot + "/manifests")
        #expect(result.diagnostics.isEmpty, "\(Self.render(result.diagnostics))")
        let set = try #require(result.manifests)
        #expect(set.resources.count == result.resourceCount)
        #expect(set.resources.count > 5)
    }

    @Test(arguments: exampleFolders) func exampleIsValid(_ folder: String) throws {
        let result = ManifestLoader(platforms: PlatformRegistry.catalog, environment: Self.environment)
            .load(directory: Self.packageRoot + "/examples/" + folder)
        #expect(result.diagnostics.isEmpty, "\(folder):\n\(Self.render(result.diagnostics))")
        #expect(result.manifests != nil)
    }

    @Test(arguments: invalidFolders) func invalidExampleFailsWithItsCode(_ code: String) throws {
        var env = Self.environment
        env["SWITCHBOARD_EXAMPLE_NEVER_SET"] = nil
        let result = ManifestLoader(platforms: PlatformRegistry.catalog, environment: env).load(directory: Self.packageRoot + "/examples/invalid/" + code)
        #expect(!result.diagnostics.isEmpty)
        #expect(result.diagnostics.allSatisfy { $0.code == code }, "\(code):\n\(Self.render(result.diagnostics))")
        // A code that is a warning (integration.disabled-numbers) leaves the set valid; every other fails it.
        #expect((result.manifests == nil) == result.diagnostics.contains { $0.severity == .error })
    }
}
