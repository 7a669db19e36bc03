/// Number ranges that national numbering plans reserve for machine-to-machine (M2M) use. WhatsApp does not support
/// M2M numbers (DESIGN.md 3.2): they receive neither the SMS nor the call that carries an activation code.
///
/// Each row names its source. The table is deliberately short: a range is listed only where the numbering plan
/// itself reserves it for M2M, never guessed from a carrier's practice.
public enum MachineToMachineRanges {
    /// One reserved range.
    public struct Range: Sendable, Hashable {
        /// ISO 3166-1 alpha-2 country.
        public var country: String
        /// The digits after `+` the range starts with (calling code included).
        public var prefix: String
        /// Where the reservation is published.
        public var source: String
    }

    /// The reserved ranges, longest prefix first.
    public static let ranges: [Range] = [
        Range(
            country: "NL", prefix: "3197",
            source: "Dutch numbering plan (Nummerplan), 097 numbers for machine-to-machine communication, ACM"),
        Range(
            country: "NO", prefix: "4758",
            source: "Norwegian numbering plan, 58 series (12-digit numbers) for M2M, Nkom"),
    ]

    /// The reserved range `e164` is in, if any.
    public static func range(of e164: String) -> Range? {
        let digits = e164.hasPrefix("+") ? e164.dropFirst() : Substring(e164)
        return ranges.first { digits.hasPrefix($0.prefix) }
    }
}
