// swift-tools-version:6.0
import PackageDescription

// The module map of docs/architecture.md (DESIGN.md section 2). Data flows one way: files -> ManifestLoading ->
// SwitchboardModel values -> Reconciler (plan, apply) -> the Platform and StateStore seams, which the platform
// modules and StateBackends implement; SwitchboardWorkspace composes them, SwitchboardCLI parses and renders.
let package = Package(
    name: "Switchboard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
        .executable(name: "switchboard-bench", targets: ["switchboard-bench"]),
        // The fuzz target (Fuzz/, a package of its own: docs/fuzzing.md) loads manifests through this product.
        .library(name: "ManifestLoading", targets: ["ManifestLoading"]),
    ],
    targets: [
        // System libraries (no Swift package dependencies).
        .systemLibrary(
            name: "CYaml", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
        .systemLibrary(
            name: "CCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),
        .systemLibrary(
            name: "CPostgres", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),

        // Values and the seams (Platform, StateStore); imports nothing.
        .target(name: "SwitchboardModel", exclude: ["README.md"]),
        .target(name: "SwitchboardCrypto", dependencies: ["CCrypto"], exclude: ["README.md"]),
        .target(
            name: "ManifestLoading", dependencies: ["CYaml", "SwitchboardModel", "SwitchboardCrypto"],
            exclude: ["README.md"]),
        .target(name: "Reconciler", dependencies: ["SwitchboardModel", "SwitchboardCrypto"], exclude: ["README.md"]),

        // Platforms: what live adapters share, one module per vendor, and the simulated world with its emulators.
        .target(name: "PlatformKit", dependencies: ["SwitchboardModel"], exclude: ["README.md"]),
        .target(name: "GenesysCloud", dependencies: ["SwitchboardModel", "PlatformKit"], exclude: ["README.md"]),
        .target(name: "Twilio", dependencies: ["SwitchboardModel", "PlatformKit"], exclude: ["README.md"]),
        .target(name: "Dynamics365", dependencies: ["SwitchboardModel", "PlatformKit"], exclude: ["README.md"]),
        .target(
            name: "Sandbox", dependencies: ["SwitchboardModel", "PlatformKit", "SwitchboardCrypto"],
            exclude: ["README.md"]),

        .target(
            name: "StateBackends", dependencies: ["SwitchboardModel", "SwitchboardCrypto", "CPostgres"],
            exclude: ["README.md"]),

        // The composition root: the platform registry, the state store factory, the apply session.
        .target(
            name: "SwitchboardWorkspace",
            dependencies: [
                "SwitchboardModel", "SwitchboardCrypto", "ManifestLoading", "Reconciler", "PlatformKit",
                "GenesysCloud", "Twilio", "Dynamics365", "Sandbox", "StateBackends",
            ],
            exclude: ["README.md"]),
        .target(
            name: "SwitchboardCLI",
            dependencies: [
                "SwitchboardModel", "ManifestLoading", "Reconciler", "PlatformKit", "Sandbox", "StateBackends",
                "SwitchboardWorkspace",
            ],
            exclude: ["README.md"]),
        .executableTarget(name: "switchboard", dependencies: ["SwitchboardCLI"], exclude: ["README.md"]),
        // Performance benchmark (docs/performance.md): swift run -c release switchboard-bench
        // It reaches the work through SwitchboardWorkspace and the modules below it: never the CLI, never CYaml.
        .executableTarget(
            name: "switchboard-bench",
            dependencies: [
                "SwitchboardModel", "ManifestLoading", "Reconciler", "StateBackends", "PlatformKit", "GenesysCloud",
                "SwitchboardWorkspace",
            ],
            exclude: ["README.md"]),

        // What the test targets share: fakes, fixtures, temporary directories, child processes, a throwaway PostgreSQL.
        .target(
            name: "SwitchboardTestSupport", dependencies: ["SwitchboardModel", "Reconciler"],
            path: "Tests/SwitchboardTestSupport", exclude: ["README.md"]),
        .testTarget(name: "SwitchboardModelTests", dependencies: ["SwitchboardModel"]),
        .testTarget(
            name: "ManifestLoadingTests", dependencies: ["ManifestLoading", "SwitchboardTestSupport", "SwitchboardWorkspace"]),
        .testTarget(
            name: "ReconcilerTests",
            dependencies: ["Reconciler", "SwitchboardCrypto", "SwitchboardTestSupport", "SwitchboardWorkspace"]),
        .testTarget(name: "PlatformKitTests", dependencies: ["PlatformKit", "SwitchboardModel", "SwitchboardTestSupport"]),
        .testTarget(
            name: "GenesysCloudTests",
            dependencies: ["GenesysCloud", "PlatformKit", "Sandbox", "SwitchboardTestSupport"]),
        .testTarget(
            name: "TwilioTests",
            dependencies: ["Twilio", "PlatformKit", "SwitchboardModel", "SwitchboardTestSupport"]),
        .testTarget(
            name: "Dynamics365Tests",
            dependencies: ["Dynamics365", "PlatformKit", "Sandbox", "SwitchboardTestSupport"]),
        .testTarget(
            name: "SandboxTests",
            dependencies: [
                "Sandbox", "PlatformKit", "GenesysCloud", "Dynamics365", "SwitchboardWorkspace", "SwitchboardTestSupport",
            ]),
        .testTarget(name: "StateBackendsTests", dependencies: ["StateBackends", "SwitchboardTestSupport"]),
        .testTarget(
            name: "SwitchboardWorkspaceTests",
            dependencies: [
                "SwitchboardWorkspace", "Reconciler", "StateBackends", "PlatformKit", "ManifestLoading",
                "SwitchboardTestSupport",
            ]),
        .testTarget(
            name: "SwitchboardCLITests",
            dependencies: [
                "SwitchboardCLI", "SwitchboardWorkspace", "SwitchboardModel", "ManifestLoading", "Reconciler", "Sandbox",
                "SwitchboardTestSupport",
            ],
            exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
