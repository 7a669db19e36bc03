import SwitchboardModel

/// The diagnostics of the rules added with issue 17 (DESIGN.md 3.3): numbers used twice, machine-to-machine numbers,
/// numbers on a disabled integration, workstreams sharing a number or missing a language, e-mail domains. One factory
/// per rule, as in `Diagnostics.swift`.
extension Diagnostic {
    /// `+999...`: E.164-shaped, but the calling code is assigned to no country.
    static func unassignedCallingCode(_ quoted: String) -> Diagnostic {
        Diagnostic(
            .numberE164, "\(quoted) starts with a calling code that is assigned to no country",
            hint: "check the country code: +1 (US, CA ...), +44 (GB), +49 (DE) ...")
    }

    /// A phone number whose calling code several countries share, without `country`.
    static func countryNeeded(phone: String, owners: [String]) -> Diagnostic {
        Diagnostic(
            .numberCountry, "the calling code of \(phone) is shared by \(owners.joined(separator: ", ")); say which",
            hint: "add 'country:' with the ISO 3166-1 alpha-2 code, e.g. country: \(owners.first ?? "US")")
    }

    /// A short code with something other than digits.
    static func shortcodeNotDigits(_ quoted: String) -> Diagnostic {
        Diagnostic(.numberShortcode, "shortcode \(quoted) is not made of digits; a short code is 5 or 6 digits")
    }

    /// A WhatsApp integration's number in a range reserved for machine-to-machine use.
    static func machineToMachine(_ quoted: String, range: MachineToMachineRanges.Range) -> Diagnostic {
        Diagnostic(
            .numberM2M,
            "\(quoted) is a machine-to-machine number (\(range.country) +\(range.prefix)...), which WhatsApp does not "
                + "support",
            hint: "use a number that can receive an SMS or a call (\(range.source))")
    }

    /// One phone number or short code used twice where the platform takes it once; reported at both places.
    static func numberInUse(_ number: String, other: String, otherAt: SourceLocation) -> Diagnostic {
        Diagnostic(
            .numberInUse, "'\(number)' is also used by \(other)",
            hint: "a number can be one WhatsApp integration's or one Number's, once per platform",
            notes: [note(.numberInUse, "\(other) uses '\(number)' here", at: otherAt)])
    }

    /// A Number routed by two workstreams.
    static func numberShared(_ number: String, other: String, otherAt: SourceLocation) -> Diagnostic {
        Diagnostic(
            .workstreamNumberShared, "number '\(number)' is also in workstream '\(other)'",
            hint: "Dynamics 365 ties each WhatsApp number to one workstream; remove it from one of them",
            notes: [note(.workstreamNumberShared, "workstream '\(other)' lists it here", at: otherAt)])
    }

    /// A Number on a twilio-sms integration that is `enabled: false`. A warning: validation reads no state, so it
    /// cannot tell a Number still to import (which the platform refuses) from one imported before the integration
    /// was disabled (which disabling keeps, disabled: `destructive.twilio-sms-disable`).
    static func numberOnDisabledIntegration(_ integration: String) -> Diagnostic {
        var d = Diagnostic(
            .integrationDisabledNumbers,
            "integration '\(integration)' is 'enabled: false': Genesys Cloud imports no number through a disabled "
                + "integration, so this Number cannot be imported until it is enabled",
            hint: "enable the integration, or remove the Numbers not imported yet")
        d.severity = .warning
        return d
    }

    /// A workstream language without a localization in one of its templates.
    static func workstreamLanguage(_ language: String, template: String, languages: [String]) -> Diagnostic {
        Diagnostic(
            .workstreamLanguage,
            "template '\(template)' has no localization for the workstream's language '\(language)'",
            hint: "add a '\(language.replacingOccurrences(of: "-", with: "_"))' localization to '\(template)' "
                + "(it has \(languages.sorted().joined(separator: ", ")))")
    }

    /// An agentless e-mail domain that is not a DNS name.
    static func invalidEmailDomain(_ quoted: String) -> Diagnostic {
        Diagnostic(
            .emailDomain, "\(quoted) is not a valid domain name",
            hint: "labels of letters, digits and hyphens (not at either end), at least two, e.g. notify.example.com")
    }
}
