import Foundation
import ManifestLoading
import SwitchboardModel

/// The fuzz target: each input is one manifest file, loaded as a set the way `switchboard validate` loads a
/// directory (listing, reading, YAML, decoding, the set rules), and every diagnostic's source line is looked up the
/// way the renderer quotes it.
///
/// A crash, a sanitizer report, a timeout or running out of memory is a finding; so is a broken invariant below
/// (`precondition`), which turns a wrong answer into a crash the fuzzer keeps.
enum ManifestFuzzTarget {
    /// A fresh directory of this process, holding the one manifest file.
    static let directory: String = {
        let template = FileManager.default.temporaryDirectory.path + "/switchboard-fuzz-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else { fatalError("cannot create a directory under \(template)") }
        // Removed when libFuzzer ends the process normally (time is up); a crash leaves it for the post-mortem.
        atexit { try? FileManager.default.removeItem(atPath: ManifestFuzzTarget.directory) }
        return String(cString: made)
    }()

    /// The manifest file the input is written to.
    static let file = directory + "/fuzz.yaml"

    /// The environment `${env:NAME}` and `{secretEnv: NAME}` see: the names in `Fuzz/yaml.dict`, so both the set
    /// and the unset paths are reached.
    static let loader = ManifestLoader(
        platforms: platforms, environment: ["FUZZ_VALUE": "northwind", "FUZZ_SECRET": "not-a-real-secret", "FUZZ_EMPTY": ""],
        today: "2026-01-01")

    /// The platforms a fuzzed Project may name: the shapes of DESIGN.md section 3.1 (the harness links manifest
    /// loading only, not the platform modules whose descriptors hold the real profiles).
    static let platforms = PlatformCatalog([
        PlatformProfile(
            type: .genesysCloud, displayName: "Genesys Cloud", defaultConnectionName: "genesys",
            connectionFields: [
                ConnectionField("clientId"), ConnectionField("clientSecret", secretOnly: true),
                ConnectionField("rateLimitPerMinute"),
            ],
            regions: GenesysRegion.allRegions,
            holds: [
                .init(.contentProfile), .init(.integration, integrationTypes: [.whatsapp, .twilioSMS, .agentlessEmail]),
                .init(.template, templateChannels: [.email]),
                .init(.template, templateChannels: [.whatsapp], byDefault: false),
            ]),
        PlatformProfile(
            type: .dynamics365, displayName: "Dynamics 365", defaultConnectionName: "dynamics",
            connectionFields: [
                ConnectionField("tenantId"), ConnectionField("clientId"),
                ConnectionField("clientSecret", secretOnly: true), ConnectionField("organizationUrl"),
            ],
            namedEndpoints: ["live"], holds: [
                .init(.integration, integrationTypes: [.twilioWhatsApp]), .init(.workstream),
                .init(.template, templateChannels: [.whatsapp]),
            ]),
        PlatformProfile(
            type: .twilio, displayName: "Twilio", defaultConnectionName: "twilio",
            connectionFields: [
                ConnectionField("accountSid"), ConnectionField("authToken", secretOnly: true),
                ConnectionField("apiKey"), ConnectionField("apiSecret", secretOnly: true),
            ],
            namedEndpoints: ["live"], holds: []),
    ])

    /// Loads one input; always returns 0 (libFuzzer's "keep going").
    static func run(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        write(data, size)
        let result = loader.load(directory: directory)
        for diagnostic in result.diagnostics {
            guard let location = diagnostic.location else { continue }
            // Lines and columns are 1-based (STYLE.md), and a diagnostic names the file it was found in.
            precondition(location.line >= 1 && location.column >= 1, "\(diagnostic.code) at \(location)")
            precondition(location.file == file, "\(diagnostic.code) names \(location.file)")
            _ = result.sourceLine(file: location.file, line: location.line)
        }
        precondition(
            result.manifests == nil || !result.diagnostics.contains { $0.severity == .error },
            "a set was built despite errors")
        return 0
    }
}

extension ManifestFuzzTarget {
    /// Replaces the manifest file's contents with the input. Plain `open`/`write`: `FileManager.createFile` writes
    /// atomically with a sync, which took 8 ms of each 9 ms run.
    static func write(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { fatalError("cannot open \(file): errno \(errno)") }
        defer { close(fd) }
        var written = 0
        while let data, written < size {
            let n = Foundation.write(fd, data + written, size - written)
            guard n > 0 else { fatalError("cannot write \(file): errno \(errno)") }
            written += n
        }
    }
}

/// The target under libFuzzer's conventional name.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    ManifestFuzzTarget.run(data, size)
}
