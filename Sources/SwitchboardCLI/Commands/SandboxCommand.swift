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
    /// `switchboard sandbox serve | outbox | ledger | fault ... | advance ...`.
    public static let sandbox = Command(
        name: "sandbox",
        summary: "Serve the sandbox over HTTP, show its outbox and ledger, inject faults, or move its time.",
        subcommands: [.sandboxServe, .sandboxOutbox, .sandboxLedger, .sandboxFault, .sandboxAdvance])

    /// `switchboard sandbox serve [--port N] [--client-id ID --client-secret S] [--latency MS] [--fault-rate P]
    /// [--fault KIND=TARGET]... [--rate-limit RPM] [--dir DIR]`.
    static let sandboxServe = Command(
        name: "serve",
        summary: "Serve the sandbox as the Genesys Cloud API on loopback until interrupted.",
        usage: "[--port N] [--client-id ID --client-secret S] [--latency MS] [--fault-rate P] [--fault KIND=TARGET]... "
            + "[--rate-limit RPM] [--dir DIR]",
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
            .latency, .faultRate,
            .repeated(
                "fault", valueName: "KIND=TARGET",
                help: "Inject a fault before serving, as 'switchboard sandbox fault add KIND TARGET' does (kept in the "
                    + "sandbox until 'fault rm')."),
            .rateLimit,
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

    /// `switchboard sandbox outbox [DIR] [--format text|json]`.
    static let sandboxOutbox = Command(
        name: "outbox",
        summary: "List the verification codes the sandbox sent by SMS or voice, valid or expired.",
        usage: "[DIR] [--format text|json]",
        arguments: [.sandboxDirectory],
        options: [.format(["text", "json"])],
        run: { invocation in
            try await invocation.showSandbox(
                text: { world, now in SandboxReport.outbox(world, now: now) },
                json: { world, now in SandboxReportJSON.outbox(world, now: now) })
        })

    /// `switchboard sandbox ledger [DIR] [--format text|json]`.
    static let sandboxLedger = Command(
        name: "ledger",
        summary: "List every chargeable event the sandbox recorded.",
        usage: "[DIR] [--format text|json]",
        arguments: [.sandboxDirectory],
        options: [.format(["text", "json"])],
        run: { invocation in
            try await invocation.showSandbox(
                text: { world, _ in SandboxReport.ledger(world) }, json: { world, _ in SandboxReportJSON.ledger(world) })
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
        o.faults = try (a.options["fault"] ?? []).map { text in
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let kind = SandboxFaultKind(rawValue: parts[0]), kind.accepts(parts[1]) else {
                throw usageError(
                    "--fault takes KIND=TARGET with a kind of \(SandboxFaultKind.allCases.map(\.rawValue).joined(separator: ", ")) "
                        + "and its target, not '\(text)'")
            }
            return (kind, parts[1])
        }
        return o
    }

    /// The sandbox file of the manifest directory `DIR` (positional `directoryArgument`): beside the Project's local
    /// state when the manifests say where that is, else `DIR/.switchboard/sandbox.json`.
    func sandboxPath(directoryArgument: Int = 0) -> String {
        let directory = arguments.positional(directoryArgument) ?? "."
        if let ws = try? Workspace.open(directory: directory, environment: environment, secretsRequired: false) {
            return (ws.stateDirectory as NSString).appendingPathComponent("sandbox.json")
        }
        return (directory as NSString).appendingPathComponent(".switchboard/sandbox.json")
    }

    /// Prints the sandbox world, as of the sandbox's now, in the `--format` asked for (`text` or `json`), or says
    /// there is none yet (exit 0 either way; JSON then renders an empty world).
    func showSandbox(
        text: (SandboxWorld, Date) -> String, json: (SandboxWorld, Date) -> JSONNode
    ) async throws -> Int32 {
        let store = try sandboxStore()
        let asJSON = arguments.value("format") == "json"
        guard FileManager.default.fileExists(atPath: store.path) else {
            if asJSON {
                console.write(json(SandboxWorld(), store.clock.now()).prettyText)
            } else {
                console.out("There is no sandbox here yet (\(store.path) does not exist); apply to a sandbox platform first.")
            }
            return ExitCode.success
        }
        let (world, now): (SandboxWorld, Date)
        do { (world, now) = try await store.transact { w, now in (w, now) } } catch { throw CommandFailure("\(error)") }
        console.write(asJSON ? json(world, now).prettyText : text(world, now))
        return ExitCode.success
    }
}
