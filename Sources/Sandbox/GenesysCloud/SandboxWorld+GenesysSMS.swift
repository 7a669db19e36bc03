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

/// BYO Twilio SMS on a Genesys Cloud organization: the integration's state and cascades, and the import of Twilio
/// numbers into the SMS inventory.
extension SandboxWorld {
    // MARK: - BYO Twilio SMS integrations

    /// The name of the BYO Twilio SMS integration type.
    public static let twilioSMSIntegrationType = "byo-twilio-sms"

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
        let o = genesys[org] ?? SandboxGenesysOrg()
        guard let integration = o.integrations[request.integrationId], integration.deleteCompletesAt == nil else {
            throw Self.notFound("integration", request.integrationId)
        }
        let sender = try Self.importSender(request)
        let isShortcode = request.phoneNumberType == "shortcode"
        let country = try Self.importCountry(request, sender: sender)
        if isShortcode {
            guard let c = request.compliance, Self.complete(c.stopSettings), Self.complete(c.optInSettings),
                Self.complete(c.helpSettings)
            else {
                throw PlatformError.sandbox(
                    "\(Self.importCode).compliance.missing",
                    "a short code needs compliance settings (stop, opt-in and help), each with keywords and a message")
            }
        }
        try checkImportable(sender, org: org, integration: integration, now: now)
        // The `stuck-provisioning` fault: the job never completes (until the fault is removed).
        let completes = hasFault(.stuckProvisioning, sender) ? nil : now.addingTimeInterval(timing.provisioning)
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
                provisioningCompletesAt: completes)
            o.smsPhoneNumbers[n.id] = n
            return n
        }
        // No charge: a BYO short code's lease is the carrier's (Twilio's), held before and after the import.
        return number
    }

    /// The prefix of the import's error codes.
    static let importCode = "sms.phonenumber.import"

    /// The number or short code to import, checked for its form.
    /// - Throws: `invalid.value` for an unknown type, `...sender.id.missing`, `...sender.id.invalid`.
    static func importSender(_ request: SandboxSmsImport) throws -> String {
        guard ["local", "mobile", "tollfree", "shortcode"].contains(request.phoneNumberType) else {
            throw PlatformError.sandbox("invalid.value", "phoneNumberType '\(request.phoneNumberType)' is not one of "
                + "local, mobile, tollfree, shortcode")
        }
        let isShortcode = request.phoneNumberType == "shortcode"
        guard let sender = request.phoneNumber, !sender.isEmpty else {
            throw PlatformError.sandbox(
                "\(importCode).sender.id.missing",
                isShortcode ? "a short code import needs the short code" : "the import needs the phone number (E.164)")
        }
        if isShortcode {
            guard (5...6).contains(sender.count), sender.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw PlatformError.sandbox("\(importCode).sender.id.invalid", "short code '\(sender)' is not 5 or 6 digits")
            }
        } else if !E164.isValid(sender) {
            throw PlatformError.sandbox(
                "\(importCode).sender.id.invalid", "'\(sender)' is not an E.164 phone number (+ and 7 to 15 digits)")
        }
        return sender
    }

    /// The import's country: the one given, checked against the calling code; else (not for a short code) the one
    /// the calling code names (`US` for +1).
    /// - Throws: `invalid.value` for an unknown country, `...country.mismatch`, `...country.missing`.
    static func importCountry(_ request: SandboxSmsImport, sender: String) throws -> String {
        let isShortcode = request.phoneNumberType == "shortcode"
        if let c = request.countryCode?.uppercased(), !c.isEmpty {
            guard CallingCodes.isKnownCountry(c) else {
                throw PlatformError.sandbox("invalid.value", "'\(c)' is not an ISO 3166-1 alpha-2 country code")
            }
            if !isShortcode && !CallingCodes.matches(phoneNumber: sender, country: c) {
                throw PlatformError.sandbox(
                    "\(importCode).country.mismatch", "the calling code of \(sender) does not belong to country \(c)")
            }
            return c
        }
        if isShortcode {
            throw PlatformError.sandbox("\(importCode).country.missing", "a short code import needs its country")
        }
        let candidates = CallingCodes.countries(forPhoneNumber: sender)
        return candidates.contains("US") ? "US" : (candidates.first ?? "US")
    }

    /// The rules that depend on the inventories: this organization's, the other organizations', and the Twilio
    /// account's (where the number must exist and point its webhook at Genesys Cloud).
    /// - Throws: `...already.in.progress`, `sms.phonenumber.already.exists`, `...integration.disabled`,
    ///   `...owned.by.another.organization`, `...not.found.at.vendor`, `...webhook.not.configured`.
    mutating func checkImportable(
        _ sender: String, org: String, integration: SandboxTwilioSMSIntegration, now: Date
    ) throws {
        let p = Self.importCode
        if let existing = genesys[org]?.smsPhoneNumbers.values.first(where: { $0.phoneNumber == sender }) {
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
        let elsewhere = genesys.contains { $0.key != org && $0.value.smsPhoneNumbers.values.contains { $0.phoneNumber == sender } }
        if elsewhere || hasFault(.takenByAnotherOrg, sender) {
            throw PlatformError.sandbox(
                "\(p).owned.by.another.organization",
                "\(sender) is provisioned in another Genesys Cloud organization; release it there first", status: 409)
        }
        // The number (or short code) as the Twilio account holds it: every well-formed one is there, its webhook at
        // Twilio's neutral URL until someone points it (Switchboard does, before the import). The import needs its
        // messages to reach the fixed webhook of the integration's region, exactly.
        guard let inbound = twilioInbound(
            accountSid: integration.accountSid, sender: sender, defaultURL: Self.neutralTwilioWebhook, now: now)
        else {
            throw PlatformError.sandbox(
                "\(p).not.found.at.vendor", "\(sender) was not found in Twilio account \(integration.accountSid)",
                status: 404)
        }
        guard inbound.url == integration.webhookUrl else {
            throw PlatformError.sandbox(
                "\(p).webhook.not.configured",
                "inbound messages to \(sender) go to \(Self.describe(inbound)); point its Twilio webhook at "
                    + "\(integration.webhookUrl) before importing")
        }
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

    /// Lets every import of `sender` held by the `stuck-provisioning` fault finish at `now`.
    mutating func releaseStuckImports(_ sender: String, now: Date) {
        for org in genesys.keys.sorted() {
            withGenesys(org) { o in
                for (id, n) in o.smsPhoneNumbers
                where n.phoneNumber == sender && n.provisioningStatus.state == "Running" && n.provisioningCompletesAt == nil {
                    o.smsPhoneNumbers[id]?.provisioningCompletesAt = now
                }
            }
            advanceGenesys(org, to: now)
        }
    }
}
