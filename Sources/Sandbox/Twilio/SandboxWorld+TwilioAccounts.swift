import Foundation
import SwitchboardModel

/// Twilio accounts as the API sees them: credentials, and the numbers and short codes an account holds.
///
/// Errors carry Twilio's own numeric code as their `code` (`"20404"`) and its HTTP status, so the emulator answers
/// with Twilio's error body unchanged.
extension SandboxWorld {
    /// Where a number's or short code's SMS webhook points until someone points it: Twilio's own demo reply, which
    /// a newly bought number has.
    public static let neutralTwilioWebhook = "https://demo.twilio.com/welcome/sms/reply"

    /// Runs `body` on the account `sid`, created empty if the world has none yet.
    public mutating func withTwilio<T>(_ sid: String, _ body: (inout SandboxTwilioAccount) throws -> T) rethrows -> T {
        var account = twilio[sid] ?? SandboxTwilioAccount(sid: sid)
        defer { twilio[sid] = account }
        return try body(&account)
    }

    // MARK: - Credentials

    /// The account a request acts for, given its HTTP Basic credentials, or nil (Twilio's 401, error 20003).
    ///
    /// An account SID with its auth token: an account that has never seen a token takes the first one presented as
    /// its auth token (so the sandbox's accounts come to exist with the credentials the Project names), and from then
    /// on accepts that token or its secondary token only. An API key (`SK...`) with its secret: a key never seen
    /// before joins the account named in the path (2010 API) with that secret; a key is accepted for its own account
    /// only, and only with its secret. `pathAccount` is the account a 2010 path names; another account's SID there is
    /// refused (the sandbox has no subaccounts).
    public mutating func authenticateTwilio(username: String, password: String, pathAccount: String?) -> String? {
        guard !password.isEmpty else { return nil }
        let fingerprint = Self.fingerprint(password)
        if Self.isTwilioSid(username, "AC") {
            if let pathAccount, pathAccount != username { return nil }
            return withTwilio(username) { a in
                if a.authTokenFingerprint == nil { a.authTokenFingerprint = fingerprint }
                let accepted = a.authTokenFingerprint == fingerprint || a.secondaryAuthToken?.fingerprint == fingerprint
                return accepted ? a.sid : nil
            }
        }
        guard Self.isTwilioSid(username, "SK") else { return nil }
        if let owner = twilio.values.first(where: { $0.apiKeys[username] != nil }) {
            guard owner.apiKeys[username] == fingerprint, pathAccount == nil || pathAccount == owner.sid else {
                return nil
            }
            return owner.sid
        }
        guard let pathAccount, Self.isTwilioSid(pathAccount, "AC") else { return nil }
        withTwilio(pathAccount) { $0.apiKeys[username] = fingerprint }
        return pathAccount
    }

    /// `POST accounts.twilio.com/v1/AuthTokens/Secondary`: a new secondary auth token for `accountSid` (replacing
    /// any), returned once; the world keeps its fingerprint.
    public mutating func createTwilioSecondaryToken(accountSid: String, now: Date) -> (
        String, SandboxTwilioSecondaryToken
    ) {
        let token = Self.newSid("").prefix(32)
        let secondary = SandboxTwilioSecondaryToken(fingerprint: Self.fingerprint(String(token)), date_created: now)
        withTwilio(accountSid) { $0.secondaryAuthToken = secondary }
        return (String(token), secondary)
    }

    /// `DELETE accounts.twilio.com/v1/AuthTokens/Secondary`.
    /// - Throws: 20404 when the account has no secondary auth token.
    public mutating func deleteTwilioSecondaryToken(accountSid: String) throws {
        guard twilio[accountSid]?.secondaryAuthToken != nil else {
            throw Self.twilioNotFound("/v1/AuthTokens/Secondary")
        }
        twilio[accountSid]?.secondaryAuthToken = nil
    }

    /// `POST accounts.twilio.com/v1/AuthTokens/Promote`: the secondary auth token becomes the primary one and the old
    /// primary stops working at once.
    /// - Throws: 20404 when the account has no secondary auth token.
    public mutating func promoteTwilioSecondaryToken(accountSid: String, now: Date) throws {
        guard let secondary = twilio[accountSid]?.secondaryAuthToken else {
            throw Self.twilioNotFound("/v1/AuthTokens/Promote")
        }
        withTwilio(accountSid) { a in
            a.authTokenFingerprint = secondary.fingerprint
            a.secondaryAuthToken = nil
        }
    }

    // MARK: - Numbers and short codes

    /// The `IncomingPhoneNumbers` of `accountSid` whose number matches `filter` (Twilio's `PhoneNumber`: a partial
    /// match, `*` standing for any digits), in the order they came to the account. A filter that is a whole E.164
    /// number finds that number: every well-formed number is in a sandbox account (nothing is bought), pointing at
    /// the neutral webhook until someone points it.
    public mutating func twilioNumbers(accountSid: String, filter: String?, now: Date) -> [SandboxTwilioNumber] {
        if let filter, E164.isValid(filter) {
            _ = twilioNumber(accountSid: accountSid, sender: filter, defaultURL: Self.neutralTwilioWebhook, now: now)
        }
        let all = (twilio[accountSid]?.incomingPhoneNumbers.values).map(Array.init) ?? []
        return all.filter { n in filter.map { Self.twilioMatches(n.phone_number, $0) } ?? true }
            .sorted { ($0.date_created, $0.sid) < ($1.date_created, $1.sid) }
    }

    /// The short codes of `accountSid` matching `filter` (`ShortCode`), as `twilioNumbers` does for numbers: a whole
    /// 5- or 6-digit code finds that code.
    public mutating func twilioShortCodes(accountSid: String, filter: String?, now: Date) -> [SandboxTwilioShortCode] {
        if let filter, Self.isShortCode(filter) {
            _ = twilioShortCode(accountSid: accountSid, code: filter, defaultURL: Self.neutralTwilioWebhook, now: now)
        }
        let all = (twilio[accountSid]?.shortCodes.values).map(Array.init) ?? []
        return all.filter { c in filter.map { Self.twilioMatches(c.short_code, $0) } ?? true }
            .sorted { ($0.date_created, $0.sid) < ($1.date_created, $1.sid) }
    }

    /// Changes a number's webhook settings (`POST .../IncomingPhoneNumbers/{Sid}.json`): each non-nil field of
    /// `update` replaces the number's.
    /// - Throws: 20404 for a number the account does not hold; 21502 for a URL that is not http(s); 20001 for a
    ///   method other than GET or POST or a friendly name over 64 characters.
    mutating func updateTwilioNumber(
        accountSid: String, sid: String, _ update: TwilioWebhookUpdate, now: Date
    ) throws -> SandboxTwilioNumber {
        let path = "/2010-04-01/Accounts/\(accountSid)/IncomingPhoneNumbers/\(sid).json"
        return try updateTwilioSMSSender(accountSid, \.incomingPhoneNumbers, sid, path, update, now) { n in
            n.status_callback = update.statusCallback ?? n.status_callback
            n.status_callback_method = update.statusCallbackMethod ?? n.status_callback_method
            n.voice_url = update.voiceUrl ?? n.voice_url
            n.voice_method = update.voiceMethod ?? n.voice_method
        }
    }

    /// Changes a short code's webhook settings (`POST .../SMS/ShortCodes/{Sid}.json`).
    /// - Throws: as `updateTwilioNumber`.
    mutating func updateTwilioShortCode(
        accountSid: String, sid: String, _ update: TwilioWebhookUpdate, now: Date
    ) throws -> SandboxTwilioShortCode {
        let path = "/2010-04-01/Accounts/\(accountSid)/SMS/ShortCodes/\(sid).json"
        return try updateTwilioSMSSender(accountSid, \.shortCodes, sid, path, update, now) { _ in }
    }

    private mutating func updateTwilioSMSSender<T: SandboxTwilioSMSSender>(
        _ accountSid: String, _ collection: WritableKeyPath<SandboxTwilioAccount, [String: T]>, _ sid: String,
        _ path: String, _ update: TwilioWebhookUpdate, _ now: Date, more: (inout T) -> Void
    ) throws -> T {
        try update.validate()
        var s = try twilioObject(accountSid, collection, sid, path)
        s.friendly_name = update.friendlyName ?? s.friendly_name
        s.sms_url = update.smsUrl ?? s.sms_url
        s.sms_method = update.smsMethod ?? s.sms_method
        s.sms_fallback_url = update.smsFallbackUrl ?? s.sms_fallback_url
        s.sms_fallback_method = update.smsFallbackMethod ?? s.sms_fallback_method
        more(&s)
        s.date_updated = now
        withTwilio(accountSid) { [s] in $0[keyPath: collection][sid] = s }
        return s
    }

    /// The object `sid` of an account's `collection`.
    /// - Throws: 20404 naming `path`.
    func twilioObject<T>(
        _ accountSid: String, _ collection: KeyPath<SandboxTwilioAccount, [String: T]>, _ sid: String, _ path: String
    ) throws -> T {
        guard let object = twilio[accountSid]?[keyPath: collection][sid] else { throw Self.twilioNotFound(path) }
        return object
    }

    /// Removes the object `sid` of an account's `collection`.
    /// - Throws: 20404 naming `path`.
    mutating func removeTwilioObject<T>(
        _ accountSid: String, _ collection: WritableKeyPath<SandboxTwilioAccount, [String: T]>, _ sid: String,
        _ path: String
    ) throws {
        guard twilio[accountSid]?[keyPath: collection].removeValue(forKey: sid) != nil else {
            throw Self.twilioNotFound(path)
        }
    }

    /// Where an inbound message to the number or short code `sid` goes: its own `SmsUrl`, unless it is in a
    /// Messaging Service that does not defer to the sender's webhook (then the service's inbound URL, nil when the
    /// service drops inbound messages).
    public func twilioInboundURL(accountSid: String, sid: String) -> String? {
        guard let a = twilio[accountSid] else { return nil }
        let own = a.incomingPhoneNumbers[sid]?.sms_url ?? a.shortCodes[sid]?.sms_url
        guard let service = a.service(holding: sid), !service.use_inbound_webhook_on_number else { return own }
        return service.inbound_request_url
    }

    /// Where `twilioInbound` says a sender's messages go, for an error message.
    static func describe(_ inbound: (sid: String, url: String?, service: String?)) -> String {
        let target = inbound.url.map { "'\($0)'" } ?? "nowhere"
        guard let service = inbound.service else { return target }
        return target + " (its Messaging Service \(service) does not defer to the sender's webhook)"
    }

    // MARK: - Rules

    /// True when `s` is `prefix` and 32 hexadecimal digits (a Twilio SID).
    static func isTwilioSid(_ s: String, _ prefix: String) -> Bool {
        s.count == 34 && s.hasPrefix(prefix) && s.dropFirst(2).allSatisfy { $0.isHexDigit }
    }

    /// True for 5 or 6 ASCII digits.
    static func isShortCode(_ s: String) -> Bool {
        (5...6).contains(s.count) && s.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Twilio's partial match of a number filter: every `*` stands for any run of characters, and the rest must
    /// appear in order within the number.
    static func twilioMatches(_ number: String, _ filter: String) -> Bool {
        let parts = filter.split(separator: "*", omittingEmptySubsequences: true)
        var rest = Substring(number)
        for part in parts {
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        return true
    }

    /// Twilio's 404 (error 20404) for `path`.
    static func twilioNotFound(_ path: String) -> PlatformError {
        .twilio(20404, "The requested resource \(path) was not found", status: 404)
    }
}

/// The webhook settings a request to a number or short code changes (nil: unchanged), named after Twilio's
/// parameters.
struct TwilioWebhookUpdate: Sendable, Hashable {
    var friendlyName: String?
    var smsUrl: String?
    var smsMethod: String?
    var smsFallbackUrl: String?
    var smsFallbackMethod: String?
    var statusCallback: String?
    var statusCallbackMethod: String?
    var voiceUrl: String?
    var voiceMethod: String?

    /// - Throws: 21502 for a URL that is neither empty nor http(s); 20001 for a method other than GET or POST, or a
    ///   friendly name over 64 characters.
    func validate() throws {
        let urls = [
            ("SmsUrl", smsUrl), ("SmsFallbackUrl", smsFallbackUrl), ("StatusCallback", statusCallback),
            ("VoiceUrl", voiceUrl),
        ]
        for (name, url) in urls {
            if let url, !url.isEmpty, !Self.isWebURL(url) {
                throw PlatformError.twilio(
                    21502, "Invalid \(name): '\(url)' is not a fully qualified http or https URL")
            }
        }
        let methods = [
            ("SmsMethod", smsMethod), ("SmsFallbackMethod", smsFallbackMethod),
            ("StatusCallbackMethod", statusCallbackMethod), ("VoiceMethod", voiceMethod),
        ]
        for (name, method) in methods {
            if let method, method != "GET", method != "POST" {
                throw PlatformError.twilio(20001, "\(name) must be GET or POST, not '\(method)'")
            }
        }
        if let friendlyName, friendlyName.count > 64 {
            throw PlatformError.twilio(20001, "FriendlyName must be at most 64 characters")
        }
    }

    /// True for an absolute http or https URL with a host.
    static func isWebURL(_ text: String) -> Bool {
        guard let c = URLComponents(string: text), let scheme = c.scheme?.lowercased(), let host = c.host else {
            return false
        }
        return (scheme == "http" || scheme == "https") && !host.isEmpty
    }
}

extension PlatformError {
    /// A Twilio API error: Twilio's numeric `code` (as the error's code) and HTTP `status`.
    static func twilio(_ code: Int, _ message: String, status: Int = 400) -> PlatformError {
        .sandbox(String(code), message, status: status)
    }
}
