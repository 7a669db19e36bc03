import Foundation
import ManifestLoading
import GenesysCloud
import PlatformKit
import Sandbox
import Reconciler
import StateBackends
import SwitchboardModel

/// A manifest directory opened for work: its manifests, state store, platforms and secrets.
///
/// This is where the CLI picks concrete backends and platforms; everything below it sees only protocols.
public struct Workspace: Sendable {
    public var directory: String
    public var environment: [String: String]
    public var manifests: ManifestSet
    public var store: any StateStore
    /// Where the local state and the sandbox live (`<dir>/.switchboard`).
    public var stateDirectory: String
    public var secrets: SecretResolver
    /// The warnings loading the manifests gave (with `secretsRequired: false`, each unset secret variable).
    public var warnings: [Diagnostic] = []

    /// Loads and validates `directory`, and opens its state backend.
    /// - Parameter secretsRequired: false for commands that touch no platform (`graph`, `state list/show`): an unset
    ///   secret variable is then one of `warnings` rather than an error. The state backend's own secret (a
    ///   PostgreSQL URL) is still read to open it.
    /// - Throws: `WorkspaceError.invalid` with the diagnostics when the manifests are invalid.
    public static func open(
        directory: String, environment: [String: String], secretsRequired: Bool = true
    ) throws -> Workspace {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WorkspaceError.notADirectory(directory)
        }
        let today = ISO8601DateFormatter.day.string(
            from: try Workspace.now(environment, sandboxPath: Workspace.defaultSandboxPath(directory)))
        let result = ManifestLoader(
            platforms: PlatformRegistry.catalog, environment: environment, today: today,
            secretsRequired: secretsRequired)
            .load(directory: directory)
        guard let manifests = result.manifests, !result.diagnostics.hasErrors else {
            throw WorkspaceError.invalid(result)
        }
        let secrets = SecretResolver(environment: environment)
        let (store, stateDirectory) = try StoreFactory.make(
            manifests.project.state, directory: directory, secrets: secrets, environment: environment)
        return Workspace(
            directory: directory, environment: environment, manifests: manifests, store: store,
            stateDirectory: stateDirectory, secrets: secrets,
            warnings: result.diagnostics.filter { $0.severity == .warning })
    }

    /// A workspace for executing a saved plan: the plan carries its project and desired resources.
    public static func forPlan(_ plan: Plan, environment: [String: String]) throws -> Workspace {
        let manifests = ManifestSet(
            project: plan.project, resources: plan.changes.compactMap(\.desired), digest: plan.manifestDigest,
            directory: plan.directory)
        let secrets = SecretResolver(environment: environment)
        let (store, stateDirectory) = try StoreFactory.make(
            plan.project.state, directory: plan.directory, secrets: secrets, environment: environment)
        return Workspace(
            directory: plan.directory, environment: environment, manifests: manifests, store: store,
            stateDirectory: stateDirectory, secrets: secrets)
    }

    /// The platform connections, by name.
    public func platforms() throws -> [String: any Platform] {
        try PlatformFactory.make(manifests.project, stateDirectory: stateDirectory, secrets: secrets, environment: environment)
    }

    /// Fingerprints of every desired resource's long-lived secrets (`Resource.fingerprintedSecretFields`), under the
    /// key of `lineage`.
    /// - Throws: when a secret cannot be read (the message names the variable or file, never a value).
    public func fingerprints(lineage: String) throws -> [Address: [String: String]] {
        let f = fingerprinter(lineage: lineage)
        var out: [Address: [String: String]] = [:]
        for r in manifests.resources {
            let fields = r.fingerprintedSecretFields
            if fields.isEmpty { continue }
            out[r.address] = try fields.mapValues { f.fingerprint(try secrets.value($0)) }
        }
        return out
    }

    /// The fingerprinter of the state of `lineage`: under `SWITCHBOARD_FINGERPRINT_KEY` when it is set, else under
    /// a key derived from the lineage.
    public func fingerprinter(lineage: String) -> Fingerprinter {
        Fingerprinter(lineage: lineage, override: environment["SWITCHBOARD_FINGERPRINT_KEY"])
    }

    /// The instant plans and validation are made at: the sandbox clock when `SWITCHBOARD_SANDBOX_NOW` or
    /// `SWITCHBOARD_SANDBOX_TIME_OFFSET` moves it, plus the time `switchboard sandbox advance` moved the sandbox at
    /// `sandboxPath` (so expiry findings agree with the sandbox), else real time.
    /// - Throws: `sandbox.clock.invalid` for a malformed clock variable.
    public static func now(_ environment: [String: String], sandboxPath: String? = nil) throws -> Date {
        let clock = try SandboxClock.fromEnvironment(environment)
        guard let sandboxPath else { return clock.now() }
        return SandboxStore(path: sandboxPath, clock: clock).now()
    }

    /// Where the sandbox of the manifest directory `directory` lives unless its Project keeps state elsewhere.
    public static func defaultSandboxPath(_ directory: String) -> String {
        (directory as NSString).appendingPathComponent(".switchboard/sandbox.json")
    }

    /// Finds who does companion work over `platforms` (`CompanionFactory`).
    public func companionResolver(_ platforms: [String: any Platform]) -> CompanionResolver {
        let (project, statePath, environment) = (
            manifests.project, (stateDirectory as NSString).appendingPathComponent("state.json"), environment
        )
        return CompanionFactory.resolver(
            project, platforms: platforms,
            sandbox: { try ProjectSandbox.open(project, statePath: statePath, environment: environment) })
    }

    /// The companion work of this workspace's resources over `platforms` (`CompanionRule`).
    public func companions(_ platforms: [String: any Platform], desired: [Resource]? = nil) -> Companions {
        let secrets = self.secrets
        return Companions(
            project: manifests.project, rules: PlatformRegistry.rules,
            resolver: companionResolver(platforms),
            desired: Dictionary((desired ?? manifests.resources).map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a }),
            secretValue: { try secrets.value($0) })
    }

    /// Resolves unknown outcomes, optionally refreshes, and plans. Reads platforms; writes nothing. With `refresh`,
    /// the companion platforms are asked what the plan's creations will change for others there, and about their
    /// accounts (findings on the plan).
    public func plan(
        state loaded: StateSnapshot, platforms: [String: any Platform], refresh: Bool, now: Date? = nil
    ) async throws -> (plan: Plan, state: StateSnapshot, drift: [DriftItem], notes: [String]) {
        let companions = companions(platforms)
        let refresher = Refresher(platforms: platforms, companions: companions)
        // Only a state with unresolved intents (a crashed apply) needs the desired resources by address.
        let desired =
            loaded.intents.isEmpty
            ? [:] : Dictionary(manifests.resources.map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a })
        var (state, notes) = try await refresher.resolveIntents(loaded, desired: desired)
        var drift: [DriftItem] = []
        if refresh { (state, drift) = try await refresher.refresh(state) }
        let discovered = try await discover(state: state, interrupted: loaded.intents, platforms: platforms, refresh: refresh)
        let compareSecrets = fingerprinter(lineage: state.lineage).matches(state)
        if !compareSecrets, let note = Workspace.rekeyNote(state, now: fingerprinter(lineage: state.lineage)) {
            notes.append(note)
        }
        var plan = Planner.plan(PlanInput(
            manifests: manifests, state: state, rules: PlatformRegistry.rules,
            fingerprints: try fingerprints(lineage: state.lineage), compareSecrets: compareSecrets,
            now: try now
                ?? Workspace.now(environment, sandboxPath: (stateDirectory as NSString).appendingPathComponent("sandbox.json")),
            commit: GitInfo.commit(of: directory), discovered: discovered, refreshed: refresh))
        notes += Planner.settledChangeNotes(plan, rules: PlatformRegistry.rules)
        if refresh { plan = Companions.merging(try await companions.findings(for: plan, state: state), into: plan) }
        // The plan is made against the resolved snapshot but records the stored serial, which apply checks.
        return (plan, state, drift, notes)
    }
}

extension Workspace {
    /// The note a plan shows when state's fingerprints were made under another key than `now`'s (none when state
    /// holds no fingerprint).
    static func rekeyNote(_ state: StateSnapshot, now: Fingerprinter) -> String? {
        guard state.resources.values.contains(where: { !$0.fingerprints.isEmpty }) else { return nil }
        func named(_ id: String) -> String {
            id == StateSnapshot.lineageFingerprintKey
                ? "the key derived from the lineage" : "SWITCHBOARD_FINGERPRINT_KEY '\(id)'"
        }
        return "state's secret fingerprints were made with \(named(state.recordedFingerprintKey)), not with "
            + "\(named(now.keyID)): secrets cannot be compared this once and are treated as unchanged; the next "
            + "apply records them under the current key"
    }
}

/// Why a workspace could not be opened.
public enum WorkspaceError: Error, CustomStringConvertible {
    /// The manifests have errors.
    case invalid(LoadResult)
    /// The path given is not a directory.
    case notADirectory(String)

    public var description: String {
        switch self {
        case .notADirectory(let path): "'\(path)' is not a directory"
        case .invalid(let r):
            "the manifests are invalid (\(r.diagnostics.filter { $0.severity == .error }.count) errors); run 'switchboard validate' for details"
        }
    }
}

/// Picks the state backend a Project asks for.
enum StoreFactory {
    static func make(
        _ config: StateBackendConfig, directory: String, secrets: SecretResolver, environment: [String: String]
    ) throws -> (any StateStore, String) {
        switch config {
        case .local(let path):
            let full = path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
            let dir = (full as NSString).deletingLastPathComponent
            return (LocalStateStore(path: full), dir)
        case .postgres(let url, let workspace):
            let value = try secrets.value(url)
            let dir = (directory as NSString).appendingPathComponent(".switchboard")
            return (try PostgresStoreFactory.make(url: value, workspace: workspace), dir)
        }
    }
}

extension ISO8601DateFormatter {
    /// `yyyy-MM-dd` in UTC.
    public static var day: ISO8601DateFormatter {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate]
        return f
    }
}

extension Workspace {
    /// What the platforms hold for desired resources that state does not (`Discovery`): for every such resource with
    /// `refresh` (so the plan imports instead of creating), else only for those whose create an interrupted apply
    /// (`interrupted`) may have made and which no single object was adopted for (so duplicates are reported).
    func discover(
        state: StateSnapshot, interrupted: [String: Intent], platforms: [String: any Platform], refresh: Bool
    ) async throws -> [Address: Discovered] {
        let creates = Set(
            interrupted.values.filter { $0.operation == .create || $0.operation == .replaceCreate }.map(\.address))
        guard refresh || !creates.isEmpty else { return [:] }
        let desired = refresh ? manifests.resources : manifests.resources.filter { creates.contains($0.address) }
        return try await Discovery(platforms: platforms).discover(desired, state: state)
    }
}
