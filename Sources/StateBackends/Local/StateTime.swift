import Foundation
import SwitchboardModel

/// ISO 8601 timestamps as stored in locks, history and state (UTC, with milliseconds).
public enum StateTime {
    private static let precise = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let plain = Date.ISO8601FormatStyle()

    /// Formats `date` as `2025-06-01T12:00:00.000Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(precise)
    }

    /// Parses a timestamp written by `format` (or without fractional seconds); nil when malformed.
    public static func parse(_ text: String) -> Date? {
        if let date = try? precise.parse(text) { return date }
        return try? plain.parse(text)
    }
}
