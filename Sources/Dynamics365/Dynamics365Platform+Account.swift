import Foundation
import PlatformKit
import SwitchboardModel

/// Integration `twilio-whatsapp` as a `msdyn_ocwhatsappchannelaccount`: the Twilio account SID in
/// `msdyn_provideraccountid`, the auth token write-only, the inbound URL Dynamics generates read back as the output
/// `twilioInboundUrl`. Its natural key is the account SID.
extension Dynamics365Platform {
    static let accountColumns = "msdyn_ocwhatsappchannelaccountid,msdyn_name,msdyn_provideraccountid,msdyn_twilioinboundurl,statecode"

    func accountObject(_ row: Value) -> RemoteObject? {
        guard let id = row["msdyn_ocwhatsappchannelaccountid"]?.stringValue else { return nil }
        let sid = row["msdyn_provideraccountid"]?.stringValue ?? ""
        var outputs: [String: Value] = [:]
        if let url = row["msdyn_twilioinboundurl"]?.stringValue { outputs["twilioInboundUrl"] = .string(url) }
        var a: [String: Value] = [:]
        a[.type] = .string(IntegrationType.twilioWhatsApp.rawValue)
        a[.accountSid] = .string(sid)
        return RemoteObject(
            remoteId: id, status: row["statecode"]?.intValue == 1 ? .disabled : .active, attributes: a,
            outputs: outputs, naturalKey: sid, name: row["msdyn_name"]?.stringValue)
    }

    func readAccount(_ id: String, fallback: [String: Value], _ address: Address) async throws -> RemoteObject? {
        let set = try await client.entitySet(Tables.account)
        guard let row = try await client.get("\(set)(\(id))", query: [("$select", Self.accountColumns)], resource: address)
        else { return nil }
        return accountObject(row)
    }

    func findAccount(_ resource: Resource) async throws -> RemoteObject? {
        guard case .integration(.twilioWhatsApp(let a)) = resource.spec else { return nil }
        return try await accountRow(sid: a.accountSid, resource.address).flatMap(accountObject)
    }

    private func accountRow(sid: String, _ address: Address) async throws -> Value? {
        let rows = try await rows(
            Tables.account, where: "msdyn_provideraccountid", Self.literal(sid), select: Self.accountColumns, address)
        return try single(rows, id: "msdyn_ocwhatsappchannelaccountid", key: sid, address)
    }

    func createAccount(_ request: PlatformRequest, _ a: TwilioWhatsAppIntegration) async throws -> RemoteObject {
        let r = request.resource
        let token = try secret(request, .authToken)
        let set = try await client.entitySet(Tables.account)
        let body: Value = [
            "msdyn_name": .string(r.name), "msdyn_provideraccountid": .string(a.accountSid),
            "msdyn_authenticationtoken": .string(token), "msdyn_secureauthenticationtoken": .string(token),
        ]
        let id = try await unsafeCall(
            perform: { try await client.create(set, body, resource: r.address) },
            recover: { try await accountRow(sid: a.accountSid, r.address)?["msdyn_ocwhatsappchannelaccountid"]?.stringValue })
        return try await readBack(readAccount(id, fallback: r.attributes, r.address), r.address)
    }

    func updateAccount(
        _ request: PlatformRequest, _ a: TwilioWhatsAppIntegration, remoteId: String
    ) async throws -> RemoteObject {
        let r = request.resource
        var body: [String: Value] = ["msdyn_name": .string(r.name)]
        if let token = request.secrets[Field.authToken.path], !token.isEmpty {
            body["msdyn_authenticationtoken"] = .string(token)
            body["msdyn_secureauthenticationtoken"] = .string(token)
        }
        try await client.update(try await client.entitySet(Tables.account), remoteId, .object(body), resource: r.address)
        return try await readBack(readAccount(remoteId, fallback: r.attributes, r.address), r.address)
    }

    /// The object just written; it must exist.
    func readBack(_ object: RemoteObject?, _ address: Address) throws -> RemoteObject {
        guard let object else {
            throw PlatformError(code: "not.found", message: "\(address) no longer exists on platform '\(name)'", status: 404)
        }
        return object
    }

    /// The secret at `field` in the request.
    /// - Throws: `env.unset` when it was not resolved.
    func secret(_ request: PlatformRequest, _ field: Field) throws -> String {
        guard let v = request.secrets[field.path], !v.isEmpty else {
            throw PlatformError(code: "env.unset", message: "\(request.resource.address): secret '\(field)' has no value")
        }
        return v
    }
}
