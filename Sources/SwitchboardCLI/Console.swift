import Foundation
import SwitchboardWorkspace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The terminal the CLI talks to: standard output, standard error and standard input.
///
/// `Console.standard` writes to the process's streams; `Console.capturing(...)` records everything in memory
/// and answers `readLine()` from a list, for tests.
///
/// `@unchecked Sendable` is safe: the only mutable state (`stdoutBuffer`, `stderrBuffer`, `pendingInput`,
/// `colorDisabled`) is read and written exclusively while holding `lock`, and every stored `let` is
/// immutable and `Sendable`.
public final class Console: @unchecked Sendable {
    /// One of the two output streams.
    public enum Stream: Sendable, Hashable {
        /// Standard output: results meant for pipes (`valid: 3 resources`, JSON, plans).
        case standardOutput
        /// Standard error: diagnostics, progress and usage errors.
        case standardError
    }

    private enum Sink {
        case process
        case capture
    }

    private let sink: Sink
    private let stdoutIsTerminal: Bool
    private let stderrIsTerminal: Bool
    /// True when standard input is a terminal, so questions can be asked (`apply` confirmations).
    public let stdinIsTerminal: Bool
    private let lock = NSLock()
    private var stdoutBuffer = ""
    private var stderrBuffer = ""
    private var pendingInput: [String]
    private var colorDisabled: Bool

    private init(
        sink: Sink, stdoutIsTerminal: Bool, stderrIsTerminal: Bool, stdinIsTerminal: Bool = false, input: [String],
        colorDisabled: Bool
    ) {
        self.sink = sink
        self.stdinIsTerminal = stdinIsTerminal
        self.stdoutIsTerminal = stdoutIsTerminal
        self.stderrIsTerminal = stderrIsTerminal
        self.pendingInput = input
        self.colorDisabled = colorDisabled
    }

    /// A console over the process's own streams; colour is off when `NO_COLOR` is set (to anything, even empty)
    /// or `TERM=dumb`.
    public static var standard: Console {
        let environment = ProcessInfo.processInfo.environment
        return Console(
            sink: .process,
            stdoutIsTerminal: isatty(STDOUT_FILENO) != 0,
            stderrIsTerminal: isatty(STDERR_FILENO) != 0,
            stdinIsTerminal: isatty(STDIN_FILENO) != 0,
            input: [],
            colorDisabled: !Console.colorAllowed(environment: environment))
    }

    /// An in-memory console for tests: output is kept in `capturedOutput` / `capturedError`, and `readLine()`
    /// returns the lines of `input` one by one, then nil.
    ///
    /// `stdoutIsTerminal` / `stderrIsTerminal` pretend the streams are terminals, so colour can be tested.
    public static func capturing(
        input: [String] = [], stdoutIsTerminal: Bool = false, stderrIsTerminal: Bool = false,
        stdinIsTerminal: Bool = false
    ) -> Console {
        Console(
            sink: .capture, stdoutIsTerminal: stdoutIsTerminal, stderrIsTerminal: stderrIsTerminal,
            stdinIsTerminal: stdinIsTerminal, input: input, colorDisabled: false)
    }

    /// False when `environment` asks for no colour: `NO_COLOR` present (any value, even empty) or `TERM=dumb`.
    public static func colorAllowed(environment: [String: String]) -> Bool {
        environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    // MARK: - Capabilities

    /// True when `stream` is attached to a terminal.
    public func isTerminal(_ stream: Stream) -> Bool {
        switch stream {
        case .standardOutput: stdoutIsTerminal
        case .standardError: stderrIsTerminal
        }
    }

    /// True when text written to `stream` may carry ANSI colour: only on a terminal, never once colour is disabled.
    public func useColor(_ stream: Stream) -> Bool {
        lock.withLock { !colorDisabled } && isTerminal(stream)
    }

    /// Turns colour off for good (the CLI calls this when its environment holds `NO_COLOR`).
    public func disableColor() {
        lock.withLock { colorDisabled = true }
    }

    // MARK: - Output

    /// Writes `text` to `stream` as is (no newline added).
    public func write(_ text: String, to stream: Stream = .standardOutput) {
        switch sink {
        case .capture:
            lock.withLock {
                switch stream {
                case .standardOutput: stdoutBuffer += text
                case .standardError: stderrBuffer += text
                }
            }
        case .process:
            let handle = stream == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
            lock.withLock {
                // A closed pipe (`switchboard plan | head`) is not worth a crash report: drop the output.
                try? handle.write(contentsOf: Data(text.utf8))
            }
        }
    }

    /// Writes `line` and a newline to standard output.
    public func out(_ line: String = "") {
        write(line + "\n", to: .standardOutput)
    }

    /// Writes `line` and a newline to standard error.
    public func err(_ line: String = "") {
        write(line + "\n", to: .standardError)
    }

    // MARK: - Input

    /// Reads one line from standard input without its newline; nil at end of input.
    public func readLine() -> String? {
        switch sink {
        case .capture:
            return lock.withLock { pendingInput.isEmpty ? nil : pendingInput.removeFirst() }
        case .process:
            return Swift.readLine(strippingNewline: true)
        }
    }

    /// Writes `question` (no newline) to standard error and reads the answer; nil at end of input.
    ///
    /// For confirmations such as "type the integration's name to accept the monthly charge".
    public func prompt(_ question: String) -> String? {
        write(question, to: .standardError)
        return readLine()
    }

    // MARK: - Captured text

    /// Everything written to standard output so far (capturing consoles only; empty otherwise).
    public var capturedOutput: String { lock.withLock { stdoutBuffer } }

    /// Everything written to standard error so far (capturing consoles only; empty otherwise).
    public var capturedError: String { lock.withLock { stderrBuffer } }
}
