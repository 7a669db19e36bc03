import Foundation
import SwitchboardModel

extension SandboxWorld {
    // MARK: - Organization access

    /// Runs `body` on the Genesys Cloud organization of connection `org`, creating it on first use.
    public mutating func withGenesys<T>(_ org: String, _ body: (inout SandboxGenesysOrg) throws -> T) rethrows -> T {
        var o = genesys[org] ?? SandboxGenesysOrg()
        defer { genesys[org] = o }
        return try body(&o)
    }

    // MARK: - Supported content

    /// Creates a supported content profile.
    /// - Throws: `invalid.value` for a malformed media type, `supportedcontent.name.duplicate` for a taken name.
    public mutating func createSupportedContent(
        org: String, name: String, inbound: [String], outbound: [String], extends: String? = nil, now: Date
    ) throws -> SandboxSupportedContent {
        try Self.checkMediaTypes(inbound + outbound)
        return try withGenesys(org) { o in
            if o.supportedContent.values.contains(where: { $0.name == name }) {
                throw PlatformError.sandbox(
                    "supportedcontent.name.duplicate", "a supported content profile named '\(name)' already exists",
                    status: 409)
            }
            let sc = SandboxSupportedContent(
                id: Self.newId(), name: name,
                mediaTypes: SandboxMediaTypes(allow: SandboxMediaTypeAccess(
                    inbound: inbound.map(SandboxMediaType.init), outbound: outbound.map(SandboxMediaType.init))),
                version: 1, dateCreated: now, dateModified: now, extends: extends)
            o.supportedContent[sc.id] = sc
            return sc
        }
    }

    /// Replaces a supported content profile's media types (PATCH).
    /// - Throws: `not.found`, `invalid.value`.
    public mutating func updateSupportedContent(
        org: String, id: String, inbound: [String], outbound: [String], extends: String?, now: Date
    ) throws -> SandboxSupportedContent {
        try Self.checkMediaTypes(inbound + outbound)
        return try withGenesys(org) { o in
            guard var sc = o.supportedContent[id] else { throw Self.notFound("supported content", id) }
            sc.mediaTypes.allow = SandboxMediaTypeAccess(
                inbound: inbound.map(SandboxMediaType.init), outbound: outbound.map(SandboxMediaType.init))
            sc.extends = extends
            sc.version += 1
            sc.dateModified = now
            o.supportedContent[id] = sc
            return sc
        }
    }

    /// Deletes a supported content profile.
    /// - Throws: `supportedcontent.in.use` while an integration or number uses it.
    public mutating func deleteSupportedContent(org: String, id: String) throws {
        try withGenesys(org) { o in
            guard o.supportedContent[id] != nil else { return }
            let users = o.whatsAppIntegrations.values.filter { $0.supportedContent?.id == id }.map(\.name)
                + o.smsPhoneNumbers.values.filter { $0.supportedContent?.id == id }.map(\.name)
            if !users.isEmpty {
                throw PlatformError.sandbox(
                    "supportedcontent.in.use",
                    "the supported content profile is used by \(users.sorted().joined(separator: ", "))", status: 409)
            }
            o.supportedContent[id] = nil
        }
    }

    static func checkMediaTypes(_ types: [String]) throws {
        for t in types {
            let parts = t.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count != 2 || parts[0].isEmpty || parts[1].isEmpty || (parts[0] == "*" && parts[1] != "*") {
                throw PlatformError.sandbox("invalid.value", "'\(t)' is not a media type (type/subtype, type/* or */*)")
            }
        }
    }

    // MARK: - Agentless e-mail domains

    /// Creates a campaign e-mail domain; `senderStatus` goes `RequestReceived`, then `Provisioned`.
    /// - Throws: `invalid.value` (domain, from address, display name, rate limit), `outbound.domain.exists`.
    public mutating func createOutboundDomain(
        org: String, name: String, domain: String, fromAddress: String, displayName: String, rateLimitPerMinute: Int,
        enabled: Bool, now: Date, timing: SandboxTiming
    ) throws -> SandboxOutboundDomain {
        let d = domain.lowercased()
        guard d.contains("."), !d.hasPrefix("."), !d.hasSuffix("."),
            d.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." })
        else { throw PlatformError.sandbox("invalid.value", "'\(domain)' is not a domain name") }
        try Self.checkEmailSettings(fromAddress: fromAddress, displayName: displayName, rate: rateLimitPerMinute)
        let created: SandboxOutboundDomain = try withGenesys(org) { o in
            if o.outboundDomains[d] != nil {
                throw PlatformError.sandbox("outbound.domain.exists", "domain \(d) is already set up", status: 409)
            }
            let od = SandboxOutboundDomain(
                id: d, name: name, senderType: "EmailDomain", senderStatus: "RequestReceived",
                dnsCnameBounceRecord: SandboxDNSRecord(
                    host: "bounce.\(d)", recordContents: "bounce.sandbox.mypurecloud.com", verificationStatus: "Pending"),
                dnsTxtSendingRecord: SandboxDNSRecord(
                    host: d, recordContents: "v=spf1 include:_spf.sandbox.mypurecloud.com ~all",
                    verificationStatus: "Pending"),
                fromAddress: fromAddress, displayName: displayName, rateLimitPerMinute: rateLimitPerMinute,
                enabled: enabled, dateCreated: now, provisionedAt: now.addingTimeInterval(timing.provisioning))
            o.outboundDomains[d] = od
            return od
        }
        if enabled { chargeEmail(org, created, now) }
        return created
    }

    mutating func chargeEmail(_ org: String, _ d: SandboxOutboundDomain, _ now: Date) {
        charge(
            org, .agentlessEmail, d.id,
            "agentless e-mail from \(d.id) enabled: every message sent is charged (usage)", .usage, now)
    }

    static func checkEmailSettings(fromAddress: String, displayName: String, rate: Int) throws {
        guard !fromAddress.isEmpty, fromAddress.count <= 64, !fromAddress.contains("@") else {
            throw PlatformError.sandbox("invalid.value", "fromAddress must be a local part of at most 64 characters")
        }
        guard displayName.count <= 64 else {
            throw PlatformError.sandbox("invalid.value", "displayName must be at most 64 characters")
        }
        guard [600, 1200, 3000].contains(rate) else {
            throw PlatformError.sandbox("invalid.value", "rateLimitPerMinute must be 600, 1200 or 3000 (by arrangement)")
        }
    }

    /// Deletes a domain (immediately).
    public mutating func deleteOutboundDomain(org: String, id: String) {
        withGenesys(org) { o in o.outboundDomains[id] = nil }
    }
}
