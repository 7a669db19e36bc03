import Foundation
import SwitchboardModel

/// Twilio accounts: the numbers a sandbox account holds and where their webhooks point.
extension SandboxWorld {
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
    /// account (a BYO SMS integration's regional webhook, else a Dynamics account's inbound URL).
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
}
