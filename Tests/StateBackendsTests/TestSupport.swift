import Foundation
import Reconciler
import StateBackends
import SwitchboardModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh temporary directory, removed when the test is done.
struct TemporaryDirectory: ~Copyable {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/switchboard-state-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var statePath: String { path + "/.switchboard/state.json" }
}

enum Fixture {
    static let t0 = Date(timeIntervalSince1970: 1_750_000_000)

    static func store(
        _ path: String, at date: Date? = nil, identity: ProcessIdentity = .current, lease: Double = 60
    ) -> LocalStateStore {
        if let date {
            return LocalStateStore(path: path, leaseSeconds: lease, identity: identity, pollInterval: 0.05) { date }
        }
        return LocalStateStore(path: path, leaseSeconds: lease, identity: identity, pollInterval: 0.05)
    }

    static func integration(_ name: String = "support-whatsapp", protect: Bool = false) -> ResourceState {
        ResourceState(
            kind: .integration, name: name, platform: "genesys", remoteId: "0f1e-\(name)", status: "active",
            attributes: [
                "type": "whatsapp", "enabled": true, "retries": 3,
                "compliance": ["help": ["message": "Reply HELP"]], "tags": ["a", "b"],
            ],
            fingerprints: ["certificate": "hmac-sha256:abc123"], outputs: ["webhookUrl": "https://x/y"],
            protect: protect, labels: ["team": "cx"], createdAt: "2025-06-01T10:00:00.000Z")
    }

    static func number(_ e164: String, integration: String = "support-whatsapp") -> ResourceState {
        ResourceState(
            kind: .number, name: e164, platform: "genesys", remoteId: "n-\(e164)", status: "active",
            attributes: ["phoneNumber": .string(e164)], dependencies: [Address(.integration, integration)])
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }

    /// The pid of a process that has exited and been reaped.
    static func deadPid() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
