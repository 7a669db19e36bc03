import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension SwitchboardProcess {
    /// A run in the background, its output going to two files.
    public final class Child: @unchecked Sendable {
        // @unchecked: `process` is only touched through Foundation's thread-safe Process API (isRunning,
        // processIdentifier, interrupt, terminate, waitUntilExit); the URLs are immutable.
        /// The process.
        public let process: Process
        /// The file standard output goes to.
        public let stdoutURL: URL
        /// The file standard error goes to.
        public let stderrURL: URL

        init(process: Process, stdoutURL: URL, stderrURL: URL) {
            self.process = process
            self.stdoutURL = stdoutURL
            self.stderrURL = stderrURL
        }

        /// The process id.
        public var pid: Int32 { process.processIdentifier }
        /// Whether the process still runs.
        public var isRunning: Bool { process.isRunning }
        /// Standard output so far.
        public var stdout: String { String(decoding: (try? Data(contentsOf: stdoutURL)) ?? Data(), as: UTF8.self) }
        /// Standard error so far.
        public var stderr: String { String(decoding: (try? Data(contentsOf: stderrURL)) ?? Data(), as: UTF8.self) }

        /// Waits (polling) until the process ends or `timeout` seconds pass; kills it then and records an issue.
        public func wait(timeout: Double = 60, sourceLocation: SourceLocation = #_sourceLocation) async -> Output {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline {
                try? await Task.sleep(nanoseconds: 20_000_000)
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                Issue.record(
                    "switchboard \(process.arguments?.joined(separator: " ") ?? "") ran longer than \(timeout)s",
                    sourceLocation: sourceLocation)
            }
            process.waitUntilExit()
            return Output(stdout: stdout, stderr: stderr, exitCode: process.terminationStatus)
        }

        /// Sends SIGINT and waits (bounded) for the process to exit.
        public func interrupt() async {
            guard process.isRunning else { return }
            process.interrupt()
            for _ in 0..<250 where process.isRunning { try? await Task.sleep(nanoseconds: 20_000_000) }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }

        /// Sends SIGKILL and reaps the process (so its pid no longer exists).
        public func kill9() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
