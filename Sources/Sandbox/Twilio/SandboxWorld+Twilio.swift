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
        if let n = twilio[accountSid]?.incomingPhoneNumbers.values.first(where: { $0.phone_number == sender }) {
            return n
        }
        let url = arrivingWebhook(accountSid: accountSid, sender: sender, defaultURL: defaultURL)
        var account = twilio[accountSid] ?? SandboxTwilioAccount(sid: accountSid)
        defer { twilio[accountSid] = account }
        let n = SandboxTwilioNumber(
            sid: Self.newSid("PN"), account_sid: accountSid, phone_number: sender, friendly_name: sender, sms_url: url,
            sms_method: "POST", date_created: now)
        account.incomingPhoneNumbers[n.sid] = n
        return n
    }

    /// The short code `code` of account `accountSid`, materialized on first look-up like a number (and under the same
    /// faults).
    public mutating func twilioShortCode(
        accountSid: String, code: String, defaultURL: String?, now: Date
    ) -> SandboxTwilioShortCode? {
        if hasFault(.notFoundAtVendor, code) { return nil }
        if let s = twilio[accountSid]?.shortCodes.values.first(where: { $0.short_code == code }) { return s }
        let s = SandboxTwilioShortCode(
            sid: Self.newSid("SC"), account_sid: accountSid, short_code: code, friendly_name: code,
            sms_url: arrivingWebhook(accountSid: accountSid, sender: code, defaultURL: defaultURL), sms_method: "POST",
            sms_fallback_url: nil, sms_fallback_method: nil, date_created: now, date_updated: now)
        withTwilio(accountSid) { $0.shortCodes[s.sid] = s }
        return s
    }

    /// Where inbound messages to `sender` (E.164, or a short code's digits) of `accountSid` go: the sender (found,
    /// or materialized pointing at `defaultURL`), the URL its messages reach (its own `SmsUrl`, or its Messaging
    /// Service's inbound URL when the service does not defer to the sender's webhook) and that service; nil when the
    /// account does not hold it.
    public mutating func twilioInbound(
        accountSid: String, sender: String, defaultURL: String?, now: Date
    ) -> (sid: String, url: String?, service: String?)? {
        let sid =
            Self.isShortCode(sender)
            ? twilioShortCode(accountSid: accountSid, code: sender, defaultURL: defaultURL, now: now)?.sid
            : twilioNumber(accountSid: accountSid, sender: sender, defaultURL: defaultURL, now: now)?.sid
        guard let sid else { return nil }
        let service = twilio[accountSid]?.service(holding: sid).flatMap {
            $0.use_inbound_webhook_on_number ? nil : $0.sid
        }
        return (sid, twilioInboundURL(accountSid: accountSid, sid: sid), service)
    }

    /// The webhook a sender comes to an account with: `defaultURL`, or a third party's under `webhook-elsewhere`
    /// (recorded so that removing the fault restores `defaultURL`).
    private mutating func arrivingWebhook(accountSid: String, sender: String, defaultURL: String?) -> String? {
        guard hasFault(.webhookElsewhere, sender) else { return defaultURL }
        recordDisplacedWebhook(sender: sender, accountSid: accountSid, url: defaultURL)
        return Self.elsewhereWebhook
    }

    /// The number or short code `sender` in every account that holds it, with its `SmsUrl`.
    func twilioSenders(_ sender: String) -> [(account: String, sid: String, url: String?)] {
        twilio.sorted { $0.key < $1.key }.flatMap { id, a in
            a.incomingPhoneNumbers.values.filter { $0.phone_number == sender }.map { (id, $0.sid, $0.sms_url) }
                + a.shortCodes.values.filter { $0.short_code == sender }.map { (id, $0.sid, $0.sms_url) }
        }
    }

    /// Points the number or short code `sid` of `account` at `url`.
    mutating func setTwilioWebhook(account: String, sid: String, url: String?) {
        if twilio[account]?.incomingPhoneNumbers[sid] != nil {
            twilio[account]?.incomingPhoneNumbers[sid]?.sms_url = url
        }
        if twilio[account]?.shortCodes[sid] != nil { twilio[account]?.shortCodes[sid]?.sms_url = url }
    }
}
