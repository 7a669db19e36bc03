import Foundation
import SwitchboardModel

extension SandboxWorld {
    /// Runs `body` on the Dynamics 365 environment of connection `org`, creating it on first use.
    public mutating func withDynamics<T>(_ org: String, _ body: (inout SandboxDynamicsOrg) throws -> T) rethrows -> T {
        var o = dynamics[org] ?? SandboxDynamicsOrg(environment: "sandbox-\(org)")
        defer { dynamics[org] = o }
        return try body(&o)
    }

    /// `msdyn_streamsource` of a channel.
    public static func streamSource(_ channel: String) -> Int {
        switch channel {
        case "whatsapp": 192_300_000
        case "sms": 192_340_000
        default: 192_350_002
        }
    }

    // MARK: - WhatsApp (Twilio) accounts

    /// Creates a `msdyn_ocwhatsappchannelaccount`; Dynamics generates `msdyn_twilioinboundurl`.
    /// - Throws: `invalid.value` for a malformed account SID or empty token, `dynamics.duplicate.record` for a name
    ///   taken.
    public mutating func createDynamicsWhatsAppAccount(
        org: String, name: String, accountSid: String, authToken: String, now: Date
    ) throws -> SandboxDynamicsWhatsAppAccount {
        guard Self.isAccountSid(accountSid) else {
            throw PlatformError.sandbox("invalid.value", "'\(accountSid)' is not a Twilio account SID (AC + 32 hex digits)")
        }
        guard !authToken.isEmpty else { throw PlatformError.sandbox("invalid.value", "the auth token is required") }
        if twilio[accountSid] == nil { twilio[accountSid] = SandboxTwilioAccount(sid: accountSid) }
        return try withDynamics(org) { o in
            if o.whatsAppAccounts.values.contains(where: { $0.msdyn_name == name }) {
                throw PlatformError.sandbox("dynamics.duplicate.record", "an account named '\(name)' exists", status: 412)
            }
            let id = Self.newId()
            let a = SandboxDynamicsWhatsAppAccount(
                msdyn_ocwhatsappchannelaccountid: id, msdyn_name: name, msdyn_provideraccountid: accountSid,
                authenticationTokenFingerprint: Self.fingerprint(authToken),
                msdyn_twilioinboundurl: "https://\(o.environment).omnichannelengagementhub.com/api/twilio/whatsapp/\(id)",
                statecode: 0, createdon: now)
            o.whatsAppAccounts[id] = a
            return a
        }
    }

    /// Changes an account's auth token.
    /// - Throws: `not.found`, `invalid.value`.
    public mutating func updateDynamicsWhatsAppAccountToken(org: String, id: String, authToken: String) throws {
        guard !authToken.isEmpty else { throw PlatformError.sandbox("invalid.value", "the auth token is required") }
        try withDynamics(org) { o in
            guard o.whatsAppAccounts[id] != nil else { throw Self.notFound("msdyn_ocwhatsappchannelaccount", id) }
            o.whatsAppAccounts[id]?.authenticationTokenFingerprint = Self.fingerprint(authToken)
        }
    }

    /// Deletes an account and (cascade) its WhatsApp number rows.
    public mutating func deleteDynamicsWhatsAppAccount(org: String, id: String) {
        withDynamics(org) { o in
            o.whatsAppAccounts[id] = nil
            for (nid, n) in o.whatsAppNumbers where n.msdyn_ocwhatsappaccountid == id { Self.removeNumber(&o, nid) }
        }
    }

    // MARK: - WhatsApp numbers

    /// Adds a `msdyn_ocwhatsappchannelnumber` for a number of the account's Twilio inventory.
    /// - Throws: `not.found` (account), `whatsapp.number.invalid`, `dynamics.duplicate.record`,
    ///   `whatsapp.number.owned.by.another.organization`, `whatsapp.number.not.found.at.vendor`,
    ///   `whatsapp.number.webhook.not.configured`.
    public mutating func addDynamicsWhatsAppNumber(
        org: String, name: String, accountId: String, phoneNumber: String, country: String?, now: Date
    ) throws -> SandboxDynamicsWhatsAppNumber {
        let o = dynamics[org] ?? SandboxDynamicsOrg(environment: "sandbox-\(org)")
        guard let account = o.whatsAppAccounts[accountId] else {
            throw Self.notFound("msdyn_ocwhatsappchannelaccount", accountId)
        }
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
        return withDynamics(org) { o in
            let n = SandboxDynamicsWhatsAppNumber(
                msdyn_ocwhatsappchannelnumberid: Self.newId(), msdyn_name: name,
                msdyn_organizationphonenumber: phoneNumber, msdyn_ocwhatsappaccountid: accountId,
                msdyn_liveworkstreamid: nil, msdyn_ocwidgetlanguage: nil,
                msdyn_enablefileattachmentsforcustomers: false, msdyn_enablefileattachmentsforagents: false,
                country: country, createdon: now)
            o.whatsAppNumbers[n.msdyn_ocwhatsappchannelnumberid] = n
            return n
        }
    }

    static func removeNumber(_ o: inout SandboxDynamicsOrg, _ id: String) {
        o.whatsAppNumbers[id] = nil
        for (wid, var w) in o.workstreams where w.numberIds.contains(id) {
            w.numberIds.removeAll { $0 == id }
            o.workstreams[wid] = w
        }
    }

    /// Deletes a WhatsApp number row (and takes it out of its workstream).
    public mutating func deleteDynamicsWhatsAppNumber(org: String, id: String) {
        withDynamics(org) { o in Self.removeNumber(&o, id) }
    }

    // MARK: - Workstreams

    /// Creates a workstream; its numbers' rows take the workstream, language and file-attachment settings.
    /// - Throws: `not.found` for an unknown number or template row.
    public mutating func createDynamicsWorkstream(
        org: String, name: String, channel: String, numberIds: [String], templateIds: [String], language: String,
        customerAttachments: Bool, agentAttachments: Bool, now: Date
    ) throws -> SandboxDynamicsWorkstream {
        try withDynamics(org) { o in
            let w = SandboxDynamicsWorkstream(
                msdyn_liveworkstreamid: Self.newId(), msdyn_name: name, msdyn_streamsource: Self.streamSource(channel),
                msdyn_mode: 717_210_001, numberIds: [], templateIds: [], language: language, createdon: now)
            o.workstreams[w.msdyn_liveworkstreamid] = w
            return try Self.configure(
                &o, w.msdyn_liveworkstreamid, numberIds: numberIds, templateIds: templateIds, language: language,
                customerAttachments: customerAttachments, agentAttachments: agentAttachments)
        }
    }

    /// Changes a workstream's numbers, templates, language and attachment settings in place.
    /// - Throws: `not.found`.
    public mutating func updateDynamicsWorkstream(
        org: String, id: String, numberIds: [String], templateIds: [String], language: String,
        customerAttachments: Bool, agentAttachments: Bool
    ) throws -> SandboxDynamicsWorkstream {
        try withDynamics(org) { o in
            guard o.workstreams[id] != nil else { throw Self.notFound("msdyn_liveworkstream", id) }
            return try Self.configure(
                &o, id, numberIds: numberIds, templateIds: templateIds, language: language,
                customerAttachments: customerAttachments, agentAttachments: agentAttachments)
        }
    }

    static func configure(
        _ o: inout SandboxDynamicsOrg, _ id: String, numberIds: [String], templateIds: [String], language: String,
        customerAttachments: Bool, agentAttachments: Bool
    ) throws -> SandboxDynamicsWorkstream {
        for n in numberIds where o.whatsAppNumbers[n] == nil { throw notFound("msdyn_ocwhatsappchannelnumber", n) }
        for t in templateIds where o.systemMessages[t] == nil { throw notFound("msdyn_ocsystemmessage", t) }
        guard var w = o.workstreams[id] else { throw notFound("msdyn_liveworkstream", id) }
        for (nid, var n) in o.whatsAppNumbers {
            if numberIds.contains(nid) {
                n.msdyn_liveworkstreamid = id
                n.msdyn_ocwidgetlanguage = language
                n.msdyn_enablefileattachmentsforcustomers = customerAttachments
                n.msdyn_enablefileattachmentsforagents = agentAttachments
            } else if n.msdyn_liveworkstreamid == id {
                n.msdyn_liveworkstreamid = nil
            }
            o.whatsAppNumbers[nid] = n
        }
        w.numberIds = numberIds
        w.templateIds = templateIds
        w.language = language
        o.workstreams[id] = w
        return w
    }

    /// Deletes a workstream; its numbers lose it.
    public mutating func deleteDynamicsWorkstream(org: String, id: String) {
        withDynamics(org) { o in
            o.workstreams[id] = nil
            for (nid, var n) in o.whatsAppNumbers where n.msdyn_liveworkstreamid == id {
                n.msdyn_liveworkstreamid = nil
                o.whatsAppNumbers[nid] = n
            }
        }
    }

    /// Moves environment `org` to `now`: Twilio Content approvals that are due.
    mutating func advanceDynamics(_ org: String, to now: Date) {
        withDynamics(org) { o in
            for (id, var m) in o.systemMessages where m.approvalStatus == "received" {
                if let at = m.approvedAt, at <= now {
                    m.approvalStatus = m.rejectionReason == nil ? "approved" : "rejected"
                    o.systemMessages[id] = m
                }
            }
        }
    }

    // MARK: - Message templates

    /// Creates a message template (`msdyn_ocsystemmessage` type 3 with its localizations); its Twilio Content
    /// approval is `received` until provisioning finishes, then `approved`.
    /// - Throws: `dynamics.duplicate.record` for a name taken, `invalid.value` without a default-language text.
    public mutating func createDynamicsSystemMessage(
        org: String, name: String, channel: String, category: String?, namespace: String?, defaultLanguage: String?,
        localizations: [(language: String, text: String)], subject: String?, body: String?, agentless: Bool, now: Date,
        timing: SandboxTiming
    ) throws -> SandboxDynamicsSystemMessage {
        let rejected = channel == "whatsapp" && hasFault(.templateRejected, name)
        let m: SandboxDynamicsSystemMessage = try withDynamics(org) { o in
            if o.systemMessages.values.contains(where: { $0.msdyn_name == name }) {
                throw PlatformError.sandbox("dynamics.duplicate.record", "a template named '\(name)' exists", status: 412)
            }
            let defaultText = localizations.first { $0.language == defaultLanguage }?.text ?? localizations.first?.text
            if channel == "whatsapp" && defaultText == nil {
                throw PlatformError.sandbox("invalid.value", "a WhatsApp template needs its approved text")
            }
            var m = SandboxDynamicsSystemMessage(
                msdyn_ocsystemmessageid: Self.newId(), msdyn_name: name, msdyn_messagetype: 3,
                msdyn_streamsource: Self.streamSource(channel), msdyn_defaultlanguage: defaultLanguage,
                msdyn_messagetext: defaultText ?? body ?? "",
                localizations: localizations.sorted { $0.language < $1.language }.map {
                    SandboxDynamicsLocalization(
                        msdyn_oclocalizationdataid: Self.newId(), msdyn_languagecode: $0.language,
                        msdyn_localizedtext: $0.text, msdyn_isdefault: $0.language == defaultLanguage)
                },
                approvalStatus: channel == "whatsapp" ? "received" : "approved", category: category,
                namespace: namespace, channel: channel, subject: subject, body: body, agentless: agentless,
                approvedAt: now.addingTimeInterval(channel == "whatsapp" ? timing.provisioning : 0), createdon: now)
            if rejected {
                m.rejectionReason = "the template's content does not meet WhatsApp's template guidelines "
                    + "(a sandbox fault: switchboard sandbox fault rm template-rejected \(name))"
            }
            o.systemMessages[m.msdyn_ocsystemmessageid] = m
            return m
        }
        if agentless && channel == "whatsapp" {
            charge(
                org, .agentlessTemplate, m.msdyn_ocsystemmessageid,
                "template '\(name)' used for agentless notifications: each send carries a per-message fee", .usage, now)
        }
        return m
    }

    /// Changes an e-mail template's subject and body, or the agentless flag.
    /// - Throws: `not.found`.
    public mutating func updateDynamicsSystemMessage(
        org: String, id: String, subject: String?, body: String?, agentless: Bool, now: Date
    ) throws -> SandboxDynamicsSystemMessage {
        let (m, newly): (SandboxDynamicsSystemMessage, Bool) = try withDynamics(org) { o in
            guard var m = o.systemMessages[id] else { throw Self.notFound("msdyn_ocsystemmessage", id) }
            let was = m.agentless
            m.subject = subject
            m.body = body
            m.agentless = agentless
            o.systemMessages[id] = m
            return (m, agentless && !was)
        }
        if newly && m.channel == "whatsapp" {
            charge(
                org, .agentlessTemplate, id,
                "template '\(m.msdyn_name)' used for agentless notifications: each send carries a per-message fee",
                .usage, now)
        }
        return m
    }

    /// Deletes a template (and takes it out of workstreams).
    public mutating func deleteDynamicsSystemMessage(org: String, id: String) {
        withDynamics(org) { o in
            o.systemMessages[id] = nil
            for (wid, var w) in o.workstreams where w.templateIds.contains(id) {
                w.templateIds.removeAll { $0 == id }
                o.workstreams[wid] = w
            }
        }
    }
}
