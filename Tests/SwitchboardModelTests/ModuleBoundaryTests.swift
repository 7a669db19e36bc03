import Foundation
import Testing

/// The module map of docs/architecture.md, held by the sources: each module imports only the modules its README
/// allows, so a dependency that the layout forbids fails here even where Package.swift would let it compile (a
/// module can import anything already linked into the same test or executable).
@Suite struct ModuleBoundaryTests {
    /// The Switchboard and system modules each source module may import. Foundation, FoundationNetworking, the C
    /// libraries' platform modules and Synchronization are judged separately.
    static let allowed: [String: Set<String>] = [
        "SwitchboardModel": [],
        "SwitchboardCrypto": ["CCrypto"],
        "ManifestLoading": ["CYaml", "SwitchboardModel", "SwitchboardCrypto"],
        "Reconciler": ["SwitchboardModel", "SwitchboardCrypto"],
        "PlatformKit": ["SwitchboardModel"],
        "GenesysCloud": ["SwitchboardModel", "PlatformKit"],
        "Twilio": ["SwitchboardModel", "PlatformKit"],
        "Dynamics365": ["SwitchboardModel", "PlatformKit"],
        "Sandbox": ["SwitchboardModel", "PlatformKit", "SwitchboardCrypto"],
        "StateBackends": ["SwitchboardModel", "SwitchboardCrypto", "CPostgres"],
        "SwitchboardWorkspace": [
            "SwitchboardModel", "SwitchboardCrypto", "ManifestLoading", "Reconciler", "PlatformKit", "GenesysCloud",
            "Twilio", "Dynamics365", "Sandbox", "StateBackends",
        ],
        "SwitchboardCLI": [
            "SwitchboardModel", "ManifestLoading", "Reconciler", "PlatformKit", "Sandbox", "StateBackends",
            "SwitchboardWorkspace",
        ],
        "switchboard": ["SwitchboardCLI"],
        "switchboard-bench": [
            "SwitchboardModel", "ManifestLoading", "Reconciler", "StateBackends", "PlatformKit", "GenesysCloud",
            "SwitchboardWorkspace",
        ],
    ]

    /// Imports that are never judged: the toolchain's own.
    static let toolchain: Set<String> = ["Foundation", "Glibc", "Darwin", "Musl", "Synchronization"]

    static var sources: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
    }

    /// Every `.swift` file under `module`, with its imported module names.
    static func imports(of module: String) throws -> [(file: String, modules: [String])] {
        let root = sources.appendingPathComponent(module)
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var result: [(String, [String])] = []
        for case let path as String in walker where path.hasSuffix(".swift") {
            let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            let names = text.split(separator: "\n").compactMap { line -> String? in
                let words = line.split(separator: " ")
                guard let i = words.firstIndex(of: "import"), i == words.startIndex || words[words.startIndex] == "@testable"
                else { return nil }
                return words.count > i + 1 ? String(words[i + 1]) : nil
            }
            result.append((module + "/" + path, names))
        }
        return result
    }

    @Test(arguments: allowed.keys.sorted())
    func moduleImportsOnlyWhatTheLayoutAllows(_ module: String) throws {
        let files = try Self.imports(of: module)
        #expect(!files.isEmpty, "no sources found for \(module)")
        let permitted = Self.allowed[module, default: []]
        for (file, modules) in files {
            for name in modules where !Self.toolchain.contains(name) && name != "FoundationNetworking" {
                #expect(permitted.contains(name), "\(file) imports \(name), which the layout does not allow")
            }
        }
    }

    @Test func theModelImportsNothing() throws {
        for (file, modules) in try Self.imports(of: "SwitchboardModel") {
            #expect(modules.isEmpty, "\(file) imports \(modules)")
        }
    }

    @Test func onlyTheRealTransportImportsFoundationNetworking() throws {
        var importers: [String] = []
        for module in Self.allowed.keys {
            for (file, modules) in try Self.imports(of: module) where modules.contains("FoundationNetworking") {
                importers.append(file)
            }
        }
        #expect(importers == ["PlatformKit/URLSessionTransport.swift"])
    }

    @Test func everySourceModuleIsJudged() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path)
            .filter { !$0.hasPrefix(".") && !["CYaml", "CCrypto", "CPostgres"].contains($0) }
        #expect(Set(folders) == Set(Self.allowed.keys))
    }
}
