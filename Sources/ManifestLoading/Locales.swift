/// Language-code validation for message templates.
///
/// Two vocabularies are accepted for template languages: the fixed set of codes Meta accepts for WhatsApp Business
/// message templates (underscore form, e.g. `en_US`), and syntactically valid BCP 47 language tags (hyphen form,
/// e.g. `en-US`) as used by other channels.
public enum Locales {
    /// Language codes accepted by Meta for WhatsApp Business (Cloud API) message templates.
    ///
    /// The codes are case-sensitive and use underscores, e.g. `en_US` and `pt_BR`; `en-US` and `en_us` are not
    /// members. It mirrors Meta's "Supported Languages" reference for Cloud API templates, which Meta extends from
    /// time to time.
    public static let whatsApp: Set<String> = [
        "af",  // Afrikaans
        "sq",  // Albanian
        "ar", "ar_EG", "ar_AE", "ar_LB", "ar_MA", "ar_QA",  // Arabic
        "az",  // Azerbaijani
        "be_BY",  // Belarusian
        "bn", "bn_IN",  // Bengali
        "bg",  // Bulgarian
        "ca",  // Catalan
        "zh_CN", "zh_HK", "zh_TW",  // Chinese
        "hr",  // Croatian
        "cs",  // Czech
        "da",  // Danish
        "prs_AF",  // Dari
        "nl", "nl_BE",  // Dutch
        "en", "en_GB", "en_US", "en_AE", "en_AU", "en_CA", "en_GH", "en_IE", "en_IN", "en_JM", "en_MY", "en_NZ",
        "en_QA", "en_SG", "en_UG", "en_ZA",  // English
        "et",  // Estonian
        "fil",  // Filipino
        "fi",  // Finnish
        "fr", "fr_BE", "fr_CA", "fr_CH", "fr_CI", "fr_MA",  // French
        "ka",  // Georgian
        "de", "de_AT", "de_CH",  // German
        "el",  // Greek
        "gu",  // Gujarati
        "ha",  // Hausa
        "he",  // Hebrew
        "hi",  // Hindi
        "hu",  // Hungarian
        "id",  // Indonesian
        "ga",  // Irish
        "it",  // Italian
        "ja",  // Japanese
        "kn",  // Kannada
        "kk",  // Kazakh
        "rw_RW",  // Kinyarwanda
        "ko",  // Korean
        "ky_KG",  // Kyrgyz (Kyrgyzstan)
        "lo",  // Lao
        "lv",  // Latvian
        "lt",  // Lithuanian
        "mk",  // Macedonian
        "ms",  // Malay
        "ml",  // Malayalam
        "mr",  // Marathi
        "nb",  // Norwegian
        "ps_AF",  // Pashto
        "fa",  // Persian
        "pl",  // Polish
        "pt_BR", "pt_PT",  // Portuguese
        "pa",  // Punjabi
        "ro",  // Romanian
        "ru",  // Russian
        "sr",  // Serbian
        "si_LK",  // Sinhala
        "sk",  // Slovak
        "sl",  // Slovenian
        "es", "es_AR", "es_CL", "es_CO", "es_CR", "es_DO", "es_EC", "es_ES", "es_HN", "es_MX", "es_PA", "es_PE",
        "es_UY",  // Spanish
        "sw",  // Swahili
        "sv",  // Swedish
        "ta",  // Tamil
        "te",  // Telugu
        "th",  // Thai
        "tr",  // Turkish
        "uk",  // Ukrainian
        "ur",  // Urdu
        "uz",  // Uzbek
        "vi",  // Vietnamese
        "zu",  // Zulu
    ]

    /// Whether `s` is exactly one of the WhatsApp template language codes in ``whatsApp`` (case-sensitive).
    public static func isValidWhatsAppLocale(_ s: String) -> Bool {
        whatsApp.contains(s)
    }

    /// A syntactic check of a BCP 47 (RFC 5646) language tag in canonical case.
    ///
    /// Accepted shape, subtags separated by `-` only (underscores are rejected):
    /// - language: 2–3 lowercase ASCII letters, optionally followed by up to three 3-letter lowercase extlang
    ///   subtags (e.g. `zh-yue`);
    /// - optional script: 4 ASCII letters in title case (e.g. `Hant`);
    /// - optional region: 2 uppercase ASCII letters (e.g. `US`) or 3 digits (e.g. `419`);
    /// - optional variants: 5–8 lowercase alphanumerics, or a digit followed by 3 lowercase alphanumerics
    ///   (e.g. `1996`, `valencia`), no variant repeated;
    /// - optional extensions: a singleton other than `x` followed by one or more 2–8 character lowercase
    ///   alphanumeric subtags (e.g. `u-ca-buddhist`), no singleton repeated;
    /// - optional private use: `x` followed by one or more 1–8 character lowercase alphanumeric subtags.
    ///
    /// A tag consisting only of a private-use sequence (`x-...`) is also accepted. Grandfathered tags are not.
    /// Subtags are checked against their canonical case (so `en-us` and `EN-US` are rejected) but not against the
    /// IANA subtag registry, so `qq-ZZ` passes. Examples of valid tags: `en`, `en-US`, `zh-Hant-TW`, `es-419`.
    public static func isValidBCP47(_ s: String) -> Bool {
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII }) else {
            return false
        }
        let subtags = s.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if subtags.contains(where: \.isEmpty) {
            return false
        }

        // A tag that is entirely private use.
        if subtags[0] == "x" {
            return isPrivateUseTail(subtags, from: 1)
        }

        guard var index = languageEnd(subtags) else {
            return false
        }
        if index < subtags.count, isScript(subtags[index]) {
            index += 1
        }
        if index < subtags.count, isRegion(subtags[index]) {
            index += 1
        }
        guard let afterVariants = variantsEnd(subtags, from: index),
            let afterExtensions = extensionsEnd(subtags, from: afterVariants)
        else {
            return false
        }
        index = afterExtensions

        // Private use.
        if index < subtags.count, subtags[index] == "x" {
            return isPrivateUseTail(subtags, from: index + 1)
        }

        return index == subtags.count
    }

    /// The WhatsApp template code Meta accepts that `code` most likely means: the same code in Meta's case
    /// (`en_us`, `en-US` -> `en_US`), else its language alone where Meta lists only that (`ja_JP` -> `ja`, `de_DE` ->
    /// `de`); nil when Meta lists neither.
    public static func nearestWhatsAppLocale(_ code: String) -> String? {
        let parts = code.replacingOccurrences(of: "-", with: "_").split(separator: "_", maxSplits: 1).map(String.init)
        guard let language = parts.first?.lowercased(), !language.isEmpty else { return nil }
        if parts.count == 2 {
            let exact = language + "_" + parts[1].uppercased()
            if whatsApp.contains(exact) { return exact }
        }
        return whatsApp.contains(language) ? language : nil
    }

    /// Whether `s` is acceptable as a template language: a WhatsApp template code or a valid BCP 47 tag.
    public static func isValidTemplateLanguage(_ s: String) -> Bool {
        isValidWhatsAppLocale(s) || isValidBCP47(s)
    }

    // MARK: - BCP 47 helpers

    /// The index after the language subtag and its extended language subtags (at most three); nil when the first
    /// subtag is not a language.
    private static func languageEnd(_ subtags: [String]) -> Int? {
        guard isLower(subtags[0]), (2...3).contains(subtags[0].count) else {
            return nil
        }
        var index = 1
        var extlangs = 0
        while index < subtags.count, extlangs < 3, subtags[index].count == 3, isLower(subtags[index]) {
            index += 1
            extlangs += 1
        }
        return index
    }

    /// The index after the variant subtags from `start`; nil when a variant repeats.
    private static func variantsEnd(_ subtags: [String], from start: Int) -> Int? {
        var index = start
        var variants: Set<String> = []
        while index < subtags.count, isVariant(subtags[index]) {
            guard variants.insert(subtags[index]).inserted else {
                return nil
            }
            index += 1
        }
        return index
    }

    /// The index after the extensions from `start` (a singleton other than `x`, then 2-8 character subtags); nil
    /// when a singleton repeats, is not alphanumeric or has no subtags.
    private static func extensionsEnd(_ subtags: [String], from start: Int) -> Int? {
        var index = start
        var singletons: Set<String> = []
        while index < subtags.count, subtags[index].count == 1, subtags[index] != "x" {
            let singleton = subtags[index]
            guard isLowerAlphanumeric(singleton), singletons.insert(singleton).inserted else {
                return nil
            }
            index += 1
            var extensionSubtags = 0
            while index < subtags.count, (2...8).contains(subtags[index].count), isLowerAlphanumeric(subtags[index]) {
                index += 1
                extensionSubtags += 1
            }
            guard extensionSubtags > 0 else {
                return nil
            }
        }
        return index
    }

    private static func isLower(_ s: String) -> Bool {
        s.allSatisfy { ("a"..."z").contains($0) }
    }

    private static func isUpper(_ s: String) -> Bool {
        s.allSatisfy { ("A"..."Z").contains($0) }
    }

    private static func isDigits(_ s: String) -> Bool {
        s.allSatisfy { ("0"..."9").contains($0) }
    }

    private static func isLowerAlphanumeric(_ s: String) -> Bool {
        s.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    /// Four letters, the first uppercase and the rest lowercase (e.g. `Latn`).
    private static func isScript(_ s: String) -> Bool {
        guard s.count == 4, let first = s.first else {
            return false
        }
        return isUpper(String(first)) && isLower(String(s.dropFirst()))
    }

    /// Two uppercase letters or three digits.
    private static func isRegion(_ s: String) -> Bool {
        (s.count == 2 && isUpper(s)) || (s.count == 3 && isDigits(s))
    }

    /// Five to eight lowercase alphanumerics, or a digit followed by three lowercase alphanumerics.
    private static func isVariant(_ s: String) -> Bool {
        guard isLowerAlphanumeric(s), let first = s.first else {
            return false
        }
        return (5...8).contains(s.count) || (s.count == 4 && ("0"..."9").contains(first))
    }

    /// Whether `subtags[start...]` is a non-empty run of 1–8 character lowercase alphanumeric subtags.
    private static func isPrivateUseTail(_ subtags: [String], from start: Int) -> Bool {
        guard start < subtags.count else {
            return false
        }
        return subtags[start...].allSatisfy { (1...8).contains($0.count) && isLowerAlphanumeric($0) }
    }
}
