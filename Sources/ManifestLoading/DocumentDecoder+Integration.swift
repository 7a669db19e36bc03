import SwitchboardModel

extension DocumentDecoder {
    static let integrationFields: [IntegrationType: [String]] = [
        .whatsapp: ["platform", "type", "phoneNumber", "onboarding", "contentProfile", "enabled"],
        .twilioSMS: ["platform", "type", "accountSid", "authToken", "region", "enabled"],
        .twilioWhatsApp: ["platform", "type", "accountSid", "authToken"],
        .agentlessEmail: ["platform", "type", "domain", "fromAddress", "displayName", "rateLimitPerMinute", "enabled"],
    ]

    static let allowedEmailRates = [600, 1200, 3000]

    /// Hints for fields that belong to another integration type, per type.
    static let integrationElsewhere: [IntegrationType: [String: String]] = {
        var out: [IntegrationType: [String: String]] = [:]
        let types = IntegrationType.allCases
        for type in types {
            let known = integrationFields[type] ?? []
            var hints: [String: String] = [:]
            for other in types where other != type {
                for k in integrationFields[other] ?? [] where !known.contains(k) && hints[k] == nil {
                    let owners = types.filter { integrationFields[$0]?.contains(k) == true }.map(\.rawValue)
                    hints[k] = "'\(k)' is a field of \(owners.joined(separator: " and ")) integrations, not of "
                        + type.rawValue
                }
            }
            out[type] = hints
        }
        return out
    }()

    static let allIntegrationFields = Array(Set(integrationFields.values.joined())).sorted()

    /// Integration: the fields depend on `spec.type`.
    mutating func decodeIntegration(_ node: YNode, into r: DecodedResource) -> ResourceSpec? {
        let types = IntegrationType.allCases
        let typeNode = node["type"]
        let type = typeNode.flatMap { $0.isString ? $0.scalar : nil }.flatMap(IntegrationType.init(rawValue:))
        let known = type.flatMap { Self.integrationFields[$0] } ?? Self.allIntegrationFields
        let elsewhere = type.flatMap { Self.integrationElsewhere[$0] } ?? [:]
        let what = type.map { "\($0.rawValue) Integration spec" } ?? "Integration spec"
        let f = fields(node, path: "spec", known: known, what: what, elsewhere: elsewhere)
        readPlatform(f, into: r)
        guard enumValue(f, "type", allowed: types.map(\.rawValue), required: true) != nil, let type else {
            return nil
        }
        r.integrationType = type
        let enabled = bool(f, "enabled") ?? true
        if !enabled { r.disabledAt = f["enabled"]?.location }
        let spec: IntegrationSpec?
        switch type {
        case .whatsapp: spec = whatsAppIntegration(f, enabled: enabled, into: r).map { .whatsapp($0) }
        case .twilioSMS: spec = twilioSMSIntegration(f, enabled: enabled).map { .twilioSMS($0) }
        case .twilioWhatsApp:
            let sid = accountSid(f)
            let token = secret(f, "authToken", required: true)
            guard let sid, let token else { return nil }
            spec = .twilioWhatsApp(TwilioWhatsAppIntegration(accountSid: sid, authToken: token))
        case .agentlessEmail: spec = agentlessEmailIntegration(f, enabled: enabled).map { .agentlessEmail($0) }
        }
        return spec.map { .integration($0) }
    }

    private mutating func whatsAppIntegration(
        _ f: Fields, enabled: Bool, into r: DecodedResource
    ) -> WhatsAppIntegration? {
        let phone = phoneNumber(f, required: true, whatsApp: true, into: r)
        let contentProfile = ref(
            f["contentProfile"], kind: .contentProfile, role: .contentProfile, path: f.child("contentProfile"), into: r)
        let onboarding: WhatsAppOnboarding?
        if let o = f["onboarding"] {
            onboarding = self.onboarding(o, path: f.child("onboarding"))
        } else {
            onboarding = nil
            missing(f, "onboarding", hint: "give embeddedSignupToken and pin (or the certificate form)",
                    code: .integrationOnboarding)
        }
        guard let phone, let onboarding else { return nil }
        return WhatsAppIntegration(
            phoneNumber: phone, onboarding: onboarding, contentProfile: contentProfile, enabled: enabled)
    }

    private mutating func twilioSMSIntegration(_ f: Fields, enabled: Bool) -> TwilioSMSIntegration? {
        let sid = accountSid(f)
        let token = secret(f, "authToken", required: true)
        var region: String?
        if let rn = f["region"], let text = string(rn, path: f.child("region")) {
            if GenesysRegion.domains[text] != nil {
                region = text
                if GenesysRegion.byoSMSWebhookURL(region: text) == nil {
                    report(.regionWithoutSMSWebhook(text, quoted: shown(rn, text)), at: rn.location, path: f.child("region"))
                }
            } else {
                report(
                    .unknownRegion(
                        text, quoted: shown(rn, text), of: "Genesys Cloud", among: GenesysRegion.allRegions,
                        asEndpoint: false),
                    at: rn.location, path: f.child("region"))
            }
        } else if f["region"] == nil {
            missing(f, "region", hint: "the Genesys Cloud region of the organization, e.g. us-east-1")
        }
        guard let sid, let token, let region else { return nil }
        return TwilioSMSIntegration(accountSid: sid, authToken: token, region: region, enabled: enabled)
    }

    private mutating func agentlessEmailIntegration(_ f: Fields, enabled: Bool) -> AgentlessEmailIntegration? {
        var domain = string(f, "domain", required: true)
        if let d = domain, let n = f["domain"], !Self.isDomainName(d) {
            report(.invalidEmailDomain(shown(n, d)), at: n.location, path: f.child("domain"))
            domain = nil
        }
        // Lengths are counted in characters (Unicode scalar values), as the vendors state them, never in bytes.
        var fromAddress = string(f, "fromAddress", required: true)
        if let a = fromAddress, let n = f["fromAddress"] {
            if a.contains("@") {
                report(.fromAddressWithDomain, at: n.location, path: f.child("fromAddress"))
                fromAddress = nil
            } else if a.unicodeScalars.count > 64 {
                report(.localPartTooLong(a.unicodeScalars.count), at: n.location, path: f.child("fromAddress"))
            }
        }
        let displayName = string(f, "displayName", required: true)
        if let d = displayName, let n = f["displayName"], d.unicodeScalars.count > 64 {
            report(.displayNameTooLong(d.unicodeScalars.count), at: n.location, path: f.child("displayName"))
        }
        var rate = 600
        if let n = f["rateLimitPerMinute"], let v = int(n, path: f.child("rateLimitPerMinute")) {
            rate = v
            if !Self.allowedEmailRates.contains(v) {
                report(.emailRate(v), at: n.location, path: f.child("rateLimitPerMinute"))
            }
        }
        guard let domain, let fromAddress, let displayName else { return nil }
        return AgentlessEmailIntegration(
            domain: domain, fromAddress: fromAddress, displayName: displayName, rateLimitPerMinute: rate,
            enabled: enabled)
    }

    /// A required E.164 `phoneNumber` whose calling code is assigned to a country; for WhatsApp (`whatsApp`), not a
    /// machine-to-machine number. Recorded in `r.sender` for the set rules.
    mutating func phoneNumber(_ f: Fields, required: Bool, whatsApp: Bool, into r: DecodedResource) -> String? {
        guard let n = f["phoneNumber"] else {
            if required { missing(f, "phoneNumber", hint: "an E.164 number such as \"+14155550123\"") }
            return nil
        }
        let path = f.child("phoneNumber")
        guard let s = text(n, path: path) else { return nil }
        guard E164.isValid(s) else {
            report(.notE164(shown(n, s)), at: n.location, path: path)
            return nil
        }
        guard !CallingCodes.countries(forPhoneNumber: s).isEmpty else {
            report(.unassignedCallingCode(shown(n, s)), at: n.location, path: path)
            return nil
        }
        if whatsApp, let range = MachineToMachineRanges.range(of: s) {
            report(.machineToMachine(shown(n, s), range: range), at: n.location, path: path)
            return nil
        }
        r.sender = (s, n.location, path)
        return s
    }

    /// A DNS name: at least two labels of ASCII letters, digits and hyphens (not first or last), each at most 63
    /// characters, 253 in all.
    static func isDomainName(_ d: String) -> Bool {
        let labels = d.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, d.utf8.count <= 253 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    private mutating func accountSid(_ f: Fields) -> String? {
        guard let s = string(f, "accountSid", required: true), let node = f["accountSid"] else { return nil }
        let b = Array(s.utf8)
        let hex = b.count == 34 && b[0] == 0x41 && b[1] == 0x43 && b[2...].allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46)
        }
        guard hex else {
            report(.invalidAccountSid(shown(node, s)), at: node.location, path: f.child("accountSid"))
            return nil
        }
        return s
    }

    /// The two WhatsApp onboarding forms; exactly one.
    private mutating func onboarding(_ node: YNode, path: String) -> WhatsAppOnboarding? {
        let embeddedKeys = ["embeddedSignupToken", "pin"]
        let certificateKeys = ["certificate", "certificateIssued", "verification"]
        guard let f = mapping(node, path: path, known: embeddedKeys + certificateKeys, what: "onboarding") else {
            return nil
        }
        let embedded = embeddedKeys.contains { f[$0] != nil }
        let certificate = certificateKeys.contains { f[$0] != nil }
        switch (embedded, certificate) {
        case (true, true):
            report(.onboardingMixed, at: node.location, path: path)
            return nil
        case (false, false):
            report(.onboardingEmpty, at: node.location, path: path)
            return nil
        case (true, false):
            let token = onboardingSecret(f, "embeddedSignupToken")
            let pin = onboardingSecret(f, "pin")
            guard let token, let pin else { return nil }
            return .embeddedSignup(token: token, pin: pin)
        case (false, true):
            let cert = onboardingSecret(f, "certificate")
            var issued: String?
            if let n = f["certificateIssued"], let s = text(n, path: f.child("certificateIssued")) {
                if let day = Self.dayNumber(s) {
                    issued = s
                    // The certificate lapses exactly 168 hours after midnight UTC of its issue day (DESIGN.md 5.2):
                    // from that day's midnight, seven days on, it has lapsed.
                    if let today, today - day >= 7 {
                        report(.certificateExpired(issued: s), at: n.location, path: f.child("certificateIssued"))
                    }
                } else {
                    report(
                        .invalidDate(shown(n, s), field: "certificateIssued"),
                        at: n.location, path: f.child("certificateIssued"))
                    return nil
                }
            }
            let verification = enumValue(f, "verification", allowed: ["sms", "voice"], required: false)
                .flatMap(VerificationMethod.init(rawValue:))
            if f["verification"] != nil && verification == nil { return nil }
            guard let cert else { return nil }
            return .certificate(certificate: cert, issued: issued, verification: verification ?? .sms)
        }
    }

    private mutating func onboardingSecret(_ f: Fields, _ key: String) -> SecretRef? {
        guard f[key] != nil else {
            missing(f, key, hint: Diagnostic.secretReferenceHint, code: .integrationOnboarding)
            return nil
        }
        return secret(f, key, required: true, plainCode: .integrationOnboarding)
    }
}
