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

        var phone: String?
        var shortcode: String?
        if type == .shortcode {
            if let n = f["phoneNumber"] {
                error("number.shortcode", "a shortcode number has no 'phoneNumber'",
                      hint: "give the short code in 'shortcode'", at: n.location, path: f.child("phoneNumber"))
            }
            if let n = f["shortcode"] {
                shortcode = text(n, path: f.child("shortcode"))
                if let s = shortcode, !(5...6).contains(s.count) {
                    error("number.shortcode", "shortcode \(shown(n, s)) has \(s.count) characters; a short code has 5 or 6",
                          at: n.location, path: f.child("shortcode"))
                    shortcode = nil
                }
            } else {
                missing(f, "shortcode", hint: "the 5 or 6 character short code, quoted: \"55501\"")
            }
        } else {
            phone = phoneNumber(f, required: type != nil)
            if let n = f["shortcode"], type != nil {
                error("number.shortcode", "only shortcode numbers take 'shortcode'",
                      hint: "set 'type: shortcode' or remove 'shortcode'", at: n.location, path: f.child("shortcode"))
            }
        }

        var country: String?
        if let n = f["country"] {
            if let c = text(n, path: f.child("country")) {
                if c.utf8.count == 2, c == c.uppercased(), CallingCodes.isKnownCountry(c) {
                    country = c
                    if let phone, !CallingCodes.matches(phoneNumber: phone, country: c) {
                        let owners = CallingCodes.countries(forPhoneNumber: phone)
                        let hint = owners.isEmpty
                            ? "no country uses this calling code"
                            : "the number's calling code belongs to " + owners.joined(separator: ", ")
                        error("number.country", "phone number \(shown(f["phoneNumber"], phone)) does not belong to country \(shown(n, c))",
                              hint: hint, at: n.location, path: f.child("country"))
                        country = nil
                    }
                } else {
                    error("number.country", "unknown country \(shown(n, c))",
                          hint: "use an ISO 3166-1 alpha-2 code in capitals, e.g. US",
                          at: n.location, path: f.child("country"))
                }
            }
        } else if type == .shortcode {
            missing(f, "country", hint: "a shortcode needs its ISO 3166-1 alpha-2 country, e.g. US")
        } else if let phone {
            // Where one country owns the calling code it is the default; a shared code (+1, +44, +7) stays unset
            // (DESIGN.md requires `country` only for shortcodes).
            let owners = CallingCodes.countries(forPhoneNumber: phone)
            if owners.count == 1 { country = owners[0] }
        }

        var compliance: Compliance?
        if let n = f["compliance"] {
            compliance = self.compliance(n, path: f.child("compliance"))
        } else if type == .shortcode {
            error("number.compliance", "a shortcode number needs 'compliance' with help, optOut and optIn",
                  hint: "each part has keywords and a message", at: f.node.location, path: f.child("compliance"))
        }

        guard let integration, let type else { return nil }
        return .number(NumberSpec(
            integration: integration, type: type, phoneNumber: phone, shortcode: shortcode, country: country,
            contentProfile: contentProfile, compliance: compliance))
    }

    private mutating func compliance(_ node: YNode, path: String) -> Compliance? {
        let parts = ["help", "optOut", "optIn"]
        guard let f = mapping(node, path: path, known: parts, what: "compliance") else { return nil }
        var rules: [ComplianceRule] = []
        for part in parts {
            guard let p = f[part] else {
                error("number.compliance", "compliance has no '\(part)' part",
                      hint: "add \(part): {keywords: [...], message: \"...\"}", at: node.location,
                      path: f.child(part))
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
                    error("number.compliance", "'keywords' must list at least one non-empty keyword",
                          at: k.location, path: f.child("keywords"))
                } else {
                    keywords = list.map(\.0)
                }
            }
        } else {
            missing(f, "keywords", code: "number.compliance")
        }
        var message: String?
        if let m = f["message"] {
            if let s = string(m, path: f.child("message")) {
                if s.allSatisfy(\.isWhitespace) {
                    error("number.compliance", "'message' must not be empty", at: m.location, path: f.child("message"))
                } else {
                    message = s
                }
            }
        } else {
            missing(f, "message", code: "number.compliance")
        }
        guard let keywords, let message else { return nil }
        return ComplianceRule(keywords: keywords, message: message)
    }
}
