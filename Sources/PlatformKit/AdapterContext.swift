/// What a platform's live factory is given besides the connection and its credentials: the transport its requests
/// go over and, for an emulator answering in process, how to pace its polls.
public struct AdapterContext: Sendable {
    /// Where requests go: the network, or an emulator's request handler in process.
    public var transport: HTTPTransport
    /// Set when the transport is an emulator in process: the adapter polls at this pace and sends without a rate
    /// limit (the emulator in process has none). Nil for a vendor over the network (the adapter's own defaults).
    public var inProcess: InProcessPacing?

    /// A context over `transport`.
    public init(transport: @escaping HTTPTransport, inProcess: InProcessPacing? = nil) {
        self.transport = transport
        self.inProcess = inProcess
    }
}

/// How an adapter talking to an emulator in process waits for asynchronous states.
public struct InProcessPacing: Sendable {
    /// Seconds before the second poll.
    public var pollInterval: Double
    /// The longest wait between two polls, in seconds.
    public var pollMaxInterval: Double
    /// Seconds a poll may last before it gives up.
    public var pollTimeout: Double
    /// Waits a number of seconds (a simulated wait while the emulator's clock is frozen).
    public var sleep: @Sendable (Double) async throws -> Void
    /// Seconds on the clock `sleep` moves.
    public var now: @Sendable () -> Double

    /// Creates a pacing.
    public init(
        pollInterval: Double, pollMaxInterval: Double, pollTimeout: Double,
        sleep: @escaping @Sendable (Double) async throws -> Void, now: @escaping @Sendable () -> Double
    ) {
        self.pollInterval = pollInterval
        self.pollMaxInterval = pollMaxInterval
        self.pollTimeout = pollTimeout
        self.sleep = sleep
        self.now = now
    }
}
