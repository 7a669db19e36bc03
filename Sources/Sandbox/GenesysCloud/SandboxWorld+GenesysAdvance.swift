import Foundation
import SwitchboardModel

/// The time-derived states of a Genesys Cloud organization.
extension SandboxWorld {
    /// Moves organization `org` to `now`: WhatsApp `createStatus` and activations, integrations' `reportedState` and
    /// deletions, numbers' provisioning jobs, domains' `senderStatus`.
    mutating func advanceGenesys(_ org: String, to now: Date) {
        advanceWhatsApp(org, now)
        advanceIntegrations(org, now)
        advanceNumbers(org, now)
        advanceDomains(org, now)
    }

    private mutating func advanceWhatsApp(_ org: String, _ now: Date) {
        guard let ids = genesys[org]?.whatsAppIntegrations.keys.sorted() else { return }
        for id in ids {
            guard var w = genesys[org]?.whatsAppIntegrations[id] else { continue }
            var removed = false
            if w.status == "Deleting" {
                if let at = w.deleteCompletesAt, at <= now { removed = true }
            } else {
                if w.createStatus == "Initiated", let at = w.createCompletesAt, at <= now {
                    w.createStatus = "Completed"
                    w.status = "Inactive"
                }
                if w.status == "Starting", let at = w.activeAt, at <= now {
                    w.status = "Active"
                    w.activatedAt = at
                    w.activeAt = nil
                    if w.onboarding == "certificate" { w.activationStatusCode = "CodeConfirmed" }
                    let already = w.billing
                    w.billing = true
                    charge(
                        org, .whatsAppActivated, id,
                        "WhatsApp integration '\(w.name)' activated for \(w.phoneNumber ?? "its number"): monthly charges "
                            + (already ? "are definite from now" : "start now, whether or not it is used"), .monthly, at)
                }
                if w.status == "Starting", w.stuck, let since = w.pendingSince,
                    since.addingTimeInterval(SandboxRules.pendingTimeout) <= now
                {
                    w.status = "Failed"
                    w.activationStatusCode = "ActivationFailed"
                    w.activationErrorInfo = "the activation stayed pending for more than 15 minutes: "
                        + SandboxRules.failedAdvice
                }
                if w.activationStatusCode == "CodeSent", let exp = w.activationCodeExpiresAt, exp <= now {
                    w.activationStatusCode = "ResendCode"
                }
                // Never activated: removed by the platform, with no minimum month (no monthly charge ever started).
                if w.activatedAt == nil, w.dateCreated.addingTimeInterval(SandboxRules.activationWindow) <= now {
                    removed = true
                }
            }
            withGenesys(org) { o in o.whatsAppIntegrations[id] = removed ? nil : w }
        }
    }

    private mutating func advanceIntegrations(_ org: String, _ now: Date) {
        withGenesys(org) { o in
            for (id, var i) in o.integrations {
                if let at = i.deleteCompletesAt {
                    if at <= now { o.integrations[id] = nil }
                    continue
                }
                if let at = i.settlesAt, at <= now {
                    let on = i.intendedState == "ENABLED"
                    i.reportedState = SandboxReportedState(
                        code: on ? "ACTIVE" : "INACTIVE", effective: on ? "Active" : "Inactive", lastUpdated: at)
                    i.settlesAt = nil
                    o.integrations[id] = i
                }
            }
        }
    }

    private mutating func advanceNumbers(_ org: String, _ now: Date) {
        withGenesys(org) { o in
            for (id, var n) in o.smsPhoneNumbers where n.provisioningStatus.state == "Running" {
                guard let at = n.provisioningCompletesAt, at <= now else { continue }
                if n.provisioningStatus.action == "Delete" {
                    o.smsPhoneNumbers[id] = nil
                    continue
                }
                n.provisioningStatus.state = "Completed"
                n.provisioningCompletesAt = nil
                n.phoneNumberStatus = n.disabledByIntegration ? "INVALID" : "ACTIVE"
                o.smsPhoneNumbers[id] = n
            }
        }
    }

    private mutating func advanceDomains(_ org: String, _ now: Date) {
        withGenesys(org) { o in
            for (id, var d) in o.outboundDomains where d.senderStatus == "RequestReceived" {
                if let at = d.provisionedAt, at <= now {
                    d.senderStatus = "Provisioned"
                    o.outboundDomains[id] = d
                }
            }
        }
    }
}
