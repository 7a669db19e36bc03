import Foundation
import SwitchboardTestSupport
import Testing

/// A pull request that adds `env.yaml -> /proc/self/environ`, or a link to any file outside the manifest directory,
/// gets `manifest.symlink` and nothing of the target in the job log (DESIGN.md section 3); no plan is built from
/// what is left.
@Suite struct ManifestLinksEndToEndTests {
    @Test func nothingOfALinkedFileOutsideTheSetIsPrinted() async throws {
        let marker = "leak-marker-\(UUID().uuidString.lowercased())"
        guard let dir = try EndToEndDirectory(environment: ["SWITCHBOARD_LEAK_MARKER": marker]) else { return }
        try dir.write("media.yaml", ManifestDocuments.contentProfile("media"))
        // Outside the manifest directory (`work/`), a file that would print the marker in any diagnostic.
        let outside = dir.root.appendingPathComponent("outside.yaml")
        try Data("apiVersion: \(marker)\nkind: \(marker)\n\(marker): [\n".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(
            atPath: dir.work.appendingPathComponent("outside.yaml").path, withDestinationPath: "../outside.yaml")
        let environ = FileManager.default.fileExists(atPath: "/proc/self/environ")
        if environ {
            try FileManager.default.createSymbolicLink(
                atPath: dir.work.appendingPathComponent("env.yaml").path, withDestinationPath: "/proc/self/environ")
        }

        for arguments in [
            ["validate", "."], ["validate", ".", "--format", "json"], ["plan", "."], ["plan", ".", "--format", "json"],
            ["graph", "."],
        ] {
            let out = try await dir.run(arguments)
            #expect(out.exitCode == 1, "\(arguments): \(out)")
            let printed = out.stdout + out.stderr
            #expect(!printed.contains(marker), "\(arguments) printed what a link outside the set leads to")
            #expect(printed.contains("manifest.symlink"), "\(arguments): \(out)")
            #expect(printed.contains("outside.yaml") && (!environ || printed.contains("env.yaml")))
        }
        let plan = try await dir.run(["plan", "."])
        #expect(plan.stderr.hasSuffix("error: the manifests are invalid; nothing was planned\n"), "\(plan)")
        #expect(!FileManager.default.fileExists(atPath: dir.work.appendingPathComponent(".switchboard").path))
    }
}
