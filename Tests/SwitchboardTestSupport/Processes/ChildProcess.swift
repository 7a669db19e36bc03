import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process started with `posix_spawn`, for test harnesses (the throwaway PostgreSQL, a `psql` session).
///
/// Foundation's `Process` notices termination by waiting for EOF on a descriptor the child inherits, so it never
/// sees `pg_ctl start` end: the server it leaves running inherits that descriptor too. This spawns with every
/// descriptor above 2 closed in the child and waits with `waitpid(WNOHANG)` polling instead.
public struct ChildProcess: Sendable {
    /// The child's process id.
    public let pid: pid_t

    /// Errors starting a child.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String

        /// A failure saying `description`.
        public init(description: String) { self.description = description }
    }

    /// Starts `executable` with `arguments`.
    /// - Parameters:
    ///   - stdinFD: a descriptor to use as standard input (`/dev/null` when nil).
    ///   - outputPath: a file to append standard output and error to (`/dev/null` when nil).
    public static func spawn(
        _ executable: String, _ arguments: [String], stdinFD: Int32? = nil, outputPath: String? = nil
    ) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdinFD {
            posix_spawn_file_actions_adddup2(&actions, stdinFD, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath ?? "/dev/null", O_WRONLY | O_APPEND | O_CREAT, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        for fd in openDescriptors() where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv + [nil], environ)
        guard status == 0 else {
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return ChildProcess(pid: pid)
    }

    /// The descriptors open in this process (Linux: /proc/self/fd; elsewhere a bounded scan).
    private static func openDescriptors() -> [Int32] {
        let listed = ((try? FileManager.default.contentsOfDirectory(atPath: "/dev/fd")) ?? []).compactMap { Int32($0) }
        let candidates = listed.isEmpty ? Array(3..<256) : listed
        return candidates.filter { fcntl($0, F_GETFD) != -1 }
    }

    /// Waits for the child to end and returns its exit status (128 + signal when killed).
    public func wait() async -> Int32 {
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                let signal = status & 0x7f
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal
            }
            if result < 0 { return -1 }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
    }

    /// Sends `signal` to the child.
    public func kill(_ signal: Int32) {
        _ = sendSignal(pid, signal)
    }
}

private func sendSignal(_ pid: pid_t, _ signal: Int32) -> Int32 {
    kill(pid, signal)
}
