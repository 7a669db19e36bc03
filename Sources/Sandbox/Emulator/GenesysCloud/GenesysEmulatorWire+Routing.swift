import Foundation
import PlatformKit
import SwitchboardModel

/// `/api/v2/routing`: the SMS number inventory (BYO import) and outbound e-mail domains.
extension GenesysEmulatorWire {
    static let routingRoutes: [(String, Endpoint)] = [
        ("GET routing/sms/phonenumbers", { w, r in w.listNumbers(r) }),
        ("POST routing/sms/phonenumbers/import", { w, r in try w.importNumber(r) }),
        ("GET routing/sms/phonenumbers/*", { w, r in try w.getNumber(r) }),
        ("PATCH routing/sms/phonenumbers/*", { w, r in try w.patchNumber(r) }),
        ("DELETE routing/sms/phonenumbers/*", { w, r in try w.deleteNumber(r) }),
        ("GET routing/email/outbound/domains", { w, r in w.listDomains(r) }),
        ("POST routing/email/outbound/domains", { w, r in try w.createDomain(r) }),
        ("GET routing/email/outbound/domains/*", { w, r in try w.getDomain(r) }),
        ("PATCH routing/email/outbound/domains/*", { w, r in try w.patchDomain(r) }),
        ("DELETE routing/email/outbound/domains/*", { w, r in try w.deleteDomain(r) }),
        ("GET routing/email/outbound/domains/*/activation", { w, r in try w.domainActivation(r) }),
        ("PUT routing/email/outbound/domains/*/activation", { w, r in try w.domainActivation(r) }),
    ]

    // MARK: - SMS numbers

    func listNumbers(_ r: Request) -> Reply {
        let phone = r.query["phoneNumber"]
        let list = o.smsPhoneNumbers.values.sorted { $0.phoneNumber < $1.phoneNumber }
            .filter { phone == nil || $0.phoneNumber == phone }
        return (200, page(list.map(number), r.query))
    }

    /// POST `import` (`SmsPhoneNumberImport`): starts the provisioning job.
    mutating func importNumber(_ r: Request) throws -> Reply {
        let body = r.body
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
    }

    func getNumber(_ r: Request) throws -> Reply {
        (200, number(try find(o.smsPhoneNumbers[r.id], "phone number", r.id)))
    }

    /// PATCH `{supportedContent}`: the only change a number takes.
    mutating func patchNumber(_ r: Request) throws -> Reply {
        let current = try find(o.smsPhoneNumbers[r.id], "phone number", r.id)
        let content = r.body["supportedContent"].map { $0["id"]?.stringValue } ?? current.supportedContent?.id
        return (200, number(try world.updateSmsPhoneNumber(org: org, id: r.id, supportedContentId: content, now: now)))
    }

    mutating func deleteNumber(_ r: Request) throws -> Reply {
        _ = try find(o.smsPhoneNumbers[r.id], "phone number", r.id)
        world.deleteSmsPhoneNumber(org: org, id: r.id, now: now, timing: timing)
        return (204, nil)
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

    // MARK: - Outbound e-mail domains

    func listDomains(_ r: Request) -> Reply {
        (200, page(o.outboundDomains.values.sorted { $0.id < $1.id }.map(domain), r.query))
    }

    mutating func createDomain(_ r: Request) throws -> Reply {
        guard let name = r.body["id"]?.stringValue ?? r.body["name"]?.stringValue else {
            throw EmulatorError.bad("id (the domain name) is required", field: "id")
        }
        // The sender settings belong to each send on Genesys Cloud; the sandbox keeps its defaults.
        let d = try world.createOutboundDomain(
            org: org, name: r.body["name"]?.stringValue ?? name, domain: name, fromAddress: "noreply", displayName: "",
            rateLimitPerMinute: 600, enabled: true, now: now, timing: timing)
        return (200, domainResult(d))
    }

    func getDomain(_ r: Request) throws -> Reply {
        (200, domain(try find(o.outboundDomains[r.id], "outbound domain", r.id)))
    }

    mutating func patchDomain(_ r: Request) throws -> Reply {
        var d = try find(o.outboundDomains[r.id], "outbound domain", r.id)
        if let s = r.body["senderType"]?.stringValue {
            d.senderType = s
            world.withGenesys(org) { $0.outboundDomains[r.id] = d }
        }
        return (200, domain(d))
    }

    mutating func deleteDomain(_ r: Request) throws -> Reply {
        _ = try find(o.outboundDomains[r.id], "outbound domain", r.id)
        world.deleteOutboundDomain(org: org, id: r.id)
        return (204, nil)
    }

    /// GET or PUT `activation` (the PUT re-checks the records; the sandbox's never change by themselves).
    func domainActivation(_ r: Request) throws -> Reply {
        (200, domainResult(try find(o.outboundDomains[r.id], "outbound domain", r.id)))
    }
}
