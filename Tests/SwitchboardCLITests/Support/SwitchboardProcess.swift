import Foundation
import Testing

/// Runs the built `switchboard` binary in a fresh temporary directory, for end-to-end tests.
struct SwitchboardProcess {
    /// What a run produced.
    struct Output: Sendable {
        var stdout: String
        var stderr: String
        var exitCode: Int32
    }

    /// Where the binary was found.
    let binary: URL

    /// Finds the binary next to the test products, or records an issue naming every place it looked and returns
    /// nil (so the caller can stop).
    static func locate(sourceLocation: SourceLocation = #_sourceLocation) -> SwitchboardProcess? {
        var candidates = candidateDirectories().map { $0.appendingPathComponent("switchboard") }
        if let explicit = ProcessInfo.processInfo.environment["SWITCHBOARD_BINARY"] {
            candidates.insert(URL(fileURLWithPath: explicit), at: 0)
        }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return SwitchboardProcess(binary: candidate)
        }
        Issue.record(
            """
            the switchboard binary was not found; build it first with 'swift build' (or set SWITCHBOARD_BINARY). \
            Looked in: \(candidates.map(\.path).joined(separator: ", "))
            """, sourceLocation: sourceLocation)
        return nil
    }

    /// The test products directory, derived several ways: the directory of the running
    /// test executable or `.xctest` bundle, and the package's `.build/debug` found from this source file.
    private static func candidateDirectories() -> [URL] {
        var directories: [URL] = []
        for bundle in [Bundle.main] + Bundle.allBundles {
            // Linux: `.build/<triple>/debug/SwitchboardPackageTests.xctest` is the test executable itself.
            // macOS: `.build/<triple>/debug/SwitchboardPackageTests.xctest/Contents/MacOS/...`.
            let url = bundle.bundleURL
            if url.pathExtension == "xctest" {
                directories.append(url.deletingLastPathComponent())
            }
            if let executable = bundle.executableURL {
                directories.append(executable.deletingLastPathComponent())
                var walk = executable
                while walk.path != "/" {
                    if walk.pathExtension == "xctest" {
                        directories.append(walk.deletingLastPathComponent())
                        break
                    }
                    walk.deleteLastPathComponent()
                }
            }
        }
        // Tests/SwitchboardCLITests/Support/SwitchboardProcess.swift -> package root.
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        directories.append(packageRoot.appendingPathComponent(".build/debug"))
        var seen = Set<String>()
        return directories.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    /// Runs the binary with `arguments` in a new temporary directory (populated by `files`, relative paths to
    /// contents), with exactly `environment` (plus nothing inherited) and `stdin` as standard input.
    ///
    /// Output goes through files, not pipes, so a chatty command cannot fill a pipe and hang. A run that takes
    /// longer than `timeout` seconds is killed and reported.
    func run(
        _ arguments: [String], environment: [String: String] = [:], stdin: String = "",
        files: [String: String] = [:], timeout: Double = 120, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Output {
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("switchboard-e2e-\(UUID().uuidString)")
        let work = scratch.appendingPathComponent("work")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        for (path, contents) in files {
            let url = work.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
        let stdinURL = scratch.appendingPathComponent("stdin")
        let stdoutURL = scratch.appendingPathComponent("stdout")
        let stderrURL = scratch.appendingPathComponent("stderr")
        try Data(stdin.utf8).write(to: stdinURL)
        try Data().write(to: stdoutURL)
        try Data().write(to: stderrURL)

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = work
        process.environment = environment
        let input = try FileHandle(forReadingFrom: stdinURL)
        let output = try FileHandle(forWritingTo: stdoutURL)
        let error = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? input.close()
            try? output.close()
            try? error.close()
        }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error

        let (exited, exit) = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in
            exit.yield()
            exit.finish()
        }
        try process.run()
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in exited {}
                return true
            }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !finished {
            process.terminate()
            Issue.record(
                "switchboard \(arguments.joined(separator: " ")) ran longer than \(timeout)s",
                sourceLocation: sourceLocation)
        }
        if process.isRunning { process.waitUntilExit() }
        return Output(
            stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self),
            exitCode: process.terminationStatus)
    }
}
