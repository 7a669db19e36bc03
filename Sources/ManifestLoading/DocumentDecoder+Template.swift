import SwitchboardModel

extension DocumentDecoder {
    static let templateFields: [TemplateChannel: [String]] = [
        .whatsapp: ["platform", "channel", "category", "namespace", "defaultLanguage", "localizations", "agentless"],
        .email: ["platform", "channel", "subject", "body", "agentless"],
    ]
    static let templateElsewhere: [TemplateChannel: [String: String]] = {
        var out: [TemplateChannel: [String: String]] = [:]
        for (channel, other) in [(TemplateChannel.whatsapp, TemplateChannel.email), (.email, .whatsapp)] {
            let known = templateFields[channel] ?? []
            var hints: [String: String] = [:]
            for k in templateFields[other] ?? [] where !known.contains(k) {
                hints[k] = "'\(k)' is a field of \(other.rawValue) templates, not of \(channel.rawValue)"
            }
            out[channel] = hints
        }
        return out
    }()
    static let allTemplateFields = Array(Set(templateFields.values.joined())).sorted()
    static let maxSubjectCharacters = 400
    static let maxBodyBytes = 3 * 1024 * 1024

    /// Template: WhatsApp (localizations) or e-mail (subject and body).
    mutating func decodeTemplate(_ node: YNode, into r: DecodedResource) -> ResourceSpec? {
        let channelNode = node["channel"]
        let channel = channelNode.flatMap { $0.isString ? $0.scalar : nil }.flatMap(TemplateChannel.init(rawValue:))
        let known = channel.flatMap { Self.templateFields[$0] } ?? Self.allTemplateFields
        let elsewhere = channel.flatMap { Self.templateElsewhere[$0] } ?? [:]
        let what = channel.map { "\($0.rawValue) Template spec" } ?? "Template spec"
        let f = fields(node, path: "spec", known: known, what: what, elsewhere: elsewhere)
        readPlatform(f, into: r)
        guard enumValue(f, "channel", allowed: ["whatsapp", "email"], required: true) != nil, let channel else {
            return nil
        }
        r.templateChannel = channel
        let agentless = bool(f, "agentless") ?? false
        switch channel {
        case .email:
            let subject = string(f, "subject", required: true)
            // Characters are Unicode scalar values; the byte count is a cheap first look (never fewer bytes).
            if let s = subject, let n = f["subject"], s.utf8.count > Self.maxSubjectCharacters,
               s.unicodeScalars.count > Self.maxSubjectCharacters {
                report(
                    .subjectTooLong(s.unicodeScalars.count, limit: Self.maxSubjectCharacters),
                    at: n.location, path: f.child("subject"))
            }
            let body = string(f, "body", required: true)
            if let b = body, let n = f["body"], b.utf8.count > Self.maxBodyBytes {
                report(.bodyTooLarge(b.utf8.count, limit: Self.maxBodyBytes), at: n.location, path: f.child("body"))
            }
            guard let subject, let body else { return nil }
            return .template(TemplateSpec(channel: .email, subject: subject, body: body, agentless: agentless))
        case .whatsapp:
            let category = enumValue(
                f, "category", allowed: TemplateCategory.allCases.map(\.rawValue), required: true
            ).flatMap(TemplateCategory.init(rawValue:))
            let namespace = f["namespace"].flatMap { string($0, path: f.child("namespace")) }
            let localizations = self.localizations(f)
            var defaultLanguage: String?
            if let n = f["defaultLanguage"], let d = string(n, path: f.child("defaultLanguage")) {
                if !Locales.isValidTemplateLanguage(d) {
                    languageError(d, at: n, path: f.child("defaultLanguage"))
                } else if let localizations, !localizations.contains(where: { $0.language == d }) {
                    report(
                        .defaultLanguageWithoutLocalization(
                            d, quoted: shown(n, d), languages: localizations.map(\.language)),
                        at: n.location, path: f.child("defaultLanguage"))
                } else {
                    defaultLanguage = d
                }
            }
            guard let category, let localizations else { return nil }
            if f["defaultLanguage"] != nil && defaultLanguage == nil { return nil }
            return .template(TemplateSpec(
                channel: .whatsapp, category: category, namespace: namespace, defaultLanguage: defaultLanguage,
                localizations: localizations.sorted { $0.language < $1.language }, agentless: agentless))
        }
    }

    mutating func languageError(_ code: String, at node: YNode, path: String) {
        report(.invalidTemplateLanguage(code, quoted: shown(node, code)), at: node.location, path: path)
    }

    /// WhatsApp localizations: language -> text, with language and placeholder rules.
    private mutating func localizations(_ f: Fields) -> [Localization]? {
        guard let node = f["localizations"] else {
            missing(f, "localizations", hint: "add the approved text per language, e.g. en_US: \"...\"")
            return nil
        }
        let path = f.child("localizations")
        guard node.kind == .mapping else {
            typeError(node, path: path, expected: "a mapping of language to text")
            return nil
        }
        var out: [Localization] = []
        var sites: [(language: String, node: YNode, placeholders: [Int])] = []
        var ok = true
        var seen = Set<String>()
        let merged = node.hasMergeKey ? node.pairs : nil
        for i in 0..<(merged?.count ?? node.rawPairCount) {
            let (key, value) = merged?[i] ?? node.rawPair(i)
            guard key.isString || key.isPlainScalar, let language = key.scalar else {
                report(.nonLanguageKey(found: key.typeDescription), at: key.location, path: path)
                ok = false
                continue
            }
            guard seen.insert(language).inserted else { continue }
            let p = path + "." + language
            if !Locales.isValidTemplateLanguage(language) {
                languageError(language, at: key, path: p)
                ok = false
            }
            guard let text = string(value, path: p) else {
                ok = false
                continue
            }
            out.append(Localization(language: language, text: text))
            sites.append((language, value, Self.placeholders(text)))
        }
        if out.isEmpty && ok {
            report(.noLocalizations, at: node.location, path: path)
            return nil
        }
        // Placeholders: numbered 1...n without gaps, and the same set in every language.
        for s in sites where s.placeholders != Array(0..<s.placeholders.count).map({ $0 + 1 }) {
            ok = false
            let gap = (1...max(1, s.placeholders.last ?? 1)).first { !s.placeholders.contains($0) }
            report(
                .placeholderGap(language: s.language, placeholders: s.placeholders, gap: gap),
                at: s.node.location, path: path + "." + s.language)
        }
        let defaultName = f["defaultLanguage"]?.scalar
        if let reference = sites.first(where: { $0.language == defaultName }) ?? sites.first {
            for s in sites where s.language != reference.language && s.placeholders != reference.placeholders {
                ok = false
                report(
                    .placeholderMismatch(
                        language: s.language, placeholders: s.placeholders, reference: reference.language,
                        referencePlaceholders: reference.placeholders),
                    at: s.node.location, path: path + "." + s.language)
            }
        }
        return ok ? out : nil
    }

    /// The sorted distinct numbers of `{{n}}` placeholders in `text`.
    static func placeholders(_ text: String) -> [Int] {
        let b = Array(text.utf8)
        var found = Set<Int>()
        var i = 0
        while i + 4 < b.count {
            if b[i] == 0x7B, b[i + 1] == 0x7B {
                var j = i + 2
                var n = 0
                var digits = 0
                while j < b.count, b[j] >= 0x30, b[j] <= 0x39, digits < 6 {
                    n = n * 10 + Int(b[j] - 0x30)
                    j += 1
                    digits += 1
                }
                if digits > 0, j + 1 < b.count, b[j] == 0x7D, b[j + 1] == 0x7D {
                    found.insert(n)
                    i = j + 2
                    continue
                }
            }
            i += 1
        }
        return found.sorted()
    }
}

extension String {
    /// The text with `_` replaced by `-` (en_US -> en-US).
    func replacingOccurrencesOfUnderscore() -> String {
        String(unicodeScalars.map { $0 == "_" ? "-" : Character($0) })
    }
}
