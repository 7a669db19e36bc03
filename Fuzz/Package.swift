// swift-tools-version:6.0
import PackageDescription

// The libFuzzer harness around manifest loading (docs/fuzzing.md). Built only by Fuzz/run.sh, with
// `-sanitize=fuzzer,address`; the root package does not know this folder, so `swift build` and `swift test` there
// neither build nor slow down for it.
let package = Package(
    name: "SwitchboardFuzz",
    dependencies: [.package(name: "Switchboard", path: "..")],
    targets: [
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(
            name: "ManifestFuzzer",
            dependencies: ["CLibFuzzer", .product(name: "ManifestLoading", package: "Switchboard")]),
    ],
    swiftLanguageModes: [.v6]
)
