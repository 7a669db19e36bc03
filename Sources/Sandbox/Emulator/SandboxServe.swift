import Foundation
import SwitchboardModel
import PlatformKit

/// Options of `switchboard sandbox serve`.
public struct SandboxServeOptions: Sendable {
    /// The loopback port (0 picks a free one).
    public var port: UInt16
    /// With `clientSecret`, the only client Genesys Cloud's token endpoint accepts (anything else gets 401). Twilio's
    /// accounts take the credentials of their first request instead (`SandboxWorld.authenticateTwilio`).
    public var clientId: String?
    /// The client secret; never printed.
    public var clientSecret: String?
    /// Added latency in milliseconds.
    public var latencyMilliseconds: Int
    /// Probability (0...1) of an injected 429, 500 or 503.
    public var faultRate: Double
    /// Requests per minute per client (Genesys Cloud) or account (Twilio) before 429.
    public var rateLimitPerMinute: Int
    /// The directory whose `.switchboard/sandbox.json` is served.
    public var directory: URL
    /// The Genesys Cloud organization (connection name) of the world to serve; nil picks the only one, else
    /// `genesys`.
    public var org: String?
    /// Faults injected into the world before serving (`--fault KIND=TARGET`), as `sandbox fault add` does.
    public var faults: [(kind: SandboxFaultKind, target: String)] = []

    /// Creates options with the command's defaults.
    public init(
        port: UInt16 = 8787, clientId: String? = nil, clientSecret: String? = nil, latencyMilliseconds: Int = 0,
        faultRate: Double = 0, rateLimitPerMinute: Int = 300,
        directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath), org: String? = nil
    ) {
        self.port = port
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.latencyMilliseconds = latencyMilliseconds
        self.faultRate = faultRate
        self.rateLimitPerMinute = rateLimitPerMinute
        self.directory = directory
        self.org = org
    }
}

/// Serves the sandbox of `options.directory` as the Genesys Cloud API, the Twilio API, Entra ID's token endpoint and
/// the Dataverse Web API (on one port, routed by path) on 127.0.0.1 until the task is cancelled or `shouldStop`
/// returns true (the CLI sets it on SIGINT/SIGTERM).
///
/// `log` receives `serving the sandbox in DIR on http://127.0.0.1:PORT` once listening, and the request counters
/// when stopping; never a secret.
/// - Returns: the counters at the end.
/// - Throws: `HTTPServerError` when the port cannot be bound; a sandbox error when the world is unreadable or the
///   clock variables are malformed.
@discardableResult
public func runSandboxServe(
    options: SandboxServeOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
    shouldStop: @escaping @Sendable () -> Bool = { false }, log: @escaping @Sendable (String) -> Void
) async throws -> GenesysEmulatorStats {
    let backend = try GenesysEmulatorBackend.forDirectory(options.directory, org: options.org, environment: environment)
    if !options.faults.isEmpty {
        try await backend.transact { world, now in
            for f in options.faults { try world.addFault(f.kind, target: f.target, now: now) }
        }
    }
    var seed = UInt64(UInt32.random(in: 1...UInt32.max))
    if let text = environment["SWITCHBOARD_EMULATOR_SEED"], let fixed = UInt64(text) { seed = fixed }
    let emulator = GenesysEmulator(
        backend: backend,
        options: GenesysEmulatorOptions(
            clientId: options.clientId, clientSecret: options.clientSecret,
            latency: Double(options.latencyMilliseconds) / 1000, faultRate: options.faultRate, seed: seed,
            rateLimitPerMinute: options.rateLimitPerMinute))
    let twilio = TwilioEmulator(
        store: backend.store, timing: backend.timing,
        options: TwilioEmulatorOptions(
            latency: Double(options.latencyMilliseconds) / 1000, faultRate: options.faultRate, seed: seed,
            rateLimitPerMinute: options.rateLimitPerMinute))
    var dataverse = DynamicsEmulatorOptions(
        clientId: options.clientId, clientSecret: options.clientSecret,
        latency: Double(options.latencyMilliseconds) / 1000, faultRate: options.faultRate, seed: seed)
    // Dataverse's service protection is 6,000 requests per 5 minutes; `REQUESTS/SECONDS` sets another (tests).
    if let limit = environment["SWITCHBOARD_EMULATOR_DATAVERSE_LIMIT"]?.split(separator: "/"), limit.count == 2,
        let requests = Int(limit[0]), let seconds = Double(limit[1]), requests > 0, seconds > 0
    {
        dataverse.requestLimit = requests
        dataverse.window = seconds
    }
    let dynamics = DynamicsEmulator(
        backend: try DynamicsEmulatorBackend.forDirectory(options.directory, environment: environment),
        options: dataverse)
    // One port for every vendor: Twilio's paths (all four of its hosts) and Entra's and Dataverse's never overlap
    // Genesys Cloud's.
    let server = try await HTTPServer.start(port: options.port) { request in
        if request.path == "/_emulator/stats" { return await servedStats(request, emulator, twilio) }
        if TwilioEmulator.serves(request.path) { return await twilio.handle(request) }
        if DynamicsEmulator.serves(request.path) { return await dynamics.handle(request) }
        return await emulator.handle(request)
    }
    log("serving the sandbox in \(options.directory.path) on http://127.0.0.1:\(server.port)")
    while !Task.isCancelled && !shouldStop() {
        try? await Task.sleep(nanoseconds: 100_000_000)
    }
    await server.stop()
    let stats = await emulator.stats
    log("stopped: \(stats.summary); \(await twilio.stats.summary); Dataverse: \(await dynamics.stats.summary)")
    return stats
}

/// `GET /_emulator/stats` of `sandbox serve`: the Genesys Cloud emulator's counters (which count this request), with
/// the Twilio emulator's under `twilio` (`requests`, `rateLimited`).
private func servedStats(_ request: HTTPServerRequest, _ genesys: GenesysEmulator, _ twilio: TwilioEmulator) async
    -> HTTPResponse
{
    let answer = await genesys.handle(request)
    guard var counters = (try? JSONCoding.parse(answer.body))?.objectValue else { return answer }
    let t = await twilio.stats
    counters["twilio"] = ["requests": .int(t.requests), "rateLimited": .int(t.rateLimited)]
    return HTTPResponse(status: answer.status, headers: answer.headers, body: Data(Value.object(counters).jsonText.utf8))
}
