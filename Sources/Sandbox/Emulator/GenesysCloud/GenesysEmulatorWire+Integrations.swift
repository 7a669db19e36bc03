import Foundation
import PlatformKit
import SwitchboardModel

/// `/api/v2/integrations`: the BYO Twilio SMS integration type, integrations, their configuration, credentials.
extension GenesysEmulatorWire {
    static let integrationRoutes: [(String, Endpoint)] = [
        ("GET integrations/types", { w, r in w.listIntegrationTypes(r) }),
        ("GET integrations", { w, r in w.listIntegrations(r) }),
        ("POST integrations", { w, r in try w.createIntegration(r) }),
        ("GET integrations/credentials/listing", { w, r in w.listCredentials(r) }),
        ("POST integrations/credentials", { w, r in try w.createCredential(r) }),
        ("GET integrations/credentials/*", { w, r in try w.getCredential(r) }),
        ("PUT integrations/credentials/*", { w, r in try w.putCredential(r) }),
        ("DELETE integrations/credentials/*", { w, r in try w.deleteCredential(r) }),
        ("GET integrations/*", { w, r in try w.getIntegration(r) }),
        ("PATCH integrations/*", { w, r in try w.patchIntegration(r) }),
        ("DELETE integrations/*", { w, r in try w.deleteIntegration(r) }),
        ("GET integrations/*/config/current", { w, r in try w.getIntegrationConfig(r) }),
        ("PUT integrations/*/config/current", { w, r in try w.putIntegrationConfig(r) }),
    ]

    /// The BYO Twilio SMS integration type, as `GET /api/v2/integrations/types` lists it.
    static let twilioType: Value = [
        "id": .string(SandboxWorld.twilioSMSIntegrationType), "name": "BYO SMS - Twilio", "provider": "twilio",
        "vendorName": "Twilio", "description": "Bring your own Twilio SMS", "maxInstances": 10, "nonInstallable": false,
        "credentials": ["twilio": ["required": true, "title": "Twilio account", "credentialTypes": ["twilio"]]],
    ]

    // MARK: - Integrations

    func listIntegrationTypes(_ r: Request) -> Reply { (200, page([Self.twilioType], r.query)) }

    func listIntegrations(_ r: Request) -> Reply {
        let type = r.query["integrationType"]
        let list = o.integrations.values.filter { $0.deleteCompletesAt == nil }.sorted { $0.name < $1.name }
            .filter { type == nil || $0.integrationType.id == type }
        return (200, page(list.map(integration), r.query))
    }

    mutating func createIntegration(_ r: Request) throws -> Reply {
        guard let name = r.body["name"]?.stringValue, let type = r.body["integrationType"]?["id"]?.stringValue else {
            throw EmulatorError.bad("name and integrationType.id are required", field: "integrationType")
        }
        guard type == SandboxWorld.twilioSMSIntegrationType else {
            throw EmulatorError.bad("unknown integration type '\(type)'", field: "integrationType")
        }
        return (200, integration(world.createUnconfiguredTwilioSMSIntegration(org: org, name: name, now: now)))
    }

    func getIntegration(_ r: Request) throws -> Reply {
        (200, integration(try find(o.integrations[r.id], "integration", r.id)))
    }

    /// PATCH `intendedState` (enabling needs a configuration first) and `name`.
    mutating func patchIntegration(_ r: Request) throws -> Reply {
        let current = try liveIntegration(r.id)
        guard let s = r.body["intendedState"]?.stringValue, ["ENABLED", "DISABLED"].contains(s) else {
            throw EmulatorError.bad("intendedState is required (ENABLED or DISABLED)", field: "intendedState")
        }
        if s == "ENABLED" && current.accountSid.isEmpty {
            throw EmulatorError(
                status: 400, code: "integration.not.configured",
                message: "integration '\(current.name)' has no configuration; PUT config/current first")
        }
        var i = try world.setTwilioSMSIntegrationState(
            org: org, id: r.id, enabled: s == "ENABLED", now: now, timing: timing)
        if let name = r.body["name"]?.stringValue, !name.isEmpty, name != i.name {
            i.name = name
            world.withGenesys(org) { $0.integrations[r.id] = i }
        }
        return (200, integration(i))
    }

    mutating func deleteIntegration(_ r: Request) throws -> Reply {
        _ = try liveIntegration(r.id)
        _ = world.deleteTwilioSMSIntegration(org: org, id: r.id, now: now, timing: timing)
        return (200, ["id": .string(r.id)])
    }

    func getIntegrationConfig(_ r: Request) throws -> Reply { (200, config(try liveIntegration(r.id))) }

    /// PUT `config/current` at the current `version`: the account SID, region and credential.
    mutating func putIntegrationConfig(_ r: Request) throws -> Reply {
        let properties = r.body["properties"]
        let credentialId = (r.body["credentials"]?.objectValue ?? [:]).values.compactMap { $0["id"]?.stringValue }.first
        let i = try world.configureTwilioSMSIntegration(
            org: org, id: r.id, version: r.body["version"]?.intValue,
            accountSid: properties?["accountSid"]?.stringValue ?? "", region: properties?["region"]?.stringValue ?? "",
            credentialId: credentialId)
        return (200, config(i))
    }

    /// An integration that is not being deleted.
    func liveIntegration(_ id: String) throws -> SandboxTwilioSMSIntegration {
        let i = try find(o.integrations[id], "integration", id)
        if i.deleteCompletesAt != nil { throw EmulatorError.notFound("integration '\(id)'") }
        return i
    }

    // MARK: - Credentials

    func listCredentials(_ r: Request) -> Reply {
        (200, ["entities": .list((o.credentials ?? [:]).values.sorted { $0.id < $1.id }.map(credential))])
    }

    mutating func createCredential(_ r: Request) throws -> Reply {
        let c = try world.createCredential(
            org: org, name: r.body["name"]?.stringValue ?? "", typeName: r.body["type"]?["name"]?.stringValue ?? "",
            fields: Self.fields(r.body["credentialFields"]))
        return (200, credential(c))
    }

    func getCredential(_ r: Request) throws -> Reply {
        (200, credential(try find(o.credentials?[r.id], "credential", r.id)))
    }

    mutating func putCredential(_ r: Request) throws -> Reply {
        let c = try world.updateCredential(
            org: org, id: r.id, name: r.body["name"]?.stringValue, fields: Self.fields(r.body["credentialFields"]))
        return (200, credential(c))
    }

    mutating func deleteCredential(_ r: Request) throws -> Reply {
        try world.deleteCredential(org: org, id: r.id)
        return (204, nil)
    }

    /// Credential fields as text (the world keeps fingerprints of them only).
    static func fields(_ v: Value?) -> [String: String] {
        (v?.objectValue ?? [:]).mapValues { $0.stringValue ?? $0.jsonText }
    }
}
