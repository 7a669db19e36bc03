import Foundation
import SwitchboardModel

/// A request to import a BYO number into the SMS inventory (`SmsPhoneNumberImport`).
public struct SandboxSmsImport: Sendable, Hashable {
    /// The number's name (Switchboard's resource name).
    public var name: String
    /// E.164, or the short code's digits; nil when the manifest gave none.
    public var phoneNumber: String?
    /// `local`, `mobile`, `tollfree`, `shortcode`.
    public var phoneNumberType: String
    /// ISO 3166-1 alpha-2; derived from the calling code when absent (not for short codes).
    public var countryCode: String?
    /// The BYO Twilio SMS integration's id.
    public var integrationId: String
    public var compliance: SandboxCompliance?
    public var supportedContentId: String?

    /// Creates an import request.
    public init(
        name: String, phoneNumber: String?, phoneNumberType: String, countryCode: String?, integrationId: String,
        compliance: SandboxCompliance? = nil, supportedContentId: String? = nil
    ) {
        self.name = name
        self.phoneNumber = phoneNumber
        self.phoneNumberType = phoneNumberType
        self.countryCode = countryCode
        self.integrationId = integrationId
        self.compliance = compliance
        self.supportedContentId = supportedContentId
    }
}

extension PlatformError {
    /// A sandbox error with a Genesys-like code and HTTP status.
    static func sandbox(_ code: String, _ message: String, status: Int = 400, retryable: Bool = false) -> PlatformError {
        PlatformError(code: code, message: message, status: status, retryable: retryable)
    }
}

/// The last four digits of a sender: the subscriber number the deterministic rules look at.
func subscriberSuffix(_ sender: String) -> String { String(sender.suffix(4)) }

extension SandboxWorld {
    // MARK: - Organization access

    /// Runs `body` on the Genesys Cloud organization of connection `org`, creating it on first use.
    public mutating func withGenesys<T>(_ org: String, _ body: (inout SandboxGenesysOrg) throws -> T) rethrows -> T {
        var o = genesys[org] ?? SandboxGenesysOrg()
        defer { genesys[org] = o }
        return try body(&o)
    }

    mutating func charge(_ platform: String, _ event: String, _ id: String, _ text: String, _ billing: LedgerBilling, _ time: Date) {
        ledger.append(LedgerEntry(time: time, platform: platform, event: event, objectId: id, description: text, billing: billing))
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

    static func notFound(_ what: String, _ id: String) -> PlatformError {
        PlatformError.sandbox("not.found", "\(what) '\(id)' was not found", status: 404)
    }

    // MARK: - WhatsApp: embedded signup

    /// `POST /embeddedsignup`: creates an integration whose `createStatus` is `Initiated` until Meta finishes.
    /// - Throws: `invalid.value` for an empty token, `not.found` for an unknown supported content id.
    public mutating func createWhatsAppEmbeddedSignup(
        org: String, name: String, embeddedSignupAccessToken: String, supportedContentId: String?, now: Date,
        timing: SandboxTiming
    ) throws -> SandboxWhatsAppIntegration {
        guard !embeddedSignupAccessToken.isEmpty else {
            throw PlatformError.sandbox("invalid.value", "embeddedSignupAccessToken is required")
        }
        return try withGenesys(org) { o in
            let sc = try Self.supportedContentRef(o, supportedContentId)
            let w = SandboxWhatsAppIntegration(
                id: Self.newId(), name: name, onboarding: "embeddedSignup", phoneNumber: nil, supportedContent: sc,
                whatsAppBusinessAccountId: Self.digits(15), createStatus: "Initiated", status: "Incomplete",
                embeddedSignupAccessTokenFingerprint: Self.fingerprint(embeddedSignupAccessToken), version: 1,
                dateCreated: now, dateModified: now, createCompletesAt: now.addingTimeInterval(timing.whatsAppCreate),
                billing: false, stuck: false)
            o.whatsAppIntegrations[w.id] = w
            return w
        }
    }

    /// `PATCH /embeddedsignup/{id}` `{phoneNumber, pin}`: activates; `status` goes `Starting`, then `Active`.
    /// - Throws: `whatsapp.integration.not.ready` before `createStatus` is `Completed`, `whatsapp.pin.invalid`,
    ///   `whatsapp.phonenumber.invalid`, `whatsapp.phonenumber.in.use`,
    ///   `whatsapp.phonenumber.owned.by.another.organization`.
    public mutating func activateWhatsAppEmbeddedSignup(
        org: String, id: String, phoneNumber: String, pin: String, now: Date, timing: SandboxTiming
    ) throws -> SandboxWhatsAppIntegration {
        let others = genesys.filter { $0.key != org }.flatMap { $0.value.whatsAppIntegrations.values }
        return try withGenesys(org) { o in
            guard var w = o.whatsAppIntegrations[id], w.status != "Deleting" else {
                throw Self.notFound("WhatsApp integration", id)
            }
            guard w.onboarding == "embeddedSignup" else {
                throw PlatformError.sandbox("invalid.value", "the integration was not created by embedded signup")
            }
            guard w.createStatus == "Completed" else {
                throw PlatformError.sandbox(
                    "whatsapp.integration.not.ready",
                    "createStatus is \(w.createStatus); activate only after it is Completed", status: 409,
                    retryable: true)
            }
            if w.status == "Active" || w.status == "Starting" { return w }
            try Self.checkWhatsAppNumber(phoneNumber, integrationId: id, org: o, others: others)
            guard pin.count == 6, pin.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw PlatformError.sandbox("whatsapp.pin.invalid", "the two-step verification PIN must be six digits")
            }
            if pin == SandboxRules.wrongPin {
                throw PlatformError.sandbox(
                    "whatsapp.pin.invalid",
                    "the PIN does not match the two-step verification PIN registered for \(phoneNumber) at Meta")
            }
            w.phoneNumber = phoneNumber
            w.pinFingerprint = Self.fingerprint(pin)
            w.status = "Starting"
            w.activeAt = now.addingTimeInterval(timing.whatsAppActivation)
            w.version += 1
            w.dateModified = now
            o.whatsAppIntegrations[id] = w
            return w
        }
    }

    static func checkWhatsAppNumber(
        _ phoneNumber: String, integrationId: String, org: SandboxGenesysOrg, others: [SandboxWhatsAppIntegration]
    ) throws {
        guard E164.isValid(phoneNumber) else {
            throw PlatformError.sandbox("whatsapp.phonenumber.invalid", "'\(phoneNumber)' is not an E.164 phone number")
        }
        if let other = org.whatsAppIntegrations.values.first(where: {
            $0.id != integrationId && $0.phoneNumber == phoneNumber && $0.status != "Deleting"
        }) {
            throw PlatformError.sandbox(
                "whatsapp.phonenumber.in.use", "\(phoneNumber) is already used by WhatsApp integration '\(other.name)'",
                status: 409)
        }
        if subscriberSuffix(phoneNumber) == SandboxRules.ownedElsewhereSuffix
            || others.contains(where: { $0.phoneNumber == phoneNumber && $0.status != "Deleting" })
        {
            throw PlatformError.sandbox(
                "whatsapp.phonenumber.owned.by.another.organization",
                "\(phoneNumber) is registered to a WhatsApp Business Account of another organization", status: 409)
        }
    }

    static func supportedContentRef(_ o: SandboxGenesysOrg, _ id: String?) throws -> SandboxRef? {
        guard let id else { return nil }
        guard let sc = o.supportedContent[id] else { throw notFound("supported content", id) }
        return SandboxRef(id: sc.id, name: sc.name)
    }

    // MARK: - WhatsApp: certificate flow

    /// The deprecated `POST` with `wabaCertificate`: leaves the integration `Incomplete`; fees may start at once.
    /// - Throws: `whatsapp.certificate.expired` when the certificate was issued more than 7 days ago, and the phone
    ///   number errors of `activateWhatsAppEmbeddedSignup`.
    public mutating func createWhatsAppCertificate(
        org: String, name: String, phoneNumber: String, wabaCertificate: String, certificateIssued: Date?,
        supportedContentId: String?, now: Date
    ) throws -> SandboxWhatsAppIntegration {
        guard !wabaCertificate.isEmpty else { throw PlatformError.sandbox("invalid.value", "wabaCertificate is required") }
        let issued = certificateIssued ?? now
        if now >= issued.addingTimeInterval(SandboxRules.certificateLifetime) {
            throw PlatformError.sandbox(
                "whatsapp.certificate.expired",
                "the certificate was issued \(SandboxDates.format(issued)) and lapsed 7 days later; generate a new one")
        }
        let others = genesys.filter { $0.key != org }.flatMap { $0.value.whatsAppIntegrations.values }
        let w = try withGenesys(org) { o in
            try Self.checkWhatsAppNumber(phoneNumber, integrationId: "", org: o, others: others)
            let w = SandboxWhatsAppIntegration(
                id: Self.newId(), name: name, onboarding: "certificate", phoneNumber: phoneNumber,
                supportedContent: try Self.supportedContentRef(o, supportedContentId),
                whatsAppBusinessAccountId: Self.digits(15), createStatus: "Completed", status: "Incomplete",
                certificateIssued: issued, certificateIssuedGiven: certificateIssued != nil,
                wabaCertificateFingerprint: Self.fingerprint(wabaCertificate), version: 1, dateCreated: now,
                dateModified: now, billing: true,
                stuck: subscriberSuffix(phoneNumber) == SandboxRules.stuckPendingSuffix)
            o.whatsAppIntegrations[w.id] = w
            return w
        }
        charge(
            org, "whatsapp.integration.created", w.id,
            "WhatsApp integration '\(name)' created with a certificate: integration fees may start at once", .monthly, now)
        return w
    }

    /// Certificate flow `Activate`: sends a six-digit code by SMS or voice to the integration's phone number (the
    /// outbox), valid for 10 minutes.
    /// - Throws: `not.found`, `whatsapp.certificate.expired`, `whatsapp.activation.not.allowed` once confirmed.
    public mutating func requestWhatsAppActivationCode(
        org: String, id: String, method: OutboxChannel, now: Date
    ) throws -> OutboxMessage {
        let message: OutboxMessage = try withGenesys(org) { o in
            guard var w = o.whatsAppIntegrations[id], w.status != "Deleting" else {
                throw Self.notFound("WhatsApp integration", id)
            }
            guard w.onboarding == "certificate", let phone = w.phoneNumber else {
                throw PlatformError.sandbox("invalid.value", "only certificate integrations are activated by code")
            }
            guard w.status == "Incomplete" || w.status == "Inactive" else {
                throw PlatformError.sandbox(
                    "whatsapp.activation.not.allowed", "the integration is \(w.status); no code is needed", status: 409)
            }
            try Self.checkCertificate(w, now: now)
            let code = Self.digits(6)
            let expires = now.addingTimeInterval(SandboxRules.codeValidity)
            w.activationCode = code
            w.activationCodeExpiresAt = expires
            w.activationStatusCode = "CodeSent"
            w.verificationMethod = method.rawValue
            w.version += 1
            w.dateModified = now
            o.whatsAppIntegrations[id] = w
            return OutboxMessage(time: now, to: phone, channel: method, code: code, expiresAt: expires, integrationId: id)
        }
        outbox.append(message)
        return message
    }

    static func checkCertificate(_ w: SandboxWhatsAppIntegration, now: Date) throws {
        if let issued = w.certificateIssued, now >= issued.addingTimeInterval(SandboxRules.certificateLifetime) {
            throw PlatformError.sandbox(
                "whatsapp.certificate.expired",
                "the certificate was issued \(SandboxDates.format(issued)) and lapsed 7 days later; an integration must "
                    + "be activated within 7 days of certificate generation: \(SandboxRules.failedAdvice)")
        }
    }

    /// Certificate flow `Confirm`: checks the code; the integration goes pending (`Starting`), then `Active`.
    /// - Throws: `whatsapp.activation.code.invalid`, `whatsapp.activation.code.expired`, `whatsapp.certificate.expired`.
    public mutating func confirmWhatsAppActivationCode(
        org: String, id: String, code: String, now: Date, timing: SandboxTiming
    ) throws -> SandboxWhatsAppIntegration {
        try withGenesys(org) { o in
            guard var w = o.whatsAppIntegrations[id], w.status != "Deleting" else {
                throw Self.notFound("WhatsApp integration", id)
            }
            if w.status == "Starting" || w.status == "Active" { return w }
            guard let expected = w.activationCode, let expires = w.activationCodeExpiresAt else {
                throw PlatformError.sandbox(
                    "whatsapp.activation.code.invalid", "no activation code was requested for this integration")
            }
            try Self.checkCertificate(w, now: now)
            if now >= expires {
                throw PlatformError.sandbox(
                    "whatsapp.activation.code.expired",
                    "the activation code expired at \(SandboxDates.format(expires)) (codes last 10 minutes); "
                        + "request a new code by applying again without --verification-code")
            }
            guard code.trimmingCharacters(in: .whitespaces) == expected else {
                throw PlatformError.sandbox(
                    "whatsapp.activation.code.invalid", "the activation code does not match the code that was sent")
            }
            w.activationStatusCode = "CodeConfirmed"
            w.activationCode = nil
            w.status = "Starting"
            w.pendingSince = now
            w.activeAt = w.stuck ? nil : now.addingTimeInterval(timing.certificatePending)
            w.version += 1
            w.dateModified = now
            o.whatsAppIntegrations[id] = w
            return w
        }
    }

    // MARK: - WhatsApp: update and delete

    /// `PATCH /{id}`: changes the name or the supported content (nil id: the organization default).
    /// - Throws: `not.found`.
    public mutating func updateWhatsApp(
        org: String, id: String, supportedContentId: String?, now: Date
    ) throws -> SandboxWhatsAppIntegration {
        try withGenesys(org) { o in
            guard var w = o.whatsAppIntegrations[id], w.status != "Deleting" else {
                throw Self.notFound("WhatsApp integration", id)
            }
            w.supportedContent = try Self.supportedContentRef(o, supportedContentId)
            w.version += 1
            w.dateModified = now
            o.whatsAppIntegrations[id] = w
            return w
        }
    }

    /// Takes an active integration out of service (`status` `Inactive`); monthly charges continue until deleted.
    /// - Throws: `not.found`.
    public mutating func deactivateWhatsApp(org: String, id: String, now: Date) throws -> SandboxWhatsAppIntegration {
        try withGenesys(org) { o in
            guard var w = o.whatsAppIntegrations[id], w.status != "Deleting" else {
                throw Self.notFound("WhatsApp integration", id)
            }
            if w.status == "Active" || w.status == "Starting" {
                w.status = "Inactive"
                w.activeAt = nil
            }
            w.version += 1
            w.dateModified = now
            o.whatsAppIntegrations[id] = w
            return w
        }
    }

    /// `DELETE /{id}`: the integration goes `Deleting`, then disappears; a billed integration is billed a full month.
    /// Deleting an unknown id does nothing.
    public mutating func deleteWhatsApp(org: String, id: String, now: Date, timing: SandboxTiming) {
        let billed: SandboxWhatsAppIntegration? = withGenesys(org) { o in
            guard var w = o.whatsAppIntegrations[id], w.status != "Deleting" else { return nil }
            w.status = "Deleting"
            w.deleteCompletesAt = now.addingTimeInterval(timing.provisioning)
            o.whatsAppIntegrations[id] = w
            return w.billing ? w : nil
        }
        if let w = billed {
            charge(
                org, "whatsapp.integration.deleted", id,
                "WhatsApp integration '\(w.name)' deleted: billing minimum, a full month is billed", .oneTime, now)
        }
    }

    // MARK: - BYO Twilio SMS integrations

    /// The name of the BYO Twilio SMS integration type.
    public static let twilioSMSIntegrationType = "byo-twilio-sms"

    /// Creates a BYO Twilio SMS integration and its credential; `reportedState` settles after provisioning.
    /// - Throws: `invalid.value` for a malformed account SID or an unknown region.
    public mutating func createTwilioSMSIntegration(
        org: String, name: String, accountSid: String, authToken: String, region: String, enabled: Bool, now: Date,
        timing: SandboxTiming
    ) throws -> SandboxTwilioSMSIntegration {
        guard Self.isAccountSid(accountSid) else {
            throw PlatformError.sandbox("invalid.value", "'\(accountSid)' is not a Twilio account SID (AC + 32 hex digits)")
        }
        guard let base = GenesysRegion.byoSMSWebhookBase(region: region) else {
            throw PlatformError.sandbox("invalid.value", "'\(region)' is not a Genesys Cloud region")
        }
        guard !authToken.isEmpty else { throw PlatformError.sandbox("invalid.value", "the auth token is required") }
        if twilio[accountSid] == nil { twilio[accountSid] = SandboxTwilioAccount(sid: accountSid) }
        return withGenesys(org) { o in
            let id = Self.newId()
            let i = SandboxTwilioSMSIntegration(
                id: id, name: name, integrationType: SandboxRef(id: Self.twilioSMSIntegrationType),
                intendedState: enabled ? "ENABLED" : "DISABLED",
                reportedState: SandboxReportedState(
                    code: enabled ? "ACTIVATING" : "INACTIVE", effective: enabled ? "Activating" : "Inactive",
                    lastUpdated: now),
                accountSid: accountSid, region: region, webhookUrl: base + "/\(id)/mo",
                credentialFingerprint: Self.fingerprint(authToken), version: 1, dateCreated: now,
                settlesAt: now.addingTimeInterval(timing.provisioning))
            o.integrations[id] = i
            return i
        }
    }

    static func isAccountSid(_ s: String) -> Bool {
        s.count == 34 && s.hasPrefix("AC") && s.dropFirst(2).allSatisfy { $0.isHexDigit }
    }

    /// `PATCH /api/v2/integrations/{id}` `intendedState`: disabling cascades onto the integration's numbers, which
    /// take no traffic until it is enabled again.
    /// - Throws: `not.found`.
    public mutating func setTwilioSMSIntegrationState(
        org: String, id: String, enabled: Bool, now: Date, timing: SandboxTiming
    ) throws -> SandboxTwilioSMSIntegration {
        try withGenesys(org) { o in
            guard var i = o.integrations[id], i.deleteCompletesAt == nil else { throw Self.notFound("integration", id) }
            let intended = enabled ? "ENABLED" : "DISABLED"
            if i.intendedState != intended {
                i.intendedState = intended
                i.reportedState = SandboxReportedState(
                    code: enabled ? "ACTIVATING" : "DEACTIVATING", effective: enabled ? "Activating" : "Deactivating",
                    lastUpdated: now)
                i.settlesAt = now.addingTimeInterval(timing.provisioning)
                i.version += 1
                for (nid, var n) in o.smsPhoneNumbers where n.integration.id == id {
                    n.disabledByIntegration = !enabled
                    if n.provisioningStatus.state != "Running" { n.phoneNumberStatus = enabled ? "ACTIVE" : "INVALID" }
                    o.smsPhoneNumbers[nid] = n
                }
            }
            o.integrations[id] = i
            return i
        }
    }

    /// Replaces the integration's credential (`PUT /credentials/{id}`).
    /// - Throws: `not.found`, `invalid.value` for an empty token.
    public mutating func updateTwilioSMSCredential(org: String, id: String, authToken: String) throws {
        guard !authToken.isEmpty else { throw PlatformError.sandbox("invalid.value", "the auth token is required") }
        try withGenesys(org) { o in
            guard o.integrations[id] != nil else { throw Self.notFound("integration", id) }
            o.integrations[id]?.credentialFingerprint = Self.fingerprint(authToken)
            o.integrations[id]?.version += 1
        }
    }

    /// Deletes a BYO Twilio SMS integration: every number imported through it leaves the inventory at once.
    /// - Returns: the numbers removed with it.
    public mutating func deleteTwilioSMSIntegration(
        org: String, id: String, now: Date, timing: SandboxTiming
    ) -> [SandboxSmsPhoneNumber] {
        withGenesys(org) { o in
            guard var i = o.integrations[id], i.deleteCompletesAt == nil else { return [] }
            let removed = o.smsPhoneNumbers.values.filter { $0.integration.id == id }.sorted { $0.phoneNumber < $1.phoneNumber }
            for n in removed { o.smsPhoneNumbers[n.id] = nil }
            i.intendedState = "DELETED"
            i.reportedState = SandboxReportedState(
                code: "DEACTIVATING", effective: "Deleting", detail: "deleting", lastUpdated: now)
            i.deleteCompletesAt = now.addingTimeInterval(timing.provisioning)
            o.integrations[id] = i
            return removed
        }
    }

    // MARK: - Twilio inventory

    /// The Twilio number `sender` of account `accountSid`, materialized on first look-up: every number exists in a
    /// sandbox Twilio account (except `...0198`) and points at `defaultURL` (except `...0197`, which points elsewhere).
    public mutating func twilioNumber(
        accountSid: String, sender: String, defaultURL: String?, now: Date
    ) -> SandboxTwilioNumber? {
        if subscriberSuffix(sender) == SandboxRules.notAtVendorSuffix { return nil }
        var account = twilio[accountSid] ?? SandboxTwilioAccount(sid: accountSid)
        defer { twilio[accountSid] = account }
        if let n = account.incomingPhoneNumbers.values.first(where: { $0.phone_number == sender }) { return n }
        let url = subscriberSuffix(sender) == SandboxRules.webhookElsewhereSuffix ? SandboxRules.elsewhereWebhook : defaultURL
        let n = SandboxTwilioNumber(
            sid: Self.newSid("PN"), account_sid: accountSid, phone_number: sender, friendly_name: sender, sms_url: url,
            sms_method: "POST", date_created: now)
        account.incomingPhoneNumbers[n.sid] = n
        return n
    }

    /// Points a Twilio number's `SmsUrl` at `url`, or (nil) at the webhook of the sandbox integration that uses the
    /// account (a BYO SMS integration's `/mo` URL, else a Dynamics account's inbound URL).
    /// - Returns: the URL set.
    /// - Throws: `not.found` when the number is not in the account or no integration uses the account.
    @discardableResult
    public mutating func pointTwilioWebhook(accountSid: String, sender: String, url: String? = nil, now: Date) throws -> String {
        let target: String
        if let url {
            target = url
        } else if let i = genesys.values.flatMap({ $0.integrations.values }).first(where: {
            $0.accountSid == accountSid && $0.deleteCompletesAt == nil
        }) {
            target = i.webhookUrl
        } else if let a = dynamics.values.flatMap({ $0.whatsAppAccounts.values }).first(where: {
            $0.msdyn_provideraccountid == accountSid
        }) {
            target = a.msdyn_twilioinboundurl
        } else {
            throw PlatformError.sandbox("not.found", "no sandbox integration uses Twilio account \(accountSid)", status: 404)
        }
        guard var n = twilioNumber(accountSid: accountSid, sender: sender, defaultURL: target, now: now) else {
            throw PlatformError.sandbox("not.found", "\(sender) is not in Twilio account \(accountSid)", status: 404)
        }
        n.sms_url = target
        twilio[accountSid]?.incomingPhoneNumbers[n.sid] = n
        return target
    }

    /// Points every number of every sandbox Twilio account that ends in the `0197` rule at its integration.
    /// - Returns: the senders corrected.
    @discardableResult
    public mutating func pointAllTwilioWebhooks(now: Date) -> [String] {
        var fixed: [String] = []
        for (sid, account) in twilio.sorted(by: { $0.key < $1.key }) {
            for n in account.incomingPhoneNumbers.values.sorted(by: { $0.phone_number < $1.phone_number })
            where n.sms_url == SandboxRules.elsewhereWebhook {
                if (try? pointTwilioWebhook(accountSid: sid, sender: n.phone_number, now: now)) != nil {
                    fixed.append(n.phone_number)
                }
            }
        }
        return fixed
    }

    // MARK: - SMS number import

    /// `POST /api/v2/routing/sms/phonenumbers/import`: validates as the vendor does and starts the provisioning job
    /// (`provisioningStatus` `{Create, Running}`).
    /// - Throws: `sms.phonenumber.import.sender.id.missing`, `...sender.id.invalid`, `...country.mismatch`,
    ///   `...country.missing`, `...compliance.missing`, `...already.in.progress`, `sms.phonenumber.already.exists`,
    ///   `...integration.disabled`, `...owned.by.another.organization`, `...not.found.at.vendor`,
    ///   `...webhook.not.configured`, `not.found` (integration or supported content).
    public mutating func importSmsPhoneNumber(
        org: String, _ request: SandboxSmsImport, now: Date, timing: SandboxTiming
    ) throws -> SandboxSmsPhoneNumber {
        let p = "sms.phonenumber.import"
        let orgs = genesys
        let o = orgs[org] ?? SandboxGenesysOrg()
        guard let integration = o.integrations[request.integrationId], integration.deleteCompletesAt == nil else {
            throw Self.notFound("integration", request.integrationId)
        }
        guard ["local", "mobile", "tollfree", "shortcode"].contains(request.phoneNumberType) else {
            throw PlatformError.sandbox("invalid.value", "phoneNumberType '\(request.phoneNumberType)' is not one of "
                + "local, mobile, tollfree, shortcode")
        }
        let isShortcode = request.phoneNumberType == "shortcode"
        guard let sender = request.phoneNumber, !sender.isEmpty else {
            throw PlatformError.sandbox(
                "\(p).sender.id.missing",
                isShortcode ? "a short code import needs the short code" : "the import needs the phone number (E.164)")
        }
        if isShortcode {
            guard (5...6).contains(sender.count), sender.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw PlatformError.sandbox("\(p).sender.id.invalid", "short code '\(sender)' is not 5 or 6 digits")
            }
        } else if !E164.isValid(sender) {
            throw PlatformError.sandbox(
                "\(p).sender.id.invalid", "'\(sender)' is not an E.164 phone number (+ and 7 to 15 digits)")
        }
        let country: String
        if let c = request.countryCode?.uppercased(), !c.isEmpty {
            guard CallingCodes.isKnownCountry(c) else {
                throw PlatformError.sandbox("invalid.value", "'\(c)' is not an ISO 3166-1 alpha-2 country code")
            }
            if !isShortcode && !CallingCodes.matches(phoneNumber: sender, country: c) {
                throw PlatformError.sandbox(
                    "\(p).country.mismatch", "the calling code of \(sender) does not belong to country \(c)")
            }
            country = c
        } else if isShortcode {
            throw PlatformError.sandbox("\(p).country.missing", "a short code import needs its country")
        } else {
            let candidates = CallingCodes.countries(forPhoneNumber: sender)
            country = candidates.contains("US") ? "US" : (candidates.first ?? "US")
        }
        if isShortcode {
            guard let c = request.compliance, Self.complete(c.stopSettings), Self.complete(c.optInSettings),
                Self.complete(c.helpSettings)
            else {
                throw PlatformError.sandbox(
                    "\(p).compliance.missing",
                    "a short code needs compliance settings (stop, opt-in and help), each with keywords and a message")
            }
        }
        if let existing = o.smsPhoneNumbers.values.first(where: { $0.phoneNumber == sender }) {
            if existing.provisioningStatus.state == "Running" {
                throw PlatformError.sandbox(
                    "\(p).already.in.progress",
                    "provisioning of \(sender) is already in progress (\(existing.provisioningStatus.action)); "
                        + "wait for it to finish", status: 409, retryable: true)
            }
            throw PlatformError.sandbox(
                "sms.phonenumber.already.exists", "\(sender) is already in the inventory as '\(existing.name)'",
                status: 409)
        }
        if integration.intendedState != "ENABLED" {
            throw PlatformError.sandbox(
                "\(p).integration.disabled", "integration '\(integration.name)' is disabled; enable it before importing")
        }
        let elsewhere = orgs.contains { $0.key != org && $0.value.smsPhoneNumbers.values.contains { $0.phoneNumber == sender } }
        if elsewhere || subscriberSuffix(sender) == SandboxRules.ownedElsewhereSuffix {
            throw PlatformError.sandbox(
                "\(p).owned.by.another.organization",
                "\(sender) is provisioned in another Genesys Cloud organization; release it there first", status: 409)
        }
        guard let twilioNumber = twilioNumber(
            accountSid: integration.accountSid, sender: sender, defaultURL: integration.webhookUrl, now: now)
        else {
            throw PlatformError.sandbox(
                "\(p).not.found.at.vendor", "\(sender) was not found in Twilio account \(integration.accountSid)",
                status: 404)
        }
        guard twilioNumber.sms_url == integration.webhookUrl else {
            throw PlatformError.sandbox(
                "\(p).webhook.not.configured",
                "the Twilio webhook of \(sender) is \(twilioNumber.sms_url ?? "not set"); point it at "
                    + "\(integration.webhookUrl) before importing")
        }
        let number: SandboxSmsPhoneNumber = try withGenesys(org) { o in
            let n = SandboxSmsPhoneNumber(
                id: Self.newId(), name: request.name, phoneNumber: sender, phoneNumberType: request.phoneNumberType,
                countryCode: country, integration: SandboxRef(id: integration.id, name: integration.name),
                phoneNumberStatus: "INITIATED",
                provisioningStatus: SandboxProvisioningStatus(action: "Create", state: "Running", version: 1),
                compliance: request.compliance, supportedContent: try Self.supportedContentRef(o, request.supportedContentId),
                provisionedThroughPureCloud: false, disabledByIntegration: false,
                purchaseDate: isShortcode ? now : nil,
                renewalDate: isShortcode ? Calendar(identifier: .gregorian).date(byAdding: .month, value: 3, to: now) : nil,
                autoRenewable: isShortcode ? "Quarterly" : nil, version: 1, dateCreated: now,
                provisioningCompletesAt: now.addingTimeInterval(timing.provisioning))
            o.smsPhoneNumbers[n.id] = n
            return n
        }
        if isShortcode {
            charge(
                org, "sms.shortcode.imported", number.id,
                "short code \(sender) imported: the lease is billed quarterly and renews automatically", .monthly, now)
        }
        return number
    }

    static func complete(_ settings: [SandboxKeywordSetting]) -> Bool {
        !settings.isEmpty && settings.allSatisfy {
            !$0.keyword.isEmpty && !$0.keyword.contains(where: \.isEmpty) && !$0.response.message.isEmpty
        }
    }

    /// `PATCH /phonenumbers/{id}` `{supportedContent}`: the only change a number takes in place.
    /// - Throws: `not.found`, `sms.phonenumber.provisioning.in.progress` while a job runs.
    public mutating func updateSmsPhoneNumber(
        org: String, id: String, supportedContentId: String?, now: Date
    ) throws -> SandboxSmsPhoneNumber {
        try withGenesys(org) { o in
            guard var n = o.smsPhoneNumbers[id], n.provisioningStatus.action != "Delete" else {
                throw Self.notFound("phone number", id)
            }
            if n.provisioningStatus.state == "Running" {
                throw PlatformError.sandbox(
                    "sms.phonenumber.provisioning.in.progress", "\(n.phoneNumber) is still provisioning", status: 409,
                    retryable: true)
            }
            n.supportedContent = try Self.supportedContentRef(o, supportedContentId)
            n.version += 1
            o.smsPhoneNumbers[id] = n
            return n
        }
    }

    /// `DELETE /phonenumbers/{id}`: starts the `{Delete, Running}` job; the number disappears when it completes.
    public mutating func deleteSmsPhoneNumber(org: String, id: String, now: Date, timing: SandboxTiming) {
        withGenesys(org) { o in
            guard var n = o.smsPhoneNumbers[id], n.provisioningStatus.action != "Delete" else { return }
            n.provisioningStatus = SandboxProvisioningStatus(
                action: "Delete", state: "Running", version: n.provisioningStatus.version + 1)
            n.provisioningCompletesAt = now.addingTimeInterval(timing.provisioning)
            o.smsPhoneNumbers[id] = n
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
            org, "email.agentless.enabled", d.id,
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

    /// Changes a domain's sender settings and enabled flag in place.
    /// - Throws: `not.found`, `invalid.value`.
    public mutating func updateOutboundDomain(
        org: String, id: String, fromAddress: String, displayName: String, rateLimitPerMinute: Int, enabled: Bool,
        now: Date
    ) throws -> SandboxOutboundDomain {
        try Self.checkEmailSettings(fromAddress: fromAddress, displayName: displayName, rate: rateLimitPerMinute)
        let (d, newlyEnabled): (SandboxOutboundDomain, Bool) = try withGenesys(org) { o in
            guard var d = o.outboundDomains[id] else { throw Self.notFound("outbound domain", id) }
            let was = d.enabled
            d.fromAddress = fromAddress
            d.displayName = displayName
            d.rateLimitPerMinute = rateLimitPerMinute
            d.enabled = enabled
            o.outboundDomains[id] = d
            return (d, enabled && !was)
        }
        if newlyEnabled { chargeEmail(org, d, now) }
        return d
    }

    /// Deletes a domain (immediately).
    public mutating func deleteOutboundDomain(org: String, id: String) {
        withGenesys(org) { o in o.outboundDomains[id] = nil }
    }

    // MARK: - Response-management templates

    /// Creates the responses of a template: one `MessagingTemplate` per WhatsApp language, or one
    /// `CampaignEmailTemplate`.
    /// - Returns: the response ids, the default language's first.
    /// - Throws: `responsemanagement.response.exists` for a taken template name.
    public mutating func createResponses(
        org: String, template: String, channel: String, category: String?, namespace: String?,
        defaultLanguage: String?, localizations: [(language: String, text: String)], subject: String?, body: String?,
        agentless: Bool, now: Date
    ) throws -> [String] {
        let ids: [String] = try withGenesys(org) { o in
            if o.responses.values.contains(where: { $0.template == template }) {
                throw PlatformError.sandbox(
                    "responsemanagement.response.exists", "a response named '\(template)' already exists", status: 409)
            }
            var ids: [String] = []
            if channel == "whatsapp" {
                let ordered = localizations.sorted { a, b in
                    (a.language == defaultLanguage ? 0 : 1, a.language) < (b.language == defaultLanguage ? 0 : 1, b.language)
                }
                for l in ordered {
                    let r = SandboxResponse(
                        id: Self.newId(), name: "\(template) (\(l.language))", responseType: "MessagingTemplate",
                        texts: [SandboxResponseText(content: l.text, contentType: "text/plain")],
                        messagingTemplate: SandboxMessagingTemplate(
                            whatsApp: SandboxWhatsAppTemplateRef(name: template, namespace: namespace, language: l.language)),
                        template: template, category: category, defaultLanguage: defaultLanguage, agentless: agentless,
                        dateCreated: now)
                    o.responses[r.id] = r
                    ids.append(r.id)
                }
            } else {
                let r = SandboxResponse(
                    id: Self.newId(), name: template, responseType: "CampaignEmailTemplate",
                    texts: [
                        SandboxResponseText(content: subject ?? "", contentType: "text/plain", type: "subject"),
                        SandboxResponseText(content: body ?? "", contentType: "text/html", type: "body"),
                    ], messagingTemplate: nil, template: template, category: nil, defaultLanguage: nil,
                    agentless: agentless, dateCreated: now)
                o.responses[r.id] = r
                ids.append(r.id)
            }
            return ids
        }
        if agentless && channel == "whatsapp", let first = ids.first {
            charge(
                org, "whatsapp.template.agentless", first,
                "template '\(template)' used for agentless notifications: each send carries the ACD message fee",
                .usage, now)
        }
        return ids
    }

    /// The responses of the template whose (first) response has id `id`.
    public func responses(org: String, id: String) -> [SandboxResponse] {
        guard let o = genesys[org], let r = o.responses[id] else { return [] }
        return o.responses.values.filter { $0.template == r.template }.sorted { $0.name < $1.name }
    }

    /// Changes an e-mail template's subject and body, or any template's agentless flag.
    /// - Throws: `not.found`.
    public mutating func updateResponses(
        org: String, id: String, subject: String?, body: String?, agentless: Bool, now: Date
    ) throws {
        let group = responses(org: org, id: id)
        guard !group.isEmpty else { throw Self.notFound("response", id) }
        let wasAgentless = group.contains { $0.agentless }
        withGenesys(org) { o in
            for var r in group {
                if r.responseType == "CampaignEmailTemplate" {
                    r.texts = [
                        SandboxResponseText(content: subject ?? "", contentType: "text/plain", type: "subject"),
                        SandboxResponseText(content: body ?? "", contentType: "text/html", type: "body"),
                    ]
                }
                r.agentless = agentless
                o.responses[r.id] = r
            }
        }
        if agentless && !wasAgentless && group.first?.responseType == "MessagingTemplate" {
            charge(
                org, "whatsapp.template.agentless", id,
                "template '\(group[0].template)' used for agentless notifications: each send carries the ACD message fee",
                .usage, now)
        }
    }

    /// Deletes every response of the template.
    public mutating func deleteResponses(org: String, id: String) {
        let group = responses(org: org, id: id)
        withGenesys(org) { o in for r in group { o.responses[r.id] = nil } }
    }
}
