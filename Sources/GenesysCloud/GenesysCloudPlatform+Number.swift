import Foundation
import PlatformKit
import SwitchboardModel

/// Number <-> `/api/v2/routing/sms/phonenumbers` (BYO import; only `supportedContent` can change in place).
extension GenesysCloudPlatform {
    static func complianceBody(_ c: Compliance) -> Value {
        func rule(_ r: ComplianceRule) -> Value {
            .list([["keyword": .list(r.keywords.map(Value.string)), "response": ["message": .string(r.message)]]])
        }
        return ["helpSettings": rule(c.help), "stopSettings": rule(c.optOut), "optInSettings": rule(c.optIn)]
    }

    static func compliance(_ v: Value?) -> Value? {
        guard let v else { return nil }
        func rule(_ key: String) -> Value? {
            guard let list = v[key]?.listValue, !list.isEmpty else { return nil }
            let keywords = list.flatMap { $0["keyword"]?.listValue ?? [] }
            let message = list.first?["response"]?["message"] ?? ""
            return .members([.keywords: .list(keywords), .message: message])
        }
        guard let help = rule("helpSettings"), let optOut = rule("stopSettings"), let optIn = rule("optInSettings") else {
            return nil
        }
        return .members([.help: help, .optOut: optOut, .optIn: optIn])
    }

    func numberObject(_ v: Value, fallback: [String: Value], resource: Address?) async throws -> RemoteObject {
        var a: [String: Value] = [:]
        let type = v["phoneNumberType"]?.stringValue ?? fallback[.type]?.stringValue ?? NumberType.local.rawValue
        a[.type] = .string(type)
        let sender = v["phoneNumber"]?.stringValue ?? ""
        a[type == NumberType.shortcode.rawValue ? .shortcode : .phoneNumber] = .string(sender)
        if let integration = try await name(at: Paths.integrations, id: v["integration"]?["id"]?.stringValue, resource: resource) {
            a[.integration] = .string(integration)
        }
        if fallback[.country] != nil || type == NumberType.shortcode.rawValue {
            a[.country] = v["countryCode"] ?? fallback[.country]
        }
        if let cp = try await name(at: Paths.supportedContent, id: v["supportedContent"]?["id"]?.stringValue, resource: resource) {
            a[.contentProfile] = .string(cp)
        } else if fallback[.contentProfile] != nil {
            // Expected but missing (an import that never got its content profile): the next apply points it there.
            a[.contentProfile] = .null
        }
        if let c = Self.compliance(v["compliance"]) { a[.compliance] = c }
        let status: ResourceStatus
        switch (v["provisioningStatus"]?["state"]?.stringValue, v["phoneNumberStatus"]?.stringValue?.uppercased()) {
        case ("Running", _): status = .provisioning
        case ("Failed", _): status = .error
        case (_, "ACTIVE"?), (_, nil): status = .active
        case (_, let s?): status = ResourceStatus(rawValue: s.lowercased().replacingOccurrences(of: "_", with: "-"))
        }
        var outputs: [String: Value] = [:]
        if let caps = v["capabilities"] { outputs["capabilities"] = caps }
        return RemoteObject(
            remoteId: v["id"]?.stringValue ?? "", status: status, attributes: a, outputs: outputs, naturalKey: sender)
    }

    func readNumber(_ state: ResourceState) async throws -> RemoteObject? {
        guard let v = try await client.getIfExists(Paths.numbers + "/" + state.remoteId, resource: state.address) else {
            return nil
        }
        if v["provisioningStatus"]?["action"]?.stringValue == "Delete" { return nil }
        return try await numberObject(v, fallback: state.attributes, resource: state.address)
    }

    func findNumberValue(_ sender: String, _ address: Address) async throws -> Value? {
        try await findNumberValues(sender, address).first
    }

    /// The numbers of the inventory with this phone number or short code, not being deleted.
    func findNumberValues(_ sender: String, _ address: Address) async throws -> [Value] {
        try await client.getAll(Paths.numbers, query: [("phoneNumber", sender)], resource: address)
            .filter { $0["phoneNumber"]?.stringValue == sender && $0["provisioningStatus"]?["action"]?.stringValue != "Delete" }
    }

    func findNumber(_ resource: Resource) async throws -> [RemoteObject] {
        guard case .number(let n) = resource.spec else { return [] }
        var found: [RemoteObject] = []
        for v in try await findNumberValues(n.sender, resource.address) {
            found.append(try await numberObject(v, fallback: resource.attributes, resource: resource.address))
        }
        return found
    }

    func createNumber(_ request: PlatformRequest, _ n: NumberSpec) async throws -> RemoteObject {
        let r = request.resource
        guard n.type != .whatsapp else { throw unsupported(r.address, "whatsapp number") }
        guard let country = n.country else {
            throw PlatformError(
                code: "number.country", message: "\(r.address): Genesys Cloud needs 'country' to import a number")
        }
        var body: Value = [
            "phoneNumber": .string(n.sender), "phoneNumberType": .string(n.type.rawValue),
            "countryCode": .string(country),
            "integrationId": .string(try await referenceId(request, Address(.integration, n.integration))),
        ]
        if let cp = n.contentProfile {
            body = merge(body, ["supportedContent": ["id": .string(try await referenceId(request, Address(.contentProfile, cp)))]])
        }
        if let c = n.compliance { body = merge(body, ["compliance": Self.complianceBody(c)]) }
        let created = try await unsafeCall(r.address) {
            try await client.send("POST", Paths.numbers + "/import", body: body, safe: false, resource: r.address)
        } recover: {
            try await findNumberValue(n.sender, r.address)
        }
        guard let id = created["id"]?.stringValue else {
            throw PlatformError(code: "genesys.response", message: "\(r.address): the import reply has no id")
        }
        let v = try await waitForProvisioning(id, r.address, request.progress)
        return try await numberObject(v, fallback: r.attributes, resource: r.address)
    }

    private func waitForProvisioning(_ id: String, _ address: Address, _ progress: @Sendable (String) -> Void) async throws -> Value {
        let path = Paths.numbers + "/" + id
        let v = try await client.poll(path, resource: address, waitingFor: "provisioningStatus Completed", progress: progress) { v in
            guard let v else {
                throw PlatformError(code: "not.found", message: "\(address): the number vanished while provisioning",
                    request: "GET \(path)", status: 404)
            }
            switch v["provisioningStatus"]?["state"]?.stringValue {
            case "Failed":
                throw PlatformError(
                    code: v["provisioningStatus"]?["error"]?["code"]?.stringValue ?? "sms.provisioning.failed",
                    message: "\(address): provisioning failed: "
                        + (v["provisioningStatus"]?["error"]?["message"]?.stringValue ?? "no detail"),
                    request: "GET \(path)")
            case "Running": return false
            default: return true
            }
        }
        return v ?? .null
    }

    func updateNumber(_ request: PlatformRequest, _ n: NumberSpec, remoteId: String) async throws -> RemoteObject {
        let r = request.resource
        var content: Value = .null
        if let cp = n.contentProfile {
            content = ["id": .string(try await referenceId(request, Address(.contentProfile, cp)))]
        }
        try await client.send(
            "PATCH", Paths.numbers + "/" + remoteId, body: ["supportedContent": content], safe: true, resource: r.address)
        let v = try await waitForProvisioning(remoteId, r.address, request.progress)
        return try await numberObject(v, fallback: r.attributes, resource: r.address)
    }
}
