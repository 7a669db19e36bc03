import SwitchboardModel

/// The set rules about numbers (DESIGN.md 3.3): a number held twice on one platform (`number.in-use`), a Number in two
/// workstreams (`workstream.number-shared`), Numbers on a disabled twilio-sms integration
/// (`integration.disabled-numbers`), and a workstream language its templates do not have (`workstream.language`).
extension SetValidator {
    /// One phone number or short code in two places of one platform: two WhatsApp integrations, two Numbers, or a
    /// Number and a WhatsApp integration. Both places are reported, each naming the other.
    mutating func checkNumbersInUse(_ resources: [DecodedResource], platforms: [String?]) {
        var first: [String: Int] = [:]
        var reportedFirst = Set<Int>()
        for (i, r) in resources.enumerated() {
            guard let sender = r.sender, let platform = platforms[i] else { continue }
            let key = platform + "\u{0}" + sender.value
            guard let f = first[key] else {
                first[key] = i
                continue
            }
            let other = resources[f]
            guard let otherSender = other.sender else { continue }
            report(
                .numberInUse(sender.value, other: "\(other.address)", otherAt: otherSender.location),
                at: sender.location, path: sender.path)
            if reportedFirst.insert(f).inserted {
                report(
                    .numberInUse(sender.value, other: "\(r.address)", otherAt: sender.location),
                    at: otherSender.location, path: otherSender.path)
            }
        }
    }

    /// The rules of the references to Numbers and from workstreams to templates.
    mutating func checkNumberUses(_ resources: [DecodedResource], index: [Address: Int]) {
        var routedBy: [String: (workstream: String, location: SourceLocation)] = [:]
        for r in resources {
            for ref in r.refs {
                switch ref.role {
                case .numberIntegration:
                    guard let t = index[Address(.integration, ref.name)], resources[t].integrationType == .twilioSMS,
                        resources[t].disabledAt != nil
                    else { continue }
                    report(.numberOnDisabledIntegration(ref.name), at: ref.location, path: ref.path)
                case .workstreamNumber:
                    if let other = routedBy[ref.name], other.workstream != r.address.name {
                        report(
                            .numberShared(ref.name, other: other.workstream, otherAt: other.location),
                            at: ref.location, path: ref.path)
                    } else {
                        routedBy[ref.name] = (r.address.name, ref.location)
                    }
                case .workstreamTemplate:
                    guard case .workstream(let w)? = r.spec, let t = index[Address(.template, ref.name)],
                        case .template(let template)? = resources[t].spec, !template.localizations.isEmpty
                    else { continue }
                    let languages = template.localizations.map(\.language)
                    if !Self.covers(languages, w.language) {
                        report(
                            .workstreamLanguage(w.language, template: ref.name, languages: languages),
                            at: ref.location, path: ref.path)
                    }
                case .contentProfile, .extends:
                    continue
                }
            }
        }
    }

    /// True when one of a template's `languages` (Meta's `en_US`, `de`, or BCP-47 `en-US`) serves the workstream's
    /// BCP-47 `language`: the same language and region, or the language alone where the template has no region.
    static func covers(_ languages: [String], _ language: String) -> Bool {
        func normal(_ code: String) -> String { code.replacingOccurrences(of: "_", with: "-").lowercased() }
        let wanted = normal(language)
        let base = wanted.split(separator: "-").first.map(String.init) ?? wanted
        return languages.contains { normal($0) == wanted || normal($0) == base }
    }
}
