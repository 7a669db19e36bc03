/// What a numeric option (or argument) accepts: plain decimal digits, within a range, whole or with a fraction.
///
/// Every count and duration of the command line goes through here, so `inf`, `nan`, `1e16`, `-1`, `0x10` or a number
/// too large for the type it ends up in is a usage error (exit 64) before any work starts, never a trap later (a
/// duration becomes nanoseconds or milliseconds in an `Int64`, which `inf` or `1e16` seconds would overflow).
public struct NumberFormat: Sendable, Hashable {
    /// What the value is, as the usage error says it (`a number of seconds`, `a whole number`).
    public var noun: String
    /// The smallest value accepted.
    public var minimum: Double
    /// The largest value accepted.
    public var maximum: Double
    /// True when only whole numbers are accepted (`8`, not `8.5`).
    public var isWhole: Bool
    /// A unit that may follow the digits (`s` in `30s`), or nil.
    public var suffix: String?

    /// Creates a format; `minimum` and `maximum` are both accepted.
    public init(_ noun: String, from minimum: Double, to maximum: Double, isWhole: Bool, suffix: String? = nil) {
        self.noun = noun
        self.minimum = minimum
        self.maximum = maximum
        self.isWhole = isWhole
        self.suffix = suffix
    }

    /// A whole number from `range.lowerBound` to `range.upperBound`.
    public static func whole(_ noun: String, _ range: ClosedRange<Int>) -> NumberFormat {
        NumberFormat(noun, from: Double(range.lowerBound), to: Double(range.upperBound), isWhole: true)
    }

    /// A number with an optional fraction from `range.lowerBound` to `range.upperBound`.
    public static func decimal(_ noun: String, _ range: ClosedRange<Double>, suffix: String? = nil) -> NumberFormat {
        NumberFormat(noun, from: range.lowerBound, to: range.upperBound, isWhole: false, suffix: suffix)
    }

    /// The value of `text`, or nil when it is not digits (with one `.` and a fraction, unless whole; then the
    /// suffix, if any) or lies outside the range.
    public func parse(_ text: String) -> Double? {
        var body = Substring(text)
        if let suffix, body.hasSuffix(suffix) { body = body.dropLast(suffix.count) }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digitsOnly = parts.allSatisfy { part in part.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard digitsOnly, !body.isEmpty, body != ".", !(isWhole && parts.count > 1) else { return nil }
        // A long run of digits parses to a large finite Double (or infinity), and the range turns it away.
        guard let value = Double(String(body)), value.isFinite, value >= minimum, value <= maximum else { return nil }
        return value
    }

    /// The range as help shows it (`0 to 86400`).
    public var bounds: String { "\(Self.format(minimum)) to \(Self.format(maximum))" }

    /// The usage error's message for `text` given to `name` (`--lock-timeout takes a number of seconds from 0 to
    /// 86400, not 'inf'`).
    public func rejection(of text: String, for name: String) -> String {
        "\(name) takes \(noun) from \(bounds), not '\(text)'"
    }

    /// `86400` rather than `86400.0`; the bounds are small enough to be exact.
    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

extension Invocation {
    /// The value of `text` given as `name` (an option's `--name` or an argument's placeholder) in `format`.
    /// - Throws: a usage error naming the accepted range when `text` is not such a number.
    public func number(_ text: String, as format: NumberFormat, for name: String) throws(UsageError) -> Double {
        guard let value = format.parse(text) else { throw usageError(format.rejection(of: text, for: name)) }
        return value
    }

    /// The value of the numeric `option`, or nil when it was not given.
    /// - Throws: a usage error when the option has no number format or its value is not such a number (the parser
    ///   has already refused that, so this only guards a command that reads an option it did not declare).
    public func number(_ option: CommandOption) throws(UsageError) -> Double? {
        guard let text = arguments.value(option.name) else { return nil }
        guard let format = option.number else { throw usageError("--\(option.name) does not take a number") }
        return try number(text, as: format, for: "--\(option.name)")
    }

    /// The value of the whole-numbered `option`, or nil when it was not given.
    /// - Throws: as `number(_:)`.
    public func wholeNumber(_ option: CommandOption) throws(UsageError) -> Int? {
        guard let value = try number(option) else { return nil }
        guard let whole = Int(exactly: value) else {
            throw usageError("--\(option.name) takes a whole number, not '\(arguments.value(option.name) ?? "")'")
        }
        return whole
    }
}
