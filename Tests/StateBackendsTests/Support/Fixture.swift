import Foundation
import StateBackends
import SwitchboardModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Local stores with a fixed clock, and what the local-backend tests look at in their files.
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
