import Foundation
import SwitchboardModel

/// Twilio accounts: the numbers a sandbox account holds and where their webhooks point.
extension SandboxWorld {
    // MARK: - Twilio inventory

    /// The Twilio number `sender` of account `accountSid`, materialized on first look-up: every well-formed number
    /// exists in a sandbox Twilio account and points at `defaultURL`, unless a fault says otherwise (`not-found-at-vendor`:
    /// the account does not hold it; `webhook-elsewhere`: it points at a third party).
    public mutating func twilioNumber(
        accountSid: String, sender: String, defaultURL: String?, now: Date
    ) -> SandboxTwilioNumber? {
        if hasFault(.notFoundAtVendor, sender) { return nil }
        if let n = twilio[accountSid]?.incomingPhoneNumbers.values.first(where: { $0.phone_number == sender }) { return n }
        var url = defaultURL
        if hasFault(.webhookElsewhere, sender) {
            recordDisplacedWebhook(sender: sender, accountSid: accountSid, url: defaultURL)
            url = Self.elsewhereWebhook
        }
        var account = twilio[accountSid] ?? SandboxTwilioAccount(sid: accountSid)
        defer { twilio[accountSid] = account }
        let n = SandboxTwilioNumber(
            sid: Self.newSid("PN"), account_sid: accountSid, phone_number: sender, friendly_name: sender, sms_url: url,
            sms_method: "POST", date_created: now)
        account.incomingPhoneNumbers[n.sid] = n
        return n
    }
}
