import Foundation
import PlatformKit
import SwitchboardModel

/// The sandbox of one Project: one world (`sandbox.json` beside the state) with its clock and speed, shared by every
/// `endpoint: sandbox` connection, and what each of those connections talks to.
///
/// A connection whose vendor has an emulator (Genesys Cloud, Dynamics 365, Twilio) gets one, serving the
/// connection's organization of the world: the workspace hands its in-process `transport` to the vendor's live
/// adapter, so the vendor is mapped once. Twilio's accounts are all served by `twilioEmulator`.
public struct ProjectSandbox: Sendable {
    /// Where the world lives, and its clock.
    public let store: SandboxStore
    /// How long asynchronous states take.
    public let timing: SandboxTiming
    /// How an adapter in process waits for them.
    public let pacing: SandboxPacing
    /// The Genesys Cloud emulator of each sandbox genesys-cloud connection, by connection name (its organization).
    public let genesysEmulators: [String: GenesysEmulator]
    /// The Dynamics 365 emulator of each sandbox dynamics-365 connection, by connection name (its environment).
    public let dynamicsEmulators: [String: DynamicsEmulator]
    /// Every sandbox connection's type, by connection name.
    public let connections: [String: PlatformType]

    /// What the live adapter of each sandbox connection whose vendor has an emulator talks to, by connection name.
    public var inProcess: [String: InProcessConnection] {
        var served = genesysEmulators.mapValues {
            InProcessConnection(
                endpoint: Self.inProcessEndpoint, credentials: GenesysEmulator.inProcessCredentials,
                context: AdapterContext(transport: $0.transport, inProcess: pacing.adapterPacing))
        }
        for (name, emulator) in dynamicsEmulators {
            served[name] = InProcessConnection(
                endpoint: Self.inProcessEndpoint, credentials: DynamicsEmulator.inProcessCredentials,
                context: AdapterContext(transport: emulator.transport, inProcess: pacing.adapterPacing))
        }
        for (name, type) in connections where type == .twilio { served[name] = twilioInProcess }
        return served
    }

    /// The Twilio emulator in process, serving every Twilio account of the world: a live Twilio adapter built over
    /// it acts for each account with that account's own token (the credentials here name none).
    public var twilioInProcess: InProcessConnection {
        InProcessConnection(
            endpoint: Self.inProcessEndpoint,
            credentials: ["accountSid": "AC" + String(repeating: "0", count: 32), "authToken": "sandbox-in-process"],
            context: AdapterContext(transport: twilioEmulator.transport, inProcess: pacing.adapterPacing))
    }

    /// The base URL an adapter in process addresses: never resolved (no request leaves the process).
    public static let inProcessEndpoint = "https://sandbox.invalid"

    /// The sandbox for `connections` (connection name to type) over `store`.
    public init(connections: [String: PlatformType], store: SandboxStore, timing: SandboxTiming) {
        self.store = store
        self.timing = timing
        self.connections = connections
        pacing = SandboxPacing(clock: store.clock, timing: timing)
        var emulators: [String: GenesysEmulator] = [:]
        var dynamics: [String: DynamicsEmulator] = [:]
        for (name, type) in connections {
            if type == .genesysCloud {
                emulators[name] = GenesysEmulator(
                    backend: GenesysEmulatorBackend(store: store, org: name, timing: timing), options: .inProcess)
            } else if type == .dynamics365 {
                dynamics[name] = DynamicsEmulator(
                    backend: DynamicsEmulatorBackend(store: store, org: name), options: .inProcess)
            }
            // Twilio's connections are the live Twilio adapter over `twilioEmulator` (`inProcess`).
        }
        genesysEmulators = emulators
        dynamicsEmulators = dynamics
    }

    /// The sandbox of every `endpoint: sandbox` connection of `project`, over one store at
    /// `<directory of statePath>/sandbox.json`, with the clock and speed the environment asks for
    /// (`SWITCHBOARD_SANDBOX_NOW`, `SWITCHBOARD_SANDBOX_TIME_OFFSET`, `SWITCHBOARD_SANDBOX_SPEED`).
    /// - Throws: `sandbox.clock.invalid` when a clock variable cannot be parsed.
    public static func open(
        _ project: Project, statePath: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ProjectSandbox {
        let clock = try SandboxClock.fromEnvironment(environment)
        let timing = SandboxTiming.fromEnvironment(environment, clock: clock)
        let store = SandboxStore(path: SandboxStore.path(besideState: statePath), clock: clock)
        var connections: [String: PlatformType] = [:]
        for (name, connection) in project.platforms where connection.isSandbox { connections[name] = connection.type }
        return ProjectSandbox(connections: connections, store: store, timing: timing)
    }
}

/// A sandbox connection served by its vendor's emulator in process: the endpoint and credentials its live adapter
/// is built with, and the context (transport and pacing) it sends through.
public struct InProcessConnection: Sendable {
    /// The endpoint the adapter addresses.
    public var endpoint: String
    /// Credentials the emulator in process accepts, by the connection's field names.
    public var credentials: [String: String]
    /// The emulator's handler as transport, and the sandbox's pace.
    public var context: AdapterContext
}
