import Foundation
import SwitchboardModel

extension SandboxPlatform {
    /// The object `id` as a `RemoteObject` whose attributes have the shape of `Resource.attributes`; nil when gone.
    /// Attributes the platform cannot observe (write-only or Switchboard-only) are taken from `fallback`.
    func observe(
        _ world: SandboxWorld, kind: Kind, integrationType: String?, id: String, fallback: [String: Value]
    ) -> RemoteObject? {
        switch type {
        case .genesysCloud:
            guard let org = world.genesys[name] else { return nil }
            return observeGenesys(org, kind: kind, integrationType: integrationType, id: id, fallback: fallback)
        case .dynamics365:
            guard let org = world.dynamics[name] else { return nil }
            return observeDynamics(org, kind: kind, id: id, fallback: fallback)
        case .twilio:
            return nil
        }
    }

    /// The remote id of the object a resource would be, found by its natural key; nil when there is none.
    func locate(_ world: SandboxWorld, resource: Resource, key: String) -> String? {
        switch (type, resource.spec) {
        case (.genesysCloud, let spec):
            guard let o = world.genesys[name] else { return nil }
            switch spec {
            case .contentProfile: return o.supportedContent.values.first { $0.name == key }?.id
            case .integration(.whatsapp(let w)):
                return o.whatsAppIntegrations.values.filter { $0.status != "Deleting" }.first {
                    $0.phoneNumber == w.phoneNumber || ($0.phoneNumber == nil && $0.name == resource.name)
                }?.id
            case .integration(.twilioSMS):
                return o.integrations.values.first { $0.name == key && $0.deleteCompletesAt == nil }?.id
            case .integration(.agentlessEmail): return o.outboundDomains[key.lowercased()]?.id
            case .number:
                return o.smsPhoneNumbers.values.first {
                    $0.phoneNumber == key && $0.provisioningStatus.action != "Delete"
                }?.id
            case .template:
                return o.responses.values.filter { $0.template == key }.sorted {
                    ($0.messagingTemplate?.whatsApp.language == $0.defaultLanguage ? 0 : 1, $0.name)
                        < ($1.messagingTemplate?.whatsApp.language == $1.defaultLanguage ? 0 : 1, $1.name)
                }.first?.id
            default: return nil
            }
        case (.dynamics365, let spec):
            guard let o = world.dynamics[name] else { return nil }
            switch spec {
            case .integration(.twilioWhatsApp):
                return o.whatsAppAccounts.values.first { $0.msdyn_name == key }?.msdyn_ocwhatsappchannelaccountid
            case .number:
                return o.whatsAppNumbers.values.first { $0.msdyn_organizationphonenumber == key }?
                    .msdyn_ocwhatsappchannelnumberid
            case .template: return o.systemMessages.values.first { $0.msdyn_name == key }?.msdyn_ocsystemmessageid
            case .workstream: return o.workstreams.values.first { $0.msdyn_name == key }?.msdyn_liveworkstreamid
            default: return nil
            }
        case (.twilio, _):
            return nil
        }
    }

    // MARK: - Genesys Cloud

    private func observeGenesys(
        _ o: SandboxGenesysOrg, kind: Kind, integrationType: String?, id: String, fallback: [String: Value]
    ) -> RemoteObject? {
        func contentName(_ ref: SandboxRef?) -> String? {
            ref.map { o.supportedContent[$0.id]?.name ?? $0.name ?? $0.id }
        }
        switch (kind, integrationType) {
        case (.contentProfile, _):
            guard let sc = o.supportedContent[id] else { return nil }
            var a: [String: Value] = [
                "inbound": .list(sc.mediaTypes.allow.inbound.map { .string($0.type) }),
                "outbound": .list(sc.mediaTypes.allow.outbound.map { .string($0.type) }),
            ]
            if let e = sc.extends { a["extends"] = .string(e) }
            return RemoteObject(remoteId: id, status: .active, attributes: a, naturalKey: sc.name)
        case (.integration, "whatsapp"?):
            guard let w = o.whatsAppIntegrations[id], w.status != "Deleting" else { return nil }
            let requested = ["CodeSent", "ResendCode"].contains(w.activationStatusCode ?? "")
            var a: [String: Value] = [
                "type": "whatsapp",
                "phoneNumber": w.phoneNumber.map(Value.string) ?? fallback["phoneNumber"] ?? .null,
                "enabled": .bool(["Starting", "Active", "Failed"].contains(w.status) || requested),
            ]
            if let c = contentName(w.supportedContent) { a["contentProfile"] = .string(c) }
            if let onboarding = fallback["onboarding"] {
                a["onboarding"] = onboarding
            } else if w.onboarding == "certificate" {
                var ob: [String: Value] = ["form": "certificate", "verification": .string(w.verificationMethod ?? "sms")]
                if w.certificateIssuedGiven == true, let d = w.certificateIssued {
                    ob["certificateIssued"] = .string(String(SandboxDates.format(d).prefix(10)))
                }
                a["onboarding"] = .object(ob)
            } else {
                a["onboarding"] = .object(["form": "embeddedSignup"])
            }
            let status: ResourceStatus
            switch w.status {
            case _ where w.createStatus == "Initiated": status = .provisioning
            case "Active": status = .active
            case "Failed": status = .failed
            case "Starting": status = w.onboarding == "certificate" ? .pending : .activating
            case "Incomplete" where requested: status = .awaitingVerification
            case "Inactive" where requested: status = .awaitingVerification
            default: status = ResourceStatus(rawValue: w.status.lowercased())
            }
            var outputs: [String: Value] = ["whatsAppBusinessAccountId": .string(w.whatsAppBusinessAccountId)]
            if let e = w.activationErrorInfo { outputs["activationError"] = .string(e) }
            return RemoteObject(
                remoteId: id, status: status, attributes: a, outputs: outputs, naturalKey: w.phoneNumber ?? w.name)
        case (.integration, "twilio-sms"?):
            guard let i = o.integrations[id], i.deleteCompletesAt == nil else { return nil }
            let a: [String: Value] = [
                "type": "twilio-sms", "accountSid": .string(i.accountSid), "region": .string(i.region),
                "enabled": .bool(i.intendedState == "ENABLED"),
            ]
            let status: ResourceStatus =
                switch i.reportedState.code {
                case "ACTIVE": .active
                case "INACTIVE": .disabled
                case "ERROR": .error
                default: .provisioning
                }
            return RemoteObject(
                remoteId: id, status: status, attributes: a, outputs: ["webhookUrl": .string(i.webhookUrl)],
                naturalKey: i.name)
        case (.integration, "agentless-email"?):
            guard let d = o.outboundDomains[id] else { return nil }
            let a: [String: Value] = [
                "type": "agentless-email", "domain": .string(d.id), "fromAddress": .string(d.fromAddress),
                "displayName": .string(d.displayName), "rateLimitPerMinute": .int(d.rateLimitPerMinute),
                "enabled": .bool(d.enabled),
            ]
            func record(_ r: SandboxDNSRecord, _ type: String) -> Value {
                .object([
                    "host": .string(r.host), "type": .string(type), "value": .string(r.recordContents),
                    "verificationStatus": .string(r.verificationStatus),
                ])
            }
            let status: ResourceStatus = d.senderStatus != "Provisioned" ? .provisioning : (d.enabled ? .active : .disabled)
            return RemoteObject(
                remoteId: id, status: status, attributes: a,
                outputs: [
                    "dnsCnameBounceRecord": record(d.dnsCnameBounceRecord, "CNAME"),
                    "dnsTxtSendingRecord": record(d.dnsTxtSendingRecord, "TXT"),
                ], naturalKey: d.id)
        case (.number, _):
            guard let n = o.smsPhoneNumbers[id], n.provisioningStatus.action != "Delete" else { return nil }
            var a: [String: Value] = [
                "integration": .string(o.integrations[n.integration.id]?.name ?? n.integration.name ?? n.integration.id),
                "type": .string(n.phoneNumberType),
            ]
            a[n.phoneNumberType == "shortcode" ? "shortcode" : "phoneNumber"] = .string(n.phoneNumber)
            if fallback["country"] != nil || n.phoneNumberType == "shortcode" { a["country"] = .string(n.countryCode) }
            if let c = contentName(n.supportedContent) { a["contentProfile"] = .string(c) }
            if let c = n.compliance {
                func rule(_ s: [SandboxKeywordSetting]) -> Value {
                    .object([
                        "keywords": .list((s.first?.keyword ?? []).map(Value.string)),
                        "message": .string(s.first?.response.message ?? ""),
                    ])
                }
                a["compliance"] = .object([
                    "help": rule(c.helpSettings), "optOut": rule(c.stopSettings), "optIn": rule(c.optInSettings),
                ])
            }
            let status: ResourceStatus =
                n.provisioningStatus.state == "Running"
                ? .provisioning
                : n.provisioningStatus.state == "Failed"
                    ? .failed : (n.disabledByIntegration || n.phoneNumberStatus != "ACTIVE" ? .disabled : .active)
            return RemoteObject(remoteId: id, status: status, attributes: a, naturalKey: n.phoneNumber)
        case (.template, _):
            guard let first = o.responses[id] else { return nil }
            let group = o.responses.values.filter { $0.template == first.template }
            var a: [String: Value] = [:]
            if first.responseType == "MessagingTemplate" {
                a["channel"] = "whatsapp"
                if let c = first.category { a["category"] = .string(c) }
                if let n = first.messagingTemplate?.whatsApp.namespace { a["namespace"] = .string(n) }
                if let d = first.defaultLanguage { a["defaultLanguage"] = .string(d) }
                var l: [String: Value] = [:]
                for r in group { if let lang = r.messagingTemplate?.whatsApp.language { l[lang] = .string(r.texts.first?.content ?? "") } }
                if !l.isEmpty { a["localizations"] = .object(l) }
            } else {
                a["channel"] = "email"
                if let s = first.texts.first(where: { $0.type == "subject" }), fallback["subject"] != nil || !s.content.isEmpty {
                    a["subject"] = .string(s.content)
                }
                if let b = first.texts.first(where: { $0.type == "body" }), fallback["body"] != nil || !b.content.isEmpty {
                    a["body"] = .string(b.content)
                }
            }
            if first.agentless { a["agentless"] = true }
            return RemoteObject(remoteId: id, status: .active, attributes: a, naturalKey: first.template)
        default:
            return nil
        }
    }

    // MARK: - Dynamics 365

    private func observeDynamics(
        _ o: SandboxDynamicsOrg, kind: Kind, id: String, fallback: [String: Value]
    ) -> RemoteObject? {
        switch kind {
        case .integration:
            guard let acc = o.whatsAppAccounts[id] else { return nil }
            return RemoteObject(
                remoteId: id, status: acc.statecode == 0 ? .active : .disabled,
                attributes: ["type": "twilio-whatsapp", "accountSid": .string(acc.msdyn_provideraccountid)],
                outputs: ["twilioInboundUrl": .string(acc.msdyn_twilioinboundurl)], naturalKey: acc.msdyn_name)
        case .number:
            guard let n = o.whatsAppNumbers[id] else { return nil }
            var a: [String: Value] = [
                "integration": .string(o.whatsAppAccounts[n.msdyn_ocwhatsappaccountid]?.msdyn_name ?? n.msdyn_ocwhatsappaccountid),
                "type": "whatsapp", "phoneNumber": .string(n.msdyn_organizationphonenumber),
            ]
            if let c = n.country { a["country"] = .string(c) }
            if let c = fallback["contentProfile"] { a["contentProfile"] = c }
            return RemoteObject(remoteId: id, status: .active, attributes: a, naturalKey: n.msdyn_organizationphonenumber)
        case .template:
            guard let m = o.systemMessages[id] else { return nil }
            var a: [String: Value] = ["channel": .string(m.channel)]
            if let c = m.category { a["category"] = .string(c) }
            if let n = m.namespace { a["namespace"] = .string(n) }
            if let d = m.msdyn_defaultlanguage { a["defaultLanguage"] = .string(d) }
            if !m.localizations.isEmpty {
                a["localizations"] = .object(Dictionary(
                    m.localizations.map { ($0.msdyn_languagecode, Value.string($0.msdyn_localizedtext)) },
                    uniquingKeysWith: { x, _ in x }))
            }
            if let s = m.subject { a["subject"] = .string(s) }
            if let b = m.body { a["body"] = .string(b) }
            if m.agentless { a["agentless"] = true }
            return RemoteObject(
                remoteId: id, status: m.approvalStatus == "approved" ? .active : .provisioning, attributes: a,
                naturalKey: m.msdyn_name)
        case .workstream:
            guard let w = o.workstreams[id] else { return nil }
            let channel: Value =
                switch w.msdyn_streamsource {
                case 192_300_000: "whatsapp"
                case 192_340_000: "sms"
                default: fallback["channel"] ?? "email"
                }
            let rows = w.numberIds.compactMap { o.whatsAppNumbers[$0] }
            let attachments: Value =
                rows.first.map {
                    .object([
                        "customer": .bool($0.msdyn_enablefileattachmentsforcustomers),
                        "agent": .bool($0.msdyn_enablefileattachmentsforagents),
                    ])
                } ?? fallback["fileAttachments"] ?? .object(["customer": false, "agent": false])
            let a: [String: Value] = [
                "channel": channel,
                "numbers": .list(rows.map { .string($0.msdyn_name) }),
                "language": .string(w.language),
                "fileAttachments": attachments,
                "templates": .list(w.templateIds.compactMap { o.systemMessages[$0].map { .string($0.msdyn_name) } }),
            ]
            return RemoteObject(remoteId: id, status: .active, attributes: a, naturalKey: w.msdyn_name)
        default:
            return nil
        }
    }
}
