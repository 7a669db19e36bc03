// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Switchboard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
        .executable(name: "switchboard-bench", targets: ["switchboard-bench"]),
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

        // Library modules; data flows files -> ManifestLoading -> SwitchboardModel -> Reconciler -> Platforms/StateBackends.
        .target(name: "SwitchboardModel", exclude: ["README.md"]),
        .target(name: "SwitchboardCrypto", dependencies: ["CCrypto"]),
        .target(
            name: "ManifestLoading", dependencies: ["CYaml", "SwitchboardModel", "SwitchboardCrypto"], exclude: ["README.md"]),
        .target(name: "Reconciler", dependencies: ["SwitchboardModel", "SwitchboardCrypto"], exclude: ["README.md"]),
        .target(
            name: "Platforms", dependencies: ["SwitchboardModel", "Reconciler", "SwitchboardCrypto"],
            exclude: ["README.md"]),
        .target(
            name: "StateBackends", dependencies: ["SwitchboardModel", "Reconciler", "SwitchboardCrypto", "CPostgres"],
            exclude: ["README.md"]),
        .target(
            name: "SwitchboardCLI",
            dependencies: ["SwitchboardModel", "ManifestLoading", "Reconciler", "Platforms", "StateBackends"],
            exclude: ["README.md"]),
        .executableTarget(name: "switchboard", dependencies: ["SwitchboardCLI"]),
        // Performance benchmark (docs/performance.md): swift run -c release switchboard-bench
        .executableTarget(
            name: "switchboard-bench",
            dependencies: [
                "CYaml", "SwitchboardModel", "ManifestLoading", "Reconciler", "StateBackends", "Platforms",
                "SwitchboardCrypto", "SwitchboardCLI",
            ]),

        .testTarget(name: "SwitchboardModelTests", dependencies: ["SwitchboardModel"]),
        .testTarget(name: "ManifestLoadingTests", dependencies: ["ManifestLoading"]),
        .testTarget(name: "ReconcilerTests", dependencies: ["Reconciler", "ManifestLoading", "Platforms", "StateBackends"]),
        .testTarget(name: "PlatformsTests", dependencies: ["Platforms"]),
        .testTarget(name: "StateBackendsTests", dependencies: ["StateBackends"]),
        .testTarget(
            name: "SwitchboardCLITests", dependencies: ["SwitchboardCLI", "SwitchboardModel", "ManifestLoading"],
            exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
