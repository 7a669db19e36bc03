import SwitchboardModel

extension DocumentDecoder {
    /// Number: a sender imported through a Twilio integration.
    mutating func decodeNumber(_ node: YNode, into r: DecodedResource) -> ResourceSpec? {
        let f = fields(
            node, path: "spec",
            known: ["platform", "integration", "type", "phoneNumber", "shortcode", "country", "contentProfile",
                    "compliance"],
            what: "Number spec")
        readPlatform(f, into: r)
        let integration: String?
        if let n = f["integration"] {
            integration = ref(n, kind: .integration, role: .numberIntegration, path: f.child("integration"), into: r)
        } else {
            integration = nil
            missing(f, "integration", hint: "the name of a twilio-sms or twilio-whatsapp Integration")
        }
        let type = enumValue(f, "type", allowed: NumberType.allCases.map(\.rawValue), required: true)
            .flatMap(NumberType.init(rawValue:))
        r.numberType = type
        r.numberTypeLocation = f["type"]?.location
        let contentProfile = ref(
            f["contentProfile"], kind: .contentProfile, role: .contentProfile, path: f.child("contentProfile"),
            into: r)

        let (phone, shortcode) = sender(f, type: type, into: r)
        let country = self.country(f, type: type, phone: phone)
        var compliance: Compliance?
        if let n = f["compliance"] {
            compliance = self.compliance(n, path: f.child("compliance"))
        } else if type == .shortcode {
            report(.complianceMissing, at: f.node.location, path: f.child("compliance"))
        }

        guard let integration, let type else { return nil }
        return .number(NumberSpec(
            integration: integration, type: type, phoneNumber: phone, shortcode: shortcode, country: country,
            contentProfile: contentProfile, compliance: compliance))
    }

    /// The phone number, or for a shortcode number the short code; each only where the type takes it.
    private mutating func sender(
        _ f: Fields, type: NumberType?, into r: DecodedResource
    ) -> (phone: String?, shortcode: String?) {
        guard type == .shortcode else {
            let phone = phoneNumber(f, required: type != nil, whatsApp: type == .whatsapp, into: r)
            if let n = f["shortcode"], type != nil {
                report(.shortcodeOnOtherType, at: n.location, path: f.child("shortcode"))
            }
            return (phone, nil)
        }
        if let n = f["phoneNumber"] {
            report(.phoneNumberOnShortcode, at: n.location, path: f.child("phoneNumber"))
        }
        guard let n = f["shortcode"] else {
            missing(f, "shortcode", hint: "the 5 or 6 character short code, quoted: \"55501\"")
            return (nil, nil)
        }
        guard let s = text(n, path: f.child("shortcode")) else { return (nil, nil) }
        guard (5...6).contains(s.count) else {
            report(.shortcodeLength(shown(n, s), count: s.count), at: n.location, path: f.child("shortcode"))
            return (nil, nil)
        }
        guard s.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            report(.shortcodeNotDigits(shown(n, s)), at: n.location, path: f.child("shortcode"))
            return (nil, nil)
        }
        r.sender = (s, n.location, f.child("shortcode"))
        return (nil, s)
    }

    /// `country`, checked against the phone number; when absent, the one country that owns the calling code.
    private mutating func country(_ f: Fields, type: NumberType?, phone: String?) -> String? {
        guard let n = f["country"] else {
            if type == .shortcode {
                missing(f, "country", hint: "a shortcode needs its ISO 3166-1 alpha-2 country, e.g. US")
                return nil
            }
            // Derived from the calling code; a shared one (+1, +44, +7) takes the country the numbering plan gives
            // the number's prefix. Where even that cannot tell, the manifest must say (the import needs a country).
            guard let phone else { return nil }
            if let derived = CallingCodes.derivedCountry(forPhoneNumber: phone) { return derived }
            if type != .whatsapp, let n = f["phoneNumber"] {
                report(
                    .countryNeeded(phone: shown(n, phone), owners: CallingCodes.countries(forPhoneNumber: phone)),
                    at: n.location, path: f.child("country"))
            }
            return nil
        }
        guard let c = text(n, path: f.child("country")) else { return nil }
        guard c.utf8.count == 2, c == c.uppercased(), CallingCodes.isKnownCountry(c) else {
            report(.unknownCountry(shown(n, c)), at: n.location, path: f.child("country"))
            return nil
        }
        if let phone, !CallingCodes.matches(phoneNumber: phone, country: c) {
            report(
                .countryMismatch(
                    phone: shown(f["phoneNumber"], phone), country: shown(n, c),
                    owners: CallingCodes.countries(forPhoneNumber: phone)),
                at: n.location, path: f.child("country"))
            return nil
        }
        return c
    }

    private mutating func compliance(_ node: YNode, path: String) -> Compliance? {
        let parts = ["help", "optOut", "optIn"]
        guard let f = mapping(node, path: path, known: parts, what: "compliance") else { return nil }
        var rules: [ComplianceRule] = []
        for part in parts {
            guard let p = f[part] else {
                report(.compliancePartMissing(part), at: node.location, path: f.child(part))
                continue
            }
            if let rule = complianceRule(p, path: f.child(part)) { rules.append(rule) }
        }
        guard rules.count == 3 else { return nil }
        return Compliance(help: rules[0], optOut: rules[1], optIn: rules[2])
    }

    private mutating func complianceRule(_ node: YNode, path: String) -> ComplianceRule? {
        guard let f = mapping(node, path: path, known: ["keywords", "message"], what: "a compliance part") else {
            return nil
        }
        var keywords: [String]?
        if let k = f["keywords"] {
            if let list = stringList(k, path: f.child("keywords")) {
                if list.isEmpty || list.contains(where: { $0.0.isEmpty }) {
                    report(.emptyKeywords, at: k.location, path: f.child("keywords"))
                } else {
                    keywords = list.map(\.0)
                }
            }
        } else {
            missing(f, "keywords", code: .numberCompliance)
        }
        var message: String?
        if let m = f["message"] {
            if let s = string(m, path: f.child("message")) {
                if s.allSatisfy(\.isWhitespace) {
                    report(.emptyComplianceMessage, at: m.location, path: f.child("message"))
                } else {
                    message = s
                }
            }
        } else {
            missing(f, "message", code: .numberCompliance)
        }
        guard let keywords, let message else { return nil }
        return ComplianceRule(keywords: keywords, message: message)
    }
}
