import Foundation
import ManifestLoading
import Reconciler
import SwitchboardModel
import SwitchboardWorkspace

/// The measured operations. Each works on a generated set in `directory`; none keeps results beyond its call.
enum Phase: String, CaseIterable, Sendable {
    case floor, validate, planEmpty = "plan-empty", planChanged = "plan-1%", stateLoad = "state-load"
    case stateSave = "state-save"
    /// A child process that does nothing: the runtime's own resident memory.
    case baseline
}

/// A fixed instant so plans do not depend on the clock: 2026-01-15T00:00:00Z.
enum BenchClock {
    static let now = Date(timeIntervalSince1970: 1_768_435_200)
    static let today = "2026-01-15"
    static let iso = "2026-01-15T00:00:00Z"
    static let lineage = "00000000-0000-4000-8000-00000000be9c"
}

/// Where a generated set's files live.
struct BenchPaths {
    let root: String
    var manifests: String { root + "/manifests" }
    /// A copy of the manifests whose project state (`.switchboard/state.json`) is the applied state: what
    /// plan-1% reads.
    var appliedManifests: String { root + "/applied" }
    /// The applied state with 1% of resources differing.
    var appliedState: String { root + "/state/state.json" }
    /// A scratch state file that state-save overwrites.
    var saveState: String { root + "/save/state.json" }
}

enum Phases {
    /// The floor: read every manifest file and run libyaml's event parser over it, keeping nothing.
    /// Returns the number of events, so the work cannot be optimized away.
    static func floor(_ directory: String) -> Int {
        var events = 0
        for path in manifestFiles(directory) {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            events += YAMLScan.countEvents(in: data)
        }
        return events
    }

    /// `*.yaml` below `directory`, sorted (the loader's order).
    static func manifestFiles(_ directory: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: directory) else { return [] }
        var out: [String] = []
        while let p = e.nextObject() as? String {
            if p.hasSuffix(".yaml") || p.hasSuffix(".yml") { out.append(directory + "/" + p) }
        }
        return out.sorted()
    }

    static var loader: ManifestLoader {
        ManifestLoader(platforms: PlatformRegistry.catalog, environment: BenchSecrets.environment, today: BenchClock.today)
    }

    /// `validate`: the loader, diagnostics and all.
    static func validate(_ directory: String) -> LoadResult { loader.load(directory: directory) }

    /// The environment `switchboard plan` runs with: the secrets, and the sandbox clock at `BenchClock.now`.
    static var planEnvironment: [String: String] {
        BenchSecrets.environment.merging(["SWITCHBOARD_SANDBOX_NOW": BenchClock.iso]) { a, _ in a }
    }

    /// What `switchboard plan DIR` does before it renders, through the workspace as the CLI does it: open the
    /// workspace (load and validate the manifests, pick the state backend), read the state file, build the platform
    /// connections, fingerprint the secrets, plan; then free it all. The text rendering is the CLI's and is left out
    /// (docs/performance.md, Method). Returns the number of changes; throws unless the workspace opens and plans.
    static func workspacePlan(_ directory: String) async throws -> Int {
        let workspace = try Workspace.open(directory: directory, environment: planEnvironment)
        let state = try await workspace.store.load()
        let made = try await workspace.plan(state: state, platforms: try workspace.platforms(), refresh: false)
        return made.plan.changes.count
    }

    /// The plan of the set in `directory` against `state` (not measured).
    static func plan(_ directory: String, state: StateSnapshot) async throws -> Plan {
        let workspace = try Workspace.open(directory: directory, environment: planEnvironment)
        return try await workspace.plan(
            state: state, platforms: try workspace.platforms(), refresh: false, now: BenchClock.now
        ).plan
    }

    /// A state as if every resource of the workspace had been applied, with every 100th resource differing from its
    /// manifest.
    /// - Throws: when a secret cannot be read.
    static func appliedState(_ workspace: Workspace) throws -> StateSnapshot {
        let fps = try workspace.fingerprints(lineage: BenchClock.lineage)
        var state = StateSnapshot(lineage: BenchClock.lineage)
        for (i, r) in workspace.manifests.resources.enumerated() {
            let remote = RemoteObject(
                remoteId: "bench-\(i)-" + String(UInt64(i) &* 0x9E37_79B9_7F4A_7C15, radix: 16), status: .active,
                naturalKey: r.name)
            var s = StateKeeper.resourceState(r, remote: remote, fingerprints: fps[r.address] ?? [:], prior: nil,
                                              now: BenchClock.iso)
            if i % 100 == 50 { s.labels["team"] = "legacy" }
            state[r.address] = s
        }
        return state
    }
}

/// A failure of the benchmark itself.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Peak resident memory of this process, in KiB (VmHWM; `ru_maxrss` where /proc is missing).
func peakResidentKiB() -> Int {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.filter(\.isNumber)
            if let kib = Int(digits) { return kib }
        }
    }
    var usage = rusage()
    #if os(macOS)
    getrusage(RUSAGE_SELF, &usage)
    return Int(usage.ru_maxrss) / 1024
    #else
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss)
    #endif
}

/// Monotonic milliseconds.
func nowMilliseconds() -> Double {
    ProcessInfo.processInfo.systemUptime * 1000
}

/// CPU time (user + system) this process has used, in milliseconds.
func cpuMilliseconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1_000_000
}

/// This benchmark's own executable (`/proc/self/exe`, or the path it was started by where there is no /proc).
func benchExecutable() -> URL {
    let proc = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    return FileManager.default.fileExists(atPath: proc.path) ? proc : URL(fileURLWithPath: CommandLine.arguments[0])
}
