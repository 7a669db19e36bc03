import Foundation
import PlatformKit
import SwitchboardModel

/// World values in the Genesys Cloud wire format: paged listings and each object's JSON.
extension GenesysEmulatorWire {
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
