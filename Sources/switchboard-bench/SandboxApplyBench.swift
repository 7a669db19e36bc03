import Foundation
import Reconciler
import SwitchboardModel
import SwitchboardWorkspace

/// Applies of the generated full set on the embedded sandbox at `instant` speed, as `switchboard apply
/// --auto-approve` runs them (workspace, apply session, local state, the sandbox world beside it), and the whole
/// `switchboard plan` process in text and JSON (issue 19, point 3).
struct SandboxApplyReport: Codable {
    /// One apply: from empty, or of 1% of the resources changed on the applied set.
    struct Run: Codable {
        var size: Int
        var kind: String
        var changes: Int
        var seconds: Double
        var msPerChange: Double
    }

    var runs: [Run] = []
    /// `switchboard plan DIR` of the largest set from empty, as a whole process: text and JSON, median seconds.
    var planTextSeconds: Double?
    var planJSONSeconds: Double?
    var planSize: Int?

    var lines: [String] {
        var out = runs.map {
            String(format: "sandbox apply %@ at %d: %d changes in %.2f s (%.2f ms per change)", $0.kind, $0.size,
                   $0.changes, $0.seconds, $0.msPerChange)
        }
        if let t = planTextSeconds, let j = planJSONSeconds, let n = planSize {
            out.append(String(format: "switchboard plan of %d creates: text %.2f s, --format json %.2f s (%.2fx)",
                              n, t, j, j / max(t, 0.001)))
        }
        return out
    }

    func run(_ size: Int, _ kind: String) -> Run? { runs.first { $0.size == size && $0.kind == kind } }

    /// The point 3 targets this report can judge.
    var checks: [TargetCheck] {
        var out: [TargetCheck] = []
        if let r = run(1_000, "from-empty") {
            out.append(TargetCheck(name: "sandbox apply of 1,000 from empty", target: "< 10 s",
                                   actual: String(format: "%.2f s", r.seconds), pass: r.seconds < 10))
        }
        if let r = run(10_000, "1%") {
            out.append(TargetCheck(name: "sandbox 1% apply at 10,000", target: "< 2 s",
                                   actual: String(format: "%.2f s", r.seconds), pass: r.seconds < 2))
        }
        for kind in ["from-empty", "1%"] {
            if let a = run(10_000, kind), let b = run(50_000, kind), a.msPerChange > 0 {
                let ratio = b.msPerChange / a.msPerChange
                out.append(TargetCheck(name: "sandbox apply \(kind) 50k / 10k time per change", target: "< 1.5",
                                       actual: String(format: "%.2f", ratio), pass: ratio < 1.5))
            }
        }
        if let t = planTextSeconds, let j = planJSONSeconds {
            out.append(TargetCheck(name: "plan --format json vs text (whole process)", target: "<= 1.2x",
                                   actual: String(format: "%.2fx", j / max(t, 0.001)), pass: j <= 1.2 * t))
        }
        return out
    }
}

struct SandboxApplyBench {
    var sizes: [Int]
    var base: String

    func run() async throws -> SandboxApplyReport {
        var report = SandboxApplyReport()
        for size in sizes {
            let directory = base + "/sandbox-apply-\(size)"
            try? FileManager.default.removeItem(atPath: directory)
            _ = try ManifestGenerator().writeFullSet(size: size, into: directory)
            report.runs.append(try await apply(directory, size: size, kind: "from-empty"))
            log(report.lines[report.runs.count - 1])
            try changeOnePercent(directory)
            report.runs.append(try await apply(directory, size: size, kind: "1%"))
            log(report.lines[report.runs.count - 1])
        }
        if let size = sizes.max() {
            let directory = base + "/sandbox-plan-\(size)"
            try? FileManager.default.removeItem(atPath: directory)
            _ = try ManifestGenerator().writeFullSet(size: size, into: directory)
            report.planSize = size
            report.planTextSeconds = try planProcess(directory, json: false)
            report.planJSONSeconds = try planProcess(directory, json: true)
            log(report.lines[report.lines.count - 1])
        }
        return report
    }

    /// Runs the apply session on the set as the CLI does, timing everything after the manifests are planned.
    func apply(_ directory: String, size: Int, kind: String) async throws -> SandboxApplyReport.Run {
        let workspace = try Workspace.open(directory: directory, environment: Phases.planEnvironment)
        let session = try ApplySession(
            workspace: workspace, acceptance: Acceptance(billing: true, irreversible: true, destructive: true),
            options: ApplySession.Options(parallelism: 4, autoApprove: true))
        let start = ProcessInfo.processInfo.systemUptime
        let outcome = try await session.run(ApplySession.Handlers())
        try await Workspace.compactSandboxes()
        let seconds = ProcessInfo.processInfo.systemUptime - start
        guard case .applied(let plan, let result) = outcome else {
            throw BenchError("sandbox apply \(kind) at \(size) planned no changes")
        }
        guard result.result == .succeeded else {
            let failed = result.changes.first { $0.outcome == .failed }
            throw BenchError("sandbox apply \(kind) at \(size) failed: \(failed?.error ?? "?")")
        }
        let changes = plan.changes.filter { $0.action != .noop }.count
        return SandboxApplyReport.Run(
            size: size, kind: kind, changes: changes, seconds: seconds, msPerChange: seconds * 1000 / Double(changes))
    }

    /// Changes the labels of every 100th resource of the set (what plan-1% plans).
    func changeOnePercent(_ directory: String) throws {
        var seen = 0
        for file in Phases.manifestFiles(directory) {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            var out = ""
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.contains("labels: {") {
                    seen += 1
                    if seen % 100 == 0 {
                        out += line.replacingOccurrences(of: "labels: {", with: "labels: {bench: changed, ") + "\n"
                        continue
                    }
                }
                out += line + "\n"
            }
            try String(out.dropLast()).write(toFile: file, atomically: true, encoding: .utf8)
        }
    }

    /// The median wall time of three `switchboard plan DIR [--format json]` processes, output to /dev/null.
    func planProcess(_ directory: String, json: Bool) throws -> Double {
        let binary = benchExecutable().deletingLastPathComponent().appendingPathComponent("switchboard")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw BenchError("--sandbox-apply times 'switchboard plan', but \(binary.path) is missing")
        }
        var times: [Double] = []
        for _ in 0..<3 {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["plan", directory] + (json ? ["--format", "json"] : [])
            process.environment = ProcessInfo.processInfo.environment.merging(Phases.planEnvironment) { _, b in b }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let start = ProcessInfo.processInfo.systemUptime
            try process.run()
            process.waitUntilExit()
            times.append(ProcessInfo.processInfo.systemUptime - start)
            guard process.terminationStatus == 0 else {
                throw BenchError("switchboard plan \(json ? "--format json " : "")failed (\(process.terminationStatus))")
            }
        }
        return median(times)
    }
}
