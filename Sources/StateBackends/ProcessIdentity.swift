import Foundation
import SwitchboardModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Who is running this process: recorded in locks and history so a message can name the holder.
public struct ProcessIdentity: Hashable, Sendable {
    /// The login name (`USER`, else `LOGNAME`, else the password database entry of the effective uid).
    public var user: String
    /// The host name from `gethostname`.
    public var host: String
    /// This process's id.
    public var pid: Int32

    /// Creates an identity; tests use this to pose as another holder.
    public init(user: String, host: String, pid: Int32) {
        self.user = user
        self.host = host
        self.pid = pid
    }

    /// The identity of the running process.
    public static var current: ProcessIdentity {
        ProcessIdentity(user: currentUser(), host: currentHost(), pid: getpid())
    }

    private static func currentUser() -> String {
        let env = ProcessInfo.processInfo.environment
        for key in ["USER", "LOGNAME"] {
            if let value = env[key], !value.isEmpty { return value }
        }
        let uid = geteuid()
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return "uid-\(uid)"
    }

    private static func currentHost() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown-host" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "unknown-host" : name
    }
}
