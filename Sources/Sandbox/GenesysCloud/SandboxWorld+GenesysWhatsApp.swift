import Foundation
import SwitchboardModel

/// WhatsApp integrations of a Genesys Cloud organization: embedded signup, the deprecated certificate flow with
/// its verification codes, updates and deletion.
extension SandboxWorld {
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
        let taken = hasFault(.takenByAnotherOrg, phoneNumber)
        let stuck = hasFault(.stuckActivation, phoneNumber)
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
            try Self.checkWhatsAppNumber(
                phoneNumber, integrationId: id, org: o, others: others, takenElsewhere: taken)
            guard pin.count == 6, pin.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw PlatformError.sandbox("whatsapp.pin.invalid", "the two-step verification PIN must be six digits")
            }
            if pin == SandboxRules.wrongPin {
                throw PlatformError.sandbox(
                    "whatsapp.pin.invalid",
                    "the PIN does not match the two-step verification PIN registered for \(phoneNumber) at Meta")
            }
            // No fingerprint of the PIN is kept: six digits under the sandbox's fixed key are the PIN itself.
            w.phoneNumber = phoneNumber
            w.status = "Starting"
            w.pendingSince = now
            w.stuck = stuck
            w.activeAt = stuck ? nil : now.addingTimeInterval(timing.whatsAppActivation)
            w.version += 1
            w.dateModified = now
            o.whatsAppIntegrations[id] = w
            return w
        }
    }

    static func checkWhatsAppNumber(
        _ phoneNumber: String, integrationId: String, org: SandboxGenesysOrg, others: [SandboxWhatsAppIntegration],
        takenElsewhere: Bool
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
        if takenElsewhere
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
        let taken = hasFault(.takenByAnotherOrg, phoneNumber)
        let w = try withGenesys(org) { o in
            try Self.checkWhatsAppNumber(
                phoneNumber, integrationId: "", org: o, others: others, takenElsewhere: taken)
            let w = SandboxWhatsAppIntegration(
                id: Self.newId(), name: name, onboarding: "certificate", phoneNumber: phoneNumber,
                supportedContent: try Self.supportedContentRef(o, supportedContentId),
                whatsAppBusinessAccountId: Self.digits(15), createStatus: "Completed", status: "Incomplete",
                certificateIssued: issued, certificateIssuedGiven: certificateIssued != nil,
                wabaCertificateFingerprint: Self.fingerprint(wabaCertificate), version: 1, dateCreated: now,
                dateModified: now, billing: true, stuck: false)
            o.whatsAppIntegrations[w.id] = w
            return w
        }
        charge(
            org, .whatsAppCreated, w.id,
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
        let stuckNumbers = Set(faults.filter { $0.kind == .stuckActivation }.map(\.target))
        return try withGenesys(org) { o in
            guard var w = o.whatsAppIntegrations[id], w.status != "Deleting" else {
                throw Self.notFound("WhatsApp integration", id)
            }
            if w.status == "Starting" || w.status == "Active" { return w }
            let stuck = w.phoneNumber.map(stuckNumbers.contains) ?? false
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
            w.stuck = stuck
            w.activeAt = stuck ? nil : now.addingTimeInterval(timing.certificatePending)
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

    /// `DELETE /{id}`: the integration goes `Deleting`, then disappears; a billed integration is billed a full month.
    /// Deleting an unknown id does nothing.
    public mutating func deleteWhatsApp(org: String, id: String, now: Date, timing: SandboxTiming) {
        let billed: SandboxWhatsAppIntegration? = withGenesys(org) { o in
            guard var w = o.whatsAppIntegrations[id], w.status != "Deleting" else { return nil }
            w.status = "Deleting"
            w.deleteCompletesAt = now.addingTimeInterval(timing.provisioning)
            o.whatsAppIntegrations[id] = w
            // The billing minimum is a month of the monthly charge, which only activation starts.
            return w.activatedAt != nil ? w : nil
        }
        if let w = billed {
            charge(
                org, .whatsAppDeleted, id,
                "WhatsApp integration '\(w.name)' deleted: billing minimum, a full month is billed", .oneTime, now)
        }
    }

    /// Lets every activation of `phoneNumber` held by the `stuck-activation` fault go on: one still pending becomes
    /// `Active` at `now` (one that already failed stays failed).
    mutating func releaseStuckActivations(_ phoneNumber: String, now: Date) {
        for org in genesys.keys.sorted() {
            withGenesys(org) { o in
                for (id, w) in o.whatsAppIntegrations where w.phoneNumber == phoneNumber && w.stuck && w.status == "Starting" {
                    o.whatsAppIntegrations[id]?.stuck = false
                    o.whatsAppIntegrations[id]?.activeAt = now
                }
            }
            advanceGenesys(org, to: now)
        }
    }
}
