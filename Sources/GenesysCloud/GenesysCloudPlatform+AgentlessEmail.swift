import Foundation
import PlatformKit
import SwitchboardModel

/// Integration `agentless-email` <-> `/api/v2/routing/email/outbound/domains` (a campaign sub-domain).
///
/// The sender address, display name and rate are properties of each send, not of the domain: they are kept from
/// the manifest and cannot drift.
extension GenesysCloudPlatform {
    static func dnsRecord(_ v: Value?) -> Value? {
        guard let v, let host = v["host"] else { return nil }
        return [
            "host": host, "recordContents": v["recordContents"] ?? .null,
            "verificationStatus": v["verificationStatus"] ?? "Unknown",
        ]
    }

    func domainObject(_ domain: Value, activation: Value?, fallback: [String: Value]) -> RemoteObject {
        var a = fallback.filter { [Field.fromAddress, .displayName, .rateLimitPerMinute, .enabled].contains(Field($0.key)) }
        a[.type] = .string(IntegrationType.agentlessEmail.rawValue)
        let id = domain["id"]?.stringValue ?? activation?["domainName"]?.stringValue ?? ""
        a[.domain] = .string(id)
        var outputs: [String: Value] = [:]
        if let c = Self.dnsRecord(activation?["dnsCnameBounceRecord"]) { outputs["dnsCnameBounceRecord"] = c }
        if let t = Self.dnsRecord(activation?["dnsTxtSendingRecord"]) { outputs["dnsTxtSendingRecord"] = t }
        let verified = ["dnsCnameBounceRecord", "dnsTxtSendingRecord"].allSatisfy {
            outputs[$0]?["verificationStatus"]?.stringValue == "Verified"
        }
        let sender = activation?["senderStatus"]?.stringValue
        let status: ResourceStatus = sender == "Error" ? .error : (verified ? .active : .awaitingDNS)
        return RemoteObject(remoteId: id, status: status, attributes: a, outputs: outputs, naturalKey: id)
    }

    func readAgentlessEmail(_ state: ResourceState) async throws -> RemoteObject? {
        let path = Paths.domains + "/" + state.remoteId
        guard let domain = try await client.getIfExists(path, resource: state.address) else { return nil }
        let activation = try await client.getIfExists(path + "/activation", resource: state.address)
        return domainObject(domain, activation: activation, fallback: state.attributes)
    }

    func findAgentlessEmail(_ resource: Resource) async throws -> RemoteObject? {
        guard case .integration(.agentlessEmail(let e)) = resource.spec else { return nil }
        let path = Paths.domains + "/" + e.domain
        guard let domain = try await client.getIfExists(path, resource: resource.address) else { return nil }
        let activation = try await client.getIfExists(path + "/activation", resource: resource.address)
        return domainObject(domain, activation: activation, fallback: resource.attributes)
    }

    func createAgentlessEmail(_ request: PlatformRequest, _ e: AgentlessEmailIntegration) async throws -> RemoteObject {
        let r = request.resource
        let path = Paths.domains + "/" + e.domain
        let created = try await unsafeCall(r.address) {
            try await client.send(
                "POST", Paths.domains, body: ["id": .string(e.domain), "name": .string(e.domain), "senderType": "EmailDomain"],
                safe: false, resource: r.address)
        } recover: {
            try await client.getIfExists(path, resource: r.address)
        }
        let activation = try await client.poll(
            path + "/activation", resource: r.address, waitingFor: "the sending domain to be provisioned",
            progress: request.progress
        ) { v in
            let s = v?["senderStatus"]?.stringValue
            if s == "Error" {
                throw PlatformError(
                    code: "email.domain-error", message: "\(r.address): the domain could not be provisioned",
                    request: "GET \(path)/activation")
            }
            return s == "Provisioned" || s == nil && v != nil
        }
        let object = domainObject(created, activation: activation, fallback: r.attributes)
        if object.status == .awaitingDNS {
            request.progress("publish the DNS records in the outputs so Genesys Cloud can verify \(e.domain)")
        }
        return object
    }

    func updateAgentlessEmail(_ request: PlatformRequest, _ e: AgentlessEmailIntegration, remoteId: String) async throws -> RemoteObject {
        let path = Paths.domains + "/" + remoteId
        let address = request.resource.address
        guard let domain = try await client.getIfExists(path, resource: address) else {
            throw PlatformError(code: "not.found", message: "\(address): the domain no longer exists", request: "GET \(path)", status: 404)
        }
        // Re-checks the CNAME and TXT records (PUT activation), so an update also refreshes verification.
        let activation = try await client.send("PUT", path + "/activation", resource: address)
        return domainObject(domain, activation: activation, fallback: request.resource.attributes)
    }
}
