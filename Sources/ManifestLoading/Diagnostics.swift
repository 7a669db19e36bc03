import SwitchboardModel

/// Every diagnostic the loader reports is built here and nowhere else (SwiftPM's `Diagnostics.swift` habit): code,
/// message, hint and notes, grouped by code; those of reading the set (files and YAML) are in
/// `Diagnostics+Reading.swift`. The place (line:column and field path) is the reporter's, which holds the node:
/// `report(.notE164(quoted), at: node.location, path: "spec.phoneNumber")`. `quoted` parameters are values already
/// quoted for a message (`DocumentDecoder.shown`), so a value substituted from the environment is never echoed.
extension Diagnostic {
    /// An error with `code`: the factories' shorthand, used in this file and `Diagnostics+Reading.swift` only.
    init(_ code: DiagnosticCode, _ message: String, hint: String? = nil, notes: [Diagnostic] = []) {
        self.init(code: code.rawValue, message: message, hint: hint, notes: notes)
    }

    /// This diagnostic placed at `location`, on the field `path`.
    func placed(at location: SourceLocation?, path: String?) -> Diagnostic {
        var placed = self
        placed.location = location
        placed.path = path
        return placed
    }

    static func note(_ code: DiagnosticCode, _ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.note, code: code.rawValue, message: message, location: location)
    }

    static let secretReferenceHint = "use {secretEnv: NAME} or {secretFile: path}"

    // MARK: - Envelope (manifest.api-version, manifest.kind, manifest.name, manifest.duplicate)

    static func unknownAPIVersion(_ quoted: String, expected: String) -> Diagnostic {
        Diagnostic(.manifestAPIVersion, "unknown apiVersion \(quoted)", hint: "use 'apiVersion: \(expected)'")
    }

    static func unknownKind(_ kind: String) -> Diagnostic {
        let hint = EditDistance.didYouMean(kind, among: Kind.allCases.map(\.rawValue)) ?? "kinds are \(kindList)"
        return Diagnostic(.manifestKind, "unknown kind '\(kind)'", hint: hint)
    }

    private static let kindList = Kind.allCases.map(\.rawValue).joined(separator: ", ")

    static func invalidName(_ quoted: String) -> Diagnostic {
        Diagnostic(
            .manifestName, "invalid name \(quoted)",
            hint: "use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 "
                + "characters")
    }

    /// `metadata` is there without a name (`inMetadata`), or missing altogether.
    static func missingName(inMetadata: Bool) -> Diagnostic {
        Diagnostic(.manifestName, "missing metadata.name", hint: inMetadata ? nil : "add 'metadata: {name: ...}'")
    }

    static func invalidPlatformName(_ name: String) -> Diagnostic {
        Diagnostic(
            .manifestName, "platform name '\(name)' is not a valid name", hint: "use lowercase letters, digits and '-'")
    }

    static func secondProject(_ name: String, first: String, firstAt: SourceLocation) -> Diagnostic {
        Diagnostic(
            .manifestDuplicate, "a second Project '\(name)'; a manifest set has at most one Project",
            hint: "merge it into Project '\(first)'",
            notes: [note(.manifestDuplicate, "the first Project is here", at: firstAt)])
    }

    static func duplicateResource(_ address: Address, firstAt: SourceLocation) -> Diagnostic {
        let kind = address.kind.rawValue
        return Diagnostic(
            .manifestDuplicate, "duplicate \(kind) '\(address.name)'; names are unique per kind",
            hint: "rename one of them",
            notes: [note(.manifestDuplicate, "the first \(kind) '\(address.name)' is here", at: firstAt)])
    }

    // MARK: - Shape (manifest.missing-field, manifest.unknown-field, manifest.type)

    /// A required field is absent. Some rules report it under their own code (`integration.onboarding`).
    static func missingField(
        _ key: String, hint: String? = nil, code: DiagnosticCode = .manifestMissingField
    ) -> Diagnostic {
        Diagnostic(code, "missing required field '\(key)'", hint: hint)
    }

    static let missingKind = missingField("kind", hint: "one of: \(kindList)")

    static func missingAPIVersion(_ expected: String) -> Diagnostic {
        missingField("apiVersion", hint: "add 'apiVersion: \(expected)'")
    }

    static let emptySecretReference = Diagnostic(
        .manifestMissingField, "a secret reference needs 'secretEnv' or 'secretFile'")

    static let noLocalizations = Diagnostic(
        .manifestMissingField, "a whatsapp template needs at least one localization")

    static func ambiguousPlatform(project: String, type: PlatformType, candidates: [String]) -> Diagnostic {
        let list = candidates.joined(separator: ", ")
        return Diagnostic(
            .manifestMissingField,
            "missing required field 'platform': Project '\(project)' has several \(type.rawValue) platforms (\(list))",
            hint: "set spec.platform to one of " + list)
    }

    /// `elsewhere` explains a key that belongs to another variant; otherwise the nearest of `known` is suggested.
    static func unknownField(_ key: String, in what: String, known: [String], elsewhere: String?) -> Diagnostic {
        let hint = elsewhere ?? EditDistance.didYouMean(key, among: known)
            ?? "known fields: " + known.joined(separator: ", ")
        return Diagnostic(.manifestUnknownField, "unknown field '\(key)' in \(what)", hint: hint)
    }

    /// A value of the wrong shape: `'field' must be <expected>, not <found>`.
    static func wrongType(field: String, expected: String, found: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.manifestType, "'\(field)' must be \(expected), not \(found)", hint: hint)
    }

    /// A value outside its field's list of allowed values.
    static func notAllowed(_ value: String, key: String, allowed: [String]) -> Diagnostic {
        let list = "allowed values: " + allowed.joined(separator: ", ")
        let hint = EditDistance.didYouMean(value, among: allowed).map { "\($0) \(list)" } ?? list
        return Diagnostic(
            .manifestType, "'\(key)' must be one of \(allowed.joined(separator: ", ")), not '\(value)'", hint: hint)
    }

    static func documentNotMapping(found: String, apiVersion: String) -> Diagnostic {
        Diagnostic(
            .manifestType, "a manifest document must be a mapping, not \(found)",
            hint: "start the document with 'apiVersion: \(apiVersion)'")
    }

    static func nonStringKey(in what: String, found: String) -> Diagnostic {
        Diagnostic(.manifestType, "keys in \(what) must be strings, not \(found)")
    }

    static func nonStringLabelKey(found: String) -> Diagnostic {
        Diagnostic(.manifestType, "label keys must be strings, not \(found)")
    }

    static func nonLanguageKey(found: String) -> Diagnostic {
        Diagnostic(.manifestType, "localization keys must be language codes, not \(found)")
    }

    /// A secret written as a plain value; reported with `code` (`integration.onboarding` for onboarding secrets).
    static func plainSecret(field: String, code: DiagnosticCode) -> Diagnostic {
        Diagnostic(code, "'\(field)' is a secret and must not be written in the manifest", hint: secretReferenceHint)
    }

    static let ambiguousSecretReference = Diagnostic(
        .manifestType, "a secret reference takes one of 'secretEnv' and 'secretFile', not both")

    /// A platform credential that must be a secret reference, written as a plain value.
    static func plainPlatformSecret(_ key: String) -> Diagnostic {
        Diagnostic(
            .manifestType, "'\(key)' is a secret: give it as {secretEnv: NAME} or {secretFile: path}",
            hint: "never write the value itself into a manifest")
    }

    static let plainDatabaseURL = Diagnostic(
        .manifestType, "'url' holds a password and must not be written in the manifest",
        hint: "use {secretEnv: NAME}, {secretFile: path} or \"${env:NAME}\"")

    /// `names`: what else the platform's endpoint may be called (`live`).
    static func invalidEndpoint(_ quoted: String, type: PlatformType, names: [String]) -> Diagnostic {
        let allowed = (["sandbox"] + names).map { "'\($0)'" }.joined(separator: ", ")
        return Diagnostic(
            .manifestType, "endpoint of a \(type.rawValue) platform must be \(allowed) or an http(s) URL, not \(quoted)")
    }

    static let fromAddressWithDomain = Diagnostic(
        .manifestType, "'fromAddress' is the local part only, without '@'",
        hint: "mail is sent from fromAddress@domain")

    static func invalidDate(_ quoted: String, field: String) -> Diagnostic {
        Diagnostic(.manifestType, "'\(field)' must be a date written yyyy-MM-dd, not \(quoted)")
    }

    static func notMediaType(_ quoted: String) -> Diagnostic {
        Diagnostic(.manifestType, "\(quoted) is not a media type", hint: "write type/subtype or type/*, e.g. image/png")
    }

    // MARK: - References (ref.missing, ref.kind, graph.cycle)

    static func missingReference(_ kind: Kind, _ name: String, candidates: [String]) -> Diagnostic {
        Diagnostic(
            .refMissing, "no \(kind.rawValue) named '\(name)'", hint: EditDistance.didYouMean(name, among: candidates))
    }

    static func undefinedPlatform(_ name: String, project: String, platforms: [String]) -> Diagnostic {
        Diagnostic(
            .refMissing, "platform '\(name)' is not defined in Project '\(project)'",
            hint: EditDistance.didYouMean(name, among: platforms) ?? "platforms: " + platforms.joined(separator: ", "))
    }

    /// `what` describes the resource (`an Integration of type whatsapp`).
    static func noPlatform(project: String, type: PlatformType, for what: String) -> Diagnostic {
        Diagnostic(
            .refMissing, "project '\(project)' has no \(type.rawValue) platform for \(what)",
            hint: "add a platform of type \(type.rawValue) to the Project")
    }

    static func integrationNotForNumbers(_ name: String, type: IntegrationType) -> Diagnostic {
        Diagnostic(
            .refKind,
            "integration '\(name)' is of type \(type.rawValue); numbers are imported through twilio-sms or "
                + "twilio-whatsapp integrations",
            hint: "name a twilio-sms or twilio-whatsapp Integration")
    }

    /// `candidates` are the platforms of the type the resource needs, nil when there are none.
    static func platformTypeMismatch(
        _ name: String, is actual: PlatformType, for what: String, needs type: PlatformType, candidates: [String]?
    ) -> Diagnostic {
        Diagnostic(
            .refKind, "platform '\(name)' is \(actual.rawValue), but \(what) goes to a \(type.rawValue) platform",
            hint: candidates.map { "\(type.rawValue) platforms: " + $0.joined(separator: ", ") })
    }

    static func numberPlatformMismatch(_ name: String, integration: String, integrationPlatform: String) -> Diagnostic {
        Diagnostic(
            .refKind,
            "platform '\(name)' is not the platform of Integration '\(integration)' ('\(integrationPlatform)'); "
                + "a number goes where its integration is",
            hint: "remove spec.platform")
    }

    /// `listing` is the cycle's addresses joined by ` -> `, its first repeated at the end.
    static func cycle(_ listing: String) -> Diagnostic {
        Diagnostic(.graphCycle, "references form a cycle: \(listing)", hint: "remove one of the references")
    }

    // MARK: - Values (env.unset, secret.file)

    static func unsetVariable(_ name: String) -> Diagnostic {
        Diagnostic(
            .envUnset, "environment variable '\(name)' is not set", hint: "export \(name) before running switchboard")
    }

    /// A secret variable left unset where no secret value is needed (`validate`, `graph`, `state list/show`).
    static func unsetSecretVariable(_ name: String) -> Diagnostic {
        var d = Diagnostic(
            .envUnset, "environment variable '\(name)' is not set",
            hint: "plan and apply need it: export \(name) before running them")
        d.severity = .warning
        return d
    }

    /// A secret file missing where no secret value is needed (`validate`, `graph`, `state list/show`).
    static func missingSecretFileWarning(_ path: String) -> Diagnostic {
        var d = missingSecretFile(path)
        d.severity = .warning
        return d
    }

    static func missingSecretFile(_ path: String) -> Diagnostic {
        Diagnostic(
            .secretFile, "secret file '\(path)' does not exist",
            hint: "secretFile paths are relative to the directory of the manifest that names them")
    }

    // MARK: - Numbers (number.*)

    static func notE164(_ quoted: String) -> Diagnostic {
        Diagnostic(
            .numberE164, "\(quoted) is not an E.164 phone number",
            hint: "write '+', the country code and the number: 7 to 15 digits, the first not 0, e.g. \"+14155550123\"")
    }

    static let phoneNumberOnShortcode = Diagnostic(
        .numberShortcode, "a shortcode number has no 'phoneNumber'", hint: "give the short code in 'shortcode'")

    static func shortcodeLength(_ quoted: String, count: Int) -> Diagnostic {
        Diagnostic(.numberShortcode, "shortcode \(quoted) has \(count) characters; a short code has 5 or 6")
    }

    static let shortcodeOnOtherType = Diagnostic(
        .numberShortcode, "only shortcode numbers take 'shortcode'",
        hint: "set 'type: shortcode' or remove 'shortcode'")

    /// `owners` are the countries the number's calling code belongs to.
    static func countryMismatch(phone: String, country: String, owners: [String]) -> Diagnostic {
        Diagnostic(
            .numberCountry, "phone number \(phone) does not belong to country \(country)",
            hint: owners.isEmpty
                ? "no country uses this calling code"
                : "the number's calling code belongs to " + owners.joined(separator: ", "))
    }

    static func unknownCountry(_ quoted: String) -> Diagnostic {
        Diagnostic(
            .numberCountry, "unknown country \(quoted)", hint: "use an ISO 3166-1 alpha-2 code in capitals, e.g. US")
    }

    static let complianceMissing = Diagnostic(
        .numberCompliance, "a shortcode number needs 'compliance' with help, optOut and optIn",
        hint: "each part has keywords and a message")

    static func compliancePartMissing(_ part: String) -> Diagnostic {
        Diagnostic(
            .numberCompliance, "compliance has no '\(part)' part",
            hint: "add \(part): {keywords: [...], message: \"...\"}")
    }

    static let emptyKeywords = Diagnostic(.numberCompliance, "'keywords' must list at least one non-empty keyword")

    static let emptyComplianceMessage = Diagnostic(.numberCompliance, "'message' must not be empty")

    static func whatsAppNumberOnSMS(integration: String) -> Diagnostic {
        Diagnostic(
            .numberIntegrationType,
            "a whatsapp number cannot be imported through twilio-sms integration '\(integration)'",
            hint: "use a twilio-whatsapp integration, or a local, mobile, tollfree or shortcode type")
    }

    static func smsNumberOnWhatsApp(_ type: NumberType?, integration: String) -> Diagnostic {
        Diagnostic(
            .numberIntegrationType,
            "a \(type?.rawValue ?? "") number cannot be imported through twilio-whatsapp integration '\(integration)'",
            hint: "use 'type: whatsapp', or a twilio-sms integration")
    }

    // MARK: - Integrations (integration.*)

    static func invalidAccountSid(_ quoted: String) -> Diagnostic {
        Diagnostic(
            .integrationAccountSid, "\(quoted) is not a Twilio account SID",
            hint: "an account SID is 'AC' followed by 32 hex digits (see the Twilio console)")
    }

    /// An unknown region of `vendor` (one of `regions`), as an integration's `region` or a platform's `endpoint`.
    static func unknownRegion(
        _ region: String, quoted: String, of vendor: String, among regions: [String], asEndpoint: Bool
    ) -> Diagnostic {
        let fallback = asEndpoint
            ? "use 'sandbox', a \(vendor) region (\(regions.prefix(2).joined(separator: ", ")) ...) or an http(s) URL"
            : "\(vendor) regions: " + regions.joined(separator: ", ")
        return Diagnostic(
            .integrationRegion, "unknown \(vendor) region \(quoted)",
            hint: EditDistance.didYouMean(region, among: regions) ?? fallback)
    }

    /// A twilio-sms integration in a Genesys Cloud region for which the vendor publishes no BYO SMS webhook: its
    /// Twilio numbers would have nowhere to send inbound messages (Switchboard never invents a URL).
    static func regionWithoutSMSWebhook(_ region: String, quoted: String) -> Diagnostic {
        let published = GenesysRegion.byoSMSWebhooks.keys.sorted().joined(separator: ", ")
        return Diagnostic(
            .integrationRegion,
            "region \(quoted) has no BYO SMS (Twilio) webhook published by Genesys Cloud, so a twilio-sms integration "
                + "cannot be set up there",
            hint: "BYO Twilio SMS is available in: \(published)")
    }

    static func certificateExpired(issued: String) -> Diagnostic {
        Diagnostic(
            .integrationCertificateExpired,
            "the certificate was issued on \(issued) and lapsed 7 days (168 hours) later",
            hint: "request a new certificate and update certificate and certificateIssued, or switch to embedded "
                + "signup")
    }

    static let onboardingMixed = Diagnostic(
        .integrationOnboarding, "onboarding mixes the embedded signup and certificate forms",
        hint: "keep embeddedSignupToken and pin (the current flow), or certificate alone")

    static let onboardingEmpty = Diagnostic(
        .integrationOnboarding, "onboarding has neither form", hint: "give embeddedSignupToken and pin, or certificate")

    // MARK: - Templates (template.*, email.limits)

    /// Neither a WhatsApp template language nor a BCP-47 tag; `en_us`-like codes get their hyphen form suggested.
    static func invalidTemplateLanguage(_ code: String, quoted: String) -> Diagnostic {
        // Meta's own code first (`en_us` -> `en_US`, `ja_JP` -> `ja`): a BCP-47 tag is one Meta would refuse.
        let hint = Locales.nearestWhatsAppLocale(code).map { "did you mean '\($0)'? (Meta's code)" }
            ?? "use a WhatsApp language code (en_US, pt_BR, ja ...) or a BCP-47 tag (en-US)"
        return Diagnostic(.templateLanguage, "\(quoted) is not a WhatsApp or BCP-47 language code", hint: hint)
    }

    static func defaultLanguageWithoutLocalization(
        _ language: String, quoted: String, languages: [String]
    ) -> Diagnostic {
        Diagnostic(
            .templateLanguage, "defaultLanguage \(quoted) has no localization",
            hint: EditDistance.didYouMean(language, among: languages)
                ?? "add a '\(language)' entry under localizations")
    }

    static func invalidBCP47(_ tag: String, quoted: String) -> Diagnostic {
        let fixed = tag.replacingOccurrencesOfUnderscore()
        return Diagnostic(
            .templateLanguage, "\(quoted) is not a BCP-47 language tag",
            hint: Locales.isValidBCP47(fixed) ? "did you mean '\(fixed)'?" : "write e.g. en-US")
    }

    /// The placeholders of one localization are not numbered 1...n; `gap` is the first number missing, if any.
    static func placeholderGap(language: String, placeholders: [Int], gap: Int?) -> Diagnostic {
        let problem = gap.map { "skips {{\($0)}}" } ?? "does not start at {{1}}"
        return Diagnostic(
            .templatePlaceholders, "the '\(language)' text uses \(render(placeholders)) but \(problem)",
            hint: "number placeholders {{1}}, {{2}} ... without gaps")
    }

    static func placeholderMismatch(
        language: String, placeholders: [Int], reference: String, referencePlaceholders: [Int]
    ) -> Diagnostic {
        Diagnostic(
            .templatePlaceholders,
            "the '\(language)' text uses \(render(placeholders)), but '\(reference)' uses "
                + render(referencePlaceholders),
            hint: "every localization of a template must use the same placeholders")
    }

    private static func render(_ placeholders: [Int]) -> String {
        placeholders.isEmpty ? "no placeholders" : placeholders.map { "{{\($0)}}" }.joined(separator: ", ")
    }

    /// `fromAddress` longer than the 64 bytes a local part may have.
    static func localPartTooLong(_ bytes: Int) -> Diagnostic {
        Diagnostic(.emailLimits, "'fromAddress' is \(bytes) characters; the local part of an address is at most 64")
    }

    static func displayNameTooLong(_ characters: Int) -> Diagnostic {
        Diagnostic(.emailLimits, "'displayName' is \(characters) characters; at most 64 are allowed")
    }

    static func emailRate(_ rate: Int) -> Diagnostic {
        Diagnostic(
            .emailLimits, "'rateLimitPerMinute' must be 600, 1200 or 3000, not \(rate)",
            hint: "600 is the default; 1200 and 3000 are available by arrangement with Genesys")
    }

    static func subjectTooLong(_ characters: Int, limit: Int) -> Diagnostic {
        Diagnostic(.emailLimits, "the subject is \(characters) characters; at most \(limit) are allowed")
    }

    static func bodyTooLarge(_ bytes: Int, limit: Int) -> Diagnostic {
        Diagnostic(.emailLimits, "the body is \(bytes) bytes; at most 3 MB (\(limit) bytes) are allowed")
    }

    // MARK: - Workstreams (workstream.channel)

    static func workstreamNumberChannel(_ name: String, type: NumberType, routes channel: Channel) -> Diagnostic {
        Diagnostic(
            .workstreamChannel,
            "number '\(name)' is a \(type.rawValue) number, but this workstream routes \(channel.rawValue)",
            hint: channel == .whatsapp ? "a whatsapp workstream takes numbers of type whatsapp" : nil)
    }

    static func workstreamTemplateChannel(
        _ name: String, channel templateChannel: TemplateChannel, routes channel: Channel
    ) -> Diagnostic {
        Diagnostic(
            .workstreamChannel,
            "template '\(name)' is a \(templateChannel.rawValue) template, but this workstream routes "
                + channel.rawValue,
            hint: "a \(channel.rawValue) workstream takes templates of channel \(channel.rawValue)")
    }
}
