import SwitchboardModel
import Testing

@testable import ManifestLoading

/// Tests for the static data tables: calling codes, template locales and Genesys regions.
@Suite struct DataTablesTests {
    // MARK: - Calling codes

    /// Numbers paired with countries that must match them.
    static let expectedMatches: [(String, String)] = [
        ("+14155550123", "US"),
        ("+14155550123", "CA"),
        ("+447700900123", "GB"),
        ("+447700900123", "GG"),
        ("+447700900123", "IM"),
        ("+447700900123", "JE"),
        ("+79161234567", "RU"),
        ("+79161234567", "KZ"),
        ("+18765551234", "JM"),
        ("+16585551234", "JM"),
        ("+18765551234", "US"),
        ("+12425550000", "BS"),
        ("+17875550000", "PR"),
        ("+19395550000", "PR"),
        ("+18295550000", "DO"),
        ("+4915112345678", "DE"),
        ("+436641234567", "AT"),
        ("+393123456789", "IT"),
        ("+393123456789", "VA"),
        ("+37912345", "VA"),
        ("+4791234567", "NO"),
        ("+4791234567", "SJ"),
        ("+61412345678", "AU"),
        ("+61412345678", "CX"),
        ("+61412345678", "CC"),
        ("+590690123456", "GP"),
        ("+590690123456", "BL"),
        ("+590690123456", "MF"),
        ("+262692123456", "RE"),
        ("+262692123456", "YT"),
        ("+59995123456", "CW"),
        ("+5997123456", "BQ"),
        ("+358181234567", "AX"),
        ("+358181234567", "FI"),
        ("+212612345678", "MA"),
        ("+212612345678", "EH"),
        ("+29022345", "SH"),
        ("+6723123456", "NF"),
        ("+17215550000", "SX"),
        ("+16715550000", "GU"),
        ("+13405550000", "VI"),
        ("+16845550000", "AS"),
        ("+16705550000", "MP"),
    ]

    /// Numbers paired with countries that must not match them.
    static let expectedNonMatches: [(String, String)] = [
        ("+14155550123", "GB"),
        ("+14155550123", "JM"),
        ("+14155550123", "BS"),
        ("+14155550123", "PR"),
        ("+4915112345678", "AT"),
        ("+447700900123", "US"),
        ("+358401234567", "AX"),
        ("+59971234567", "CW"),
        ("+79161234567", "UA"),
        ("+14155550123", "ZZ"),
        ("+14155550123", ""),
        ("not-a-number", "US"),
        ("+", "US"),
    ]

    @Test(arguments: expectedMatches)
    func numberMatchesCountry(number: String, country: String) {
        #expect(CallingCodes.matches(phoneNumber: number, country: country))
        #expect(CallingCodes.countries(forPhoneNumber: number).contains(country))
    }

    @Test(arguments: expectedNonMatches)
    func numberDoesNotMatchCountry(number: String, country: String) {
        #expect(!CallingCodes.matches(phoneNumber: number, country: country))
        #expect(!CallingCodes.countries(forPhoneNumber: number).contains(country))
    }

    @Test func countryComparisonIsCaseInsensitive() {
        #expect(CallingCodes.matches(phoneNumber: "+14155550123", country: "us"))
        #expect(CallingCodes.isKnownCountry("gb"))
    }

    @Test func exactCountrySetsForSharedCodes() {
        #expect(CallingCodes.countries(forPhoneNumber: "+14155550123") == ["CA", "US"])
        #expect(CallingCodes.countries(forPhoneNumber: "+18765551234") == ["CA", "JM", "US"])
        #expect(CallingCodes.countries(forPhoneNumber: "+447700900123") == ["GB", "GG", "IM", "JE"])
        #expect(CallingCodes.countries(forPhoneNumber: "+79161234567") == ["KZ", "RU"])
        #expect(CallingCodes.countries(forPhoneNumber: "+4915112345678") == ["DE"])
        #expect(CallingCodes.countries(forPhoneNumber: "") == [])
    }

    @Test func everyCountryCodeIsTwoUppercaseLetters() {
        for code in CallingCodes.byCountry.keys {
            #expect(code.count == 2 && code.allSatisfy { ("A"..."Z").contains($0) }, "bad country code \(code)")
        }
    }

    @Test func everyCallingCodeIsNonEmptyDigits() {
        for (country, codes) in CallingCodes.byCountry {
            #expect(!codes.isEmpty, "\(country) has no calling codes")
            for code in codes {
                #expect(!code.isEmpty && code.allSatisfy { ("0"..."9").contains($0) }, "\(country): bad code \(code)")
                #expect(!code.hasPrefix("0"), "\(country): code \(code) starts with 0")
            }
        }
    }

    @Test func tableCoversTheIsoList() {
        #expect(CallingCodes.byCountry.count >= 240)
        for code in ["US", "CA", "GB", "GG", "IM", "JE", "AX", "GU", "PR", "VI", "AS", "MP", "SX", "CW", "BQ", "UM"] {
            #expect(CallingCodes.isKnownCountry(code), "\(code) missing")
        }
        #expect(!CallingCodes.isKnownCountry("ZZ"))
        #expect(!CallingCodes.isKnownCountry(""))
        #expect(!CallingCodes.isKnownCountry("USA"))
    }

    @Test func onlyUSAndCACarryTheBareNANPCode() {
        let bareOne = CallingCodes.byCountry.filter { $0.value.contains("1") }.map(\.key).sorted()
        #expect(bareOne == ["CA", "US"])
        for (country, codes) in CallingCodes.byCountry where codes.contains(where: { $0.hasPrefix("1") }) {
            guard country != "US", country != "CA" else { continue }
            #expect(codes.allSatisfy { $0.count == 4 }, "\(country) NANP codes must be 1 + area code")
        }
    }

    // MARK: - Locales

    @Test(arguments: ["en", "en_US", "en_GB", "pt_BR", "pt_PT", "zh_CN", "zh_HK", "zh_TW", "es_MX", "fil", "rw_RW"])
    func validWhatsAppLocales(code: String) {
        #expect(Locales.isValidWhatsAppLocale(code))
        #expect(Locales.isValidTemplateLanguage(code))
    }

    @Test(arguments: ["english", "en_us", "en-US", "EN_US", "pt", "zh", "", "en_US_x"])
    func invalidWhatsAppLocales(code: String) {
        #expect(!Locales.isValidWhatsAppLocale(code))
    }

    @Test(arguments: [
        "en", "en-US", "zh-Hant-TW", "es-419", "fil", "sr-Latn", "de-CH-1996", "ca-ES-valencia", "zh-yue-HK",
        "en-US-u-ca-gregory", "en-x-custom", "x-private", "haw",
    ])
    func validBCP47(tag: String) {
        #expect(Locales.isValidBCP47(tag))
        #expect(Locales.isValidTemplateLanguage(tag))
    }

    @Test(arguments: [
        "", "en_US", "en_US_x", "english", "e", "en-", "-en", "en--US", "en-us", "EN-US", "zh-hant-TW", "en-USA",
        "es-41", "en-US-u", "en-x", "en-a-foo-a-bar", "de-CH-1996-1996", "en US", "ën",
    ])
    func invalidBCP47(tag: String) {
        #expect(!Locales.isValidBCP47(tag))
    }

    @Test func templateLanguageAcceptsEitherForm() {
        #expect(Locales.isValidTemplateLanguage("en_US"))
        #expect(Locales.isValidTemplateLanguage("en-US"))
        #expect(!Locales.isValidTemplateLanguage("en_us"))
        #expect(!Locales.isValidTemplateLanguage("en_US_x"))
        #expect(!Locales.isValidTemplateLanguage("english"))
    }

    // MARK: - Genesys regions

    @Test(arguments: [
        ("us-east-1", "mypurecloud.com"),
        ("us-east-2", "use2.us-gov-pure.cloud"),
        ("eu-west-1", "mypurecloud.ie"),
        ("eu-central-1", "mypurecloud.de"),
        ("ap-southeast-2", "mypurecloud.com.au"),
        ("ap-northeast-1", "mypurecloud.jp"),
        ("eusc-de-east-1", "edee1.eusc-pure.cloud"),
        ("mx-central-1", "mxc1.pure.cloud"),
    ])
    func regionURLs(region: String, domain: String) {
        #expect(GenesysRegion.domains[region] == domain)
        #expect(GenesysRegion.apiBaseURL(region: region) == "https://api.\(domain)")
        #expect(GenesysRegion.loginBaseURL(region: region) == "https://login.\(domain)")
        // The BYO SMS webhook is the vendor's published URL on the region's byosms host, never one made up.
        if let webhook = GenesysRegion.byoSMSWebhookURL(region: region) {
            #expect(webhook.hasPrefix("https://byosms.\(domain)/vendors/v1/twilio/") && webhook.hasSuffix("/mo"))
        }
    }

    /// The regions for which Genesys Cloud publishes no BYO SMS webhook (reference/genesys-cloud.md) have none here,
    /// and docs/manifests.md lists every published one.
    @Test func byoSMSWebhooksAreExactlyThePublishedOnes() throws {
        let missing = GenesysRegion.allRegions.filter { GenesysRegion.byoSMSWebhookURL(region: $0) == nil }
        #expect(missing == ["ap-southeast-1", "eusc-de-east-1", "mx-central-1"])
        let manual = try String(contentsOfFile: ExamplesTests.packageRoot + "/docs/manifests.md", encoding: .utf8)
        for (region, url) in GenesysRegion.byoSMSWebhooks {
            #expect(manual.contains("| \(region) | `\(url)` |"), "docs/manifests.md lacks the webhook of \(region)")
        }
    }

    @Test func unknownRegionHasNoURLs() {
        #expect(GenesysRegion.apiBaseURL(region: "mars-north-1") == nil)
        #expect(GenesysRegion.loginBaseURL(region: "mars-north-1") == nil)
        #expect(GenesysRegion.byoSMSWebhookURL(region: "mars-north-1") == nil)
    }

    @Test func allRegionsIsSortedAndComplete() {
        #expect(GenesysRegion.allRegions.count == 18)
        #expect(GenesysRegion.allRegions == GenesysRegion.allRegions.sorted())
        #expect(Set(GenesysRegion.allRegions) == Set(GenesysRegion.domains.keys))
    }
}
