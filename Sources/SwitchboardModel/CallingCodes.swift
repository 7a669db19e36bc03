/// E.164 country calling codes keyed by ISO 3166-1 alpha-2 country code.
///
/// The table is used to check that a phone number declared in a manifest plausibly belongs to the country the
/// manifest says it belongs to. It is deliberately permissive: a country matches a number when any of its codes is a
/// prefix of the number's digits, so territories that share their parent's numbering plan (for example GG, IM and JE
/// on +44, or CX and CC on +61) match every number under the shared code.
///
/// Coverage:
/// - All 249 officially assigned ISO 3166-1 alpha-2 codes.
/// - Three extra codes that are *not* officially assigned but are in common use by messaging providers:
///   `XK` (Kosovo, user-assigned, +383), `AC` (Ascension Island, exceptionally reserved, +247) and
///   `TA` (Tristan da Cunha, exceptionally reserved, +290 8). Ascension and Tristan da Cunha are also covered by `SH`.
///
/// North American Numbering Plan (+1):
/// - `US` and `CA` carry the bare calling code `"1"`, so every +1 number (including numbers of other NANP members)
///   is accepted for US and CA by calling code alone; area codes are not checked for those two countries.
/// - Every other NANP member carries only its own `1` + area-code prefixes (e.g. JM is `"1876"` and `"1658"`), so
///   it does not match arbitrary +1 numbers. A Jamaican number therefore matches US, CA and JM.
/// - `UM` (U.S. Minor Outlying Islands: Midway, Wake) is given `"1808"`, the Hawaii area code those islands use.
public enum CallingCodes {
    /// Calling codes (digits only, without the leading `+`) for each ISO 3166-1 alpha-2 country code.
    ///
    /// Longer entries such as `"1876"`, `"35818"` or `"5999"` are the calling code followed by the national
    /// destination prefix that identifies the territory inside a shared numbering plan.
    public static let byCountry: [String: [String]] = [
        "AC": ["247"],  // Ascension Island (exceptionally reserved ISO code)
        "AD": ["376"],
        "AE": ["971"],
        "AF": ["93"],
        "AG": ["1268"],
        "AI": ["1264"],
        "AL": ["355"],
        "AM": ["374"],
        "AO": ["244"],
        "AQ": ["672"],
        "AR": ["54"],
        "AS": ["1684"],
        "AT": ["43"],
        "AU": ["61"],
        "AW": ["297"],
        "AX": ["35818"],
        "AZ": ["994"],
        "BA": ["387"],
        "BB": ["1246"],
        "BD": ["880"],
        "BE": ["32"],
        "BF": ["226"],
        "BG": ["359"],
        "BH": ["973"],
        "BI": ["257"],
        "BJ": ["229"],
        "BL": ["590"],
        "BM": ["1441"],
        "BN": ["673"],
        "BO": ["591"],
        "BQ": ["599"],
        "BR": ["55"],
        "BS": ["1242"],
        "BT": ["975"],
        "BV": ["47"],
        "BW": ["267"],
        "BY": ["375"],
        "BZ": ["501"],
        "CA": ["1"],
        "CC": ["61"],
        "CD": ["243"],
        "CF": ["236"],
        "CG": ["242"],
        "CH": ["41"],
        "CI": ["225"],
        "CK": ["682"],
        "CL": ["56"],
        "CM": ["237"],
        "CN": ["86"],
        "CO": ["57"],
        "CR": ["506"],
        "CU": ["53"],
        "CV": ["238"],
        "CW": ["5999"],
        "CX": ["61"],
        "CY": ["357"],
        "CZ": ["420"],
        "DE": ["49"],
        "DJ": ["253"],
        "DK": ["45"],
        "DM": ["1767"],
        "DO": ["1809", "1829", "1849"],
        "DZ": ["213"],
        "EC": ["593"],
        "EE": ["372"],
        "EG": ["20"],
        "EH": ["212"],
        "ER": ["291"],
        "ES": ["34"],
        "ET": ["251"],
        "FI": ["358"],
        "FJ": ["679"],
        "FK": ["500"],
        "FM": ["691"],
        "FO": ["298"],
        "FR": ["33"],
        "GA": ["241"],
        "GB": ["44"],
        "GD": ["1473"],
        "GE": ["995"],
        "GF": ["594"],
        "GG": ["44"],
        "GH": ["233"],
        "GI": ["350"],
        "GL": ["299"],
        "GM": ["220"],
        "GN": ["224"],
        "GP": ["590"],
        "GQ": ["240"],
        "GR": ["30"],
        "GS": ["500"],
        "GT": ["502"],
        "GU": ["1671"],
        "GW": ["245"],
        "GY": ["592"],
        "HK": ["852"],
        "HM": ["672"],
        "HN": ["504"],
        "HR": ["385"],
        "HT": ["509"],
        "HU": ["36"],
        "ID": ["62"],
        "IE": ["353"],
        "IL": ["972"],
        "IM": ["44"],
        "IN": ["91"],
        "IO": ["246"],
        "IQ": ["964"],
        "IR": ["98"],
        "IS": ["354"],
        "IT": ["39"],
        "JE": ["44"],
        "JM": ["1876", "1658"],
        "JO": ["962"],
        "JP": ["81"],
        "KE": ["254"],
        "KG": ["996"],
        "KH": ["855"],
        "KI": ["686"],
        "KM": ["269"],
        "KN": ["1869"],
        "KP": ["850"],
        "KR": ["82"],
        "KW": ["965"],
        "KY": ["1345"],
        "KZ": ["7"],
        "LA": ["856"],
        "LB": ["961"],
        "LC": ["1758"],
        "LI": ["423"],
        "LK": ["94"],
        "LR": ["231"],
        "LS": ["266"],
        "LT": ["370"],
        "LU": ["352"],
        "LV": ["371"],
        "LY": ["218"],
        "MA": ["212"],
        "MC": ["377"],
        "MD": ["373"],
        "ME": ["382"],
        "MF": ["590"],
        "MG": ["261"],
        "MH": ["692"],
        "MK": ["389"],
        "ML": ["223"],
        "MM": ["95"],
        "MN": ["976"],
        "MO": ["853"],
        "MP": ["1670"],
        "MQ": ["596"],
        "MR": ["222"],
        "MS": ["1664"],
        "MT": ["356"],
        "MU": ["230"],
        "MV": ["960"],
        "MW": ["265"],
        "MX": ["52"],
        "MY": ["60"],
        "MZ": ["258"],
        "NA": ["264"],
        "NC": ["687"],
        "NE": ["227"],
        "NF": ["672"],
        "NG": ["234"],
        "NI": ["505"],
        "NL": ["31"],
        "NO": ["47"],
        "NP": ["977"],
        "NR": ["674"],
        "NU": ["683"],
        "NZ": ["64"],
        "OM": ["968"],
        "PA": ["507"],
        "PE": ["51"],
        "PF": ["689"],
        "PG": ["675"],
        "PH": ["63"],
        "PK": ["92"],
        "PL": ["48"],
        "PM": ["508"],
        "PN": ["64"],
        "PR": ["1787", "1939"],
        "PS": ["970"],
        "PT": ["351"],
        "PW": ["680"],
        "PY": ["595"],
        "QA": ["974"],
        "RE": ["262"],
        "RO": ["40"],
        "RS": ["381"],
        "RU": ["7"],
        "RW": ["250"],
        "SA": ["966"],
        "SB": ["677"],
        "SC": ["248"],
        "SD": ["249"],
        "SE": ["46"],
        "SG": ["65"],
        "SH": ["290", "247"],  // Saint Helena (+290), Ascension (+247), Tristan da Cunha (+290 8)
        "SI": ["386"],
        "SJ": ["47"],
        "SK": ["421"],
        "SL": ["232"],
        "SM": ["378"],
        "SN": ["221"],
        "SO": ["252"],
        "SR": ["597"],
        "SS": ["211"],
        "ST": ["239"],
        "SV": ["503"],
        "SX": ["1721"],
        "SY": ["963"],
        "SZ": ["268"],
        "TA": ["2908"],  // Tristan da Cunha (exceptionally reserved ISO code)
        "TC": ["1649"],
        "TD": ["235"],
        "TF": ["262"],
        "TG": ["228"],
        "TH": ["66"],
        "TJ": ["992"],
        "TK": ["690"],
        "TL": ["670"],
        "TM": ["993"],
        "TN": ["216"],
        "TO": ["676"],
        "TR": ["90"],
        "TT": ["1868"],
        "TV": ["688"],
        "TW": ["886"],
        "TZ": ["255"],
        "UA": ["380"],
        "UG": ["256"],
        "UM": ["1808"],
        "US": ["1"],
        "UY": ["598"],
        "UZ": ["998"],
        "VA": ["39", "379"],
        "VC": ["1784"],
        "VE": ["58"],
        "VG": ["1284"],
        "VI": ["1340"],
        "VN": ["84"],
        "VU": ["678"],
        "WF": ["681"],
        "WS": ["685"],
        "XK": ["383"],  // Kosovo (user-assigned code, not officially assigned by ISO 3166-1)
        "YE": ["967"],
        "YT": ["262"],
        "ZA": ["27"],
        "ZM": ["260"],
        "ZW": ["263"],
    ]

    /// Returns the country codes whose calling code matches the given E.164 number, sorted ascending.
    ///
    /// A country matches when any of its codes in ``byCountry`` is a prefix of the number's digits. The number is
    /// expected to be already validated as `+` followed by digits; the leading `+` is optional here. Input that
    /// contains anything other than digits after the optional `+`, or no digits at all, yields an empty array.
    ///
    /// For example `"+14155550123"` yields `["CA", "US"]` and `"+18765551234"` yields `["CA", "JM", "US"]`.
    ///
    /// - Parameter e164: A phone number in E.164 form, e.g. `"+447700900123"`.
    /// - Returns: The matching ISO 3166-1 alpha-2 codes, sorted.
    public static func countries(forPhoneNumber e164: String) -> [String] {
        guard let digits = digitsOf(e164) else {
            return []
        }
        return byCountry
            .filter { _, codes in codes.contains { digits.hasPrefix($0) } }
            .map(\.key)
            .sorted()
    }

    /// Whether the phone number's calling code belongs to the given country.
    ///
    /// The country code is compared case-insensitively (it is uppercased before lookup). Unknown countries and
    /// malformed numbers return `false`.
    ///
    /// - Parameters:
    ///   - phoneNumber: A phone number in E.164 form, e.g. `"+4915112345678"`.
    ///   - country: An ISO 3166-1 alpha-2 code, e.g. `"DE"`.
    public static func matches(phoneNumber: String, country: String) -> Bool {
        guard let codes = byCountry[country.uppercased()], let digits = digitsOf(phoneNumber) else {
            return false
        }
        return codes.contains { digits.hasPrefix($0) }
    }

    /// Whether `code` is a country code present in ``byCountry``.
    ///
    /// Like ``matches(phoneNumber:country:)``, the code is uppercased before lookup, so `"us"` is known. Callers that
    /// require the canonical uppercase spelling must check that separately.
    public static func isKnownCountry(_ code: String) -> Bool {
        byCountry[code.uppercased()] != nil
    }

    /// The digits of an E.164 number without its optional leading `+`, or `nil` if anything else is present.
    private static func digitsOf(_ number: String) -> String? {
        let digits = number.hasPrefix("+") ? String(number.dropFirst()) : number
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        return digits
    }
}
