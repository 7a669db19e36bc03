import Foundation

/// Command-line options of `switchboard-bench`.
struct BenchOptions {
    var sizes = [1_000, 10_000, 50_000]
    /// Runs per phase for sizes up to 10,000.
    var runs = 7
    /// Runs per phase for larger sizes.
    var largeRuns = 5
    /// Rounds run first and not counted, per size.
    var warmup = 1
    var json = false
    var memory = true
    var apply = false
    /// Numbers the apply benchmark imports.
    var applyNumbers = 240
    var applyIntegrations = 8
    var applyParallelism = 6
    /// Sizes of the embedded-sandbox applies (from empty, then 1% changed) and the plan process timings; empty: none.
    var sandboxApplySizes: [Int] = []
    /// Sizes of the refresh measurement through 'switchboard sandbox serve' (issue 19, point 2); empty: none.
    var refreshSizes: [Int] = []
    var keep = false
    /// Hidden child mode: run one phase once and print its time and peak memory.
    var phase: Phase?
    var phaseSize = 0
    var phaseRoot = ""
    /// Child mode: run the phase this many times (for profilers such as `perf record`).
    var phaseRepeat = 1

    static let usage = """
        usage: switchboard-bench [--sizes 1000,10000,50000] [--runs N] [--large-runs N] [--warmup N] [--no-memory]
                                 [--json]
                                 [--apply] [--apply-numbers N] [--apply-integrations N] [--apply-parallelism N]
                                 [--sandbox-apply 1000,10000] [--refresh 1000,10000] [--keep]

        Generates deterministic manifest sets and measures, as the median of several runs, raw libyaml parsing
        (the floor), validate, plan from empty state, plan with 1% changed, state load and save; peak memory of
        each in a fresh child process; and, with --apply, apply throughput against 'switchboard sandbox serve'
        (50 ms latency, 300 requests a minute; build both products first: swift build -c release); with
        --sandbox-apply SIZES, applies of the full set on the embedded sandbox (from empty, then 1% changed) and the
        whole 'switchboard plan' process in text and JSON; with --refresh SIZES, plan --refresh of a Genesys Cloud
        set of each size through 'switchboard sandbox serve' (50 ms latency, 300 requests a minute): requests per
        object and wall time against the bound.
        """

    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var o = BenchOptions()
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < arguments.count else { throw BenchError("\(arguments[i - 1]) needs a value") }
            return arguments[i]
        }
        func int() throws -> Int {
            let v = try value()
            guard let n = Int(v), n > 0 else { throw BenchError("\(arguments[i - 1]) needs a positive number") }
            return n
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--sizes":
                let list = try value().split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard !list.isEmpty, list.allSatisfy({ ($0 ?? 0) > 0 }) else { throw BenchError("--sizes: 1000,10000") }
                o.sizes = list.compactMap { $0 }
            case "--runs": o.runs = try int()
            case "--large-runs": o.largeRuns = try int()
            case "--warmup":
                let v = try value()
                guard let n = Int(v), n >= 0 else { throw BenchError("--warmup needs a number, 0 or more") }
                o.warmup = n
            case "--json": o.json = true
            case "--no-memory": o.memory = false
            case "--apply": o.apply = true
            case "--refresh":
                o.refreshSizes = try value().split(separator: ",").compactMap { Int($0) }
            case "--sandbox-apply":
                o.sandboxApplySizes = try value().split(separator: ",").compactMap { Int($0) }
            case "--apply-numbers": o.applyNumbers = try int()
            case "--apply-integrations": o.applyIntegrations = try int()
            case "--apply-parallelism": o.applyParallelism = try int()
            case "--keep": o.keep = true
            case "--phase":
                let name = try value()
                guard let p = Phase(rawValue: name) else { throw BenchError("unknown phase '\(name)'") }
                o.phase = p
            case "--size": o.phaseSize = try int()
            case "--root": o.phaseRoot = try value()
            case "--repeat": o.phaseRepeat = try int()
            case "-h", "--help":
                print(usage)
                exit(0)
            default:
                throw BenchError("unknown argument '\(arguments[i])'\n\(usage)")
            }
            i += 1
        }
        return o
    }

    func runs(for size: Int) -> Int { size > 10_000 ? largeRuns : runs }
}
