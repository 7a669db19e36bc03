import Foundation
import PlatformKit
import SwitchboardModel

/// The Genesys Cloud wire format over one organization of the sandbox world: routes, request bodies, replies.
///
/// This is the one place where wire fields and world fields meet. Every change goes through the world's
/// vendor-level operations, so the sandbox's rules (number import errors, WhatsApp state machines, cascades,
/// the ledger and the outbox) answer through the API as `ErrorBody` errors with the rule's code and status.
struct GenesysEmulatorWire {
    var world: SandboxWorld
    let org: String
    let now: Date
    let timing: SandboxTiming

    typealias Reply = (Int, Value?)

    var o: SandboxGenesysOrg { world.genesys[org] ?? SandboxGenesysOrg() }

    // MARK: - Routing

    static let literals: Set<String> = [
        "conversations", "messaging", "supportedcontent", "integrations", "whatsapp", "embeddedsignup", "types",
        "credentials", "listing", "config", "current", "routing", "sms", "phonenumbers", "import", "email", "outbound",
        "domains", "activation", "responsemanagement", "libraries", "responses",
    ]

    mutating func route(_ method: String, _ p: [String], query: [String: String], body: Value) throws -> Reply {
        let shape = p.map { Self.literals.contains($0) ? $0 : "*" }.joined(separator: "/")
        let id = p.first { !Self.literals.contains($0) } ?? ""
        switch (method, shape) {
        // Supported content
        case ("GET", "conversations/messaging/supportedcontent"):
            return (200, page(o.supportedContent.values.sorted { $0.name < $1.name }.map(supportedContent), query))
        case ("POST", "conversations/messaging/supportedcontent"):
            guard let name = body["name"]?.stringValue, !name.isEmpty else { throw EmulatorError.bad("name is required", field: "name") }
            let allow = body["mediaTypes"]?["allow"]
            let sc = try world.createSupportedContent(
                org: org, name: name, inbound: Self.types(allow?["inbound"]), outbound: Self.types(allow?["outbound"]),
                now: now)
            return (200, supportedContent(sc))
        case ("GET", "conversations/messaging/supportedcontent/*"):
            return (200, supportedContent(try find(o.supportedContent[id], "supported content", id)))
        case ("PATCH", "conversations/messaging/supportedcontent/*"):
            let current = try find(o.supportedContent[id], "supported content", id)
            let allow = body["mediaTypes"]?["allow"]
            var sc = try world.updateSupportedContent(
                org: org, id: id,
                inbound: allow.map { Self.types($0["inbound"]) } ?? current.mediaTypes.allow.inbound.map(\.type),
                outbound: allow.map { Self.types($0["outbound"]) } ?? current.mediaTypes.allow.outbound.map(\.type),
                extends: current.extends, now: now)
            if let name = body["name"]?.stringValue, !name.isEmpty, name != sc.name {
                sc.name = name
                world.withGenesys(org) { $0.supportedContent[id] = sc }
            }
            return (200, supportedContent(sc))
        case ("DELETE", "conversations/messaging/supportedcontent/*"):
            _ = try find(o.supportedContent[id], "supported content", id)
            try world.deleteSupportedContent(org: org, id: id)
            return (204, nil)

        // WhatsApp
        case ("GET", "conversations/messaging/integrations/whatsapp"):
            return (200, page(o.whatsAppIntegrations.values.sorted { $0.name < $1.name }.map(whatsApp), query))
        case ("POST", "conversations/messaging/integrations/whatsapp/embeddedsignup"):
            guard let name = body["name"]?.stringValue else { throw EmulatorError.bad("name is required", field: "name") }
            let w = try world.createWhatsAppEmbeddedSignup(
                org: org, name: name, embeddedSignupAccessToken: body["embeddedSignupAccessToken"]?.stringValue ?? "",
                supportedContentId: body["supportedContent"]?["id"]?.stringValue, now: now, timing: timing)
            return (200, whatsApp(w))
        case ("POST", "conversations/messaging/integrations/whatsapp"):
            guard let name = body["name"]?.stringValue, let phone = body["phoneNumber"]?.stringValue else {
                throw EmulatorError.bad("name and phoneNumber are required", field: "phoneNumber")
            }
            let w = try world.createWhatsAppCertificate(
                org: org, name: name, phoneNumber: phone, wabaCertificate: body["wabaCertificate"]?.stringValue ?? "",
                certificateIssued: nil, supportedContentId: body["supportedContent"]?["id"]?.stringValue, now: now)
            return (200, whatsApp(w))
        case ("PATCH", "conversations/messaging/integrations/whatsapp/embeddedsignup/*"):
            guard let phone = body["phoneNumber"]?.stringValue, let pin = body["pin"]?.stringValue else {
                throw EmulatorError.bad("phoneNumber and pin are required", field: "pin")
            }
            let w = try world.activateWhatsAppEmbeddedSignup(
                org: org, id: id, phoneNumber: phone, pin: pin, now: now, timing: timing)
            return (200, whatsApp(w))
        case ("GET", "conversations/messaging/integrations/whatsapp/*"):
            return (200, whatsApp(try find(o.whatsAppIntegrations[id], "WhatsApp integration", id)))
        case ("PATCH", "conversations/messaging/integrations/whatsapp/*"):
            switch body["action"]?.stringValue {
            case "Activate":
                let method: OutboxChannel = body["authenticationMethod"]?.stringValue?.lowercased() == "voice" ? .voice : .sms
                _ = try world.requestWhatsAppActivationCode(org: org, id: id, method: method, now: now)
            case "Confirm":
                _ = try world.confirmWhatsAppActivationCode(
                    org: org, id: id, code: body["confirmationCode"]?.stringValue ?? "", now: now, timing: timing)
            default:
                let current = try find(o.whatsAppIntegrations[id], "WhatsApp integration", id)
                let content = body["supportedContent"].map { $0["id"]?.stringValue } ?? current.supportedContent?.id
                var w = try world.updateWhatsApp(org: org, id: id, supportedContentId: content, now: now)
                if let name = body["name"]?.stringValue, !name.isEmpty, name != w.name {
                    w.name = name
                    world.withGenesys(org) { $0.whatsAppIntegrations[id] = w }
                }
            }
            return (200, whatsApp(try find(o.whatsAppIntegrations[id], "WhatsApp integration", id)))
        case ("DELETE", "conversations/messaging/integrations/whatsapp/*"):
            _ = try find(o.whatsAppIntegrations[id], "WhatsApp integration", id)
            world.deleteWhatsApp(org: org, id: id, now: now, timing: timing)
            return (200, whatsApp(try find(o.whatsAppIntegrations[id], "WhatsApp integration", id)))

        // Integrations
        case ("GET", "integrations/types"):
            return (200, page([Self.twilioType], query))
        case ("GET", "integrations"):
            let list = o.integrations.values.filter { $0.deleteCompletesAt == nil }.sorted { $0.name < $1.name }
                .filter { query["integrationType"] == nil || $0.integrationType.id == query["integrationType"] }
            return (200, page(list.map(integration), query))
        case ("POST", "integrations"):
            guard let name = body["name"]?.stringValue, let type = body["integrationType"]?["id"]?.stringValue else {
                throw EmulatorError.bad("name and integrationType.id are required", field: "integrationType")
            }
            guard type == SandboxWorld.twilioSMSIntegrationType else {
                throw EmulatorError.bad("unknown integration type '\(type)'", field: "integrationType")
            }
            return (200, integration(world.createUnconfiguredTwilioSMSIntegration(org: org, name: name, now: now)))
        case ("GET", "integrations/credentials/listing"):
            let list = (o.credentials ?? [:]).values.sorted { $0.id < $1.id }.map(credential)
            return (200, ["entities": .list(list)])
        case ("POST", "integrations/credentials"):
            let c = try world.createCredential(
                org: org, name: body["name"]?.stringValue ?? "", typeName: body["type"]?["name"]?.stringValue ?? "",
                fields: Self.fields(body["credentialFields"]))
            return (200, credential(c))
        case ("GET", "integrations/credentials/*"):
            return (200, credential(try find(o.credentials?[id], "credential", id)))
        case ("PUT", "integrations/credentials/*"):
            let c = try world.updateCredential(
                org: org, id: id, name: body["name"]?.stringValue, fields: Self.fields(body["credentialFields"]))
            return (200, credential(c))
        case ("DELETE", "integrations/credentials/*"):
            try world.deleteCredential(org: org, id: id)
            return (204, nil)
        case ("GET", "integrations/*"):
            return (200, integration(try find(o.integrations[id], "integration", id)))
        case ("PATCH", "integrations/*"):
            let current = try liveIntegration(id)
            guard let s = body["intendedState"]?.stringValue, ["ENABLED", "DISABLED"].contains(s) else {
                throw EmulatorError.bad("intendedState is required (ENABLED or DISABLED)", field: "intendedState")
            }
            if s == "ENABLED" && current.accountSid.isEmpty {
                throw EmulatorError(
                    status: 400, code: "integration.not.configured",
                    message: "integration '\(current.name)' has no configuration; PUT config/current first")
            }
            let i = try world.setTwilioSMSIntegrationState(
                org: org, id: id, enabled: s == "ENABLED", now: now, timing: timing)
            return (200, integration(i))
        case ("DELETE", "integrations/*"):
            _ = try liveIntegration(id)
            _ = world.deleteTwilioSMSIntegration(org: org, id: id, now: now, timing: timing)
            return (200, ["id": .string(id)])
        case ("GET", "integrations/*/config/current"):
            return (200, config(try liveIntegration(id)))
        case ("PUT", "integrations/*/config/current"):
            let properties = body["properties"]
            let credentialId = (body["credentials"]?.objectValue ?? [:]).values.compactMap { $0["id"]?.stringValue }.first
            let i = try world.configureTwilioSMSIntegration(
                org: org, id: id, version: body["version"]?.intValue,
                accountSid: properties?["accountSid"]?.stringValue ?? "", region: properties?["region"]?.stringValue ?? "",
                credentialId: credentialId)
            return (200, config(i))

        // SMS numbers
        case ("GET", "routing/sms/phonenumbers"):
            let list = o.smsPhoneNumbers.values.sorted { $0.phoneNumber < $1.phoneNumber }
                .filter { query["phoneNumber"] == nil || $0.phoneNumber == query["phoneNumber"] }
            return (200, page(list.map(number), query))
        case ("POST", "routing/sms/phonenumbers/import"):
            guard let integrationId = body["integrationId"]?.stringValue ?? body["integration"]?["id"]?.stringValue else {
                throw EmulatorError.bad("integrationId is required", field: "integrationId")
            }
            let phone = body["phoneNumber"]?.stringValue
            let request = SandboxSmsImport(
                name: body["name"]?.stringValue ?? phone ?? "", phoneNumber: phone,
                phoneNumberType: body["phoneNumberType"]?.stringValue ?? "", countryCode: body["countryCode"]?.stringValue,
                integrationId: integrationId, compliance: try Self.compliance(body["compliance"]),
                supportedContentId: body["supportedContent"]?["id"]?.stringValue)
            return (200, number(try world.importSmsPhoneNumber(org: org, request, now: now, timing: timing)))
        case ("GET", "routing/sms/phonenumbers/*"):
            return (200, number(try find(o.smsPhoneNumbers[id], "phone number", id)))
        case ("PATCH", "routing/sms/phonenumbers/*"):
            let current = try find(o.smsPhoneNumbers[id], "phone number", id)
            let content = body["supportedContent"].map { $0["id"]?.stringValue } ?? current.supportedContent?.id
            return (200, number(try world.updateSmsPhoneNumber(org: org, id: id, supportedContentId: content, now: now)))
        case ("DELETE", "routing/sms/phonenumbers/*"):
            _ = try find(o.smsPhoneNumbers[id], "phone number", id)
            world.deleteSmsPhoneNumber(org: org, id: id, now: now, timing: timing)
            return (204, nil)

        // Outbound e-mail domains
        case ("GET", "routing/email/outbound/domains"):
            return (200, page(o.outboundDomains.values.sorted { $0.id < $1.id }.map(domain), query))
        case ("POST", "routing/email/outbound/domains"):
            guard let name = body["id"]?.stringValue ?? body["name"]?.stringValue else {
                throw EmulatorError.bad("id (the domain name) is required", field: "id")
            }
            // The sender settings belong to each send on Genesys Cloud; the sandbox keeps its defaults.
            let d = try world.createOutboundDomain(
                org: org, name: body["name"]?.stringValue ?? name, domain: name, fromAddress: "noreply", displayName: "",
                rateLimitPerMinute: 600, enabled: true, now: now, timing: timing)
            return (200, domainResult(d))
        case ("GET", "routing/email/outbound/domains/*"):
            return (200, domain(try find(o.outboundDomains[id], "outbound domain", id)))
        case ("PATCH", "routing/email/outbound/domains/*"):
            var d = try find(o.outboundDomains[id], "outbound domain", id)
            if let s = body["senderType"]?.stringValue {
                d.senderType = s
                world.withGenesys(org) { $0.outboundDomains[id] = d }
            }
            return (200, domain(d))
        case ("DELETE", "routing/email/outbound/domains/*"):
            _ = try find(o.outboundDomains[id], "outbound domain", id)
            world.deleteOutboundDomain(org: org, id: id)
            return (204, nil)
        case ("GET", "routing/email/outbound/domains/*/activation"),
            ("PUT", "routing/email/outbound/domains/*/activation"):
            return (200, domainResult(try find(o.outboundDomains[id], "outbound domain", id)))

        // Response management
        case ("GET", "responsemanagement/libraries"):
            let list = (o.libraries ?? [:]).values.sorted { $0.name < $1.name }
            return (200, page(list.map { ["id": .string($0.id), "name": .string($0.name), "version": 1] }, query))
        case ("POST", "responsemanagement/libraries"):
            let l = try world.createLibrary(org: org, name: body["name"]?.stringValue ?? "")
            return (200, ["id": .string(l.id), "name": .string(l.name), "version": 1])
        case ("GET", "responsemanagement/responses"):
            guard let library = query["libraryId"] else { throw EmulatorError.bad("libraryId is required", field: "libraryId") }
            let list = o.responses.values.filter { $0.libraryIds?.contains(library) == true }.sorted { $0.name < $1.name }
            return (200, page(list.map(response), query))
        case ("POST", "responsemanagement/responses"):
            let b = try Self.responseBody(body)
            let r = try world.createResponse(
                org: org, name: b.name, libraryIds: b.libraries, responseType: b.type, texts: b.texts,
                messagingTemplate: b.template, now: now)
            return (200, response(r))
        case ("GET", "responsemanagement/responses/*"):
            return (200, response(try find(o.responses[id], "response", id)))
        case ("PUT", "responsemanagement/responses/*"):
            let b = try Self.responseBody(body)
            let r = try world.replaceResponse(
                org: org, id: id, version: body["version"]?.intValue, name: b.name, libraryIds: b.libraries,
                texts: b.texts, messagingTemplate: b.template)
            return (200, response(r))
        case ("DELETE", "responsemanagement/responses/*"):
            try world.deleteResponse(org: org, id: id)
            return (204, nil)
        default:
            throw EmulatorError(
                status: 404, code: "not.found", message: "no route for \(method) /api/v2/\(p.joined(separator: "/"))")
        }
    }

    // MARK: - Request helpers

    func find<T>(_ value: T?, _ what: String, _ id: String) throws -> T {
        guard let value else { throw EmulatorError.notFound("\(what) '\(id)'") }
        return value
    }

    func liveIntegration(_ id: String) throws -> SandboxTwilioSMSIntegration {
        let i = try find(o.integrations[id], "integration", id)
        if i.deleteCompletesAt != nil { throw EmulatorError.notFound("integration '\(id)'") }
        return i
    }

    static func types(_ v: Value?) -> [String] { (v?.listValue ?? []).compactMap { $0["type"]?.stringValue } }

    /// Credential fields as text (the world keeps fingerprints of them only).
    static func fields(_ v: Value?) -> [String: String] {
        (v?.objectValue ?? [:]).mapValues { $0.stringValue ?? $0.jsonText }
    }

    /// Short-code compliance in the world's shape (the same field names as the wire).
    static func compliance(_ v: Value?) throws -> SandboxCompliance? {
        guard let v, v != .null else { return nil }
        do {
            return try JSONDecoder().decode(SandboxCompliance.self, from: Data(v.jsonText.utf8))
        } catch {
            throw EmulatorError.bad(
                "compliance needs stopSettings, optInSettings and helpSettings, each [{keyword, response.message}]",
                field: "compliance")
        }
    }

    static func responseBody(_ body: Value) throws -> (
        name: String, libraries: [String], type: String, texts: [SandboxResponseText], template: SandboxMessagingTemplate?
    ) {
        guard let name = body["name"]?.stringValue, let libs = body["libraries"]?.listValue, !libs.isEmpty,
            let texts = body["texts"]?.listValue, !texts.isEmpty
        else { throw EmulatorError.bad("name, libraries and texts are required", field: "texts") }
        var template: SandboxMessagingTemplate?
        if let wa = body["messagingTemplate"]?["whatsApp"] {
            guard let waName = wa["name"]?.stringValue, let language = wa["language"]?.stringValue else {
                throw EmulatorError.bad(
                    "messagingTemplate.whatsApp needs name and language", field: "messagingTemplate.whatsApp")
            }
            template = SandboxMessagingTemplate(
                whatsApp: SandboxWhatsAppTemplateRef(name: waName, namespace: wa["namespace"]?.stringValue, language: language))
        }
        return (
            name, libs.compactMap { $0["id"]?.stringValue }, body["responseType"]?.stringValue ?? "MessagingTemplate",
            texts.map {
                SandboxResponseText(
                    content: $0["content"]?.stringValue ?? "", contentType: $0["contentType"]?.stringValue ?? "text/plain",
                    type: $0["type"]?.stringValue)
            }, template
        )
    }

    static let twilioType: Value = [
        "id": .string(SandboxWorld.twilioSMSIntegrationType), "name": "BYO SMS - Twilio", "provider": "twilio",
        "vendorName": "Twilio", "description": "Bring your own Twilio SMS", "maxInstances": 10, "nonInstallable": false,
        "credentials": ["twilio": ["required": true, "title": "Twilio account", "credentialTypes": ["twilio"]]],
    ]

    // MARK: - World -> wire

    func page(_ all: [Value], _ query: [String: String]) -> Value {
        let size = max(1, min(500, Int(query["pageSize"] ?? "") ?? 25))
        let number = max(1, Int(query["pageNumber"] ?? "") ?? 1)
        let count = max(1, (all.count + size - 1) / size)
        let slice = Array(all.dropFirst((number - 1) * size).prefix(size))
        var v: [String: Value] = [
            "entities": .list(slice), "pageSize": .int(size), "pageNumber": .int(number), "total": .int(all.count),
            "pageCount": .int(count),
        ]
        if number < count { v["nextUri"] = .string("?pageSize=\(size)&pageNumber=\(number + 1)") }
        return .object(v)
    }

    static func date(_ d: Date?) -> Value { d.map { .string(SandboxDates.format($0)) } ?? .null }

    static func ref(_ r: SandboxRef?) -> Value? {
        guard let r else { return nil }
        var v: [String: Value] = ["id": .string(r.id)]
        if let n = r.name { v["name"] = .string(n) }
        return .object(v)
    }

    func supportedContent(_ s: SandboxSupportedContent) -> Value {
        func types(_ l: [SandboxMediaType]) -> Value { .list(l.map { ["type": .string($0.type)] }) }
        return [
            "id": .string(s.id), "name": .string(s.name), "version": .int(s.version),
            "mediaTypes": ["allow": ["inbound": types(s.mediaTypes.allow.inbound), "outbound": types(s.mediaTypes.allow.outbound)]],
            "dateCreated": Self.date(s.dateCreated), "dateModified": Self.date(s.dateModified),
            "selfUri": .string("/api/v2/conversations/messaging/supportedcontent/\(s.id)"),
        ]
    }

    func whatsApp(_ w: SandboxWhatsAppIntegration) -> Value {
        var v: [String: Value] = [
            "id": .string(w.id), "name": .string(w.name), "version": .int(w.version),
            "createStatus": .string(w.createStatus), "status": .string(w.status),
            "whatsAppBusinessAccountId": .string(w.whatsAppBusinessAccountId),
            "dateCreated": Self.date(w.dateCreated), "dateModified": Self.date(w.dateModified),
            "selfUri": .string("/api/v2/conversations/messaging/integrations/whatsapp/\(w.id)"),
        ]
        if let p = w.phoneNumber { v["phoneNumber"] = .string(p) }
        if let sc = Self.ref(w.supportedContent) { v["supportedContent"] = sc }
        if let e = w.createError { v["createError"] = ["code": "whatsapp.create.failed", "message": .string(e)] }
        if let c = w.activationStatusCode { v["activationStatusCode"] = .string(c) }
        if let e = w.activationErrorInfo { v["activationErrorInfo"] = ["message": .string(e)] }
        if w.onboarding == "embeddedSignup" && w.createStatus == "Completed" {
            v["availablePhoneNumbers"] = [
                "entities": [["name": "Meta", "phoneNumber": .string(w.phoneNumber ?? ""), "status": "Available"]],
            ]
        }
        return .object(v)
    }

    func integration(_ i: SandboxTwilioSMSIntegration) -> Value {
        var reported: [String: Value] = [
            "code": .string(i.reportedState.code), "effective": .string(i.reportedState.effective),
            "lastUpdated": Self.date(i.reportedState.lastUpdated),
        ]
        if let d = i.reportedState.detail { reported["detail"] = ["message": .string(d)] }
        return [
            "id": .string(i.id), "name": .string(i.name),
            "integrationType": ["id": .string(i.integrationType.id), "name": "BYO SMS - Twilio"],
            "intendedState": .string(i.intendedState), "reportedState": .object(reported),
            "config": ["current": ["id": .string(i.id), "version": .int(i.version)]],
            "selfUri": .string("/api/v2/integrations/\(i.id)"),
        ]
    }

    func config(_ i: SandboxTwilioSMSIntegration) -> Value {
        var properties: [String: Value] = [:]
        if !i.accountSid.isEmpty { properties["accountSid"] = .string(i.accountSid) }
        if !i.region.isEmpty { properties["region"] = .string(i.region) }
        return [
            "name": .string(i.name), "version": .int(i.version), "properties": .object(properties), "advanced": [:],
            "notes": "", "credentials": i.credentialId.map { ["twilio": ["id": .string($0)]] } ?? [:],
        ]
    }

    func credential(_ c: SandboxCredential) -> Value {
        // Credential fields are write-only: never returned.
        ["id": .string(c.id), "name": .string(c.name), "type": ["name": .string(c.typeName)]]
    }

    func number(_ n: SandboxSmsPhoneNumber) -> Value {
        var status: [String: Value] = [
            "action": .string(n.provisioningStatus.action), "state": .string(n.provisioningStatus.state),
            "version": .int(n.provisioningStatus.version),
        ]
        if let e = n.provisioningStatus.error { status["error"] = ["code": "sms.provisioning.failed", "message": .string(e)] }
        var v: [String: Value] = [
            "id": .string(n.id), "name": .string(n.name), "phoneNumber": .string(n.phoneNumber),
            "phoneNumberType": .string(n.phoneNumberType), "countryCode": .string(n.countryCode),
            "integration": Self.ref(n.integration) ?? .null, "phoneNumberStatus": .string(n.phoneNumberStatus),
            "provisioningStatus": .object(status), "provisionedThroughPureCloud": .bool(n.provisionedThroughPureCloud),
            "capabilities": n.phoneNumberType == "shortcode" ? ["sms"] : ["sms", "mms"], "version": .int(n.version),
            "dateCreated": Self.date(n.dateCreated),
            "selfUri": .string("/api/v2/routing/sms/phonenumbers/\(n.id)"),
        ]
        if let sc = Self.ref(n.supportedContent) { v["supportedContent"] = sc }
        if let c = n.compliance, let data = try? JSONEncoder().encode(c), let value = try? JSONCoding.parse(data) {
            v["compliance"] = value
        }
        if let d = n.purchaseDate { v["purchaseDate"] = Self.date(d) }
        if let d = n.renewalDate { v["renewalDate"] = Self.date(d) }
        if let a = n.autoRenewable { v["autoRenewable"] = .string(a) }
        return .object(v)
    }

    static func record(_ r: SandboxDNSRecord) -> Value {
        ["host": .string(r.host), "recordContents": .string(r.recordContents), "verificationStatus": .string(r.verificationStatus)]
    }

    func domain(_ d: SandboxOutboundDomain) -> Value {
        func status(_ r: SandboxDNSRecord) -> Value { .string(r.verificationStatus.uppercased()) }
        return [
            "id": .string(d.id), "name": .string(d.id), "senderType": .string(d.senderType),
            "cnameVerificationResult": ["status": status(d.dnsCnameBounceRecord), "records": []],
            "dkimVerificationResult": ["status": status(d.dnsTxtSendingRecord), "records": []],
            "selfUri": .string("/api/v2/routing/email/outbound/domains/\(d.id)"),
        ]
    }

    func domainResult(_ d: SandboxOutboundDomain) -> Value {
        [
            "domainName": .string(d.id), "senderType": .string(d.senderType), "senderStatus": .string(d.senderStatus),
            "dnsCnameBounceRecord": Self.record(d.dnsCnameBounceRecord),
            "dnsTxtSendingRecord": Self.record(d.dnsTxtSendingRecord),
        ]
    }

    func response(_ r: SandboxResponse) -> Value {
        var v: [String: Value] = [
            "id": .string(r.id), "name": .string(r.name), "version": .int(r.version ?? 1),
            "libraries": .list((r.libraryIds ?? []).map { ["id": .string($0)] }),
            "texts": .list(r.texts.map { t in
                var o: [String: Value] = ["content": .string(t.content), "contentType": .string(t.contentType)]
                if let type = t.type { o["type"] = .string(type) }
                return .object(o)
            }),
            "responseType": .string(r.responseType), "dateCreated": Self.date(r.dateCreated),
        ]
        if let wa = r.messagingTemplate?.whatsApp {
            var w: [String: Value] = ["name": .string(wa.name), "language": .string(wa.language)]
            if let ns = wa.namespace { w["namespace"] = .string(ns) }
            v["messagingTemplate"] = ["whatsApp": .object(w)]
        }
        return .object(v)
    }
}
