import Foundation
import SwitchboardWorkspace
import PlatformKit
import Sandbox
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The last termination signal received while `sandbox serve` runs (0: none). A C signal handler may only touch
/// lock-free state, so it stores the signal number here and the serve loop polls it.
private let stopSignal = Atomic<Int32>(0)

extension Command {
    /// `switchboard sandbox serve | outbox | ledger`.
    public static let sandbox = Command(
        name: "sandbox",
        summary: "Serve the sandbox over HTTP, or show its outbox of codes and its billing ledger.",
        subcommands: [.sandboxServe, .sandboxOutbox, .sandboxLedger])

    /// `switchboard sandbox serve [--port N] [--client-id ID --client-secret S] [--latency MS] [--fault-rate P]
    /// [--rate-limit RPM] [--dir DIR]`.
    static let sandboxServe = Command(
        name: "serve",
        summary: "Serve the sandbox as the Genesys Cloud API on loopback until interrupted.",
        usage: "[--port N] [--client-id ID --client-secret S] [--latency MS] [--fault-rate P] [--rate-limit RPM] [--dir DIR]",
        discussion: """
            Serves the sandbox kept in DIR (.switchboard/sandbox.json) in Genesys Cloud's wire format on
            http://127.0.0.1:PORT, with the token endpoint (/oauth/token) on the same port. Point a Project's
            genesys-cloud connection at it with 'endpoint: http://127.0.0.1:PORT'. Stops on Ctrl-C (SIGINT) or SIGTERM.
            """,
        options: [
            .port,
            .value("client-id", valueName: "ID", help: "Accept only this OAuth client (with --client-secret)."),
            .value(
                "client-secret", valueName: "S",
                help: "The client's secret; other credentials get 401 (default: $SWITCHBOARD_SANDBOX_CLIENT_SECRET)."),
            .latency, .faultRate, .rateLimit,
            .value("dir", valueName: "DIR", defaultValue: ".", help: "The directory whose sandbox is served."),
            .value("org", valueName: "NAME",
                help: "The Genesys Cloud connection of the sandbox to serve (default: the only one, else 'genesys')."),
        ],
        run: { invocation in
            let options = try invocation.serveOptions()
            let console = invocation.console
            stopSignal.store(0, ordering: .relaxed)
            signal(SIGINT) { stopSignal.store($0, ordering: .relaxed) }
            signal(SIGTERM) { stopSignal.store($0, ordering: .relaxed) }
            defer {
                signal(SIGINT, SIG_DFL)
                signal(SIGTERM, SIG_DFL)
            }
            do {
                try await runSandboxServe(
                    options: options, environment: invocation.environment,
                    shouldStop: { stopSignal.load(ordering: .relaxed) != 0 }, log: { console.out($0) })
            } catch {
                throw CommandFailure("cannot serve the sandbox: \(error)")
            }
            return ExitCode.success
        })

    /// `switchboard sandbox outbox [DIR]`.
    static let sandboxOutbox = Command(
        name: "outbox",
        summary: "List the verification codes the sandbox sent by SMS or voice.",
        usage: "[DIR]",
        arguments: [CommandArgument("DIR", help: "The manifest directory (default: the current directory).", isOptional: true)],
        run: { invocation in
            try await invocation.showSandbox { world in SandboxReport.outbox(world) }
        })

    /// `switchboard sandbox ledger [DIR]`.
    static let sandboxLedger = Command(
        name: "ledger",
        summary: "List every chargeable event the sandbox recorded.",
        usage: "[DIR]",
        arguments: [CommandArgument("DIR", help: "The manifest directory (default: the current directory).", isOptional: true)],
        run: { invocation in
            try await invocation.showSandbox { world in SandboxReport.ledger(world) }
        })
}

extension CommandOption {
    /// `sandbox serve --port N`.
    static let port = CommandOption.number(
        "port", valueName: "N", format: .whole("a port number", 0...65_535), defaultValue: "8787",
        help: "The loopback port (0 picks a free one).")
    /// `sandbox serve --latency MS`: up to a minute.
    static let latency = CommandOption.number(
        "latency", valueName: "MS", format: .whole("a number of milliseconds", 0...60_000), defaultValue: "0",
        help: "Milliseconds added before every answer.")
    /// `sandbox serve --fault-rate P`.
    static let faultRate = CommandOption.number(
        "fault-rate", valueName: "P", format: .decimal("a probability", 0...1), defaultValue: "0",
        help: "Probability of an injected 429, 500 or 503 on an API request.")
    /// `sandbox serve --rate-limit RPM`.
    static let rateLimit = CommandOption.number(
        "rate-limit", valueName: "RPM", format: .whole("a number of requests per minute", 1...1_000_000),
        defaultValue: "300", help: "Requests per minute per client before 429 with Retry-After.")
}

extension Invocation {
    /// The environment variable `sandbox serve --client-id ID` takes the client's secret from when
    /// `--client-secret` is not given.
    static let clientSecretVariable = "SWITCHBOARD_SANDBOX_CLIENT_SECRET"

    /// The options of `sandbox serve`, checked.
    func serveOptions() throws -> SandboxServeOptions {
        let a = arguments
        var o = SandboxServeOptions()
        if let port = try wholeNumber(.port) { o.port = UInt16(clamping: port) }
        o.clientId = a.value("client-id")
        // The secret from the environment keeps it out of the process list (`ps`); the flag wins.
        o.clientSecret = a.value("client-secret") ?? (o.clientId == nil ? nil : environment[Self.clientSecretVariable])
        if (o.clientId == nil) != (o.clientSecret == nil) {
            throw usageError(
                "--client-id and the client's secret go together (--client-secret S, or \(Self.clientSecretVariable) "
                    + "in the environment with --client-id)")
        }
        if let ms = try wholeNumber(.latency) { o.latencyMilliseconds = ms }
        if let p = try number(.faultRate) { o.faultRate = p }
        if let rpm = try wholeNumber(.rateLimit) { o.rateLimitPerMinute = rpm }
        let dir = a.value("dir") ?? "."
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure("'\(dir)' is not a directory")
        }
        o.directory = URL(fileURLWithPath: dir).standardizedFileURL
        o.org = a.value("org")
        return o
    }

    /// The sandbox file of the manifest directory `DIR` (first positional): beside the Project's local state when
    /// the manifests say where that is, else `DIR/.switchboard/sandbox.json`.
    func sandboxPath() -> String {
        let directory = arguments.positional(0) ?? "."
        if let ws = try? Workspace.open(directory: directory, environment: environment, secretsRequired: false) {
            return (ws.stateDirectory as NSString).appendingPathComponent("sandbox.json")
        }
        return (directory as NSString).appendingPathComponent(".switchboard/sandbox.json")
    }

    /// Prints `render` of the sandbox world, or says there is none yet (exit 0 either way).
    func showSandbox(_ render: (SandboxWorld) -> String) async throws -> Int32 {
        let path = sandboxPath()
        guard FileManager.default.fileExists(atPath: path) else {
            console.out("There is no sandbox here yet (\(path) does not exist); apply to a sandbox platform first.")
            return ExitCode.success
        }
        let clock: SandboxClock
        do { clock = try SandboxClock.fromEnvironment(environment) } catch { throw CommandFailure("\(error)") }
        let world: SandboxWorld
        do { world = try await SandboxStore(path: path, clock: clock).read() } catch { throw CommandFailure("\(error)") }
        console.write(render(world))
        return ExitCode.success
    }
}
