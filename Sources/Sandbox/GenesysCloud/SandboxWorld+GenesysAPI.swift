import Foundation
import SwitchboardModel

/// Operations the Genesys Cloud API takes as separate steps: an integration is created, then configured (credential,
/// properties), then enabled; responses are filed one at a time in a library; credentials and libraries are objects
/// of their own.
extension SandboxWorld {
    // MARK: - BYO Twilio SMS integrations in steps

    /// `POST /api/v2/integrations`: an integration with no configuration yet, disabled.
    public mutating func createUnconfiguredTwilioSMSIntegration(
        org: String, name: String, now: Date
    ) -> SandboxTwilioSMSIntegration {
        withGenesys(org) { o in
            let i = SandboxTwilioSMSIntegration(
                id: Self.newId(), name: name, integrationType: SandboxRef(id: Self.twilioSMSIntegrationType),
                intendedState: "DISABLED",
                reportedState: SandboxReportedState(code: "INACTIVE", effective: "Inactive", lastUpdated: now),
                accountSid: "", region: "", webhookUrl: "", credentialFingerprint: "", version: 1, dateCreated: now)
            o.integrations[i.id] = i
            return i
        }
    }

    /// `PUT /api/v2/integrations/{id}/config/current`: sets the account SID, region and credential.
    /// - Throws: `not.found`, `conflict` when `version` is not the current one, `invalid.value` for a malformed
    ///   account SID, an unknown region or an unknown credential.
    public mutating func configureTwilioSMSIntegration(
        org: String, id: String, version: Int?, accountSid: String, region: String, credentialId: String?
    ) throws -> SandboxTwilioSMSIntegration {
        guard Self.isAccountSid(accountSid) else {
            throw PlatformError.sandbox("invalid.value", "'\(accountSid)' is not a Twilio account SID (AC + 32 hex digits)")
        }
        guard GenesysRegion.domains[region] != nil else {
            throw PlatformError.sandbox("invalid.value", "'\(region)' is not a Genesys Cloud region")
        }
        guard let webhook = GenesysRegion.byoSMSWebhookURL(region: region) else {
            throw PlatformError.sandbox(
                "invalid.value", "Genesys Cloud publishes no BYO SMS webhook for region '\(region)'")
        }
        if twilio[accountSid] == nil { twilio[accountSid] = SandboxTwilioAccount(sid: accountSid) }
        return try withGenesys(org) { o in
            guard var i = o.integrations[id], i.deleteCompletesAt == nil else { throw Self.notFound("integration", id) }
            guard version == i.version else {
                throw PlatformError.sandbox(
                    "conflict", "version \(version.map(String.init) ?? "null") is not the current version \(i.version)",
                    status: 409)
            }
            var fingerprint = i.credentialFingerprint
            if let credentialId {
                guard let c = o.credentials?[credentialId] else {
                    throw PlatformError.sandbox("invalid.value", "credential '\(credentialId)' does not exist")
                }
                fingerprint = c.fieldFingerprints["authToken"] ?? ""
            }
            i.accountSid = accountSid
            i.region = region
            i.webhookUrl = webhook
            i.credentialId = credentialId
            i.credentialFingerprint = fingerprint
            i.version += 1
            o.integrations[id] = i
            return i
        }
    }

    // MARK: - Credentials

    /// `POST /api/v2/integrations/credentials`: keeps fingerprints of the fields, never the values.
    /// - Throws: `invalid.value` for a missing name or type.
    public mutating func createCredential(
        org: String, name: String, typeName: String, fields: [String: String]
    ) throws -> SandboxCredential {
        guard !name.isEmpty, !typeName.isEmpty else {
            throw PlatformError.sandbox("invalid.value", "a credential needs a name and a type")
        }
        return withGenesys(org) { o in
            let c = SandboxCredential(
                id: Self.newId(), name: name, typeName: typeName, fieldFingerprints: fields.mapValues(Self.fingerprint))
            o.credentials = (o.credentials ?? [:]).merging([c.id: c]) { _, b in b }
            return c
        }
    }

    /// `PUT /api/v2/integrations/credentials/{id}`: replaces the fields; an integration using the credential takes
    /// the new auth token.
    /// - Throws: `not.found`.
    public mutating func updateCredential(
        org: String, id: String, name: String?, fields: [String: String]
    ) throws -> SandboxCredential {
        try withGenesys(org) { o in
            guard var c = o.credentials?[id] else { throw Self.notFound("credential", id) }
            if let name { c.name = name }
            c.fieldFingerprints = fields.mapValues(Self.fingerprint)
            o.credentials?[id] = c
            for (iid, var i) in o.integrations where i.credentialId == id {
                i.credentialFingerprint = c.fieldFingerprints["authToken"] ?? ""
                i.version += 1
                o.integrations[iid] = i
            }
            return c
        }
    }

    /// `DELETE /api/v2/integrations/credentials/{id}`.
    /// - Throws: `not.found`.
    public mutating func deleteCredential(org: String, id: String) throws {
        try withGenesys(org) { o in
            guard o.credentials?[id] != nil else { throw Self.notFound("credential", id) }
            o.credentials?[id] = nil
        }
    }

    // MARK: - Response Management, one response at a time

    /// `POST /api/v2/responsemanagement/libraries`.
    /// - Throws: `invalid.value` for an empty name.
    public mutating func createLibrary(org: String, name: String) throws -> SandboxLibrary {
        guard !name.isEmpty else { throw PlatformError.sandbox("invalid.value", "a library needs a name") }
        return withGenesys(org) { o in
            let l = SandboxLibrary(id: Self.newId(), name: name)
            o.libraries = (o.libraries ?? [:]).merging([l.id: l]) { _, b in b }
            return l
        }
    }

    /// `POST /api/v2/responsemanagement/responses`: one response; its template is the name without the trailing
    /// ` (language)`.
    /// - Throws: `invalid.value` for an unknown library, `responsemanagement.response.exists` for a taken name.
    public mutating func createResponse(
        org: String, name: String, libraryIds: [String], responseType: String, texts: [SandboxResponseText],
        messagingTemplate: SandboxMessagingTemplate?, now: Date
    ) throws -> SandboxResponse {
        try withGenesys(org) { o in
            for l in libraryIds where o.libraries?[l] == nil {
                throw PlatformError.sandbox("invalid.value", "library '\(l)' does not exist")
            }
            if o.responses.values.contains(where: { $0.name == name }) {
                throw PlatformError.sandbox(
                    "responsemanagement.response.exists", "a response named '\(name)' already exists", status: 409)
            }
            var template = name
            if let open = name.range(of: " (", options: .backwards), name.hasSuffix(")") {
                template = String(name[..<open.lowerBound])
            }
            let r = SandboxResponse(
                id: Self.newId(), name: name, responseType: responseType, texts: texts,
                messagingTemplate: messagingTemplate, template: template, category: nil, defaultLanguage: nil,
                agentless: false, dateCreated: now, libraryIds: libraryIds, version: 1)
            o.responses[r.id] = r
            return r
        }
    }

    /// `PUT /api/v2/responsemanagement/responses/{id}` at the current `version`.
    /// - Throws: `not.found`, `conflict` for a stale version, `invalid.value` for an unknown library.
    public mutating func replaceResponse(
        org: String, id: String, version: Int?, name: String, libraryIds: [String], texts: [SandboxResponseText],
        messagingTemplate: SandboxMessagingTemplate?
    ) throws -> SandboxResponse {
        try withGenesys(org) { o in
            guard var r = o.responses[id] else { throw Self.notFound("response", id) }
            guard version == (r.version ?? 1) else {
                throw PlatformError.sandbox("conflict", "the version does not match the current version", status: 409)
            }
            for l in libraryIds where o.libraries?[l] == nil {
                throw PlatformError.sandbox("invalid.value", "library '\(l)' does not exist")
            }
            r.name = name
            r.libraryIds = libraryIds
            r.texts = texts
            r.messagingTemplate = messagingTemplate
            r.version = (r.version ?? 1) + 1
            o.responses[id] = r
            return r
        }
    }

    /// `DELETE /api/v2/responsemanagement/responses/{id}`.
    /// - Throws: `not.found`.
    public mutating func deleteResponse(org: String, id: String) throws {
        try withGenesys(org) { o in
            guard o.responses[id] != nil else { throw Self.notFound("response", id) }
            o.responses[id] = nil
        }
    }
}
