/// Windows locale identifiers (LCIDs), which Dynamics 365 uses for languages (`msdyn_oclanguage.msdyn_localeid`,
/// `msdyn_oclocalizationdata.msdyn_languagecode`), for the languages its Omnichannel channels offer.
///
/// A language tag matches in either spelling (`en_US`, `en-US`); a bare language (`de`, Meta's code) takes the
/// first locale of that language in the table, the one Dynamics offers by default.
public enum LocaleIdentifiers {
    /// One language: its LCID, its BCP-47 tag and its English name.
    public struct Entry: Hashable, Sendable {
        public var lcid: Int
        public var tag: String
        public var name: String
    }

    /// Every language, the default locale of a language before its other locales.
    public static let all: [Entry] = [
        (1033, "en-US", "English"), (2057, "en-GB", "English (United Kingdom)"), (1025, "ar-SA", "Arabic"),
        (1069, "eu-ES", "Basque"), (1026, "bg-BG", "Bulgarian"), (1027, "ca-ES", "Catalan"),
        (2052, "zh-CN", "Chinese (Simplified)"), (3076, "zh-HK", "Chinese (Hong Kong)"),
        (1028, "zh-TW", "Chinese (Traditional)"), (1050, "hr-HR", "Croatian"), (1029, "cs-CZ", "Czech"),
        (1030, "da-DK", "Danish"), (1043, "nl-NL", "Dutch"), (1061, "et-EE", "Estonian"), (1035, "fi-FI", "Finnish"),
        (1036, "fr-FR", "French"), (3084, "fr-CA", "French (Canada)"), (1110, "gl-ES", "Galician"),
        (1031, "de-DE", "German"), (1032, "el-GR", "Greek"), (1037, "he-IL", "Hebrew"), (1081, "hi-IN", "Hindi"),
        (1038, "hu-HU", "Hungarian"), (1057, "id-ID", "Indonesian"), (1040, "it-IT", "Italian"),
        (1041, "ja-JP", "Japanese"), (1087, "kk-KZ", "Kazakh"), (1042, "ko-KR", "Korean"), (1062, "lv-LV", "Latvian"),
        (1063, "lt-LT", "Lithuanian"), (1086, "ms-MY", "Malay"), (1044, "nb-NO", "Norwegian (Bokmål)"),
        (1045, "pl-PL", "Polish"), (1046, "pt-BR", "Portuguese (Brazil)"), (2070, "pt-PT", "Portuguese (Portugal)"),
        (1048, "ro-RO", "Romanian"), (1049, "ru-RU", "Russian"), (2074, "sr-Latn-RS", "Serbian (Latin)"),
        (1051, "sk-SK", "Slovak"), (1060, "sl-SI", "Slovenian"), (3082, "es-ES", "Spanish"),
        (2058, "es-MX", "Spanish (Mexico)"), (1053, "sv-SE", "Swedish"), (1054, "th-TH", "Thai"),
        (1055, "tr-TR", "Turkish"), (1058, "uk-UA", "Ukrainian"), (1066, "vi-VN", "Vietnamese"),
    ].map { Entry(lcid: $0.0, tag: $0.1, name: $0.2) }

    /// The LCID of a language tag (`en_US`, `en-US`, `de`); nil for a language the table does not hold.
    public static func lcid(_ tag: String) -> Int? {
        let wanted = normalized(tag)
        if let exact = all.first(where: { normalized($0.tag) == wanted }) { return exact.lcid }
        guard !wanted.contains("-") else { return nil }
        return all.first { normalized($0.tag).hasPrefix(wanted + "-") }?.lcid
    }

    /// The entry of an LCID; nil for one the table does not hold.
    public static func entry(_ lcid: Int) -> Entry? { all.first { $0.lcid == lcid } }

    private static func normalized(_ tag: String) -> String {
        String(tag.lowercased().map { $0 == "_" ? "-" : $0 })
    }
}
