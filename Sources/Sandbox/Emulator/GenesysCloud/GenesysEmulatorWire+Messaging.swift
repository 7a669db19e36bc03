import Foundation
import PlatformKit
import SwitchboardModel

/// `/api/v2/conversations/messaging`: supported content and WhatsApp integrations.
extension GenesysEmulatorWire {
    static let messagingRoutes: [(String, Endpoint)] = [
        ("GET conversations/messaging/supportedcontent", { w, r in w.listSupportedContent(r) }),
        ("POST conversations/messaging/supportedcontent", { w, r in try w.createSupportedContent(r) }),
        ("GET conversations/messaging/supportedcontent/*", { w, r in try w.getSupportedContent(r) }),
        ("PATCH conversations/messaging/supportedcontent/*", { w, r in try w.patchSupportedContent(r) }),
        ("DELETE conversations/messaging/supportedcontent/*", { w, r in try w.deleteSupportedContent(r) }),
        ("GET conversations/messaging/integrations/whatsapp", { w, r in w.listWhatsApp(r) }),
        ("POST conversations/messaging/integrations/whatsapp/embeddedsignup", { w, r in try w.createEmbeddedSignup(r) }),
        ("POST conversations/messaging/integrations/whatsapp", { w, r in try w.createWhatsAppCertificate(r) }),
        ("PATCH conversations/messaging/integrations/whatsapp/embeddedsignup/*", { w, r in try w.activateEmbeddedSignup(r) }),
        ("GET conversations/messaging/integrations/whatsapp/*", { w, r in try w.getWhatsApp(r) }),
        ("PATCH conversations/messaging/integrations/whatsapp/*", { w, r in try w.patchWhatsApp(r) }),
        ("DELETE conversations/messaging/integrations/whatsapp/*", { w, r in try w.deleteWhatsApp(r) }),
    ]

    // MARK: - Supported content

    func listSupportedContent(_ r: Request) -> Reply {
        (200, page(o.supportedContent.values.sorted { $0.name < $1.name }.map(supportedContent), r.query))
    }

    mutating func createSupportedContent(_ r: Request) throws -> Reply {
        guard let name = r.body["name"]?.stringValue, !name.isEmpty else {
            throw EmulatorError.bad("name is required", field: "name")
        }
        let allow = r.body["mediaTypes"]?["allow"]
        let sc = try world.createSupportedContent(
            org: org, name: name, inbound: Self.types(allow?["inbound"]), outbound: Self.types(allow?["outbound"]),
            now: now)
        return (200, supportedContent(sc))
    }

    func getSupportedContent(_ r: Request) throws -> Reply {
        (200, supportedContent(try find(o.supportedContent[r.id], "supported content", r.id)))
    }

    /// PATCH: media types and name; what the body leaves out stays.
    mutating func patchSupportedContent(_ r: Request) throws -> Reply {
        let id = r.id
        let current = try find(o.supportedContent[id], "supported content", id)
        let allow = r.body["mediaTypes"]?["allow"]
        var sc = try world.updateSupportedContent(
            org: org, id: id,
            inbound: allow.map { Self.types($0["inbound"]) } ?? current.mediaTypes.allow.inbound.map(\.type),
            outbound: allow.map { Self.types($0["outbound"]) } ?? current.mediaTypes.allow.outbound.map(\.type),
            extends: current.extends, now: now)
        if let name = r.body["name"]?.stringValue, !name.isEmpty, name != sc.name {
            sc.name = name
            world.withGenesys(org) { $0.supportedContent[id] = sc }
        }
        return (200, supportedContent(sc))
    }

    mutating func deleteSupportedContent(_ r: Request) throws -> Reply {
        _ = try find(o.supportedContent[r.id], "supported content", r.id)
        try world.deleteSupportedContent(org: org, id: r.id)
        return (204, nil)
    }

    static func types(_ v: Value?) -> [String] { (v?.listValue ?? []).compactMap { $0["type"]?.stringValue } }

    // MARK: - WhatsApp

    func listWhatsApp(_ r: Request) -> Reply {
        (200, page(o.whatsAppIntegrations.values.sorted { $0.name < $1.name }.map(whatsApp), r.query))
    }

    mutating func createEmbeddedSignup(_ r: Request) throws -> Reply {
        guard let name = r.body["name"]?.stringValue else { throw EmulatorError.bad("name is required", field: "name") }
        let w = try world.createWhatsAppEmbeddedSignup(
            org: org, name: name, embeddedSignupAccessToken: r.body["embeddedSignupAccessToken"]?.stringValue ?? "",
            supportedContentId: r.body["supportedContent"]?["id"]?.stringValue, now: now, timing: timing)
        return (200, whatsApp(w))
    }

    /// The deprecated certificate flow's create. The wire carries no issue date: the certificate counts as issued
    /// now.
    mutating func createWhatsAppCertificate(_ r: Request) throws -> Reply {
        guard let name = r.body["name"]?.stringValue, let phone = r.body["phoneNumber"]?.stringValue else {
            throw EmulatorError.bad("name and phoneNumber are required", field: "phoneNumber")
        }
        let w = try world.createWhatsAppCertificate(
            org: org, name: name, phoneNumber: phone, wabaCertificate: r.body["wabaCertificate"]?.stringValue ?? "",
            certificateIssued: nil, supportedContentId: r.body["supportedContent"]?["id"]?.stringValue, now: now)
        return (200, whatsApp(w))
    }

    mutating func activateEmbeddedSignup(_ r: Request) throws -> Reply {
        guard let phone = r.body["phoneNumber"]?.stringValue, let pin = r.body["pin"]?.stringValue else {
            throw EmulatorError.bad("phoneNumber and pin are required", field: "pin")
        }
        let w = try world.activateWhatsAppEmbeddedSignup(
            org: org, id: r.id, phoneNumber: phone, pin: pin, now: now, timing: timing)
        return (200, whatsApp(w))
    }

    func getWhatsApp(_ r: Request) throws -> Reply {
        (200, whatsApp(try find(o.whatsAppIntegrations[r.id], "WhatsApp integration", r.id)))
    }

    /// PATCH: the legacy `Activate` (send a code) and `Confirm` (check it) actions, else name and supported content.
    mutating func patchWhatsApp(_ r: Request) throws -> Reply {
        let id = r.id
        switch r.body["action"]?.stringValue {
        case "Activate":
            let voice = r.body["authenticationMethod"]?.stringValue?.lowercased() == "voice"
            _ = try world.requestWhatsAppActivationCode(org: org, id: id, method: voice ? .voice : .sms, now: now)
        case "Confirm":
            _ = try world.confirmWhatsAppActivationCode(
                org: org, id: id, code: r.body["confirmationCode"]?.stringValue ?? "", now: now, timing: timing)
        default:
            let current = try find(o.whatsAppIntegrations[id], "WhatsApp integration", id)
            let content = r.body["supportedContent"].map { $0["id"]?.stringValue } ?? current.supportedContent?.id
            var w = try world.updateWhatsApp(org: org, id: id, supportedContentId: content, now: now)
            if let name = r.body["name"]?.stringValue, !name.isEmpty, name != w.name {
                w.name = name
                world.withGenesys(org) { $0.whatsAppIntegrations[id] = w }
            }
        }
        return (200, whatsApp(try find(o.whatsAppIntegrations[id], "WhatsApp integration", id)))
    }

    mutating func deleteWhatsApp(_ r: Request) throws -> Reply {
        _ = try find(o.whatsAppIntegrations[r.id], "WhatsApp integration", r.id)
        world.deleteWhatsApp(org: org, id: r.id, now: now, timing: timing)
        return (200, whatsApp(try find(o.whatsAppIntegrations[r.id], "WhatsApp integration", r.id)))
    }
}
