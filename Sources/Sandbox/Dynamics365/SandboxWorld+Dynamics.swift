import Foundation
import SwitchboardModel

/// Dynamics 365 environments: the Omnichannel rows and the rules Dataverse and the Omnichannel solution enforce on
/// them. Errors carry Dataverse's codes (`0x80040217` a row that does not exist, `0x80040203` an invalid argument)
/// or, for the sandbox's own deterministic faults, the code of the rule.
extension SandboxWorld {
    /// Runs `body` on the Dynamics 365 environment of connection `org`, creating it on first use.
    public mutating func withDynamics<T>(_ org: String, _ body: (inout SandboxDynamicsOrg) throws -> T) rethrows -> T {
        var o = dynamics[org] ?? SandboxDynamicsOrg(environment: "sandbox-\(org)")
        defer { dynamics[org] = o }
        return try body(&o)
    }

    /// `msdyn_streamsource` of WhatsApp.
    public static let whatsAppStreamSource = 192_300_000

    /// Dataverse's "does not exist" error (404, `0x80040217`) for row `id` of table `table`.
    static func dataverseNotFound(_ table: String, _ id: String) -> PlatformError {
        PlatformError.sandbox("0x80040217", "\(table) With Id = \(id) Does Not Exist", status: 404)
    }

    /// Dataverse's invalid-argument error (400, `0x80040203`).
    static func dataverseInvalid(_ message: String) -> PlatformError {
        PlatformError.sandbox("0x80040203", message, status: 400)
    }

    // MARK: - WhatsApp (Twilio) accounts

    /// Creates a `msdyn_ocwhatsappchannelaccount`; Dynamics generates `msdyn_twilioinboundurl`.
    /// - Throws: `0x80040203` for a malformed account SID or an empty token.
    public mutating func createDynamicsWhatsAppAccount(
        org: String, id: String? = nil, name: String, accountSid: String, authToken: String, now: Date
    ) throws -> SandboxDynamicsWhatsAppAccount {
        guard Self.isAccountSid(accountSid) else {
            throw Self.dataverseInvalid("'\(accountSid)' is not a Twilio account SID (AC + 32 hex digits)")
        }
        guard !authToken.isEmpty else { throw Self.dataverseInvalid("msdyn_authenticationtoken is required") }
        if twilio[accountSid] == nil { twilio[accountSid] = SandboxTwilioAccount(sid: accountSid) }
        return withDynamics(org) { o in
            let id = id ?? Self.newId()
            let a = SandboxDynamicsWhatsAppAccount(
                msdyn_ocwhatsappchannelaccountid: id, msdyn_name: name, msdyn_provideraccountid: accountSid,
                authenticationTokenFingerprint: Self.fingerprint(authToken),
                msdyn_twilioinboundurl: "https://\(o.environment).omnichannelengagementhub.com/api/twilio/whatsapp/\(id)",
                statecode: 0, createdon: now)
            o.whatsAppAccounts[id] = a
            return a
        }
    }

    /// Changes an account's name, auth token or state.
    /// - Throws: `0x80040217`, `0x80040203`.
    public mutating func updateDynamicsWhatsAppAccount(
        org: String, id: String, name: String?, authToken: String?, statecode: Int?
    ) throws {
        if let authToken, authToken.isEmpty { throw Self.dataverseInvalid("msdyn_authenticationtoken is required") }
        try withDynamics(org) { o in
            guard var a = o.whatsAppAccounts[id] else { throw Self.dataverseNotFound("msdyn_ocwhatsappchannelaccount", id) }
            if let name { a.msdyn_name = name }
            if let authToken { a.authenticationTokenFingerprint = Self.fingerprint(authToken) }
            if let statecode { a.statecode = statecode }
            o.whatsAppAccounts[id] = a
        }
    }

    /// Deletes an account and (cascade) its WhatsApp number rows.
    /// - Throws: `0x80040217`.
    public mutating func deleteDynamicsWhatsAppAccount(org: String, id: String) throws {
        try withDynamics(org) { o in
            guard o.whatsAppAccounts.removeValue(forKey: id) != nil else {
                throw Self.dataverseNotFound("msdyn_ocwhatsappchannelaccount", id)
            }
            for (nid, n) in o.whatsAppNumbers where n.msdyn_ocwhatsappaccountid == id { o.whatsAppNumbers[nid] = nil }
        }
    }

    // MARK: - WhatsApp numbers

    /// Adds a `msdyn_ocwhatsappchannelnumber` for a number of the account's Twilio inventory, in a WhatsApp
    /// workstream, with a language.
    /// - Throws: `0x80040217` (account, workstream or language), `0x80040203` (a missing required column, a
    ///   workstream of another channel), `whatsapp.number.invalid`, `dynamics.duplicate.record`,
    ///   `whatsapp.number.owned.by.another.organization`, `whatsapp.number.not.found.at.vendor`,
    ///   `whatsapp.number.webhook.not.configured`.
    public mutating func addDynamicsWhatsAppNumber(
        org: String, _ row: SandboxDynamicsWhatsAppNumber, now: Date
    ) throws -> SandboxDynamicsWhatsAppNumber {
        let o = dynamics[org] ?? SandboxDynamicsOrg(environment: "sandbox-\(org)")
        guard let account = o.whatsAppAccounts[row.msdyn_ocwhatsappaccountid] else {
            throw Self.dataverseNotFound("msdyn_ocwhatsappchannelaccount", row.msdyn_ocwhatsappaccountid)
        }
        try Self.checkNumberLinks(o, row)
        let phoneNumber = row.msdyn_organizationphonenumber
        guard E164.isValid(phoneNumber) else {
            throw PlatformError.sandbox("whatsapp.number.invalid", "'\(phoneNumber)' is not an E.164 phone number")
        }
        if o.whatsAppNumbers.values.contains(where: { $0.msdyn_organizationphonenumber == phoneNumber }) {
            throw PlatformError.sandbox(
                "dynamics.duplicate.record", "\(phoneNumber) is already a WhatsApp number of this environment",
                status: 412)
        }
        let elsewhere = dynamics.contains { key, other in
            key != org && other.whatsAppNumbers.values.contains { $0.msdyn_organizationphonenumber == phoneNumber }
        }
        if elsewhere || hasFault(.takenByAnotherOrg, phoneNumber) {
            throw PlatformError.sandbox(
                "whatsapp.number.owned.by.another.organization",
                "\(phoneNumber) is registered as a WhatsApp sender of another organization", status: 409)
        }
        guard let inbound = twilioInbound(
            accountSid: account.msdyn_provideraccountid, sender: phoneNumber,
            defaultURL: account.msdyn_twilioinboundurl, now: now)
        else {
            throw PlatformError.sandbox(
                "whatsapp.number.not.found.at.vendor",
                "\(phoneNumber) was not found in Twilio account \(account.msdyn_provideraccountid)", status: 404)
        }
        guard inbound.url == account.msdyn_twilioinboundurl else {
            throw PlatformError.sandbox(
                "whatsapp.number.webhook.not.configured",
                "inbound messages to \(phoneNumber) go to \(Self.describe(inbound)); point its Twilio webhook at "
                    + "\(account.msdyn_twilioinboundurl)")
        }
        var n = row
        if n.msdyn_ocwhatsappchannelnumberid.isEmpty { n.msdyn_ocwhatsappchannelnumberid = Self.newId() }
        n.statecode = 0
        n.createdon = now
        withDynamics(org) { $0.whatsAppNumbers[n.msdyn_ocwhatsappchannelnumberid] = n }
        return n
    }

    /// The lookups a number row must hold: a WhatsApp workstream and a language.
    static func checkNumberLinks(_ o: SandboxDynamicsOrg, _ row: SandboxDynamicsWhatsAppNumber) throws {
        guard let ws = row.msdyn_liveworkstreamid else { throw dataverseInvalid("msdyn_liveworkstreamid is required") }
        guard let stream = o.workstreams[ws] else { throw dataverseNotFound("msdyn_liveworkstream", ws) }
        guard stream.msdyn_streamsource == whatsAppStreamSource else {
            throw dataverseInvalid("workstream '\(stream.msdyn_name)' does not route WhatsApp conversations")
        }
        guard let language = row.msdyn_ocwidgetlanguage else {
            throw dataverseInvalid("msdyn_ocwidgetlanguage is required")
        }
        guard SandboxDynamicsOrg.language(language) != nil else { throw dataverseNotFound("msdyn_oclanguage", language) }
    }

    /// Changes a WhatsApp number row; the phone number and the account cannot change.
    /// - Throws: `0x80040217`, `0x80040203`.
    public mutating func updateDynamicsWhatsAppNumber(
        org: String, id: String, _ change: (inout SandboxDynamicsWhatsAppNumber) throws -> Void
    ) throws {
        try withDynamics(org) { o in
            guard let current = o.whatsAppNumbers[id] else {
                throw Self.dataverseNotFound("msdyn_ocwhatsappchannelnumber", id)
            }
            var n = current
            try change(&n)
            guard n.msdyn_organizationphonenumber == current.msdyn_organizationphonenumber,
                n.msdyn_ocwhatsappaccountid == current.msdyn_ocwhatsappaccountid
            else {
                throw Self.dataverseInvalid("the phone number and account of a WhatsApp number cannot change")
            }
            try Self.checkNumberLinks(o, n)
            o.whatsAppNumbers[id] = n
        }
    }

    /// Deletes a WhatsApp number row.
    /// - Throws: `0x80040217`.
    public mutating func deleteDynamicsWhatsAppNumber(org: String, id: String) throws {
        try withDynamics(org) { o in
            guard o.whatsAppNumbers.removeValue(forKey: id) != nil else {
                throw Self.dataverseNotFound("msdyn_ocwhatsappchannelnumber", id)
            }
        }
    }

    // MARK: - Workstreams

    /// Creates a workstream.
    /// - Throws: `0x80040203` for an empty name.
    public mutating func createDynamicsWorkstream(
        org: String, _ row: SandboxDynamicsWorkstream, now: Date
    ) throws -> SandboxDynamicsWorkstream {
        guard !row.msdyn_name.isEmpty else { throw Self.dataverseInvalid("msdyn_name is required") }
        var w = row
        if w.msdyn_liveworkstreamid.isEmpty { w.msdyn_liveworkstreamid = Self.newId() }
        w.messageTemplateIds = []
        w.createdon = now
        withDynamics(org) { $0.workstreams[w.msdyn_liveworkstreamid] = w }
        return w
    }

    /// Changes a workstream row; its channel cannot change.
    /// - Throws: `0x80040217`, `0x80040203`.
    public mutating func updateDynamicsWorkstream(
        org: String, id: String, _ change: (inout SandboxDynamicsWorkstream) throws -> Void
    ) throws {
        try withDynamics(org) { o in
            guard let current = o.workstreams[id] else { throw Self.dataverseNotFound("msdyn_liveworkstream", id) }
            var w = current
            try change(&w)
            guard w.msdyn_streamsource == current.msdyn_streamsource else {
                throw Self.dataverseInvalid("the channel of a workstream cannot change")
            }
            o.workstreams[id] = w
        }
    }

    /// Associates a message template with a workstream, or (`associate` false) removes the association.
    /// - Throws: `0x80040217` for either row missing.
    public mutating func linkDynamicsTemplate(org: String, workstream: String, template: String, associate: Bool) throws {
        try withDynamics(org) { o in
            guard var w = o.workstreams[workstream] else {
                throw Self.dataverseNotFound("msdyn_liveworkstream", workstream)
            }
            guard o.systemMessages[template] != nil else { throw Self.dataverseNotFound("msdyn_ocsystemmessage", template) }
            w.messageTemplateIds.removeAll { $0 == template }
            if associate { w.messageTemplateIds.append(template) }
            o.workstreams[workstream] = w
        }
    }

    /// Deletes a workstream; its numbers lose it (the relationship removes the link).
    /// - Throws: `0x80040217`.
    public mutating func deleteDynamicsWorkstream(org: String, id: String) throws {
        try withDynamics(org) { o in
            guard o.workstreams.removeValue(forKey: id) != nil else {
                throw Self.dataverseNotFound("msdyn_liveworkstream", id)
            }
            for (nid, var n) in o.whatsAppNumbers where n.msdyn_liveworkstreamid == id {
                n.msdyn_liveworkstreamid = nil
                o.whatsAppNumbers[nid] = n
            }
        }
    }

    // MARK: - Message templates

    /// Creates a message (`msdyn_ocsystemmessage`).
    /// - Throws: `0x80040203` for an empty name or text, `0x80040217` for an unknown default language.
    public mutating func createDynamicsSystemMessage(
        org: String, _ row: SandboxDynamicsSystemMessage, now: Date
    ) throws -> SandboxDynamicsSystemMessage {
        guard !row.msdyn_name.isEmpty else { throw Self.dataverseInvalid("msdyn_name is required") }
        if let l = row.msdyn_defaultlanguage, SandboxDynamicsOrg.language(l) == nil {
            throw Self.dataverseNotFound("msdyn_oclanguage", l)
        }
        var m = row
        if m.msdyn_ocsystemmessageid.isEmpty { m.msdyn_ocsystemmessageid = Self.newId() }
        m.createdon = now
        withDynamics(org) { $0.systemMessages[m.msdyn_ocsystemmessageid] = m }
        return m
    }

    /// Changes a message row.
    /// - Throws: `0x80040217`, `0x80040203`.
    public mutating func updateDynamicsSystemMessage(
        org: String, id: String, _ change: (inout SandboxDynamicsSystemMessage) throws -> Void
    ) throws {
        try withDynamics(org) { o in
            guard var m = o.systemMessages[id] else { throw Self.dataverseNotFound("msdyn_ocsystemmessage", id) }
            try change(&m)
            if let l = m.msdyn_defaultlanguage, SandboxDynamicsOrg.language(l) == nil {
                throw Self.dataverseNotFound("msdyn_oclanguage", l)
            }
            o.systemMessages[id] = m
        }
    }

    /// Deletes a message, its localizations (cascade) and its workstream associations.
    /// - Throws: `0x80040217`.
    public mutating func deleteDynamicsSystemMessage(org: String, id: String) throws {
        try withDynamics(org) { o in
            guard o.systemMessages.removeValue(forKey: id) != nil else {
                throw Self.dataverseNotFound("msdyn_ocsystemmessage", id)
            }
            for (lid, l) in o.localizations where l.msdyn_systemmessageid == id { o.localizations[lid] = nil }
            for (wid, var w) in o.workstreams where w.messageTemplateIds.contains(id) {
                w.messageTemplateIds.removeAll { $0 == id }
                o.workstreams[wid] = w
            }
        }
    }

    /// The longest localized text, in characters.
    public static let localizedTextLimit = 1000

    /// Adds a localization (`msdyn_oclocalizationdata`) to a message.
    /// - Throws: `0x80040217` for an unknown message or language, `0x80040203` for a text over 1,000 characters.
    public mutating func createDynamicsLocalization(
        org: String, _ row: SandboxDynamicsLocalization
    ) throws -> SandboxDynamicsLocalization {
        try withDynamics(org) { o in
            try Self.checkLocalization(o, row)
            var l = row
            if l.msdyn_oclocalizationdataid.isEmpty { l.msdyn_oclocalizationdataid = Self.newId() }
            o.localizations[l.msdyn_oclocalizationdataid] = l
            return l
        }
    }

    /// Changes a localization row.
    /// - Throws: `0x80040217`, `0x80040203`.
    public mutating func updateDynamicsLocalization(
        org: String, id: String, _ change: (inout SandboxDynamicsLocalization) throws -> Void
    ) throws {
        try withDynamics(org) { o in
            guard var l = o.localizations[id] else { throw Self.dataverseNotFound("msdyn_oclocalizationdata", id) }
            try change(&l)
            try Self.checkLocalization(o, l)
            o.localizations[id] = l
        }
    }

    /// Deletes a localization row.
    /// - Throws: `0x80040217`.
    public mutating func deleteDynamicsLocalization(org: String, id: String) throws {
        try withDynamics(org) { o in
            guard o.localizations.removeValue(forKey: id) != nil else {
                throw Self.dataverseNotFound("msdyn_oclocalizationdata", id)
            }
        }
    }

    static func checkLocalization(_ o: SandboxDynamicsOrg, _ l: SandboxDynamicsLocalization) throws {
        guard o.systemMessages[l.msdyn_systemmessageid] != nil else {
            throw dataverseNotFound("msdyn_ocsystemmessage", l.msdyn_systemmessageid)
        }
        if let language = l.msdyn_customerlanguageid, SandboxDynamicsOrg.language(language) == nil {
            throw dataverseNotFound("msdyn_oclanguage", language)
        }
        guard l.msdyn_localizedtext.unicodeScalars.count <= localizedTextLimit else {
            throw dataverseInvalid(
                "msdyn_localizedtext is longer than \(localizedTextLimit) characters "
                    + "(\(l.msdyn_localizedtext.unicodeScalars.count))")
        }
    }
}
