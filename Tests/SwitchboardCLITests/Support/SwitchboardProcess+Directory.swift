import Foundation
import Testing

extension SwitchboardProcess {
    /// Runs the binary with `arguments` in `directory` (kept between runs), with exactly `environment`.
    func run(
        _ arguments: [String], in directory: URL, environment: [String: String], timeout: Double = 120,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Output {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let child = try start(arguments, in: directory, environment: environment, logs: scratch)
        let deadline = Date().addingTimeInterval(timeout)
        while child.process.isRunning && Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        if child.process.isRunning {
            child.process.terminate()
            Issue.record("switchboard \(arguments.joined(separator: " ")) ran longer than \(timeout)s", sourceLocation: sourceLocation)
        }
        child.process.waitUntilExit()
        return Output(stdout: child.stdout, stderr: child.stderr, exitCode: child.process.terminationStatus)
    }

    /// Starts the binary in the background in `directory`; its output goes to files under `logs`.
    func start(_ arguments: [String], in directory: URL, environment: [String: String], logs: URL) throws -> Child {
        let out = logs.appendingPathComponent("stdout-\(UUID().uuidString)")
        let err = logs.appendingPathComponent("stderr-\(UUID().uuidString)")
        try Data().write(to: out)
        try Data().write(to: err)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return Child(process: process, stdoutURL: out, stderrURL: err)
    }

    /// A process started in the background.
    struct Child {
        let process: Process
        let stdoutURL: URL
        let stderrURL: URL

        var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

        /// Sends SIGINT and waits (bounded) for the process to exit.
        func interrupt() async {
            guard process.isRunning else { return }
            process.interrupt()
            for _ in 0..<250 where process.isRunning { try? await Task.sleep(nanoseconds: 20_000_000) }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }
}
