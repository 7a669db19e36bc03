import Foundation
import PlatformKit
import SwitchboardModel

/// Integration `twilio-sms` <-> `/api/v2/integrations` + a credential + `config/current` + `intendedState`.
extension GenesysCloudPlatform {
    /// The BYO Twilio SMS integration type, found by listing types (its id is not documented).
    struct TwilioType {
        var id: String
        var credentialKey: String
        var credentialType: String
    }

    /// The type, listed once per command.
    func twilioType(_ address: Address?) async throws -> TwilioType {
        if let known = await cache.cachedTwilioType() { return known }
        let found = try await listTwilioType(address)
        await cache.setTwilioType(found)
        return found
    }

    private func listTwilioType(_ address: Address?) async throws -> TwilioType {
        let types = try await client.getAll(Paths.integrationTypes, resource: address)
        let match = types.first { t in
            let text = ["id", "name", "provider", "vendorName", "description"]
                .compactMap { t[$0]?.stringValue?.lowercased() }.joined(separator: " ")
            return text.contains("twilio") && text.contains("sms")
        }
        guard let t = match, let id = t["id"]?.stringValue else {
            throw PlatformError(
                code: "genesys.integration-type",
                message: "\(address.map { "\($0): " } ?? "")no BYO Twilio SMS integration type is available to this organization "
                    + "(GET \(Paths.integrationTypes) lists none mentioning Twilio and SMS)",
                request: "GET \(Paths.integrationTypes)")
        }
        let credentials = t["credentials"]?.objectValue ?? [:]
        let key = credentials.keys.sorted().first ?? "twilio"
        let credentialType = credentials[key]?["credentialTypes"]?.listValue?.first?.stringValue ?? "twilio"
        return TwilioType(id: id, credentialKey: key, credentialType: credentialType)
    }

    /// The integration as a remote object. An account SID or region its configuration lacks is `null` (an
    /// integration created but never configured, which the next apply completes), unless `fallback` (what state
    /// recorded, for a read whose configuration could not be fetched) has it.
    func twilioObject(_ v: Value, config: Value?, fallback: [String: Value]) -> RemoteObject {
        var a: [String: Value] = [:]
        a[.type] = .string(IntegrationType.twilioSMS.rawValue)
        let properties = config?["properties"]
        a[.accountSid] = properties?["accountSid"] ?? (config == nil ? fallback[.accountSid] : nil) ?? .null
        a[.region] = properties?["region"] ?? (config == nil ? fallback[.region] : nil) ?? .null
        a[.enabled] = .bool(v["intendedState"]?.stringValue == "ENABLED")
        var outputs: [String: Value] = [:]
        if let region = a[.region]?.stringValue, let url = GenesysRegion.byoSMSWebhookURL(region: region) {
            outputs["inboundWebhookUrl"] = .string(url)
        }
        if let cred = config?["credentials"]?.objectValue?.values.first?["id"] { outputs["credentialId"] = cred }
        let status: ResourceStatus
        switch v["reportedState"]?["code"]?.stringValue {
        case "ACTIVE": status = .active
        case "ACTIVATING", "DEACTIVATING": status = .pending
        case "ERROR": status = .error
        default: status = .disabled
        }
        return RemoteObject(
            remoteId: v["id"]?.stringValue ?? "", status: status, attributes: a, outputs: outputs,
            naturalKey: v["name"]?.stringValue, name: v["name"]?.stringValue)
    }

    func readTwilioSMS(_ state: ResourceState) async throws -> RemoteObject? {
        let path = Paths.integrations + "/" + state.remoteId
        guard let v = try await client.getIfExists(path, resource: state.address) else { return nil }
        let config = try await client.getIfExists(path + "/config/current", resource: state.address)
        return twilioObject(v, config: config, fallback: state.attributes)
    }

    func findTwilioValue(_ name: String, _ address: Address) async throws -> Value? {
        try await client.getAll(Paths.integrations, resource: address).first { $0["name"]?.stringValue == name }
    }

    /// Every twilio-sms integration named as the resource, as it is (no attribute taken from the manifest: one that
    /// was never configured shows so).
    func findTwilioSMS(_ resource: Resource) async throws -> [RemoteObject] {
        let all = try await client.getAll(Paths.integrations, resource: resource.address)
        var found: [RemoteObject] = []
        for v in all where v["name"]?.stringValue == resource.name {
            guard let id = v["id"]?.stringValue else { continue }
            let config = try await client.getIfExists(
                Paths.integrations + "/" + id + "/config/current", resource: resource.address)
            found.append(twilioObject(v, config: config ?? [:], fallback: [:]))
        }
        return found
    }

    func credentialsListing(_ address: Address) async throws -> [Value] {
        var all: [Value] = []
        var after: String?
        for _ in 0..<1000 {
            // "pageSize: Number of entities to return. Maximum of 200."
            let query = [("pageSize", "200")] + (after.map { [("after", $0)] } ?? [])
            let reply = try await client.send("GET", Paths.credentials + "/listing", query: query, resource: address)
            all += reply["entities"]?.listValue ?? []
            guard let next = reply["after"]?.stringValue ?? reply["cursors"]?["after"]?.stringValue, next != after else {
                break
            }
            after = next
        }
        return all
    }

    /// Creates the integration's credential (account SID and auth token) and returns its id.
    func createCredential(_ request: PlatformRequest, _ t: TwilioSMSIntegration, _ type: TwilioType) async throws -> String {
        let r = request.resource
        let token = try secret(request, .authToken)
        let credentialBody: Value = [
            "name": .string(Self.credentialName(r.name)), "type": ["name": .string(type.credentialType)],
            "credentialFields": ["accountSid": .string(t.accountSid), "authToken": .string(token)],
        ]
        let credential = try await unsafeCall(r.address) {
            try await client.send(
                "POST", Paths.credentials, body: credentialBody, safe: false, resource: r.address, secrets: [token])
        } recover: {
            try await credentialsListing(r.address).first { $0["name"]?.stringValue == Self.credentialName(r.name) }
        }
        guard let credentialId = credential["id"]?.stringValue else {
            throw PlatformError(code: "genesys.response", message: "\(r.address): the credential reply has no id")
        }
        return credentialId
    }

    /// The name Switchboard gives the credential of integration `name`.
    static func credentialName(_ name: String) -> String { "\(name) (Switchboard)" }

    func createTwilioSMS(_ request: PlatformRequest, _ t: TwilioSMSIntegration) async throws -> RemoteObject {
        let r = request.resource
        let type = try await twilioType(r.address)
        let credentialId = try await createCredential(request, t, type)
        let created = try await unsafeCall(r.address) {
            try await client.send(
                "POST", Paths.integrations, body: ["name": .string(r.name), "integrationType": ["id": .string(type.id)]],
                safe: false, resource: r.address)
        } recover: {
            try await findTwilioValue(r.name, r.address)
        }
        guard let id = created["id"]?.stringValue else {
            throw PlatformError(code: "genesys.response", message: "\(r.address): the integration reply has no id")
        }
        try await putConfig(id: id, r.address, t, credentialKey: type.credentialKey, credentialId: credentialId)
        return try await setIntendedState(request, id: id, enabled: t.enabled)
    }

    /// PUTs `config/current` at the latest `version`, re-reading once per version conflict.
    func putConfig(id: String, _ address: Address, _ t: TwilioSMSIntegration, credentialKey: String?, credentialId: String?) async throws {
        let path = Paths.integrations + "/" + id + "/config/current"
        var attempt = 0
        while true {
            attempt += 1
            let current = try await client.send("GET", path, resource: address)
            var credentials = current["credentials"] ?? [:]
            if let credentialKey, let credentialId {
                credentials = .object([credentialKey: ["id": .string(credentialId)]])
            }
            let body: Value = [
                "name": .string(address.name), "version": current["version"] ?? 1,
                "properties": ["accountSid": .string(t.accountSid), "region": .string(t.region)],
                "advanced": current["advanced"] ?? [:], "notes": "Managed by Switchboard", "credentials": credentials,
            ]
            do {
                try await client.send("PUT", path, body: body, safe: true, resource: address)
                return
            } catch let e as PlatformError where e.status == 409 && attempt < 5 {
                continue
            }
        }
    }

    func setIntendedState(_ request: PlatformRequest, id: String, enabled: Bool) async throws -> RemoteObject {
        let address = request.resource.address
        let path = Paths.integrations + "/" + id
        let intended = enabled ? "ENABLED" : "DISABLED"
        try await client.send(
            "PATCH", path, body: ["name": .string(address.name), "intendedState": .string(intended)], safe: true,
            resource: address)
        let want = enabled ? "ACTIVE" : "INACTIVE"
        let v = try await client.poll(
            path, resource: address, waitingFor: "reportedState \(want)", progress: request.progress
        ) { v in
            let code = v?["reportedState"]?["code"]?.stringValue
            if code == "ERROR" {
                throw PlatformError(
                    code: "integration.error",
                    message: "\(address): the integration reports ERROR: "
                        + (v?["reportedState"]?["detail"]?["message"]?.stringValue ?? "no detail"),
                    request: "GET \(path)")
            }
            return code == want
        }
        let config = try await client.getIfExists(path + "/config/current", resource: address)
        return twilioObject(v ?? .null, config: config, fallback: request.resource.attributes)
    }

    /// Changes the token, enabled state and (for an integration never configured, adopted after a crash between its
    /// create and its configuration) gives it its credential and configuration first.
    func updateTwilioSMS(_ request: PlatformRequest, _ t: TwilioSMSIntegration, remoteId: String) async throws -> RemoteObject {
        let address = request.resource.address
        let path = Paths.integrations + "/" + remoteId
        let config = try await client.send("GET", path + "/config/current", resource: address)
        if let credentialId = config["credentials"]?.objectValue?.values.first?["id"]?.stringValue {
            if request.changes.contains(where: { $0.path == Field.authToken.path }) {
                try await putCredential(request, t, id: credentialId)
            }
            let properties = config["properties"]
            if properties?["accountSid"]?.stringValue != t.accountSid || properties?["region"]?.stringValue != t.region {
                try await putConfig(id: remoteId, address, t, credentialKey: nil, credentialId: nil)
            }
        } else {
            // Never configured: the credential a killed create made first is reused (its token set again), else made.
            let type = try await twilioType(address)
            let orphan = try await credentialsListing(address)
                .first { $0["name"]?.stringValue == Self.credentialName(address.name) }?["id"]?.stringValue
            let credentialId: String
            if let orphan {
                try await putCredential(request, t, id: orphan)
                credentialId = orphan
            } else {
                credentialId = try await createCredential(request, t, type)
            }
            try await putConfig(id: remoteId, address, t, credentialKey: type.credentialKey, credentialId: credentialId)
        }
        return try await setIntendedState(request, id: remoteId, enabled: t.enabled)
    }

    /// Sets the account SID and auth token of credential `id`.
    func putCredential(_ request: PlatformRequest, _ t: TwilioSMSIntegration, id: String) async throws {
        let address = request.resource.address
        let token = try secret(request, .authToken)
        let existing = try await client.send("GET", Paths.credentials + "/" + id, resource: address)
        let body: Value = [
            "name": existing["name"] ?? .string(address.name), "type": existing["type"] ?? ["name": "twilio"],
            "credentialFields": ["accountSid": .string(t.accountSid), "authToken": .string(token)],
        ]
        try await client.send(
            "PUT", Paths.credentials + "/" + id, body: body, safe: true, resource: address, secrets: [token])
    }

    func deleteTwilioSMS(_ state: ResourceState) async throws {
        let path = Paths.integrations + "/" + state.remoteId
        let config = try await client.getIfExists(path + "/config/current", resource: state.address)
        try await deleteAndWait(path, state.address)
        let credentialId = config?["credentials"]?.objectValue?.values.first?["id"]?.stringValue
            ?? state.outputs["credentialId"]?.stringValue
        if let credentialId {
            do {
                try await client.send("DELETE", Paths.credentials + "/" + credentialId, resource: state.address)
            } catch let e as PlatformError where e.status == 404 {}
        }
    }
}
