import Foundation
import SwitchboardTestSupport
import Testing

/// The README's main command leaves state and a sandbox in `manifests/.switchboard/`; the tests that copy package
/// folders must start from the manifests alone (issue 15, point 7).
@Suite struct PackageFolderTests {
    @Test func aCopyLeavesOutTheStateAndSandboxOfRunsInPlace() throws {
        let source = try TemporaryDirectory("package-folder")
        try source.write("project.yaml", "kind: Project\n")
        try source.write("sandbox.env", "A=1\n")
        try source.write(".switchboard/state.json", "{}")
        try source.write(".switchboard/sandbox.json", "{}")
        try source.write("genesys/numbers.yaml", "kind: Number\n")
        try source.write("genesys/.switchboard/state.json", "{}")
        let destination = try TemporaryDirectory("package-folder-copy")

        let copied = try PackageFolder.copyContents(
            of: source.url, into: destination.url.appendingPathComponent("work"))

        #expect(copied == ["genesys", "project.yaml", "sandbox.env"])
        #expect(destination.text("work/project.yaml") == "kind: Project\n")
        #expect(destination.text("work/genesys/numbers.yaml") == "kind: Number\n")
        #expect(!destination.exists("work/.switchboard"))
        #expect(!destination.exists("work/genesys/.switchboard"))
        #expect(source.exists(".switchboard/state.json"), "the source is left as it was")
    }

    @Test func theReferenceManifestsCopyWithoutLeftovers() throws {
        let destination = try TemporaryDirectory("package-folder-manifests")
        let copied = try PackageFolder.copy("manifests", into: destination.url)
        #expect(copied.contains("project.yaml"))
        #expect(!destination.exists(".switchboard"))
    }
}
