import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A throwaway PostgreSQL server for tests: `initdb` in a temporary directory, `pg_ctl start` on a free loopback
/// port, `pg_ctl stop -m immediate` and removal of the directory at `stop()` or, at the latest, when the test
/// process exits (a detached watchdog does it, so a crashed test run leaves nothing behind).
///
/// As root the server runs as `nobody` (PostgreSQL refuses to run as root). TCP connections need a password
/// (scram-sha-256, so wrong-password tests are real); the superuser is `switchboard` with `password`.
///
/// One server serves the whole test process (`shared`); tests keep apart by using their own workspace names
/// (`workspace(_:)`).
public actor PostgresTestServer {
    /// One server for the whole test process, started on first use.
    public static let shared = PostgresTestServer()

    /// The superuser's name.
    public nonisolated let user = "switchboard"
    /// The superuser's password.
    public nonisolated let password = "t3st-Pa55w0rd-\(UInt32.random(in: 1000...999_999))"

    private var startTask: Task<Running, Error>?
    private var running: Running?

    /// Where a started server lives.
    public struct Running: Sendable {
        /// The loopback port it listens on.
        public var port: Int
        /// The temporary directory holding its data, socket and logs.
        public var directory: String
        var dataDirectory: String
        var binDirectory: String
        var runAs: String?
    }

    /// Errors starting the server, with the tool output.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed, with the tools' output.
        public var description: String
    }

    /// A server not started yet (`shared` is the one tests use).
    public init() {}

    /// Starts the server if needed and returns its port.
    /// - Throws: `Failure` when PostgreSQL's tools are missing or the server does not start.
    public func start() async throws -> Running {
        if let running { return running }
        if let startTask { return try await startTask.value }
        let user = user
        let password = password
        let task = Task { try await PostgresTestServer.launch(user: user, password: password) }
        startTask = task
        do {
            let value = try await task.value
            running = value
            return value
        } catch {
            startTask = nil
            throw error
        }
    }

    /// A URL to database `postgres` with the right password.
    public func url() async throws -> String {
        let running = try await start()
        return "postgres://\(user):\(password)@127.0.0.1:\(running.port)/postgres"
    }

    /// A URL with a wrong password.
    public func urlWithWrongPassword() async throws -> String {
        let running = try await start()
        return "postgres://\(user):not-\(password)-at-all@127.0.0.1:\(running.port)/postgres"
    }

    /// Stops the server at once (`-m immediate`, like a crash or a pulled plug).
    public func crash() async throws {
        guard let running else { return }
        _ = try await PostgresTestServer.pgctl(running, ["stop", "-m", "immediate", "-w"])
    }

    /// Starts a server stopped with `crash()` again, on the same port and data.
    public func restart() async throws {
        guard let running else { return }
        try await PostgresTestServer.startServer(running)
    }

    /// Stops the server and removes its directory.
    public func stop() async {
        guard let running else { return }
        _ = try? await PostgresTestServer.pgctl(running, ["stop", "-m", "immediate", "-w"])
        try? FileManager.default.removeItem(atPath: running.directory)
        self.running = nil
        startTask = nil
    }

    /// A workspace name no other test uses (tests run in parallel against one server): `LABEL-` and 8 random
    /// hex digits.
    public nonisolated static func workspace(_ label: String) -> String {
        "\(label)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    // MARK: - Launch

    private static func launch(user: String, password: String) async throws -> Running {
        let bin = try findBinDirectory()
        let runAs: String? = getuid() == 0 ? "nobody" : nil
        let base = runAs == nil ? FileManager.default.temporaryDirectory.path : "/tmp"
        let directory = base + "/switchboard-pg-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let passwordFile = directory + "/pwfile"
        try Data((password + "\n").utf8).write(to: URL(fileURLWithPath: passwordFile))
        if let runAs {
            guard let entry = getpwnam(runAs) else {
                throw Failure(description: "running as root, but there is no user '\(runAs)' to run PostgreSQL as")
            }
            let uid = entry.pointee.pw_uid
            let gid = entry.pointee.pw_gid
            for path in [directory, passwordFile] where chown(path, uid, gid) != 0 {
                throw Failure(description: "cannot chown \(path) to \(runAs): errno \(errno)")
            }
        }
        try watchdog(directory: directory, bin: bin, runAs: runAs)
        let data = directory + "/data"
        let initdb = try await run(
            bin + "/initdb",
            [
                "-D", data, "-U", user, "--pwfile=\(passwordFile)", "--auth-local=trust", "--auth-host=scram-sha-256",
                "-E", "UTF8", "--no-locale", "--no-sync",
            ],
            runAs: runAs, outputDirectory: directory)
        if initdb.status != 0 {
            throw Failure(description: "initdb failed (\(initdb.status)):\n\(initdb.output)")
        }
        var lastError = ""
        for _ in 0..<5 {
            let running = Running(
                port: try freePort(), directory: directory, dataDirectory: data, binDirectory: bin, runAs: runAs)
            do {
                try await startServer(running)
                return running
            } catch {
                lastError = "\(error)"
            }
        }
        throw Failure(description: "PostgreSQL did not start: \(lastError)")
    }

    private static func startServer(_ running: Running) async throws {
        let options = "-k \(running.directory) -h 127.0.0.1 -p \(running.port) -c fsync=off -c max_connections=200"
        let result = try await pgctl(
            running, ["start", "-w", "-t", "60", "-l", running.directory + "/server.log", "-o", options])
        if result.status != 0 {
            let log = (try? String(contentsOfFile: running.directory + "/server.log", encoding: .utf8)) ?? ""
            throw Failure(description: "pg_ctl start failed (\(result.status)):\n\(result.output)\n\(log)")
        }
    }

    private static func pgctl(_ running: Running, _ arguments: [String]) async throws -> (status: Int32, output: String)
    {
        try await run(
            running.binDirectory + "/pg_ctl", ["-D", running.dataDirectory] + arguments, runAs: running.runAs,
            outputDirectory: running.directory)
    }

    /// `initdb` and `pg_ctl`: `SWITCHBOARD_PG_BIN`, the newest /usr/lib/postgresql/*/bin, or PATH.
    public static func findBinDirectory() throws -> String {
        let fm = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["SWITCHBOARD_PG_BIN"],
            fm.isExecutableFile(atPath: explicit + "/initdb")
        {
            return explicit
        }
        let versions = ((try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap { Int($0) }.sorted(by: >)
        for version in versions where fm.isExecutableFile(atPath: "/usr/lib/postgresql/\(version)/bin/initdb") {
            return "/usr/lib/postgresql/\(version)/bin"
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        where fm.isExecutableFile(atPath: "\(directory)/initdb") && fm.isExecutableFile(atPath: "\(directory)/pg_ctl") {
            return String(directory)
        }
        throw Failure(
            description: "initdb and pg_ctl not found: install the postgresql package (apt install postgresql)")
    }

    /// A loopback port nobody listens on right now.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw Failure(description: "bind() failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw Failure(description: "getsockname() failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A detached shell that stops the server and removes the directory once this process is gone.
    private static func watchdog(directory: String, bin: String, runAs: String?) throws {
        let stop = "'\(bin)/pg_ctl' -D '\(directory)/data' stop -m immediate"
        let stopCommand = runAs.map { "runuser -u \($0) -- \(stop)" } ?? stop
        let script = """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
            \(stopCommand) >/dev/null 2>&1
            rm -rf '\(directory)'
            """
        _ = try ChildProcess.spawn("/bin/sh", ["-c", script])
    }

    /// Runs a tool (as `runAs` when given), its output going to a file so no pipe is held by the server.
    static func run(
        _ tool: String, _ arguments: [String], runAs: String?, outputDirectory: String
    ) async throws -> (status: Int32, output: String) {
        let outputPath = outputDirectory + "/tool-output-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let child =
            if let runAs {
                try ChildProcess.spawn(
                    "/usr/sbin/runuser", ["-u", runAs, "--", tool] + arguments, outputPath: outputPath)
            } else {
                try ChildProcess.spawn(tool, arguments, outputPath: outputPath)
            }
        let status = await child.wait()
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return (status, text)
    }
}
