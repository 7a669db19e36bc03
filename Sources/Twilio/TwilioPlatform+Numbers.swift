import Foundation
import PlatformKit
import SwitchboardModel

/// A number's inbound webhook: `IncomingPhoneNumbers` (or `SMS/ShortCodes` for a short code) found by its number,
/// read, pointed at the step's value, and pointed back.
extension TwilioPlatform {
    /// A number of the account, phone number or short code.
    struct Number {
        /// `PN...` or `SC...`.
        var sid: String
        /// The 2010 API path of the number (`IncomingPhoneNumbers/PN...` or `SMS/ShortCodes/SC...`).
        var path: String
        var isShortCode: Bool
        var smsUrl: String?
        var smsMethod: String?
        /// A TwiML application (`AP...`) that takes the number's messages instead of `SmsUrl`; a Messaging Service
        /// (`MG...`) shows here too.
        var smsApplicationSid: String?
        /// The 2010 API path of the collection it is listed in.
        var listPath: String
        /// The number (E.164) or short code.
        var subject: String
    }

    /// Finds `subject` (E.164, or a short code's digits) in `account`: in the whole collection, listed once per command
    /// (`PageSize` 1,000) and kept current by this adapter's writes, when `indexed` (inspections, which refresh and
    /// plans make for every number) or from the second look-up on; else with the listing's filter (one change's
    /// pointing in a large account).
    /// - Throws: `PlatformError` `companion.not-found` naming the account when it does not hold the number.
    func number(_ subject: String, account: String, address: Address, indexed: Bool = false) async throws -> Number {
        let isShortCode = !subject.hasPrefix("+")
        let collection = isShortCode ? Paths.shortCodes : Paths.incomingPhoneNumbers
        let path = client.accountPath(collection, account: account)
        let key = isShortCode ? "short_codes" : "incoming_phone_numbers"
        let field = isShortCode ? "short_code" : "phone_number"
        // A number the whole listing lacks is asked for by its number all the same: an account can hold numbers a
        // listing does not show yet (the sandbox's accounts hold every well-formed number they are asked for).
        let filtered: () async throws -> Value? = {
            try await client.list(
                .core, path, key: key, query: [(isShortCode ? "ShortCode" : "PhoneNumber", subject)], resource: address
            ).first { $0[field]?.stringValue == subject }
        }
        var found: Value?
        if let known = await index.number(path, subject) {
            found = known
        } else if await index.countLookup(path) > 0 || indexed {
            let items = try await client.list(.core, path, key: key, resource: address)
            await index.setNumbers(path, items, field: field)
            found = items.first { $0[field]?.stringValue == subject }
        }
        if found == nil { found = try await filtered() }
        guard let v = found, let sid = v["sid"]?.stringValue else {
            throw PlatformError(
                code: "companion.not-found",
                message: "\(address): \(subject) is not a \(isShortCode ? "short code" : "number") of Twilio account "
                    + "\(account); add it to that account at Twilio or correct the integration's accountSid",
                request: "GET \(path)", status: 404)
        }
        return Number(
            sid: sid, path: client.accountPath(collection + "/" + sid, account: account), isShortCode: isShortCode,
            smsUrl: v["sms_url"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 },
            smsMethod: v["sms_method"]?.stringValue, smsApplicationSid: v["sms_application_sid"]?.stringValue,
            listPath: path, subject: subject)
    }

    /// The setting `detach` restores.
    static func setting(_ n: Number) -> [String: Value] {
        var s: [String: Value] = ["smsUrl": n.smsUrl.map(Value.string) ?? .null, "smsMethod": .string(n.smsMethod ?? "POST")]
        if let app = n.smsApplicationSid, app.hasPrefix("AP") { s["smsApplicationSid"] = .string(app) }
        return s
    }

    /// Points `n`'s webhook at `url` with `method`; a TwiML application holding the number is released (or, with
    /// `application`, given back).
    func point(_ n: Number, url: String?, method: String, application: String?, address: Address) async throws {
        var form = [("SmsUrl", url ?? ""), ("SmsMethod", method)]
        if !n.isShortCode, let app = application ?? n.smsApplicationSid.flatMap({ $0.hasPrefix("AP") ? "" : nil }) {
            form.append(("SmsApplicationSid", app))
        }
        // Absolute values: sending them twice is harmless.
        let updated = try await client.send("POST", .core, n.path, form: form, safe: true, resource: address)
        await index.update(n.listPath, n.subject, updated)
    }

    // MARK: - CompanionPlatform

    public func inspect(_ step: CompanionStep) async throws -> CompanionObservation {
        let n = try await number(step.subject, account: step.account, address: step.address, indexed: true)
        let services = try await nonDeferringServices(holding: n, account: step.account, address: step.address)
        return CompanionObservation(
            remoteId: n.sid, current: Self.setting(n), attached: n.smsUrl == step.value,
            findings: services.map { messagingServiceFinding($0, step: step) })
    }

    public func attach(_ step: CompanionStep) async throws {
        let n = try await number(step.subject, account: step.account, address: step.address)
        try await point(n, url: step.value, method: "POST", application: nil, address: step.address)
        for service in try await nonDeferringServices(holding: n, account: step.account, address: step.address) {
            try await client.send(
                "POST", .messaging, Paths.services + "/" + service.sid, form: [("UseInboundWebhookOnNumber", "true")],
                safe: true, resource: step.address)
            await index.markDeferring(service.sid)
        }
    }

    public func detach(_ step: CompanionStep, previous: [String: Value]) async throws {
        let n = try await number(step.subject, account: step.account, address: step.address)
        try await point(
            n, url: previous["smsUrl"]?.stringValue, method: previous["smsMethod"]?.stringValue ?? "POST",
            application: previous["smsApplicationSid"]?.stringValue, address: step.address)
    }

    public func accountFindings(account: String, address: Address) async throws -> [Finding] {
        guard try await hasSecondaryAuthToken(address) else { return [] }
        return [
            Finding(
                code: "warning.twilio-secondary-token", severity: .warning,
                message: "Twilio account \(account) has a secondary auth token, which Genesys Cloud's BYO SMS does "
                    + "not support (inbound messages fail validation): the vendor's advice is to use a subaccount for "
                    + "the integration, or to promote or delete the secondary token",
                address: address)
        ]
    }
}
