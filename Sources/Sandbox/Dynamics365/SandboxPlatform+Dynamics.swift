import Foundation
import SwitchboardModel

/// The interim sandbox mapping of Dynamics 365, until its live adapter and emulator exist (then this file goes):
/// each resource kind onto the Dataverse rows of the simulated environment, and those rows back into the shape of
/// `Resource.attributes`.
extension SandboxPlatform {
    // MARK: - Changes

    /// Creates the row (a template waits for its Twilio Content approval) and returns its id.
    func createDynamics(_ request: PlatformRequest) async throws -> String {
        let r = request.resource
        switch r.spec {
        case .integration(.twilioWhatsApp(let spec)):
            let token = try secret(request, "authToken")
            return try await store.transact { w, now in
                try w.createDynamicsWhatsAppAccount(
                    org: name, name: r.name, accountSid: spec.accountSid, authToken: token, now: now
                ).msdyn_ocwhatsappchannelaccountid
            }
        case .number(let n):
            let accountId = try reference(request, Address(.integration, n.integration))
            guard n.type == .whatsapp, let phone = n.phoneNumber else {
                throw PlatformError(
                    code: "invalid.value", message: "a Dynamics 365 WhatsApp account takes numbers of type whatsapp")
            }
            return try await store.transact { w, now in
                try w.addDynamicsWhatsAppNumber(
                    org: name, name: r.name, accountId: accountId, phoneNumber: phone, country: n.country, now: now
                ).msdyn_ocwhatsappchannelnumberid
            }
        case .template(let t):
            return try await createDynamicsTemplate(r, t, request.progress)
        case .workstream(let ws):
            let numberIds = try ws.numbers.map { try reference(request, Address(.number, $0)) }
            let templateIds = try ws.templates.map { try reference(request, Address(.template, $0)) }
            return try await store.transact { w, now in
                try w.createDynamicsWorkstream(
                    org: name, name: r.name, channel: ws.channel.rawValue, numberIds: numberIds,
                    templateIds: templateIds, language: ws.language, customerAttachments: ws.fileAttachments.customer,
                    agentAttachments: ws.fileAttachments.agent, now: now
                ).msdyn_liveworkstreamid
            }
        default:
            throw unsupported(r)
        }
    }

    private func createDynamicsTemplate(
        _ r: Resource, _ t: TemplateSpec, _ progress: @escaping @Sendable (String) -> Void
    ) async throws -> String {
        let id = try await store.transact { w, now in
            try w.createDynamicsSystemMessage(
                org: name, name: r.name, channel: t.channel.rawValue, category: t.category?.rawValue,
                namespace: t.namespace, defaultLanguage: t.defaultLanguage,
                localizations: t.localizations.map { ($0.language, $0.text) }, subject: t.subject, body: t.body,
                agentless: t.agentless, now: now, timing: timing
            ).msdyn_ocsystemmessageid
        }
        try await waitUntil("template approval of \(r.name)", progress) { w in
            guard let m = w.dynamics[name]?.systemMessages[id] else { throw gone(r.address) }
            if m.approvalStatus == "rejected" {
                throw PlatformError(
                    code: "twilio.content.rejected",
                    message: "\(r.address): WhatsApp rejected the template: \(m.rejectionReason ?? "no reason given")")
            }
            return m.approvalStatus == "approved"
        }
        return id
    }

    /// Changes the row in place.
    func updateDynamics(_ request: PlatformRequest, id: String) async throws {
        let r = request.resource
        switch r.spec {
        case .integration(.twilioWhatsApp):
            if let token = request.secrets["authToken"] {
                try await store.transact { w, _ in
                    try w.updateDynamicsWhatsAppAccountToken(org: name, id: id, authToken: token)
                }
            }
        case .number:
            break
        case .template(let t):
            _ = try await store.transact { w, now in
                try w.updateDynamicsSystemMessage(
                    org: name, id: id, subject: t.subject, body: t.body, agentless: t.agentless, now: now)
            }
        case .workstream(let ws):
            let numberIds = try ws.numbers.map { try reference(request, Address(.number, $0)) }
            let templateIds = try ws.templates.map { try reference(request, Address(.template, $0)) }
            _ = try await store.transact { w, _ in
                try w.updateDynamicsWorkstream(
                    org: name, id: id, numberIds: numberIds, templateIds: templateIds, language: ws.language,
                    customerAttachments: ws.fileAttachments.customer, agentAttachments: ws.fileAttachments.agent)
            }
        default:
            throw unsupported(r)
        }
    }

    /// Deletes the row.
    func deleteDynamics(_ state: ResourceState) async throws {
        let id = state.remoteId
        switch state.kind {
        case .integration: try await store.transact { w, _ in w.deleteDynamicsWhatsAppAccount(org: name, id: id) }
        case .number: try await store.transact { w, _ in w.deleteDynamicsWhatsAppNumber(org: name, id: id) }
        case .template: try await store.transact { w, _ in w.deleteDynamicsSystemMessage(org: name, id: id) }
        case .workstream: try await store.transact { w, _ in w.deleteDynamicsWorkstream(org: name, id: id) }
        default: throw holdsNothing(state)
        }
    }

    // MARK: - Reading back

    /// The remote id of the row a resource would be, found by its natural key.
    func locateDynamics(_ world: SandboxWorld, resource: Resource, key: String) -> String? {
        guard let o = world.dynamics[name] else { return nil }
        switch resource.spec {
        case .integration(.twilioWhatsApp):
            return o.whatsAppAccounts.values.first { $0.msdyn_name == key }?.msdyn_ocwhatsappchannelaccountid
        case .number:
            return o.whatsAppNumbers.values.first { $0.msdyn_organizationphonenumber == key }?
                .msdyn_ocwhatsappchannelnumberid
        case .template: return o.systemMessages.values.first { $0.msdyn_name == key }?.msdyn_ocsystemmessageid
        case .workstream: return o.workstreams.values.first { $0.msdyn_name == key }?.msdyn_liveworkstreamid
        default: return nil
        }
    }

    /// The row `id` in the shape of `Resource.attributes`; nil when gone.
    func observeDynamics(_ world: SandboxWorld, kind: Kind, id: String, fallback: [String: Value]) -> RemoteObject? {
        guard let o = world.dynamics[name] else { return nil }
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
            return Self.templateObject(m, id: id)
        case .workstream:
            guard let w = o.workstreams[id] else { return nil }
            return Self.workstreamObject(w, o, id: id, fallback: fallback)
        default:
            return nil
        }
    }

    private static func templateObject(_ m: SandboxDynamicsSystemMessage, id: String) -> RemoteObject {
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
            remoteId: id,
            status: m.approvalStatus == "approved" ? .active : m.approvalStatus == "rejected" ? .error : .provisioning,
            attributes: a,
            naturalKey: m.msdyn_name)
    }

    private static func workstreamObject(
        _ w: SandboxDynamicsWorkstream, _ o: SandboxDynamicsOrg, id: String, fallback: [String: Value]
    ) -> RemoteObject {
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
    }
}
