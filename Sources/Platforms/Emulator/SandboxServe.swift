import Foundation

/// Options of `switchboard sandbox serve`.
public struct SandboxServeOptions: Sendable {
    /// The loopback port (0 picks a free one).
    public var port: UInt16
    public var clientId: String?
    public var clientSecret: String?
    /// Added latency in milliseconds.
    public var latencyMilliseconds: Int
    /// Probability (0...1) of an injected 429, 500 or 503.
    public var faultRate: Double
    /// Requests per minute per client before 429.
    public var rateLimitPerMinute: Int
    /// The directory whose `.switchboard/` holds the sandbox.
    public var directory: URL

    /// Creates options with the command's defaults.
    public init(
        port: UInt16 = 8787, clientId: String? = nil, clientSecret: String? = nil, latencyMilliseconds: Int = 0,
        faultRate: Double = 0, rateLimitPerMinute: Int = 300,
        directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) {
        self.port = port
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.latencyMilliseconds = latencyMilliseconds
        self.faultRate = faultRate
        self.rateLimitPerMinute = rateLimitPerMinute
        self.directory = directory
    }
}

/// Serves the Genesys Cloud emulator on 127.0.0.1 until the task is cancelled (the CLI cancels it on SIGINT).
/// `log` receives one line when listening (never a secret).
/// - Throws: `HTTPServerError` when the port cannot be bound; a store error when the sandbox file is unreadable.
public func runSandboxServe(options: SandboxServeOptions, log: @escaping @Sendable (String) -> Void) async throws {
    // Until the shared SandboxWorld lands, the emulator keeps its organization in its own file beside it.
    let file = options.directory.appendingPathComponent(".switchboard/genesys-emulator.json")
    let backend = try InMemoryGenesysEmulatorBackend(file: file)
    let emulator = GenesysEmulator(
        backend: backend,
        options: GenesysEmulatorOptions(
            clientId: options.clientId, clientSecret: options.clientSecret,
            latency: Double(options.latencyMilliseconds) / 1000, faultRate: options.faultRate,
            seed: UInt64(Date().timeIntervalSince1970), rateLimitPerMinute: options.rateLimitPerMinute))
    let server = try await HTTPServer.start(port: options.port) { await emulator.handle($0) }
    log("genesys-cloud emulator listening on http://127.0.0.1:\(server.port) (endpoint: http://127.0.0.1:\(server.port))")
    do {
        while !Task.isCancelled { try await Task.sleep(nanoseconds: 200_000_000) }
    } catch {}
    await server.stop()
    log("emulator stopped")
}
