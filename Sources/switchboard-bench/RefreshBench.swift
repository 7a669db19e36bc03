import Foundation
import PlatformKit
import Reconciler
import SwitchboardModel
import SwitchboardWorkspace

/// The cost of `plan --refresh` (issue 19, point 2): a generated Genesys Cloud set of each size is applied on the
/// embedded sandbox (as `switchboard apply` does, at `instant` speed), then the same world is served by `switchboard
/// sandbox serve` at 300 requests a minute and 50 ms latency, the set's Project points its `genesys` connection at it,
/// and the workspace makes a refreshed plan (refresh, drift, companion checks) as `switchboard plan --refresh` does.
/// Requests are counted at the emulator, Genesys Cloud's and Twilio's (each integration's numbers are checked at its
/// Twilio account through the same server).
struct RefreshReport: Codable {
    struct Run: Codable {
        var size: Int
        var objects: Int
        var genesysRequests: Int
        var twilioRequests: Int
        var seconds: Double
        var changes: Int
        var drift: Int
        var requests: Int { genesysRequests + twilioRequests }
        var requestsPerObject: Double { Double(requests) / Double(max(objects, 1)) }
        /// About one request per 50 objects plus a constant (the listings' first pages, logins, the integration type).
        var bound: Int { objects / 50 + RefreshReport.constant }
        var timeTarget: Double { size <= 1_000 ? 60 : 180 }
    }

    /// The constant of the request bound.
    static let constant = 40

    var runs: [Run] = []

    var lines: [String] {
        runs.map {
            String(
                format: "refresh of %d objects: %d requests (Genesys %d, Twilio %d) = %.4f per object (1 per %.0f), "
                    + "bound %d (objects / 50 + %d); %.1f s (target %.0f s); %d drift, %d changes planned",
                $0.objects, $0.requests, $0.genesysRequests, $0.twilioRequests, $0.requestsPerObject,
                1 / max($0.requestsPerObject, 0.000_001), $0.bound, Self.constant, $0.seconds, $0.timeTarget, $0.drift,
                $0.changes)
        }
    }

    var checks: [TargetCheck] {
        runs.flatMap { r in
            [
                TargetCheck(
                    name: "refresh requests at \(r.objects) objects", target: "<= \(r.bound)",
                    actual: "\(r.requests)", pass: r.requests <= r.bound),
                TargetCheck(
                    name: "refresh time at \(r.objects) objects (300/min, 50 ms)",
                    target: String(format: "< %.0f s", r.timeTarget), actual: String(format: "%.1f s", r.seconds),
                    pass: r.seconds < r.timeTarget),
            ]
        }
    }
}

struct RefreshBench {
    var sizes: [Int]
    var base: String
    var latencyMs = 50
    var rateLimit = 300

    func run() async throws -> RefreshReport {
        var report = RefreshReport()
        for size in sizes {
            report.runs.append(try await measure(size))
            log(report.lines[report.runs.count - 1])
        }
        return report
    }

    func measure(_ size: Int) async throws -> RefreshReport.Run {
        let directory = base + "/refresh-\(size)"
        try? FileManager.default.removeItem(atPath: directory)
        try ManifestGenerator().writeRefreshSet(size: size, into: directory)
        log("refresh \(size): applying the set on the embedded sandbox ...")
        try await applyEmbedded(directory)
        let server = try ServedSandbox.start(
            directory: directory, latencyMs: latencyMs, rateLimit: rateLimit, clientId: ApplyBench.clientId,
            clientSecret: ApplyBench.clientSecret)
        defer { server.stop() }
        try ManifestGenerator().writeRefreshProject(
            connection: ManifestGenerator.LiveConnection(
                endpoint: "http://127.0.0.1:\(server.port)", clientId: ApplyBench.clientId,
                clientSecretVariable: ApplyBench.clientSecretVariable, rateLimitPerMinute: rateLimit),
            into: directory)
        let workspace = try Workspace.open(directory: directory, environment: Self.environment)
        let state = try await workspace.store.load()
        let platforms = try workspace.platforms()
        let transport = URLSessionTransport.make()
        let before = try await server.stats(transport: transport)
        log("refresh \(size): plan --refresh of \(state.resources.count) objects against port \(server.port) ...")
        let start = ProcessInfo.processInfo.systemUptime
        let made = try await workspace.plan(state: state, platforms: platforms, refresh: true)
        let seconds = ProcessInfo.processInfo.systemUptime - start
        let after = try await server.stats(transport: transport)
        let twilio = try await server.twilioRequests(transport: transport)
        // The first stats request is not part of the refresh; Genesys logins are.
        return RefreshReport.Run(
            size: size, objects: state.resources.count, genesysRequests: after.requests - before.requests - 1,
            twilioRequests: twilio, seconds: seconds, changes: made.plan.changes.filter { $0.action != .noop }.count,
            drift: made.drift.count)
    }

    /// The bench's secrets and the served Genesys client's secret.
    static var environment: [String: String] {
        Phases.planEnvironment.merging([ApplyBench.clientSecretVariable: ApplyBench.clientSecret]) { a, _ in a }
    }

    /// Applies the set on the embedded sandbox as `switchboard apply --auto-approve` does.
    func applyEmbedded(_ directory: String) async throws {
        let workspace = try Workspace.open(directory: directory, environment: Self.environment)
        let session = try ApplySession(
            workspace: workspace, acceptance: Acceptance(billing: true, irreversible: true, destructive: true),
            options: ApplySession.Options(parallelism: 4, autoApprove: true))
        guard case .applied(_, let result) = try await session.run(ApplySession.Handlers()) else {
            throw BenchError("the refresh set at \(directory) planned no changes")
        }
        try await Workspace.compactSandboxes()
        guard result.result == .succeeded else {
            let failed = result.changes.first { $0.outcome == .failed }
            throw BenchError("applying the refresh set failed: \(failed?.address.description ?? "?") \(failed?.error ?? "")")
        }
    }
}
