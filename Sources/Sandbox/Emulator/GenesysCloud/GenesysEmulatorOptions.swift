import Foundation
import SwitchboardModel

/// How the emulator behaves: credentials, rate, latency, faults and the pace of asynchronous states.
public struct GenesysEmulatorOptions: Sendable {
    /// When both are set, the token endpoint answers 401 for any other client.
    public var clientId: String?
    public var clientSecret: String?
    /// Latency, rate limit and injected faults.
    public var traffic: EmulatorTrafficOptions
    /// `expires_in` of minted tokens, in seconds.
    public var tokenLifetime: Int

    /// Creates options.
    public init(
        clientId: String? = nil, clientSecret: String? = nil, latency: Double = 0, faultRate: Double = 0,
        seed: UInt64 = 0x5eed, rateLimitPerMinute: Int = 300, rateLimitWindow: Double = 60, faultRetryAfter: Int = 1,
        tokenLifetime: Int = 86_400
    ) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        traffic = EmulatorTrafficOptions(
            latency: latency, faultRate: faultRate, seed: seed, rateLimitPerMinute: rateLimitPerMinute,
            rateLimitWindow: rateLimitWindow, faultRetryAfter: faultRetryAfter)
        self.tokenLifetime = tokenLifetime
    }

    /// The emulator behind an `endpoint: sandbox` connection, called in process: any client, no rate limit, no
    /// latency, no injected faults (the adapter's own client still paces and retries as it would live).
    public static let inProcess = GenesysEmulatorOptions(rateLimitPerMinute: .max)
}

/// Counters an operator or a test can read.
public struct GenesysEmulatorStats: Sendable, Hashable {
    /// Every request received, the token endpoint's included.
    public var requests = 0
    /// Tokens issued.
    public var logins = 0
    /// 429s because a client went past the configured rate.
    public var rateLimited = 0
    /// 429, 500 and 503 answers injected by `faultRate`.
    public var injectedFaults = 0
    /// Bodies and headers of every request seen, for leak checks (tests).
    public var transcript: [String] = []
}

extension GenesysEmulatorStats {
    /// The counters as JSON (`GET /_emulator/stats`); the transcript is left out.
    public var json: Value {
        [
            "requests": .int(requests), "logins": .int(logins), "rateLimited": .int(rateLimited),
            "injectedFaults": .int(injectedFaults),
        ]
    }

    /// One line for the operator.
    public var summary: String {
        "\(requests) requests, \(logins) logins, \(rateLimited) refused past the rate limit, "
            + "\(injectedFaults) injected faults"
    }
}
