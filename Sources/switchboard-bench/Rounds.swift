import Foundation
import StateBackends

/// The counted runs of one size: the floor's, and each measured phase's with its ratio to the floor run made just
/// before it (indexed as `phases`).
struct Rounds {
    /// The phases measured against the floor, in the order each round runs them.
    static let phases: [Phase] = [.validate, .planEmpty, .planChanged, .stateLoad, .stateSave]

    var floorWall: [Double] = []
    var floorCPU: [Double] = []
    var wall: [[Double]] = Rounds.phases.map { _ in [] }
    var cpu: [[Double]] = Rounds.phases.map { _ in [] }
    var wallRatio: [[Double]] = Rounds.phases.map { _ in [] }
    var cpuRatio: [[Double]] = Rounds.phases.map { _ in [] }

    /// The floor's row, then one row per measured phase, each with its median times and median ratios.
    func measurements(size: Int) -> [Measurement] {
        var rows = [Measurement(size: size, phase: Phase.floor.rawValue, runs: floorWall, medianMs: median(floorWall))]
        rows[0].ratioToFloor = 1
        rows[0].cpuRuns = floorCPU
        rows[0].medianCpuMs = median(floorCPU)
        rows[0].cpuRatioToFloor = 1
        for (k, phase) in Self.phases.enumerated() {
            var m = Measurement(size: size, phase: phase.rawValue, runs: wall[k], medianMs: median(wall[k]))
            m.cpuRuns = cpu[k]
            m.medianCpuMs = median(cpu[k])
            m.ratioToFloor = median(wallRatio[k])
            m.cpuRatioToFloor = median(cpuRatio[k])
            rows.append(m)
        }
        return rows
    }

    /// Runs `warmup` uncounted rounds, then `counted` counted ones, over the set at `paths`.
    ///
    /// Each round runs every phase once, each right after its own run of the floor, so a phase's ratio in a round
    /// compares two runs made back to back, under the same machine load and CPU speed. The reported ratio is the median
    /// of those per-round ratios. Warm-up rounds run everything and are not counted: a first save creates files the
    /// later ones replace, and the first runs of a size fault in memory the later ones reuse.
    static func run(_ paths: BenchPaths, warmup: Int, counted: Int) async throws -> Rounds {
        // state-save writes the applied state as `switchboard apply` does after each change: a snapshot read from the
        // state file (not the one fabricated by `prepare`, whose values lie scattered over a heap built for other
        // things, which made encoding it a measure of cache misses).
        let saver = LocalStateStore(path: paths.saveState)
        var next = try await saver.save(try await LocalStateStore(path: paths.appliedState).load().withSerial(0))
        var sink = 0
        var rounds = Rounds()
        func timed(_ body: () async throws -> Void) async rethrows -> (wall: Double, cpu: Double) {
            let cpuStart = cpuMilliseconds()
            let ms = try await time(1, body)[0]
            return (ms, cpuMilliseconds() - cpuStart)
        }
        for round in 0..<(warmup + counted) {
            for (k, phase) in Self.phases.enumerated() {
                let f = await timed { sink &+= Phases.floor(paths.manifests) }
                let p = try await timed {
                    switch phase {
                    case .validate: sink &+= Phases.validate(paths.manifests).resourceCount
                    case .planEmpty: sink &+= try await Phases.workspacePlan(paths.manifests)
                    case .planChanged: sink &+= try await Phases.workspacePlan(paths.appliedManifests)
                    case .stateLoad:
                        sink &+= try await LocalStateStore(path: paths.appliedState).load().resources.count
                    case .stateSave: next = try await saver.save(next)
                    case .floor, .baseline: break
                    }
                }
                guard round >= warmup else { continue }
                rounds.floorWall.append(f.wall)
                rounds.floorCPU.append(f.cpu)
                rounds.wall[k].append(p.wall)
                rounds.cpu[k].append(p.cpu)
                rounds.wallRatio[k].append(p.wall / max(f.wall, 0.001))
                rounds.cpuRatio[k].append(p.cpu / max(f.cpu, 0.001))
            }
        }
        if sink == 42 { log("") }
        return rounds
    }
}
