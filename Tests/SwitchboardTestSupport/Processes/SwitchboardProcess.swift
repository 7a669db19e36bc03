import Foundation
import Testing

/// The built `switchboard` binary, run as a child process for end-to-end tests.
public struct SwitchboardProcess: Sendable {
    /// What a finished run produced.
    public struct Output: Sendable, CustomStringConvertible {
        /// Everything written to standard output.
        public var stdout: String
        /// Everything written to standard error.
        public var stderr: String
        /// The exit status.
        public var exitCode: Int32

        /// An output.
        public init(stdout: String, stderr: String, exitCode: Int32) {
            self.stdout = stdout
            self.stderr = stderr
            self.exitCode = exitCode
        }

        /// The status and both streams, for a failed expectation's message.
        public var description: String { "exit \(exitCode)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
    }

    /// Where the binary was found.
    public let binary: URL

    /// The binary at `binary`.
    public init(binary: URL) { self.binary = binary }

    /// The package's root directory, from this source file's path.
    public static var packageRoot: URL {
        // Tests/SwitchboardTestSupport/Processes/SwitchboardProcess.swift -> package root.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Finds the binary next to the test products, or records an issue naming every place it looked and returns
    /// nil (so the caller can stop).
    public static func locate(sourceLocation: SourceLocation = #_sourceLocation) -> SwitchboardProcess? {
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
    /// test executable or `.xctest` bundle, and the package's `.build/debug`.
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
        directories.append(packageRoot.appendingPathComponent(".build/debug"))
        var seen = Set<String>()
        return directories.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    /// Runs the binary with `arguments` in a new temporary directory (populated by `files`, relative paths to
    /// contents), with exactly `environment` (plus nothing inherited) and `stdin` as standard input.
    ///
    /// Output goes through files, not pipes, so a chatty command cannot fill a pipe and hang. A run that takes
    /// longer than `timeout` seconds is killed and reported.
    public func run(
        _ arguments: [String], environment: [String: String] = [:], stdin: String = "",
        files: [String: String] = [:], timeout: Double = 120, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Output {
        let scratch = try TemporaryDirectory("e2e")
        defer { scratch.remove() }
        let work = scratch.url.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        for (path, contents) in files { try scratch.write("work/" + path, contents) }
        let input = try scratch.write("stdin", stdin)
        let child = try start(
            arguments, in: work, environment: environment, logs: scratch.url, stdin: URL(fileURLWithPath: input))
        return await child.wait(timeout: timeout, sourceLocation: sourceLocation)
    }

    /// Runs the binary with `arguments` in `directory` (kept between runs), with exactly `environment`.
    public func run(
        _ arguments: [String], in directory: URL, environment: [String: String], timeout: Double = 120,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Output {
        let scratch = try TemporaryDirectory("run")
        defer { scratch.remove() }
        let child = try start(arguments, in: directory, environment: environment, logs: scratch.url)
        return await child.wait(timeout: timeout, sourceLocation: sourceLocation)
    }

    /// Starts the binary in the background in `directory`, with exactly `environment`; its standard output and
    /// error go to files under `logs` (named after the command), its standard input is `stdin` or nothing.
    public func start(
        _ arguments: [String], in directory: URL, environment: [String: String], logs: URL, stdin: URL? = nil
    ) throws -> Child {
        let name = "\(arguments.first ?? "run")-\(UUID().uuidString.prefix(8))"
        let out = logs.appendingPathComponent("\(name).stdout")
        let err = logs.appendingPathComponent("\(name).stderr")
        try Data().write(to: out)
        try Data().write(to: err)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardInput = try stdin.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return Child(process: process, stdoutURL: out, stderrURL: err)
    }
}
