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
        switch type {
        case .whatsapp:
            let phone = phoneNumber(f, required: true)
            let contentProfile = ref(
                f["contentProfile"], kind: .contentProfile, role: .contentProfile, path: f.child("contentProfile"),
                into: r)
            let onboarding: WhatsAppOnboarding?
            if let o = f["onboarding"] {
                onboarding = self.onboarding(o, path: f.child("onboarding"))
            } else {
                onboarding = nil
                missing(f, "onboarding", hint: "give embeddedSignupToken and pin (or the certificate form)",
                        code: "integration.onboarding")
            }
            guard let phone, let onboarding else { return nil }
            return .integration(.whatsapp(WhatsAppIntegration(
                phoneNumber: phone, onboarding: onboarding, contentProfile: contentProfile, enabled: enabled)))
        case .twilioSMS:
            let sid = accountSid(f)
            let token = secret(f, "authToken", required: true)
            var region: String?
            if let rn = f["region"], let text = string(rn, path: f.child("region")) {
                if GenesysRegion.domains[text] != nil {
                    region = text
                } else {
                    let hint = EditDistance.didYouMean(text, among: GenesysRegion.allRegions)
                        ?? "Genesys Cloud regions: " + GenesysRegion.allRegions.joined(separator: ", ")
                    error("integration.region", "unknown Genesys Cloud region \(shown(rn, text))", hint: hint,
                          at: rn.location, path: f.child("region"))
                }
            } else if f["region"] == nil {
                missing(f, "region", hint: "the Genesys Cloud region of the organization, e.g. us-east-1")
            }
            guard let sid, let token, let region else { return nil }
            return .integration(.twilioSMS(TwilioSMSIntegration(
                accountSid: sid, authToken: token, region: region, enabled: enabled)))
        case .twilioWhatsApp:
            let sid = accountSid(f)
            let token = secret(f, "authToken", required: true)
            guard let sid, let token else { return nil }
            return .integration(.twilioWhatsApp(TwilioWhatsAppIntegration(accountSid: sid, authToken: token)))
        case .agentlessEmail:
            let domain = string(f, "domain", required: true)
            var fromAddress = string(f, "fromAddress", required: true)
            if let a = fromAddress, let n = f["fromAddress"] {
                if a.contains("@") {
                    error("manifest.type", "'fromAddress' is the local part only, without '@'",
                          hint: "mail is sent from fromAddress@domain", at: n.location, path: f.child("fromAddress"))
                    fromAddress = nil
                } else if a.utf8.count > 64 {
                    error("email.limits", "'fromAddress' is \(a.utf8.count) characters; the local part of an "
                          + "address is at most 64", at: n.location, path: f.child("fromAddress"))
                }
            }
            let displayName = string(f, "displayName", required: true)
            if let d = displayName, let n = f["displayName"], d.count > 64 {
                error("email.limits", "'displayName' is \(d.count) characters; at most 64 are allowed",
                      at: n.location, path: f.child("displayName"))
            }
            var rate = 600
            if let n = f["rateLimitPerMinute"] {
                if let v = int(n, path: f.child("rateLimitPerMinute")) {
                    rate = v
                    if !Self.allowedEmailRates.contains(v) {
                        error("email.limits", "'rateLimitPerMinute' must be 600, 1200 or 3000, not \(v)",
                              hint: "600 is the default; 1200 and 3000 are available by arrangement with Genesys",
                              at: n.location, path: f.child("rateLimitPerMinute"))
                    }
                }
            }
            guard let domain, let fromAddress, let displayName else { return nil }
            return .integration(.agentlessEmail(AgentlessEmailIntegration(
                domain: domain, fromAddress: fromAddress, displayName: displayName, rateLimitPerMinute: rate,
                enabled: enabled)))
        }
    }

    /// A required E.164 `phoneNumber`.
    mutating func phoneNumber(_ f: Fields, required: Bool) -> String? {
        guard let n = f["phoneNumber"] else {
            if required { missing(f, "phoneNumber", hint: "an E.164 number such as \"+14155550123\"") }
            return nil
        }
        guard let s = text(n, path: f.child("phoneNumber")) else { return nil }
        guard Self.isE164(s) else {
            error("number.e164", "\(shown(n, s)) is not an E.164 phone number",
                  hint: "write '+', the country code and the number: 7 to 15 digits, the first not 0, "
                      + "e.g. \"+14155550123\"", at: n.location, path: f.child("phoneNumber"))
            return nil
        }
        return s
    }

    /// `+` followed by 7 to 15 digits, the first not 0.
    static func isE164(_ s: String) -> Bool {
        let b = s.utf8
        guard b.first == 0x2B else { return false }
        let digits = b.dropFirst()
        guard (7...15).contains(digits.count), let first = digits.first, first != 0x30 else { return false }
        return digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private mutating func accountSid(_ f: Fields) -> String? {
        guard let s = string(f, "accountSid", required: true), let node = f["accountSid"] else { return nil }
        let b = Array(s.utf8)
        let hex = b.count == 34 && b[0] == 0x41 && b[1] == 0x43 && b[2...].allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46)
        }
        guard hex else {
            error("integration.account-sid", "\(shown(node, s)) is not a Twilio account SID",
                  hint: "an account SID is 'AC' followed by 32 hex digits (see the Twilio console)",
                  at: node.location, path: f.child("accountSid"))
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
            error("integration.onboarding", "onboarding mixes the embedded signup and certificate forms",
                  hint: "keep embeddedSignupToken and pin (the current flow), or certificate alone",
                  at: node.location, path: path)
            return nil
        case (false, false):
            error("integration.onboarding", "onboarding has neither form",
                  hint: "give embeddedSignupToken and pin, or certificate", at: node.location, path: path)
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
                    if let today, today - day > 7 {
                        error("integration.certificate-expired",
                              "the certificate was issued on \(s), more than 7 days ago, and has lapsed",
                              hint: "request a new certificate and update certificate and certificateIssued, or "
                                  + "switch to embedded signup", at: n.location, path: f.child("certificateIssued"))
                    }
                } else {
                    error("manifest.type", "'certificateIssued' must be a date written yyyy-MM-dd, not \(shown(n, s))",
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
            missing(f, key, hint: "use {secretEnv: NAME} or {secretFile: path}", code: "integration.onboarding")
            return nil
        }
        return secret(f, key, required: true, plainCode: "integration.onboarding")
    }
}
