import Foundation
import PlatformKit
import SwitchboardModel

/// `list(kind:)`: every object of a kind, read with Genesys Cloud's `pageSize`/`pageNumber` paging at 100 a page (the
/// page size the vendor's own Terraform provider uses for these listings; the SDKs document no larger maximum) or,
/// for templates, the response query at 500 a page (its documented maximum). References are named from listings read
/// once per command, never with a request per object.
extension GenesysCloudPlatform {
    public func list(kind: Kind) async throws -> [RemoteObject] {
        switch kind {
        case .contentProfile: return try await listContentProfiles()
        case .integration: return try await listWhatsApp() + listTwilioSMS() + listAgentlessEmail()
        case .number: return try await listNumbers()
        case .template: return try await listTemplates()
        default: return []
        }
    }

    /// Every entity of `path`, at `GenesysClientOptions.pageSize` (100) a page.
    func listAll(_ path: String, query: [(String, String)] = []) async throws -> [Value] {
        try await client.getAll(path, query: query)
    }

    /// Makes sure the names of every object of `path` are known (one listing per command).
    func learnNames(_ path: String) async throws {
        guard await !cache.isListed(path) else { return }
        await cache.setListing(path, try await listAll(path))
    }

    func listContentProfiles() async throws -> [RemoteObject] {
        let all = try await listAll(Paths.supportedContent)
        await cache.setListing(Paths.supportedContent, all)
        return all.map { contentProfileObject($0, extends: nil) }
    }

    func listWhatsApp() async throws -> [RemoteObject] {
        try await learnNames(Paths.supportedContent)
        var out: [RemoteObject] = []
        for v in try await listAll(Paths.whatsapp, query: [("expand", "supportedContent")])
        where v["status"]?.stringValue != "Deleting" {
            out.append(try await whatsAppObject(v, fallback: [:], resource: nil))
        }
        return out
    }

    /// The BYO Twilio SMS integrations (filtered by their type) with each one's configuration: the listing does not
    /// carry the account and region, so each integration's `config/current` is read (integrations are few).
    func listTwilioSMS() async throws -> [RemoteObject] {
        let all = try await listAll(Paths.integrations)
        await cache.setListing(Paths.integrations, all)
        guard !all.isEmpty else { return [] }
        let type = try await twilioType(nil)
        var out: [RemoteObject] = []
        for v in all where v["integrationType"]?["id"]?.stringValue == type.id {
            guard let id = v["id"]?.stringValue else { continue }
            let config = try await client.getIfExists(Paths.integrations + "/" + id + "/config/current")
            out.append(twilioObject(v, config: config, fallback: [:]))
        }
        return out
    }

    /// The outbound e-mail domains, each with its activation (the DNS records and sender status the listing lacks).
    func listAgentlessEmail() async throws -> [RemoteObject] {
        var out: [RemoteObject] = []
        for domain in try await listAll(Paths.domains) {
            guard let id = domain["id"]?.stringValue else { continue }
            let activation = try await client.getIfExists(Paths.domains + "/" + id + "/activation")
            out.append(domainObject(domain, activation: activation, fallback: [:]))
        }
        return out
    }

    func listNumbers() async throws -> [RemoteObject] {
        try await learnNames(Paths.integrations)
        try await learnNames(Paths.supportedContent)
        var out: [RemoteObject] = []
        for v in try await listAll(Paths.numbers, query: [("expand", "supportedContent")])
        where v["provisioningStatus"]?["action"]?.stringValue != "Delete" {
            out.append(try await numberObject(v, fallback: [:], resource: nil))
        }
        return out
    }

    /// The WhatsApp templates of the library: its responses grouped by template name (the Meta name with `_` for the
    /// resource name's `-`).
    func listTemplates() async throws -> [RemoteObject] {
        let index = try await templateIndex(nil)
        return index.responses.keys.sorted().compactMap { meta in
            let name = meta.replacingOccurrences(of: "_", with: "-")
            return templateObject(index.responses[meta] ?? [:], fallback: [:], name: name)
        }
    }
}
