/// The generic view of a resource that plans and state work on: plain attributes, secret fields, references.
extension Resource {
    /// Non-secret attributes, as stored in state and compared by the planner.
    public var attributes: [String: Value] {
        // Made for every resource of a plan, more than once: sized up front for the usual number of entries, so
        // the dictionary is not grown (and rehashed) entry by entry.
        var a: [String: Value] = [:]
        switch spec {
        case .contentProfile(let s):
            a.reserveCapacity(3)
            a[.inbound] = .list(s.inbound.map(Value.string))
            a[.outbound] = .list(s.outbound.map(Value.string))
            if let e = s.extends { a[.extends] = .string(e) }
        case .integration(let i):
            a.reserveCapacity(6)
            a[.type] = .string(i.type.rawValue)
            Self.integrationAttributes(i, into: &a)
        case .number(let n):
            a.reserveCapacity(6)
            a[.integration] = .string(n.integration)
            a[.type] = .string(n.type.rawValue)
            if let p = n.phoneNumber { a[.phoneNumber] = .string(p) }
            if let s = n.shortcode { a[.shortcode] = .string(s) }
            if let c = n.country { a[.country] = .string(c) }
            if let c = n.contentProfile { a[.contentProfile] = .string(c) }
            if let c = n.compliance {
                func rule(_ r: ComplianceRule) -> Value {
                    .members([.keywords: .list(r.keywords.map(Value.string)), .message: .string(r.message)])
                }
                a[.compliance] = .members([.help: rule(c.help), .optOut: rule(c.optOut), .optIn: rule(c.optIn)])
            }
        case .template(let t):
            a.reserveCapacity(6)
            a[.channel] = .string(t.channel.rawValue)
            if let c = t.category { a[.category] = .string(c.rawValue) }
            if let n = t.namespace { a[.namespace] = .string(n) }
            if let d = t.defaultLanguage { a[.defaultLanguage] = .string(d) }
            if !t.localizations.isEmpty {
                a[.localizations] = .object(Dictionary(
                    t.localizations.map { ($0.language, Value.string($0.text)) }, uniquingKeysWith: { x, _ in x }))
            }
            if let s = t.subject { a[.subject] = .string(s) }
            if let b = t.body { a[.body] = .string(b) }
            if t.agentless { a[.agentless] = .bool(true) }
        case .workstream(let w):
            a.reserveCapacity(5)
            a[.channel] = .string(w.channel.rawValue)
            a[.numbers] = .list(w.numbers.map(Value.string))
            a[.language] = .string(w.language)
            a[.fileAttachments] = .members([
                .customer: .bool(w.fileAttachments.customer), .agent: .bool(w.fileAttachments.agent),
            ])
            a[.templates] = .list(w.templates.map(Value.string))
        }
        return a
    }

    /// The attributes of an integration besides its type.
    private static func integrationAttributes(_ i: IntegrationSpec, into a: inout [String: Value]) {
        switch i {
        case .whatsapp(let w):
            a[.phoneNumber] = .string(w.phoneNumber)
            a[.enabled] = .bool(w.enabled)
            if let c = w.contentProfile { a[.contentProfile] = .string(c) }
            switch w.onboarding {
            case .embeddedSignup:
                a[.onboarding] = .members([.form: .string(w.onboarding.formName)])
            case .certificate(_, let issued, let verification):
                var o: [String: Value] = [:]
                o[.form] = .string(w.onboarding.formName)
                o[.verification] = .string(verification.rawValue)
                if let issued { o[.certificateIssued] = .string(issued) }
                a[.onboarding] = .object(o)
            }
        case .twilioSMS(let t):
            a[.accountSid] = .string(t.accountSid)
            a[.region] = .string(t.region)
            a[.enabled] = .bool(t.enabled)
        case .twilioWhatsApp(let t):
            a[.accountSid] = .string(t.accountSid)
        case .agentlessEmail(let e):
            a[.domain] = .string(e.domain)
            a[.fromAddress] = .string(e.fromAddress)
            a[.displayName] = .string(e.displayName)
            a[.rateLimitPerMinute] = .int(e.rateLimitPerMinute)
            a[.enabled] = .bool(e.enabled)
        }
    }

    /// Secret fields by path (`authToken`, `onboarding.pin` ...). Their values are never part of the model.
    public var secretFields: [String: SecretRef] {
        guard case .integration(let i) = spec else { return [:] }
        switch i {
        case .whatsapp(let w):
            switch w.onboarding {
            case .embeddedSignup(let token, let pin):
                return [Field.onboardingEmbeddedSignupToken.path: token, Field.onboardingPin.path: pin]
            case .certificate(let cert, _, _):
                return [Field.onboardingCertificate.path: cert]
            }
        case .twilioSMS(let t): return [Field.authToken.path: t.authToken]
        case .twilioWhatsApp(let t): return [Field.authToken.path: t.authToken]
        case .agentlessEmail: return [:]
        }
    }

    /// The secret fields state keeps a fingerprint of: the long-lived ones an update sends again (auth tokens).
    ///
    /// A WhatsApp integration's onboarding secrets (the embedded-signup token and PIN, the certificate) serve only
    /// until it is active and are never fingerprinted (DESIGN.md sections 3.2 and 4): the fingerprint of a 6-digit
    /// PIN is brute-forced in seconds by anyone holding it, and a changed one is used by the next activation
    /// attempt anyway.
    public var fingerprintedSecretFields: [String: SecretRef] {
        guard case .integration(let i) = spec else { return [:] }
        switch i {
        case .whatsapp, .agentlessEmail: return [:]
        case .twilioSMS(let t): return [Field.authToken.path: t.authToken]
        case .twilioWhatsApp(let t): return [Field.authToken.path: t.authToken]
        }
    }

    /// The resources this one refers to, sorted.
    public var references: [Address] {
        var r: [Address] = []
        switch spec {
        case .contentProfile(let s):
            if let e = s.extends { r.append(Address(.contentProfile, e)) }
        case .integration(.whatsapp(let w)):
            if let c = w.contentProfile { r.append(Address(.contentProfile, c)) }
        case .integration: break
        case .number(let n):
            r.append(Address(.integration, n.integration))
            if let c = n.contentProfile { r.append(Address(.contentProfile, c)) }
        case .template: break
        case .workstream(let w):
            r += w.numbers.map { Address(.number, $0) }
            r += w.templates.map { Address(.template, $0) }
        }
        if r.count < 2 { return r }
        // Sorted, equal addresses are neighbours: keep the first of each run (no Set for one or two references).
        r.sort()
        var unique: [Address] = []
        unique.reserveCapacity(r.count)
        for a in r where unique.last != a { unique.append(a) }
        return unique
    }

    /// The field of this resource that names `address` (`templates` for a workstream's template), or nil when it
    /// does not refer to it.
    public func referenceField(to address: Address) -> Field? {
        guard let field = kind.referenceField(to: address.kind) else { return nil }
        return Kind.names(attributes[field], address.name) ? field : nil
    }

    /// The integration type, for integrations.
    public var integrationType: IntegrationType? {
        if case .integration(let i) = spec { i.type } else { nil }
    }
}

extension Kind {
    /// The fields a resource of this kind names other resources by, with the kind each names.
    public var referenceFields: [(field: Field, kind: Kind)] {
        switch self {
        case .contentProfile: [(.extends, .contentProfile)]
        case .integration: [(.contentProfile, .contentProfile)]
        case .number: [(.integration, .integration), (.contentProfile, .contentProfile)]
        case .workstream: [(.numbers, .number), (.templates, .template)]
        case .project, .template: []
        }
    }

    /// The field a resource of this kind names resources of `kind` by, if any.
    public func referenceField(to kind: Kind) -> Field? {
        referenceFields.first { $0.kind == kind }?.field
    }

    /// True when a reference field's value (a name, or a list of names) holds `name`.
    static func names(_ value: Value?, _ name: String) -> Bool {
        switch value {
        case .string(let s)?: s == name
        case .list(let l)?: l.contains(.string(name))
        default: false
        }
    }
}
