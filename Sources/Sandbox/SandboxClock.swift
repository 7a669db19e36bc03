import Foundation
import SwitchboardModel

/// The sandbox's notion of "now": the real clock, a frozen instant, or an offset from the real clock.
///
/// Every time-derived state of the sandbox (provisioning, 10-minute codes, 30-day removal, 7-day certificates) is
/// computed from stored timestamps against this clock, so moving the clock moves the states.
public struct SandboxClock: Sendable {
    private let source: @Sendable () -> Date
    /// True when time does not move by itself (a frozen instant).
    public let isFrozen: Bool

    /// Creates a clock over any source of dates.
    public init(frozen: Bool = false, _ source: @escaping @Sendable () -> Date) {
        self.source = source
        self.isFrozen = frozen
    }

    /// The current instant.
    public func now() -> Date { source() }

    /// The real clock.
    public static let system = SandboxClock { Date() }

    /// A clock frozen at `date`.
    public static func fixed(_ date: Date) -> SandboxClock { SandboxClock(frozen: true) { date } }

    /// A clock that reads a test's movable time.
    public static func movable(_ time: MovableTime) -> SandboxClock { SandboxClock(frozen: true) { time.now } }

    /// The real clock shifted by `seconds`.
    public static func offset(_ seconds: TimeInterval) -> SandboxClock { SandboxClock { Date().addingTimeInterval(seconds) } }

    /// The environment variable that freezes time at an ISO 8601 instant.
    public static let nowVariable = "SWITCHBOARD_SANDBOX_NOW"
    /// The environment variable that adds seconds to the real clock.
    public static let offsetVariable = "SWITCHBOARD_SANDBOX_TIME_OFFSET"

    /// The clock the environment asks for: `SWITCHBOARD_SANDBOX_NOW` (frozen), `SWITCHBOARD_SANDBOX_TIME_OFFSET`
    /// (seconds added to the real clock), else the real clock.
    /// - Throws: `PlatformError` `sandbox.clock.invalid` when a variable cannot be parsed.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> SandboxClock {
        if let text = environment[nowVariable], !text.isEmpty {
            guard let date = SandboxDates.parse(text) else {
                throw PlatformError(
                    code: "sandbox.clock.invalid",
                    message: "\(nowVariable) '\(text)' is not an ISO 8601 instant such as 2026-11-20T09:00:00Z")
            }
            return .fixed(date)
        }
        if let text = environment[offsetVariable], !text.isEmpty {
            guard let seconds = TimeInterval(text.trimmingCharacters(in: .whitespaces)) else {
                throw PlatformError(
                    code: "sandbox.clock.invalid", message: "\(offsetVariable) '\(text)' is not a number of seconds")
            }
            return .offset(seconds)
        }
        return .system
    }
}

/// A point in time that a test moves by hand (`time.advance(by: 600)`).
///
/// `@unchecked Sendable` is safe: the only stored state, `current`, is read and written under `lock`.
public final class MovableTime: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// Creates a movable time starting at `start`.
    public init(_ start: Date) { current = start }

    /// The current instant.
    public var now: Date { lock.withLock { current } }

    /// Moves time forward (or back, with a negative interval).
    public func advance(by seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }

    /// Sets the current instant.
    public func set(_ date: Date) { lock.withLock { current = date } }
}

/// How long the sandbox's asynchronous states take, and how the platform adapter polls them.
public struct SandboxTiming: Hashable, Sendable, Codable {
    /// Number import/delete, integration reportedState, domain provisioning, template approval.
    public var provisioning: TimeInterval
    /// WhatsApp embedded signup: createStatus Initiated -> Completed.
    public var whatsAppCreate: TimeInterval
    /// WhatsApp activation: status Starting -> Active.
    public var whatsAppActivation: TimeInterval
    /// Certificate flow: pending (code confirmed) -> active.
    public var certificatePending: TimeInterval
    /// Time between two polls of the world while waiting.
    public var pollInterval: TimeInterval
    /// How long a wait may last before it fails (`genesys.timeout` through the adapter, `sandbox.wait.timeout` in the
    /// sandbox's own simulation): real seconds while the clock runs, simulated ones while it is frozen
    /// (`SandboxPacing`).
    public var waitTimeout: TimeInterval

    /// Creates a timing.
    public init(
        provisioning: TimeInterval, whatsAppCreate: TimeInterval, whatsAppActivation: TimeInterval,
        certificatePending: TimeInterval, pollInterval: TimeInterval, waitTimeout: TimeInterval = 60
    ) {
        self.provisioning = provisioning
        self.whatsAppCreate = whatsAppCreate
        self.whatsAppActivation = whatsAppActivation
        self.certificatePending = certificatePending
        self.pollInterval = pollInterval
        self.waitTimeout = waitTimeout
    }

    /// The default: every asynchronous state settles within a second or two.
    public static let standard = SandboxTiming(
        provisioning: 0.8, whatsAppCreate: 1.0, whatsAppActivation: 1.2, certificatePending: 1.5, pollInterval: 0.2)

    /// No delays at all (fast tests, or a frozen clock).
    public static let instant = SandboxTiming(
        provisioning: 0, whatsAppCreate: 0, whatsAppActivation: 0, certificatePending: 0, pollInterval: 0.005)

    /// Every delay five times the standard one: for tests that need an apply to hold the lock for a while.
    public static let slow = SandboxTiming(
        provisioning: 4, whatsAppCreate: 5, whatsAppActivation: 6, certificatePending: 7.5, pollInterval: 0.2)

    /// The environment variable that selects the speed (`instant`, `standard` or `slow`).
    public static let speedVariable = "SWITCHBOARD_SANDBOX_SPEED"

    /// The timing the environment asks for: `SWITCHBOARD_SANDBOX_SPEED=instant`, else instant when the clock is
    /// frozen (a frozen clock never reaches a future deadline), else the standard timing.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, clock: SandboxClock
    ) -> SandboxTiming {
        switch environment[speedVariable]?.lowercased() {
        case "instant"?: return .instant
        case "standard"?, "normal"?: return clock.isFrozen ? .instant : .standard
        case "slow"?: return clock.isFrozen ? .instant : .slow
        default: return clock.isFrozen ? .instant : .standard
        }
    }
}

/// The sandbox's platform rules that are fixed durations, not speeds.
public enum SandboxRules {
    /// A verification code is valid for 10 minutes.
    public static let codeValidity: TimeInterval = 10 * 60
    /// A WhatsApp integration never activated is removed by the platform 30 days after creation.
    public static let activationWindow: TimeInterval = 30 * 24 * 3600
    /// A WhatsApp certificate lapses 7 days after issue.
    public static let certificateLifetime: TimeInterval = 7 * 24 * 3600
    /// A certificate activation still pending after 15 minutes fails.
    public static let pendingTimeout: TimeInterval = 15 * 60
    /// The platform's advice for a failed activation.
    public static let failedAdvice = "delete the integration and start again"
    /// A PIN the sandbox's Meta rejects as not matching the number's two-step verification PIN.
    public static let wrongPin = "000000"
}

/// ISO 8601 parsing and formatting with fractional seconds.
public enum SandboxDates {
    /// Formats `date` as `2026-11-20T09:00:00.000Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Parses an ISO 8601 instant, with or without fractional seconds, or a plain `yyyy-MM-dd` day (midnight UTC).
    public static func parse(_ text: String) -> Date? {
        if let d = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return d }
        if let d = try? Date.ISO8601FormatStyle().parse(text) { return d }
        if text.count == 10, let d = try? Date.ISO8601FormatStyle().parse(text + "T00:00:00Z") { return d }
        return nil
    }
}
