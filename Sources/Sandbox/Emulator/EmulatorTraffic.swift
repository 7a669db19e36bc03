import Foundation

/// How an emulator paces and breaks its answers: latency, a rate limit per client and injected faults.
public struct EmulatorTrafficOptions: Sendable {
    /// Seconds added before every answer.
    public var latency: Double
    /// Probability (0...1) that a request gets an injected 429 or 503 (before acting) or 500 (after acting).
    public var faultRate: Double
    /// Seed of the fault dice (a fixed seed makes a run repeatable).
    public var seed: UInt64
    /// Requests per window per client before 429 (`Int.max`: no limit).
    public var rateLimitPerMinute: Int
    /// The rate window in seconds (60).
    public var rateLimitWindow: Double
    /// The `Retry-After` of injected 429s, in seconds.
    public var faultRetryAfter: Int

    /// Creates options.
    public init(
        latency: Double = 0, faultRate: Double = 0, seed: UInt64 = 0x5eed, rateLimitPerMinute: Int = 300,
        rateLimitWindow: Double = 60, faultRetryAfter: Int = 1
    ) {
        self.latency = latency
        self.faultRate = faultRate
        self.seed = seed
        self.rateLimitPerMinute = rateLimitPerMinute
        self.rateLimitWindow = rateLimitWindow
        self.faultRetryAfter = faultRetryAfter
    }

    /// An emulator called in process (`endpoint: sandbox`): no rate limit, no latency, no injected faults (the
    /// adapter's own client still paces and retries as it would live).
    public static let inProcess = EmulatorTrafficOptions(rateLimitPerMinute: .max)

    /// Waits `latency` seconds (not at all when it is 0).
    func delay() async {
        if latency > 0 { try? await Task.sleep(nanoseconds: UInt64(latency * 1_000_000_000)) }
    }
}

/// What every vendor's emulator decides about a request before answering it: the client's sliding rate window and
/// the fault dice. Each emulator words the outcome in its vendor's wire format.
struct EmulatorTraffic: Sendable {
    /// Requests per window per client before 429 (`Int.max`: no limit).
    let limit: Int
    /// The window in seconds.
    let window: Double
    /// Probability (0...1) of an injected fault.
    let faultRate: Double
    private var windows: [String: [Double]] = [:]
    private var rng: UInt64

    /// Creates the traffic rules of `options`; seed 0 takes a fixed default (the same run each time).
    init(_ options: EmulatorTrafficOptions) {
        limit = options.rateLimitPerMinute
        window = options.rateLimitWindow
        faultRate = options.faultRate
        rng = options.seed == 0 ? 0x9E37_79B9_7F4A_7C15 : options.seed
    }

    /// True when requests are counted against a limit.
    var isRateLimited: Bool { limit != .max }

    /// How a request fared against its client's window.
    struct Admission {
        /// False past the limit: answer 429.
        var admitted: Bool
        /// Requests in the window, this one included.
        var count: Int
        /// Whole seconds until the window's oldest request leaves it.
        var reset: Int
        /// Whole seconds to wait before retrying (at least 1), when refused.
        var retryAfter: Int
    }

    /// Counts a request of `client` at `t` (seconds); nil when there is no limit.
    mutating func admit(_ client: String, at t: Double) -> Admission? {
        guard isRateLimited else { return nil }
        var recent = windows[client, default: []].filter { $0 > t - window }
        let reset = recent.first.map { $0 + window - t } ?? window
        let full = recent.count >= limit
        let wait = max(1, Int(((recent.first ?? t) + window - t).rounded(.up)))
        if !full { recent.append(t) }
        windows[client] = recent
        return Admission(
            admitted: !full, count: full ? recent.count + 1 : recent.count, reset: Int(reset.rounded(.up)),
            retryAfter: wait)
    }

    /// An injected fault.
    enum Fault {
        /// Refused before acting: 429 with `Retry-After`.
        case throttled
        /// Refused before acting: 503.
        case unavailable
        /// Acted on, then answered 500: only a client that looks before repeating avoids a duplicate.
        case answerLost
    }

    /// Rolls the fault dice (`faultRate`): nil most of the time.
    mutating func fault() -> Fault? {
        guard faultRate > 0, roll() < faultRate else { return nil }
        switch roll() {
        case ..<0.34: return .throttled
        case ..<0.67: return .unavailable
        default: return .answerLost
        }
    }

    private mutating func roll() -> Double {
        rng &+= 0x9E37_79B9_7F4A_7C15
        var z = rng
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
