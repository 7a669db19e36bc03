import Foundation
import ManifestLoading
import Reconciler
import StateBackends
import SwitchboardModel
import SwitchboardWorkspace

/// One measured phase at one size.
struct Measurement: Codable {
    var size: Int
    var phase: String
    var runs: [Double]
    var medianMs: Double
    var ratioToFloor: Double?
    /// CPU time of this process (user + system) per run: unlike wall time, not inflated by other processes.
    var cpuRuns: [Double] = []
    var medianCpuMs: Double = 0
    var cpuRatioToFloor: Double?
    var peakMiB: Double?
    /// Peak memory as a multiple of the floor's peak (the floor holds no more than the runtime and one file).
    var peakRatioToFloor: Double?
}

/// A target check (DESIGN issue 7).
struct TargetCheck: Codable {
    var name: String
    var target: String
    var actual: String
    var pass: Bool
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return 0 }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Times `body` `runs` times; returns each run's milliseconds.
func time(_ runs: Int, _ body: () async throws -> Void) async rethrows -> [Double] {
    var out: [Double] = []
    for _ in 0..<runs {
        let start = nowMilliseconds()
        try await body()
        out.append(nowMilliseconds() - start)
    }
    return out
}

/// Runs one phase once in this process (child mode) and prints `{"ms": ..., "peakKiB": ...}`.
func runChild(_ phase: Phase, root: String) async throws {
    let paths = BenchPaths(root: root)
    let start = nowMilliseconds()
    var check = 0
    switch phase {
    case .baseline:
        check = 1
    case .floor:
        check = Phases.floor(paths.manifests)
    case .validate:
        check = Phases.validate(paths.manifests).resourceCount
    case .planEmpty:
        check = try await Phases.workspacePlan(paths.manifests)
    case .planChanged:
        check = try await Phases.workspacePlan(paths.appliedManifests)
    case .stateLoad:
        check = try await LocalStateStore(path: paths.appliedState).load().resources.count
    case .stateSave:
        let state = try await LocalStateStore(path: paths.appliedState).load()
        let scratch = root + "/child-save/state.json"
        try? FileManager.default.removeItem(atPath: root + "/child-save")
        var s = state
        s.serial = 0
        check = try await LocalStateStore(path: scratch).save(s).serial
        try? FileManager.default.removeItem(atPath: root + "/child-save")
    }
    let ms = nowMilliseconds() - start
    print("{\"ms\": \(ms), \"peakKiB\": \(peakResidentKiB()), \"check\": \(check)}")
}

/// Re-executes this binary for one phase and returns its peak resident memory in MiB.
func childPeak(_ phase: Phase, size: Int, root: String) throws -> Double {
    let process = Process()
    process.executableURL = benchExecutable()
    process.arguments = ["--phase", phase.rawValue, "--size", String(size), "--root", root]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
        let kib = object["peakKiB"] as? Int
    else { throw BenchError("child for \(phase.rawValue) at \(size) failed (status \(process.terminationStatus))") }
    return Double(kib) / 1024
}

/// Generates the set for `size`, checks it is valid, and writes the applied state beside it.
func prepare(size: Int, base: String) async throws -> (BenchPaths, ManifestSet, StateSnapshot, SetShape) {
    let paths = BenchPaths(root: base + "/set-\(size)")
    try? FileManager.default.removeItem(atPath: paths.root)
    let shape = try ManifestGenerator().writeFullSet(size: size, into: paths.manifests)
    let loaded = Phases.validate(paths.manifests)
    guard loaded.diagnostics.isEmpty, let set = loaded.manifests else {
        let first = loaded.diagnostics.prefix(5).map {
            "\($0.location?.file ?? ""):\($0.location?.line ?? 0): \($0.code) \($0.message)"
        }
        throw BenchError("generated set of \(size) has \(loaded.diagnostics.count) diagnostics:\n"
            + first.joined(separator: "\n"))
    }
    let workspace = try Workspace.open(directory: paths.manifests, environment: Phases.planEnvironment)
    let applied = try Phases.appliedState(workspace)
    _ = try await LocalStateStore(path: paths.appliedState).save(applied)
    // plan-1% plans a copy of the manifests whose project state is the applied state.
    try FileManager.default.copyItem(atPath: paths.manifests, toPath: paths.appliedManifests)
    _ = try await LocalStateStore(path: paths.appliedManifests + "/.switchboard/state.json").save(applied)
    return (paths, set, applied, shape)
}

func log(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Measures every phase at each of the options' sizes, logging each row as it is made.
func measure(_ options: BenchOptions, base: String) async throws -> [Measurement] {
    var results: [Measurement] = []
    for size in options.sizes {
        let (paths, set, applied, shape) = try await prepare(size: size, base: base)
        log("size \(size): \(set.resources.count) resources (\(shape)), \(Phases.manifestFiles(paths.manifests).count) files")
        try await logChangedPlan(paths, applied: applied)
        let rounds = try await Rounds.run(paths, warmup: options.warmup, counted: options.runs(for: size))
        var floorPeak: Double?
        for var m in rounds.measurements(size: size) {
            if options.memory, let phase = Phase(rawValue: m.phase) {
                let peak = try childPeak(phase, size: size, root: paths.root)
                if phase == .floor { floorPeak = peak }
                m.peakMiB = peak
                m.peakRatioToFloor = floorPeak.map { peak / $0 }
            }
            results.append(m)
            log(String(format: "  %-11@ %9.1f ms  %6.2fx  cpu %9.1f ms %6.2fx  %@", m.phase, m.medianMs,
                       m.ratioToFloor ?? 0, m.medianCpuMs, m.cpuRatioToFloor ?? 0,
                       m.peakMiB.map { String(format: "%.1f MiB %.2fx", $0, m.peakRatioToFloor ?? 0) } ?? ""))
        }
    }
    return results
}

/// Logs how many of plan-1%'s changes are not noop: the plan of the manifests against `applied` as stored.
func logChangedPlan(_ paths: BenchPaths, applied: StateSnapshot) async throws {
    var stored = applied
    stored.serial = 1
    let changedPlan = try await Phases.plan(paths.manifests, state: stored)
    let changed = changedPlan.changes.filter { $0.action != .noop }.count
    log("  plan-1%: \(changed) of \(changedPlan.changes.count) changes are not noop")
}

extension StateSnapshot {
    func withSerial(_ serial: Int) -> StateSnapshot {
        var s = self
        s.serial = serial
        return s
    }
}

func checks(_ results: [Measurement], apply: ApplyReport?) -> [TargetCheck] {
    func find(_ size: Int, _ phase: Phase) -> Measurement? {
        results.first { $0.size == size && $0.phase == phase.rawValue }
    }
    var out: [TargetCheck] = []
    func ratio(_ name: String, _ m: Measurement?, _ limit: Double) {
        guard let m else { return }
        for (clock, r) in [("wall", m.ratioToFloor), ("CPU", m.cpuRatioToFloor)] {
            guard let r else { continue }
            out.append(TargetCheck(name: "\(name) 10k vs floor (\(clock))", target: String(format: "<= %.1fx", limit),
                                   actual: String(format: "%.2fx", r), pass: r <= limit))
        }
    }
    ratio("validate", find(10_000, .validate), 3.0)
    ratio("plan-1%", find(10_000, .planChanged), 5.0)
    if let mib = find(10_000, .planChanged)?.peakMiB {
        out.append(TargetCheck(name: "plan-1% 10k peak memory", target: "<= 150 MiB",
                               actual: String(format: "%.1f MiB", mib), pass: mib <= 150))
    }
    for phase in [Phase.floor, .validate, .planEmpty, .planChanged, .stateLoad, .stateSave] {
        if let a = find(10_000, phase), let b = find(50_000, phase), a.medianCpuMs > 0 {
            let r = b.medianCpuMs / a.medianCpuMs
            out.append(TargetCheck(name: "\(phase.rawValue) 50k / 10k CPU time", target: "<= 5.5x",
                                   actual: String(format: "%.2fx", r), pass: r <= 5.5))
        }
    }
    if let apply {
        out.append(TargetCheck(name: "apply rate-limit use", target: ">= 95%",
                               actual: String(format: "%.1f%%", apply.utilization * 100), pass: apply.utilization >= 0.95))
        out.append(TargetCheck(name: "apply 429s reaching the user", target: "0",
                               actual: String(apply.userErrors), pass: apply.userErrors == 0))
    }
    return out
}

func printTable(
    _ results: [Measurement], _ checks: [TargetCheck], apply: ApplyReport?, sandboxApply: SandboxApplyReport?,
    refresh: RefreshReport?
) {
    print("| size | phase | wall ms (median) | x floor (wall) | CPU ms (median) | x floor (CPU) | peak MiB "
        + "| x floor (peak) | wall runs |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for m in results {
        let runs = m.runs.map { String(format: "%.0f", $0) }.joined(separator: " ")
        print(String(format: "| %d | %@ | %.1f | %.2f | %.1f | %.2f | %@ | %@ | %@ |", m.size, m.phase, m.medianMs,
                     m.ratioToFloor ?? 0, m.medianCpuMs, m.cpuRatioToFloor ?? 0,
                     m.peakMiB.map { String(format: "%.1f", $0) } ?? "-",
                     m.peakRatioToFloor.map { String(format: "%.2f", $0) } ?? "-", runs))
    }
    if let apply {
        print("")
        for line in apply.lines { print(line) }
    }
    for lines in [sandboxApply?.lines, refresh?.lines].compactMap({ $0 }) {
        print("")
        for line in lines { print(line) }
    }
    print("")
    print("| target | wanted | actual | result |")
    print("| --- | --- | --- | --- |")
    for c in checks { print("| \(c.name) | \(c.target) | \(c.actual) | \(c.pass ? "PASS" : "MISS") |") }
}

struct JSONReport: Codable {
    var machine: String
    var measurements: [Measurement]
    var apply: ApplyReport?
    var sandboxApply: SandboxApplyReport?
    var refresh: RefreshReport?
    var targets: [TargetCheck]
}

func machineDescription() -> String {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let mem = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
    return String(format: "%d cores, %.0f GiB, %@", cores, mem, ProcessInfo.processInfo.operatingSystemVersionString)
}

do {
    let options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
    if let phase = options.phase {
        for _ in 0..<options.phaseRepeat { try await runChild(phase, root: options.phaseRoot) }
        exit(0)
    }
    let base = NSTemporaryDirectory() + "switchboard-bench-\(getpid())"
    defer { if !options.keep { try? FileManager.default.removeItem(atPath: base) } }
    log("switchboard-bench: \(machineDescription()); sets in \(base)")
    let results = try await measure(options, base: base)
    var apply: ApplyReport?
    if options.apply { apply = try await ApplyBench(options: options, base: base).run() }
    var sandboxApply: SandboxApplyReport?
    if !options.sandboxApplySizes.isEmpty {
        sandboxApply = try await SandboxApplyBench(sizes: options.sandboxApplySizes, base: base).run()
    }
    var refresh: RefreshReport?
    if !options.refreshSizes.isEmpty { refresh = try await RefreshBench(sizes: options.refreshSizes, base: base).run() }
    let targetChecks = checks(results, apply: apply) + (sandboxApply?.checks ?? []) + (refresh?.checks ?? [])
    if options.json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let report = JSONReport(
            machine: machineDescription(), measurements: results, apply: apply, sandboxApply: sandboxApply,
            refresh: refresh, targets: targetChecks)
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
    } else {
        printTable(results, targetChecks, apply: apply, sandboxApply: sandboxApply, refresh: refresh)
    }
} catch {
    log("switchboard-bench: \(error)")
    exit(1)
}
