import Foundation
import GenesysCloud
import PlatformKit
import Reconciler
import SwitchboardModel
import SwitchboardWorkspace

/// The apply throughput figures.
struct ApplyReport: Codable {
    var changes: Int
    var parallelism: Int
    var latencyMs: Int
    var rateLimitPerMinute: Int
    /// API requests the emulator answered (token requests excluded), 429s included.
    var requests: Int
    var logins: Int
    /// 429s the emulator sent because the client went past the limit.
    var rateLimited: Int
    /// Changes that failed (errors the user sees).
    var userErrors: Int
    var elapsedSeconds: Double
    var requestsPerMinute: Double
    /// API requests sent in each full minute of the run (client side, retries included).
    var perMinute: [Int]
    /// Longest dependency chain, in changes.
    var longestChain: Int
    var requestsPerChange: Double
    /// longestChain x requestsPerChange x latency.
    var criticalPathSeconds: Double
    /// requests / limit per minute: the time at a steady rate (a sliding window allows a first burst, so a run
    /// may beat it).
    var rateBoundSeconds: Double
    /// The earliest a sliding 60 s window lets the last request go: floor((requests - 1) / limit) x 60 s.
    var slidingWindowBoundSeconds: Double
    var lowerBoundSeconds: Double
    /// How much of the rate limit the run used: the sliding-window bound over the elapsed time.
    var utilization: Double

    var lines: [String] {
        [
            "apply: \(changes) changes, parallelism \(parallelism), \(latencyMs) ms latency, limit \(rateLimitPerMinute)/min",
            String(
                format: "  requests %d (+%d logins) in %.1f s = %.0f per minute; per full minute: %@",
                requests, logins, elapsedSeconds, requestsPerMinute,
                perMinute.map(String.init).joined(separator: ", ")),
            "  429s sent by the emulator: \(rateLimited); errors reaching the user: \(userErrors)",
            String(format: "  requests per created object: %.2f (every change creates)", requestsPerChange),
            String(
                format: "  lower bound %.1f s = max(critical path %d changes x %.2f requests x %d ms = %.1f s, "
                    + "sliding-window rate bound floor((%d - 1) / %d) min = %.0f s); at a steady %d/min: %.1f s",
                lowerBoundSeconds, longestChain, requestsPerChange, latencyMs, criticalPathSeconds, requests,
                rateLimitPerMinute, slidingWindowBoundSeconds, rateLimitPerMinute, rateBoundSeconds),
            String(
                format: "  elapsed / lower bound = %.2f; rate limit used %.1f%%",
                elapsedSeconds / max(lowerBoundSeconds, 0.001), utilization * 100),
        ]
    }
}

/// Applies a generated Genesys-only set against `switchboard sandbox serve`, started as a child process (the
/// `switchboard` binary beside this one), as `switchboard apply --auto-approve` does: the set's Project points its
/// `genesys` connection at the server, and the workspace builds the platform and runs the apply session.
struct ApplyBench {
    var options: BenchOptions
    var base: String
    var latency = 0.05
    var rateLimit = 300

    static let clientId = "switchboard-bench"
    static let clientSecret = "bench-emulator-client-secret"
    /// The variable the Project reads the client secret from.
    static let clientSecretVariable = "BENCH_GENESYS_CLIENT_SECRET"

    func run() async throws -> ApplyReport {
        let root = base + "/apply"
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root + "/served", withIntermediateDirectories: true)
        let server = try ServedSandbox.start(
            directory: root + "/served", latencyMs: Int(latency * 1000), rateLimit: rateLimit,
            clientId: Self.clientId, clientSecret: Self.clientSecret)
        defer { server.stop() }
        let workspace = try generate(into: root + "/manifests", endpoint: "http://127.0.0.1:\(server.port)")
        let platforms = try workspace.platforms()
        guard let genesys = platforms["genesys"] as? GenesysCloudPlatform else {
            throw BenchError("the apply set's 'genesys' connection is not the live Genesys Cloud adapter")
        }
        let session = try ApplySession(
            workspace: workspace, acceptance: Acceptance(billing: true, irreversible: true, destructive: true),
            options: ApplySession.Options(parallelism: options.applyParallelism, autoApprove: true),
            platforms: platforms)
        var start = ProcessInfo.processInfo.systemUptime
        let handlers = ApplySession.Handlers(
            planned: { plan in
                log(
                    "apply: \(plan.changes.filter { $0.action != .noop }.count) changes against 'switchboard sandbox "
                        + "serve' on port \(server.port) (\(Int(latency * 1000)) ms latency, \(rateLimit)/min) ...")
            },
            progress: {
                start = ProcessInfo.processInfo.systemUptime
                return { _ in }
            })
        guard case .applied(let plan, let result) = try await session.run(handlers) else {
            throw BenchError("the generated apply set planned no changes")
        }
        let elapsed = ProcessInfo.processInfo.systemUptime - start
        let stats = try await server.stats(transport: URLSessionTransport.make())
        let grants = await genesys.client.limiter.granted
        return report(
            changes: plan.changes.filter { $0.action != .noop }, result: result, stats: stats, grants: grants,
            start: start, elapsed: elapsed)
    }

    /// Writes the apply set into `directory`, its `genesys` connection on `endpoint`, checks it has no diagnostics
    /// and opens it.
    func generate(into directory: String, endpoint: String) throws -> Workspace {
        _ = try ManifestGenerator().writeApplySet(
            numbers: options.applyNumbers, integrations: options.applyIntegrations,
            connection: ManifestGenerator.LiveConnection(
                endpoint: endpoint, clientId: Self.clientId, clientSecretVariable: Self.clientSecretVariable,
                rateLimitPerMinute: rateLimit),
            into: directory)
        let loaded = Phases.validate(directory)
        guard loaded.diagnostics.isEmpty else {
            throw BenchError("the generated apply set has \(loaded.diagnostics.count) diagnostics")
        }
        return try Workspace.open(directory: directory, environment: Phases.planEnvironment)
    }

    /// The figures of a finished apply.
    func report(
        changes: [PlannedChange], result: ApplyResult, stats: (requests: Int, logins: Int, rateLimited: Int),
        grants: [Double], start: Double, elapsed: Double
    ) -> ApplyReport {
        let failures = result.changes.filter { $0.outcome != .succeeded }
        for f in failures.prefix(5) { log("  \(f.address): \(f.outcome) \(f.error ?? "")") }
        // The stats request itself is not part of the apply.
        let requests = stats.requests - stats.logins - 1
        var perMinute: [Int] = []
        var minuteStart = start
        while minuteStart + 60 <= start + elapsed {
            perMinute.append(grants.filter { $0 >= minuteStart && $0 < minuteStart + 60 }.count)
            minuteStart += 60
        }
        let chain = Self.longestChain(changes)
        let perChange = Double(requests) / Double(max(changes.count, 1))
        let critical = Double(chain) * perChange * latency
        let rateBound = Double(requests) / Double(rateLimit) * 60
        let sliding = Double(max(requests - 1, 0) / rateLimit) * 60
        // The steady-rate figure (requests / limit) overstates the bound: a sliding window lets the first 300 go at
        // once, so the true rate bound is the sliding-window one.
        let lower = max(critical, sliding)
        return ApplyReport(
            changes: changes.count, parallelism: options.applyParallelism, latencyMs: Int(latency * 1000),
            rateLimitPerMinute: rateLimit, requests: requests, logins: stats.logins, rateLimited: stats.rateLimited,
            userErrors: failures.count, elapsedSeconds: elapsed, requestsPerMinute: Double(requests) / elapsed * 60,
            perMinute: perMinute, longestChain: chain, requestsPerChange: perChange, criticalPathSeconds: critical,
            rateBoundSeconds: rateBound, slidingWindowBoundSeconds: sliding, lowerBoundSeconds: lower,
            utilization: min(max(sliding, critical) / elapsed, 1))
    }

    /// The number of changes on the longest `dependsOn` path.
    static func longestChain(_ changes: [PlannedChange]) -> Int {
        let byAddress = Dictionary(changes.map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a })
        var depth: [Address: Int] = [:]
        // Changes come in dependency order, so each one's dependencies are already measured.
        for c in changes {
            depth[c.address] = 1 + (c.dependsOn.compactMap { byAddress[$0] != nil ? depth[$0] : nil }.max() ?? 0)
        }
        return depth.values.max() ?? 0
    }
}

/// `switchboard sandbox serve` running as a child process, serving an empty sandbox with the bench's latency, rate
/// limit and client, asynchronous states completing at once.
struct ServedSandbox {
    let process: Process
    let port: Int
    /// The server's counters, `GET /_emulator/stats` (the port is a number, so the URL always parses).
    var statsURL: URL { URL(string: "http://127.0.0.1:\(port)/_emulator/stats")! }

    /// Starts the server and waits for the line that says where it listens.
    /// - Throws: `BenchError` when the `switchboard` binary is missing or the server does not start in 30 s.
    static func start(
        directory: String, latencyMs: Int, rateLimit: Int, clientId: String, clientSecret: String
    ) throws -> ServedSandbox {
        let binary = benchExecutable().deletingLastPathComponent().appendingPathComponent("switchboard")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw BenchError(
                "--apply runs 'switchboard sandbox serve', but \(binary.path) is missing: build both "
                    + "products first (swift build -c release)")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = [
            "sandbox", "serve", "--port", "0", "--latency", String(latencyMs), "--rate-limit", String(rateLimit),
            "--client-id", clientId, "--client-secret", clientSecret, "--dir", directory,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["SWITCHBOARD_SANDBOX_SPEED"] = "instant"
        environment["SWITCHBOARD_EMULATOR_SEED"] = "7"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        // The first line is `serving the sandbox in DIR on http://127.0.0.1:PORT`.
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("\n"), Date() < deadline, process.isRunning {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first, line.hasPrefix("serving the sandbox"),
            let port = line.split(separator: ":").last.flatMap({ Int($0) })
        else {
            process.terminate()
            throw BenchError("'switchboard sandbox serve' did not start: \(text)")
        }
        return ServedSandbox(process: process, port: port)
    }

    /// The emulator's counters (`GET /_emulator/stats`).
    /// - Throws: `BenchError` when they cannot be read.
    func stats(transport: HTTPTransport) async throws -> (requests: Int, logins: Int, rateLimited: Int) {
        let response = try await transport(HTTPRequest(method: "GET", url: statsURL))
        guard response.status == 200,
            let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
            let requests = object["requests"] as? Int, let logins = object["logins"] as? Int,
            let rateLimited = object["rateLimited"] as? Int
        else { throw BenchError("the emulator's stats could not be read (status \(response.status))") }
        return (requests, logins, rateLimited)
    }

    /// The requests the server's Twilio emulator answered (`twilio.requests` of `GET /_emulator/stats`).
    /// - Throws: `BenchError` when they cannot be read.
    func twilioRequests(transport: HTTPTransport) async throws -> Int {
        let response = try await transport(HTTPRequest(method: "GET", url: statsURL))
        guard response.status == 200,
            let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
            let twilio = object["twilio"] as? [String: Any], let requests = twilio["requests"] as? Int
        else { throw BenchError("the emulator's Twilio stats could not be read (status \(response.status))") }
        return requests
    }

    /// Stops the server (SIGTERM) and waits for it.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
