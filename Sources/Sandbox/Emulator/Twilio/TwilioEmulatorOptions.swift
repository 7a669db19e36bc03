import Foundation
import SwitchboardModel

/// How the Twilio emulator behaves: latency, a rate limit per account (429 with error 20429) and injected faults.
public typealias TwilioEmulatorOptions = EmulatorTrafficOptions

/// Counters an operator or a test can read.
public struct TwilioEmulatorStats: Sendable, Hashable {
    /// Every request received.
    public var requests = 0
    /// 401s: no credentials, or credentials the account does not accept.
    public var unauthorized = 0
    /// 429s because an account went past the configured rate.
    public var rateLimited = 0
    /// 429, 500 and 503 answers injected by `faultRate`.
    public var injectedFaults = 0
    /// Bodies and headers of every request seen, for leak checks (tests).
    public var transcript: [String] = []

    /// One line for the operator.
    public var summary: String {
        "\(requests) Twilio requests, \(unauthorized) refused credentials, \(rateLimited) refused past the rate "
            + "limit, \(injectedFaults) injected faults"
    }
}
