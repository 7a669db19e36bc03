/// The country a phone number belongs to when the manifest does not say (DESIGN.md 3.3, `number.country`): the
/// country of the longest calling-code prefix that matches, and for a code several countries share, the country its
/// numbering plan gives the number's prefix.
extension CallingCodes {
    /// Canadian area codes of the North American Numbering Plan (NANPA's area code list, geographic codes in
    /// service or assigned for relief in Canada; `600` and `622` are Canada's non-geographic codes).
    static let canadianAreaCodes: Set<String> = [
        "204", "226", "236", "249", "250", "257", "263", "289", "306", "343", "354", "365", "367", "368", "382",
        "387", "403", "416", "418", "428", "431", "437", "438", "450", "460", "468", "474", "506", "514", "519",
        "548", "579", "581", "584", "587", "600", "604", "613", "622", "639", "647", "672", "683", "705", "709",
        "742", "753", "778", "780", "782", "807", "819", "825", "867", "873", "879", "902", "905", "942",
    ]

    /// +44 geographic prefixes of the Crown Dependencies (Ofcom's national numbering plan: 01481 Guernsey, 01534
    /// Jersey, 01624 Isle of Man); every other +44 number is taken as GB (their mobile blocks are not listed here:
    /// give `country` for one).
    static let crownDependencyPrefixes: [(prefix: String, country: String)] = [
        ("441481", "GG"), ("441534", "JE"), ("441624", "IM"),
    ]

    /// The country of `e164`, or nil when its calling code is assigned to none, or shared by countries whose split
    /// this table does not know (then the manifest must say).
    public static func derivedCountry(forPhoneNumber e164: String) -> String? {
        let digits = e164.hasPrefix("+") ? String(e164.dropFirst()) : e164
        var best: [String] = []
        var length = 0
        for (country, codes) in byCountry {
            for code in codes where digits.hasPrefix(code) {
                if code.count > length {
                    best = [country]
                    length = code.count
                } else if code.count == length {
                    best.append(country)
                }
            }
        }
        if best.count == 1 { return best[0] }
        let set = Set(best)
        if set == ["CA", "US"] {
            return canadianAreaCodes.contains(String(digits.dropFirst().prefix(3))) ? "CA" : "US"
        }
        if set.contains("GB") && set.isSubset(of: ["GB", "GG", "IM", "JE"]) {
            return crownDependencyPrefixes.first { digits.hasPrefix($0.prefix) }?.country ?? "GB"
        }
        if set == ["KZ", "RU"] {
            return digits.hasPrefix("76") || digits.hasPrefix("77") ? "KZ" : "RU"
        }
        return nil
    }
}
