import Foundation
import ManifestLoading
import SwitchboardWorkspace
import SwitchboardModel
import SwitchboardTestSupport
import Testing

/// Links and paths that cannot be read (DESIGN.md section 3): `manifest.read` and `manifest.symlink`, nothing of a
/// link's target outside the set read or shown, and never a set built from a partial read.
@Suite struct ManifestFilesTests {
    /// A marker only the file outside the set holds: it must never reach a diagnostic or the sources.
    static let marker = "OUTSIDE-MARKER-7f3a"
    static let secretDocument = """
        apiVersion: switchboard/v1
        kind: ContentProfile
        metadata: {name: \(marker)}
        spec: {inbound: [\(marker)]}

        """

    /// A set with one valid file, and a folder next to it (outside the set) holding the marked file.
    struct Scene {
        let scratch: TemporaryDirectory
        var set: String { scratch.path("set") }
        var outside: String { scratch.path("outside") }

        init() throws {
            scratch = try TemporaryDirectory("links")
            try scratch.write("set/media.yaml", media)
            try scratch.write("outside/secret.yaml", ManifestFilesTests.secretDocument)
        }

        func link(_ relative: String, to target: String) throws {
            let path = set + "/" + relative
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        }

        func load() -> LoadResult { ManifestLoader(platforms: PlatformRegistry.catalog, environment: Fixture.env, today: "2026-03-01").load(directory: set) }
    }

    /// The codes and the paths they name, in order.
    static func problems(_ result: LoadResult) -> [String] {
        result.diagnostics.map { "\($0.code) \($0.location?.file ?? "-")" }
    }

    /// Nothing of the marked file is anywhere in the result, and no set was built.
    static func expectNothingLeaked(_ result: LoadResult, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let everything = result.diagnostics.flatMap { [$0] + $0.notes }
            .map { "\($0.message) \($0.hint ?? "") \($0.path ?? "")" }.joined(separator: "\n")
        #expect(!everything.contains(marker), sourceLocation: sourceLocation)
        let sources = result.sources.values.map { String(decoding: $0, as: UTF8.self) }.joined()
        #expect(!sources.contains(marker), sourceLocation: sourceLocation)
        #expect(result.manifests == nil, "a set was built from a partial read", sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        ("env.yaml", "../outside/secret.yaml"),
        ("env.yaml", "OUTSIDE/secret.yaml"),  // absolute
        ("shared", "../outside"),  // a folder
        ("deep/er/env.yaml", "../../../outside/secret.yaml"),
    ])
    func linkLeavingTheSetIsReportedAndNotRead(_ name: String, _ target: String) throws {
        let scene = try Scene()
        try scene.link(name, to: target.replacingOccurrences(of: "OUTSIDE", with: scene.outside))
        let result = scene.load()
        #expect(Self.problems(result) == ["manifest.symlink \(scene.set)/\(name)"])
        #expect(result.diagnostics.first?.message.contains("leads outside the manifest directory") == true)
        #expect(result.diagnostics.first?.location?.line == 1)
        Self.expectNothingLeaked(result)
    }

    @Test func linkToTheProcessEnvironmentIsNotRead() throws {
        guard FileManager.default.fileExists(atPath: "/proc/self/environ") else { return }
        let scene = try Scene()
        try scene.link("env.yaml", to: "/proc/self/environ")
        let result = scene.load()
        #expect(Self.problems(result) == ["manifest.symlink \(scene.set)/env.yaml"])
        #expect(result.sources.keys.sorted() == [scene.set + "/media.yaml"])
        Self.expectNothingLeaked(result)
    }

    @Test func linkToNothingOutsideIsASymlinkError() throws {
        let scene = try Scene()
        try scene.link("gone.yaml", to: scene.outside + "/no-such.yaml")
        try scene.link("gone-too.yaml", to: "../../nowhere.yaml")
        #expect(
            Self.problems(scene.load()) == [
                "manifest.symlink \(scene.set)/gone-too.yaml", "manifest.symlink \(scene.set)/gone.yaml",
            ])
    }

    @Test func linkToNothingInsideCannotBeRead() throws {
        let scene = try Scene()
        try scene.link("missing.yaml", to: "no-such.yaml")
        try scene.link("folder", to: "no-such-folder")
        let result = scene.load()
        #expect(
            Self.problems(result) == ["manifest.read \(scene.set)/folder", "manifest.read \(scene.set)/missing.yaml"])
        #expect(result.diagnostics.first?.hint?.hasPrefix("it is a symbolic link to nothing") == true)
        #expect(result.manifests == nil)
    }

    @Test func linksThatLoopAreReported() throws {
        let scene = try Scene()
        try scene.link("a.yaml", to: "b.yaml")
        try scene.link("b.yaml", to: "a.yaml")
        try scene.link("sub/up", to: "..")
        try scene.link("sub/self", to: ".")
        let result = scene.load()
        #expect(
            Self.problems(result) == [
                "manifest.symlink \(scene.set)/a.yaml", "manifest.symlink \(scene.set)/b.yaml",
                "manifest.symlink \(scene.set)/sub/self", "manifest.symlink \(scene.set)/sub/up",
            ])
        #expect(result.diagnostics.allSatisfy { $0.message.hasSuffix("loops; it is not followed") })
        #expect(result.manifests == nil)
    }

    @Test func linksInsideTheSetAreFollowedUnderTheirNames() throws {
        let scene = try Scene()
        // A hidden folder is not listed itself, only through the link (a Kubernetes ConfigMap mount looks so).
        try scene.scratch.write("set/.data/numbers/sms.yaml", sms)
        try scene.link("numbers", to: ".data/numbers")
        try scene.scratch.write("set/.data/profile.yaml", doc("ContentProfile", "other", "  inbound: [image/png]"))
        try scene.link("profile.yaml", to: ".data/profile.yaml")
        let result = scene.load()
        #expect(result.diagnostics.isEmpty, "\(Self.problems(result))")
        #expect(result.manifests?.resources.count == 3)
        #expect(
            result.sources.keys.sorted()
                == ["media.yaml", "numbers/sms.yaml", "profile.yaml"].map { scene.set + "/" + $0 })
    }

    @Test func aFolderReachedTwiceIsListedOnce() throws {
        let scene = try Scene()
        try scene.scratch.write("set/team/sms.yaml", sms)
        try scene.link("alias", to: "team")
        let result = scene.load()
        #expect(result.diagnostics.isEmpty, "\(Self.problems(result))")
        #expect(result.sources.keys.sorted() == [scene.set + "/alias/sms.yaml", scene.set + "/media.yaml"])
    }

    /// Folders linking to each other: every cycle is reported, and each folder is listed once however the links
    /// cross, so the work does not grow with the number of paths through them.
    @Test func crossingFolderLinksStayBounded() throws {
        let scene = try Scene()
        let count = 12
        for i in 0..<count {
            try scene.scratch.write("set/d\(i)/p.yaml", doc("ContentProfile", "p\(i)", "  inbound: [image/png]"))
            for j in 0..<count where j != i { try scene.link("d\(i)/to-d\(j)", to: "../d\(j)") }
        }
        let result = scene.load()
        #expect(result.sources.count == count + 1)
        #expect(result.diagnostics.allSatisfy { $0.code == "manifest.symlink" })
        #expect(result.diagnostics.count <= count * count)
        #expect(result.manifests == nil)
    }

    @Test func aManifestNameThatIsNoFileCannotBeRead() throws {
        let scene = try Scene()
        #expect(mkfifo(scene.set + "/pipe.yaml", 0o644) == 0)
        #expect(mkfifo(scene.set + "/pipe.txt", 0o644) == 0)
        #expect(mkfifo(scene.outside + "/pipe.yaml", 0o644) == 0)
        try scene.link("inner.yaml", to: "pipe.txt")
        let result = scene.load()
        #expect(
            Self.problems(result) == ["manifest.read \(scene.set)/inner.yaml", "manifest.read \(scene.set)/pipe.yaml"])
        #expect(
            result.diagnostics.map(\.hint) == [
                "it leads to a named pipe, not a regular file; nothing is planned until every file of the set can be read",
                "it is a named pipe, not a regular file; nothing is planned until every file of the set can be read",
            ])
        #expect(result.manifests == nil)
    }

    @Test(.enabled(if: geteuid() != 0, "root reads files and folders whatever their mode"))
    func unreadableFileAndFolderAreErrorsNotSkipped() throws {
        let scene = try Scene()
        try scene.scratch.write("set/locked/sms.yaml", sms)
        try scene.scratch.write("set/secret.yaml", sms)
        #expect(chmod(scene.set + "/locked", 0) == 0)
        #expect(chmod(scene.set + "/secret.yaml", 0) == 0)
        defer {
            _ = chmod(scene.set + "/locked", 0o755)
            _ = chmod(scene.set + "/secret.yaml", 0o644)
        }
        let result = scene.load()
        #expect(
            Self.problems(result) == ["manifest.read \(scene.set)/locked", "manifest.read \(scene.set)/secret.yaml"])
        #expect(
            result.diagnostics.map(\.message) == [
                "cannot read folder '\(scene.set)/locked'", "cannot read '\(scene.set)/secret.yaml'",
            ])
        #expect(result.diagnostics.first?.hint?.hasPrefix("permission denied") == true)
        #expect(result.manifests == nil)
    }

    @Test func onlyProblemsStillReportNoEmptySet() throws {
        let scratch = try TemporaryDirectory("links")
        try FileManager.default.createDirectory(atPath: scratch.path("set"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: scratch.path("set/env.yaml"), withDestinationPath: "/etc")
        let result = ManifestLoader(platforms: PlatformRegistry.catalog, environment: [:], today: "2026-03-01").load(directory: scratch.path("set"))
        #expect(result.diagnostics.map(\.code) == ["manifest.symlink"])
    }

    /// The set's directory itself may be reached through a link: it is the directory, so its files are inside.
    @Test func theDirectoryMayBeALink() throws {
        let scene = try Scene()
        try FileManager.default.createSymbolicLink(atPath: scene.scratch.path("via"), withDestinationPath: scene.set)
        try scene.link("again.yaml", to: scene.scratch.path("via/media.yaml"))
        let result = ManifestLoader(platforms: PlatformRegistry.catalog, environment: [:], today: "2026-03-01").load(directory: scene.scratch.path("via"))
        #expect(result.diagnostics.map(\.code) == ["manifest.duplicate"])
        #expect(result.sources.keys.sorted() == ["again.yaml", "media.yaml"].map { scene.scratch.path("via/" + $0) })
    }
}
